import AlliancesCore

/// The organiser's allocation page and the participant's ranking form.
enum AllocationPages {
    struct Model {
        let loaded: Loaded
        let settings: AllocationService.Settings
        let ranked: Int
        let people: [Registration]
        let runs: [AllocationRun]
        let run: AllocationRun?
        let placements: [AllocationPlacement]
        let locks: [(registrationID: Int, sessionID: Int)]
        let firstChoices: [Int: Int]
        let csrfToken: String
    }

    static func notice(_ code: String) -> String {
        switch code {
        case "reglages": "Réglages enregistrés."
        case "lancee": "Répartition calculée. Vérifiez-la, verrouillez des placements si besoin, puis publiez-la."
        case "publiee": "Répartition publiée : les agendas des participants sont à jour et chacun reçoit un message."
        case "verrou": "Placement manuel enregistré : il sera respecté au prochain calcul."
        default: "C'est fait."
        }
    }

    static func ordinal(_ rank: Int) -> String { rank == 1 ? "1er choix" : "\(rank)e choix" }

    static func percent(_ ratio: Double) -> String { frenchPercent(ratio, digits: 0) }

    static func page(_ m: Model) -> HTML {
        let e = m.loaded.event
        let base = "/evenements/\(e.slug)/repartition"
        let slots = AllocationService.slots(m.loaded.sessions)
        let modes: [HTML] = WorkshopMode.allCases.map { mode in
            "<option value=\"\(mode.rawValue)\"\(m.settings.mode == mode ? " selected" as HTML : .empty)>\(mode.label)</option>"
        }
        let settings: HTML = """
            <h2>Réglages</h2>
            <form method="post" action="\(base)/reglages" class="stack">\(csrfField(m.csrfToken))
            <p><label for="mode">Inscription aux ateliers</label><select id="mode" name="mode">\(modes)</select></p>
            <p><label for="deadline">Date limite des vœux (heure de Paris)</label><input id="deadline" name="deadline" type="datetime-local" value="\(m.settings.deadline?.text ?? "")" aria-describedby="deadline-aide">
            <span id="deadline-aide" class="muted">Après cette date, les participants ne peuvent plus changer leurs vœux.</span></p>
            <p><button type="submit">Enregistrer les réglages</button></p>
            </form>
            """
        let status: HTML =
            m.settings.mode == .ranked
            ? "<p><strong>\(m.ranked)</strong> participant(s) sur \(m.people.count) ont classé des ateliers.\(m.settings.publishedAt.map { " Répartition publiée le \(frenchDate($0))." } ?? "")</p>"
            : "<p>Les participants choisissent eux-mêmes leurs ateliers, dans la limite des places. Passez en « vœux classés » pour répartir selon leurs préférences.</p>"
        let launch: HTML = """
            <h2>Calculer une répartition</h2>
            <form method="post" action="\(base)/lancer" class="stack">\(csrfField(m.csrfToken))
            <fieldset><legend>Objectif</legend>
            <p><input type="radio" id="obj-rang" name="objective" value="rang" checked> <label for="obj-rang">\(WorkshopAllocation.Objective.rankMaximal.label)</label></p>
            <p><input type="radio" id="obj-rang2" name="objective" value="rang2"> <label for="obj-rang2">\(WorkshopAllocation.Objective.rankSquared.label)</label></p>
            </fieldset>
            <p><input type="checkbox" id="place_unranked" name="place_unranked" value="1"> <label for="place_unranked">Placer aussi, en dernier, les participants sans vœux là où il reste le plus de places</label></p>
            <p><button type="submit">Calculer la répartition</button></p>
            <p class="muted">Le calcul est exact (flot de coût minimal) : capacités respectées, un atelier par créneau, jamais deux fois le même atelier répété (même titre). Les placements verrouillés sont gardés. Rien n'est visible des participants avant la publication.</p>
            </form>
            """
        return """
            <p><a href="/evenements/\(e.slug)/inscrits">← Inscriptions</a></p>
            <h1>Répartition des ateliers — \(e.title)</h1>
            \(status)
            \(settings)
            \(slots.isEmpty ? "<p>Ce programme n'a pas d'atelier avec une capacité.</p>" as HTML : launch)
            \(m.run.map { runSection(m, $0, slots: slots) } ?? .empty)
            \(history(m))
            """
    }

    static func history(_ m: Model) -> HTML {
        guard m.runs.count > 1 else { return .empty }
        let rows: [HTML] = m.runs.map { r in
            "<tr><td><a href=\"/evenements/\(m.loaded.event.slug)/repartition?run=\(r.id)\">n° \(r.id)</a></td><td>\(frenchDate(r.createdAt))</td><td>\(r.objective.label)</td><td>\(percent(r.share(top: 1)))</td><td>\(r.unassigned)</td><td>\(r.publishedAt == nil ? "non" : "publiée")</td></tr>"
        }
        return """
            <h2>Calculs précédents</h2>
            <div class="table-wrap"><table><thead><tr><th scope="col">Calcul</th><th scope="col">Date</th><th scope="col">Objectif</th><th scope="col">1er choix</th><th scope="col">Sans atelier</th><th scope="col">Publication</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    static func runSection(_ m: Model, _ r: AllocationRun, slots: [(start: LocalDateTime, sessions: [EventSession])])
        -> HTML
    {
        let e = m.loaded.event
        let base = "/evenements/\(e.slug)/repartition"
        var load: [Int: Int] = [:]
        for p in m.placements { load[p.sessionID, default: 0] += 1 }
        let optimality: HTML =
            r.provenOptimal
            ? "Optimum prouvé."
            : "Meilleure répartition trouvée dans le temps imparti ; aucune ne peut faire mieux que la borne \(r.lowerBound) (coût obtenu \(r.cost))."
        let figures: HTML = """
            <ul>
            <li><strong>\(percent(r.share(top: 1)))</strong> des vœux satisfaits au 1er choix, <strong>\(percent(r.share(top: 3)))</strong> dans les trois premiers.</li>
            <li>Pire rang donné : \(r.worstRank.map(ordinal) ?? "aucun").</li>
            <li>\(r.unassigned) créneau(x) avec des vœux resté(s) sans atelier\(r.placedWithoutChoice > 0 ? ", \(r.placedWithoutChoice) placement(s) sans vœu" : "").</li>
            <li>Gaspillage : \(r.waste) (personne ne préfère un atelier où il reste une place quand c'est 0).</li>
            <li>\(optimality) Calcul en \(r.durationMs) ms pour \(r.participants) participants.</li>
            </ul>
            """
        let publish: HTML =
            r.publishedAt != nil
            ? "<p class=\"notice\">Cette répartition est publiée (\(frenchDate(r.publishedAt!))).</p>"
            : """
            <form method="post" action="\(base)/publier">\(csrfField(m.csrfToken))<input type="hidden" name="run" value="\(r.id)">
            <button type="submit">Publier cette répartition</button> <span class="muted">Les ateliers de chacun remplacent les inscriptions actuelles aux ateliers ; un message part à chaque participant placé.</span></form>
            """
        let fill: [HTML] = slots.flatMap { slot in
            slot.sessions.map { s in
                "<tr><th scope=\"row\">\(slot.start.frenchTime) — \(s.title)</th><td>\(load[s.id, default: 0])</td><td>\(s.capacity ?? 0)</td><td>\(m.firstChoices[s.id, default: 0])</td></tr>"
            }
        }
        // Participants: their workshop in each slot, the rank, the locks, a lock form.
        let bySession = Dictionary(uniqueKeysWithValues: m.loaded.sessions.map { ($0.id, $0) })
        var mine: [Int: [AllocationPlacement]] = [:]
        for p in m.placements { mine[p.registrationID, default: []].append(p) }
        var locked: [Int: [Int]] = [:]
        for l in m.locks { locked[l.registrationID, default: []].append(l.sessionID) }
        let options: [HTML] = slots.flatMap { slot in
            slot.sessions.map { "<option value=\"\($0.id)\">\(slot.start.frenchTime) — \($0.title)</option>" as HTML }
        }
        let rows: [HTML] = m.people.map { person in
            let cells: [HTML] = slots.map { slot in
                guard let p = mine[person.id]?.first(where: { bySession[$0.sessionID]?.startsAt == slot.start }),
                    let s = bySession[p.sessionID]
                else { return "<td>—</td>" }
                return
                    "<td>\(s.title)<br><span class=\"muted\">\(p.rank.map(ordinal) ?? "sans vœu")\(p.locked ? " · verrouillé" : "")</span></td>"
            }
            let unlocks: [HTML] = (locked[person.id] ?? []).compactMap { sid in
                bySession[sid].map { s in
                    "<form method=\"post\" action=\"\(base)/verrous\" class=\"inline\">\(csrfField(m.csrfToken))<input type=\"hidden\" name=\"registration\" value=\"\(person.id)\"><input type=\"hidden\" name=\"session\" value=\"\(s.id)\"><input type=\"hidden\" name=\"action\" value=\"retirer\"><button type=\"submit\" class=\"link\">Déverrouiller<span class=\"visually-hidden\"> \(person.name) de \(s.title)</span></button></form>"
                }
            }
            let lockForm: HTML =
                "<form method=\"post\" action=\"\(base)/verrous\" class=\"inline\">\(csrfField(m.csrfToken))<input type=\"hidden\" name=\"registration\" value=\"\(person.id)\"><label class=\"visually-hidden\" for=\"lock-\(person.id)\">Atelier imposé à \(person.name)</label><select id=\"lock-\(person.id)\" name=\"session\">\(options)</select> <button type=\"submit\">Verrouiller</button></form>"
            return
                "<tr><th scope=\"row\">\(person.name)<br><span class=\"muted\">\(person.organisationName ?? "")</span></th>\(cells)<td>\(lockForm) \(unlocks)</td></tr>"
        }
        let heads: [HTML] = slots.map { "<th scope=\"col\">\($0.start.frenchTime)</th>" }
        return """
            <h2>Répartition n° \(r.id) du \(frenchDate(r.createdAt))</h2>
            <p class="muted">\(r.objective.label).</p>
            \(figures)
            <figure class="chart">\(profileChart(r))</figure>
            \(profileTable(r))
            \(publish)
            <h3>Remplissage des ateliers</h3>
            <div class="table-wrap"><table><thead><tr><th scope="col">Atelier</th><th scope="col">Placés</th><th scope="col">Capacité</th><th scope="col">Vœux n° 1</th></tr></thead><tbody>\(fill)</tbody></table></div>
            <h3>Participants</h3>
            <p class="muted">Verrouiller impose un atelier à une personne (il remplace son éventuel verrou du même créneau) ; relancez ensuite le calcul.</p>
            <div class="table-wrap"><table><thead><tr><th scope="col">Personne</th>\(heads)<th scope="col">Placement manuel</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
    }

    static func profileTable(_ r: AllocationRun) -> HTML {
        let rows: [HTML] = r.profile.enumerated().map {
            "<tr><th scope=\"row\">\(ordinal($0.offset + 1))</th><td>\($0.element)</td></tr>"
        }
        return """
            <div class="table-wrap"><table><caption>Profil de la répartition</caption><thead><tr><th scope="col">Rang obtenu</th><th scope="col">Créneaux</th></tr></thead>
            <tbody>\(rows)<tr><th scope="row">Sans atelier</th><td>\(r.unassigned)</td></tr></tbody></table></div>
            """
    }

    /// Bars: how many participant-slots got their 1st, 2nd… choice, and none.
    static func profileChart(_ r: AllocationRun) -> HTML {
        let bars =
            r.profile.enumerated().map { (ordinal($0.offset + 1), $0.element) } + [("Sans atelier", r.unassigned)]
        let highest = max(1, bars.map(\.1).max() ?? 1)
        let labelWidth = 110.0, barWidth = 380.0, rowHeight = 28.0
        let height = rowHeight * Double(bars.count) + 8
        let parts: [HTML] = bars.enumerated().map { index, bar in
            let y = rowHeight * Double(index)
            let width = barWidth * Double(bar.1) / Double(highest)
            return """
                <text x="\(BarometerPages.svg(labelWidth - 8))" y="\(BarometerPages.svg(y + 18))" font-size="12" text-anchor="end" fill="#1b2430">\(bar.0)</text>\
                <rect x="\(BarometerPages.svg(labelWidth))" y="\(BarometerPages.svg(y + 6))" width="\(BarometerPages.svg(width))" height="16" fill="\(index == bars.count - 1 ? "#b3261e" : "#1d5fa8")"/>\
                <text x="\(BarometerPages.svg(labelWidth + width + 4))" y="\(BarometerPages.svg(y + 18))" font-size="11" fill="#1b2430">\(bar.1)</text>
                """
        }
        let description = bars.map { "\($0.0) : \($0.1)" }.joined(separator: " ; ")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(labelWidth + barWidth + 60)) \(Int(height))" role="img" aria-labelledby="profil-titre profil-desc">
            <title id="profil-titre">Profil de la répartition n° \(r.id) : créneaux par rang obtenu</title>
            <desc id="profil-desc">\(description).</desc>
            \(parts)
            </svg>
            """
    }

    /// The participant's ranking form (personal page), or their ranking once closed.
    static func rankingSection(
        _ l: Loaded, settings: AllocationService.Settings, ranks: [Int: Int], base: String, csrfToken: String,
        open: Bool
    ) -> HTML {
        let slots = AllocationService.slots(l.sessions)
        guard !slots.isEmpty else { return .empty }
        if !open {
            let lines: [HTML] = slots.map { slot in
                let mine = slot.sessions.compactMap { s in ranks[s.id].map { ($0, s.title) } }.sorted { $0.0 < $1.0 }
                let items: [HTML] = mine.map { "<li>\(ordinal($0.0)) : \($0.1)</li>" }
                return
                    "<h3>\(slot.start.frenchTime)</h3>\(mine.isEmpty ? "<p class=\"muted\">Aucun vœu.</p>" as HTML : "<ol>\(items)</ol>")"
            }
            return
                "<h2>Mes vœux d'ateliers</h2><p>Les vœux sont clos ; la répartition sera publiée ici et dans votre agenda.</p>\(lines)"
        }
        let fieldsets: [HTML] = slots.map { slot in
            let items: [HTML] = slot.sessions.map { s in
                let choices: [HTML] = (1...slot.sessions.count).map { rank in
                    "<option value=\"\(rank)\"\(ranks[s.id] == rank ? " selected" as HTML : .empty)>\(ordinal(rank))</option>"
                }
                return
                    "<p><label for=\"rang-\(s.id)\">\(s.title)</label> <span class=\"muted\">(\(s.capacity ?? 0) places)</span> <select id=\"rang-\(s.id)\" name=\"rang-\(s.id)\"><option value=\"\">Pas intéressé(e)</option>\(choices)</select></p>"
            }
            return "<fieldset><legend>Ateliers de \(slot.start.frenchTime)</legend>\(items)</fieldset>"
        }
        return """
            <h2>Mes vœux d'ateliers</h2>
            <p>Classez les ateliers de chaque créneau (1er choix, 2e choix…)\(settings.deadline.map { " jusqu'au \($0.day)/\(LocalDateTime.two($0.month))/\($0.year) à \($0.frenchTime)" } ?? ""). L'équipe répartira ensuite les places en donnant au plus grand nombre son premier choix.</p>
            <form method="post" action="\(base)/voeux" class="stack">\(csrfField(csrfToken))
            \(fieldsets)
            <p><button type="submit">Enregistrer mes vœux</button></p>
            </form>
            """
    }
}
