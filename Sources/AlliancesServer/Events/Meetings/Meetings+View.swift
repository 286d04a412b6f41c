import AlliancesCore

/// Pages of one-to-one meetings.
enum MeetingPages {
    typealias Request = MeetingService.Request

    static func notice(_ code: String) -> String {
        switch code {
        case "demande": "Demande envoyée."
        case "accepter": "Rendez-vous accepté."
        case "refuser": "Demande déclinée."
        case "annuler": "Rendez-vous annulé."
        case "disponibilites": "Disponibilités enregistrées."
        case "reglages": "Réglages enregistrés."
        case "planifie": "Planning calculé : vérifiez-le, puis annoncez-le."
        case "annonce": "Planning annoncé : chaque participant reçoit ses rendez-vous."
        default: "C'est fait."
        }
    }

    static func who(_ p: MeetingService.Person) -> HTML {
        "<strong>\(p.name)</strong>\(p.organisation.map { " — \($0)" } ?? "")\(p.kind.map { " <span class=\"muted\">(\($0.label))</span>" } ?? "")"
    }

    struct Personal {
        let event: RencontreEvent
        let registration: Registration
        let token: String
        let settings: MeetingService.Settings
        let requests: [Request]
        let people: [MeetingService.Person]
        /// The recommender's reasons, by participant suggested.
        let reasons: [Int: String]
        let availability: [Bool]?
        let csrfToken: String
    }

    static func personal(_ m: Personal) -> HTML {
        let base = "/evenements/\(m.event.slug)/inscription/\(m.token)"
        let me = m.registration.id
        func button(_ r: Request, _ action: String, _ label: String, danger: Bool = false) -> HTML {
            "<form method=\"post\" action=\"\(base)/rendez-vous/\(r.id)/\(action)\" class=\"inline\">\(csrfField(m.csrfToken))<button type=\"submit\"\(danger ? " class=\"link\"" as HTML : .empty)>\(label)<span class=\"visually-hidden\"> : \(r.requester.id == me ? r.invitee.name : r.requester.name)</span></button></form>"
        }
        let accepted: [HTML] = m.requests.filter { $0.status == .accepted }.map { r in
            let other = r.requester.id == me ? r.invitee : r.requester
            let when: HTML =
                r.announced && r.slot != nil
                ? "\(m.settings.label(r.slot!)), table \(r.table ?? 0)" : "horaire et table à venir"
            return "<li>\(who(other)) · \(when) \(button(r, "annuler", "Annuler", danger: true))</li>"
        }
        let received: [HTML] = m.requests.filter { $0.status == .requested && $0.invitee.id == me }.map { r in
            "<li>\(who(r.requester))\(r.message.map { "<blockquote>\(paragraphs($0))</blockquote>" } ?? .empty) \(button(r, "accepter", "Accepter")) \(button(r, "refuser", "Décliner", danger: true))</li>"
        }
        let sent: [HTML] = m.requests.filter { $0.requester.id == me && $0.status != .accepted }.map { r in
            "<li>\(who(r.invitee)) · \(r.status.label) \(r.status == .requested ? button(r, "annuler", "Retirer ma demande", danger: true) : HTML.empty)</li>"
        }
        let engaged = Set(
            m.requests.filter { $0.status == .requested || $0.status == .accepted }.flatMap {
                [$0.requester.id, $0.invitee.id]
            })
        let others = m.people.filter {
            $0.id != me && !engaged.contains($0.id) && m.settings.mode.allows(m.registration.actorKind, $0.kind)
        }
        let directory: [HTML] = others.map { p in
            """
            <li>\(who(p))\(m.reasons[p.id].map { "<br><span class=\"muted\">Suggéré : \($0)</span>" as HTML } ?? .empty)
            <form method="post" action="\(base)/rendez-vous/demander" class="stack">\(csrfField(m.csrfToken))<input type="hidden" name="invitee" value="\(p.id)">
            <label for="message-\(p.id)">Message à \(p.name) (facultatif)</label><textarea id="message-\(p.id)" name="message" rows="2" maxlength="500"></textarea>
            <button type="submit">Demander un rendez-vous<span class="visually-hidden"> à \(p.name)</span></button></form></li>
            """
        }
        var availability: HTML = .empty
        if m.settings.scheduled {
            let boxes: [HTML] = (0..<m.settings.slots).map { s in
                let checked = m.availability.map { s < $0.count ? $0[s] : true } ?? true
                return
                    "<li><input type=\"checkbox\" id=\"creneau-\(s)\" name=\"creneau\" value=\"\(s)\"\(checked ? " checked" as HTML : .empty)> <label for=\"creneau-\(s)\">\(m.settings.label(s))</label></li>"
            }
            availability = """
                <h2>Mes disponibilités</h2>
                <form method="post" action="\(base)/rendez-vous/disponibilites">\(csrfField(m.csrfToken))
                <fieldset><legend>Créneaux de rendez-vous où je suis disponible (\(m.settings.minutes) minutes chacun)</legend><ul class="plain">\(boxes)</ul></fieldset>
                <p><button type="submit">Enregistrer mes disponibilités</button></p></form>
                """
        }
        let modeLine: HTML =
            m.settings.mode == .bipartite
            ? "<p>À cette rencontre, les rendez-vous réunissent une association et une entreprise.</p>" : .empty
        return """
            <p><a href="\(base)">← Mon inscription</a></p>
            <h1>Mes rendez-vous — \(m.event.title)</h1>
            \(modeLine)
            \(m.registration.status != .confirmed ? "<p class=\"notice\">Les rendez-vous sont ouverts aux inscriptions confirmées.</p>" as HTML : .empty)
            <h2>Rendez-vous acceptés</h2>
            \(accepted.isEmpty ? "<p>Aucun pour l'instant.</p>" as HTML : "<ul class=\"results\">\(accepted)</ul>")
            <h2>Demandes reçues</h2>
            \(received.isEmpty ? "<p>Aucune demande en attente.</p>" as HTML : "<ul class=\"results\">\(received)</ul>")
            \(sent.isEmpty ? HTML.empty : "<h2>Mes demandes</h2><ul class=\"results\">\(sent)</ul>")
            \(availability)
            <h2>Rencontrer d'autres participants</h2>
            <p class="muted">Seuls les participants qui ont accepté de figurer dans la liste apparaissent ; leurs coordonnées ne sont jamais affichées. En tête, ceux que les recommandations de la plateforme suggèrent pour votre organisation.</p>
            \(directory.isEmpty ? "<p>Personne d'autre à qui proposer un rendez-vous pour l'instant.</p>" as HTML : "<ul class=\"results\">\(directory)</ul>")
            """
    }

    static func organiser(
        _ e: RencontreEvent, settings: MeetingService.Settings, requests: [Request], csrfToken: String
    ) -> HTML {
        let base = "/evenements/\(e.slug)/rendez-vous"
        let modes: [HTML] = MeetingMode.allCases.map {
            "<option value=\"\($0.rawValue)\"\(settings.mode == $0 ? " selected" as HTML : .empty)>\($0.label)</option>"
        }
        let count = { (status: MeetingService.Status) in requests.filter { $0.status == status }.count }
        let accepted = requests.filter { $0.status == .accepted }
        let placed = accepted.filter { $0.slot != nil }
        let announced = placed.filter(\.announced)
        return """
            <p><a href="/evenements/\(e.slug)/inscrits">← Inscriptions</a></p>
            <h1>Rendez-vous individuels — \(e.title)</h1>
            <form method="post" action="\(base)/reglages" class="stack">\(csrfField(csrfToken))
            <p><label for="mode">Rendez-vous</label><select id="mode" name="mode">\(modes)</select></p>
            <p><label for="start">Début du premier créneau</label><input id="start" name="start" type="datetime-local" value="\(settings.start?.text ?? "")"></p>
            <p><label for="minutes">Durée d'un créneau (minutes)</label><input id="minutes" name="minutes" type="number" min="5" max="120" value="\(settings.minutes)"></p>
            <p><label for="slots">Nombre de créneaux</label><input id="slots" name="slots" type="number" min="0" max="200" value="\(settings.slots)"></p>
            <p><label for="tables">Nombre de tables</label><input id="tables" name="tables" type="number" min="0" max="10000" value="\(settings.tables)"></p>
            <p><button type="submit">Enregistrer les réglages</button></p>
            </form>
            <h2>Demandes</h2>
            <p>\(count(.requested)) en attente de réponse, <strong>\(count(.accepted))</strong> acceptée(s), \(count(.declined)) déclinée(s), \(count(.cancelled)) annulée(s).</p>
            <h2>Planning</h2>
            \(settings.report.map { "<p>\($0)</p>" as HTML } ?? "<p>Pas encore calculé.</p>")
            <p>\(placed.count) rendez-vous placés, dont \(announced.count) annoncés (un rendez-vous annoncé ne bouge plus ; ceux acceptés ensuite sont placés autour).</p>
            <div class="actions">
            <form method="post" action="\(base)/planifier" class="inline">\(csrfField(csrfToken))<button type="submit">Calculer le planning</button></form>
            <form method="post" action="\(base)/annoncer" class="inline">\(csrfField(csrfToken))<button type="submit">Annoncer les rendez-vous placés</button></form>
            <a href="\(base)/grille">Grille imprimable</a>
            </div>
            """
    }

    /// Slot by slot, table by table: who meets whom.
    static func grid(_ e: RencontreEvent, settings: MeetingService.Settings, requests: [Request]) -> HTML {
        let placed = requests.filter { $0.status == .accepted && $0.slot != nil }
        let bySlot = Dictionary(grouping: placed) { $0.slot! }
        let sections: [HTML] = bySlot.keys.sorted().map { slot in
            let rows: [HTML] = bySlot[slot]!.sorted { ($0.table ?? 0) < ($1.table ?? 0) }.map { r in
                "<tr><th scope=\"row\">Table \(r.table ?? 0)</th><td>\(r.requester.name)\(r.requester.organisation.map { " — \($0)" } ?? "")</td><td>\(r.invitee.name)\(r.invitee.organisation.map { " — \($0)" } ?? "")</td><td>\(r.announced ? "annoncé" : "à annoncer")</td></tr>"
            }
            return
                "<h2>\(settings.label(slot))</h2><div class=\"table-wrap\"><table class=\"print\"><thead><tr><th scope=\"col\">Table</th><th scope=\"col\">Participant</th><th scope=\"col\">Participant</th><th scope=\"col\">État</th></tr></thead><tbody>\(rows)</tbody></table></div>"
        }
        return """
            <p><a href="/evenements/\(e.slug)/rendez-vous">← Rendez-vous</a></p>
            <h1>Grille des rendez-vous — \(e.title)</h1>
            \(sections.isEmpty ? "<p>Aucun rendez-vous placé.</p>" as HTML : "\(sections)")
            """
    }
}
