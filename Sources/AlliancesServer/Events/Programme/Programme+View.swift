import AlliancesCore

/// The public pages of a rencontre: the list, the programme (screen and print), a session,
/// the speakers.
enum EventPages {
    static func dateLine(_ e: RencontreEvent) -> String {
        let day = CalendarDate.french(e.startsAt.date)
        return e.startsAt.date == e.endsAt.date
            ? "\(day), de \(e.startsAt.frenchTime) à \(e.endsAt.frenchTime)"
            : "du \(day) \(e.startsAt.frenchTime) au \(CalendarDate.french(e.endsAt.date)) \(e.endsAt.frenchTime)"
    }

    static func people(_ speakers: [SessionSpeaker], session: Int, links: Bool, slug: String) -> HTML {
        let items: [HTML] = speakers.filter { $0.sessionID == session }.map { s in
            let who: HTML =
                links
                ? "<a href=\"/evenements/\(slug)/intervenants#p\(s.speaker.id)\">\(s.speaker.name)</a>"
                : "\(s.speaker.name)"
            let details = [s.speaker.role, s.speaker.organisationName].compactMap { $0 }.joined(separator: ", ")
            return
                "<li>\(who)\(details.isEmpty ? "" : ", \(details)")\(s.role == "intervenant" ? "" : " (\(s.role))")</li>"
        }
        return items.isEmpty ? .empty : "<ul class=\"people\">\(items)</ul>"
    }

    static func header(_ e: RencontreEvent) -> HTML {
        """
        <h1>\(e.title)</h1>
        <p class="lead">\(dateLine(e))\(e.venue.map { " · \($0)" } ?? "")\(e.address.map { " (\($0))" } ?? "")</p>
        """
    }

    static func programme(_ l: Loaded, canOrganise: Bool) -> HTML {
        let e = l.event
        let rows: [HTML] = ProgrammeGrid.rows(l.sessions, start: \.startsAt, room: { $0.room ?? "" }).map { row in
            let cells: [HTML] = row.sessions.map { s in
                let seats: HTML =
                    s.seatsLeft.map { left in
                        "<p class=\"muted\">\(left == 0 ? "Complet (liste d'attente)" : "\(left) place\(left > 1 ? "s" : "") sur \(s.capacity!)")</p>"
                    } ?? .empty
                return """
                    <article class="slot"><p class="muted">\(s.startsAt.frenchTime)–\(s.endsAt.frenchTime)\(s.room.map { " · \($0)" } ?? "") · \(s.kind.label)</p><h3><a href="/evenements/\(e.slug)/sessions/\(s.id)">\(s.title)</a></h3>\(people(l.speakers, session: s.id, links: true, slug: e.slug))\(seats)\(canOrganise ? "<p><a href=\"/evenements/\(e.slug)/sessions/\(s.id)/modifier\">Modifier<span class=\"visually-hidden\"> \(s.title)</span></a></p>" as HTML : .empty)</article>
                    """
            }
            return
                "<section class=\"timeslot\" aria-label=\"\(row.start.frenchTime)\"><h2>\(row.start.frenchTime)</h2><div class=\"parallel\">\(cells)</div></section>"
        }
        var actions: [HTML] = []
        if e.status.acceptsRegistrations {
            actions.append("<a class=\"button\" href=\"/evenements/\(e.slug)/inscription\">S'inscrire</a>")
        }
        let past: HTML =
            e.status == .past
            ? "<p class=\"notice\">\(EventStatus.past.label) : cette rencontre a eu lieu. Ce qu'elle a produit (synthèse des ateliers, propositions, engagements) est dans <a href=\"/evenements/\(e.slug)/exports\">ses exports et données</a>.</p>"
            : .empty
        actions.append("<a href=\"/evenements/\(e.slug)/intervenants\">Intervenants</a>")
        actions.append("<a href=\"/evenements/\(e.slug)/imprimer\">Version imprimable</a>")
        actions.append("<a href=\"/evenements/\(e.slug)/programme.ics\">Ajouter à mon agenda (.ics)</a>")
        actions.append("<a href=\"/evenements/\(e.slug)/exports\">Exports et données</a>")
        if canOrganise {
            actions.append("<a href=\"/evenements/\(e.slug)/inscrits\">Inscriptions</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/pointage\">Pointage</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/repartition\">Répartition des ateliers</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/rendez-vous\">Rendez-vous individuels</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/dejeuner\">Plan de table du déjeuner</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/restitution\">Restitution des ateliers</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/modifier\">Modifier la rencontre</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/sessions/nouvelle\">Ajouter une session</a>")
        }
        let seats: HTML =
            e.capacity.map { capacity in
                let left = max(0, capacity - e.seatsTaken)
                return "<p>\(left) place\(left > 1 ? "s" : "") restante\(left > 1 ? "s" : "") sur \(capacity).</p>"
            } ?? .empty
        return """
            \(header(e))
            \(past)
            <div class="actions">\(actions)</div>
            \(seats)
            \(e.description.map { d in "\(d.split(separator: "\n").map { "<p>\(String($0))</p>" as HTML })" as HTML } ?? .empty)
            \(e.organisers.map { "<p class=\"muted\">Organisé par \($0).</p>" as HTML } ?? .empty)
            \(rows)
            """
    }

    static func printable(_ l: Loaded) -> HTML {
        let e = l.event
        let rows: [HTML] = l.sessions.map { s in
            "<tr><td>\(s.startsAt.frenchTime)–\(s.endsAt.frenchTime)</td><td>\(s.room ?? "")</td><td><strong>\(s.title)</strong>\(people(l.speakers, session: s.id, links: false, slug: e.slug))\(s.questions.isEmpty ? HTML.empty : "<p>\(s.questions.joined(separator: " · "))</p>")</td></tr>"
        }
        return
            "\(header(e))<table class=\"print\"><thead><tr><th scope=\"col\">Horaire</th><th scope=\"col\">Salle</th><th scope=\"col\">Session</th></tr></thead><tbody>\(rows)</tbody></table>"
    }

    static func session(_ l: Loaded, _ s: EventSession) -> HTML {
        let e = l.event
        let questions: [HTML] = s.questions.map { "<li>\($0)</li>" }
        let seats: HTML =
            s.capacity.map {
                "<p>\(s.seatsLeft ?? 0) place(s) restante(s) sur \($0). Inscription depuis votre page personnelle d'inscription.</p>"
            } ?? .empty
        return """
            <p><a href="/evenements/\(e.slug)">← Programme</a></p>
            <h1>\(s.title)</h1>
            <p class="lead">\(CalendarDate.french(s.startsAt.date)), \(s.startsAt.frenchTime)–\(s.endsAt.frenchTime)\(s.room.map { " · \($0)" } ?? "") · \(s.kind.label)\(s.track.map { " · \($0)" } ?? "")</p>
            \(s.description.map { "<p>\($0)</p>" as HTML } ?? .empty)
            \(questions.isEmpty ? HTML.empty : "<h2>Questions</h2><ul>\(questions)</ul>")
            \(people(l.speakers, session: s.id, links: true, slug: e.slug))
            \(seats)
            """
    }

    static func speakers(_ l: Loaded) -> HTML {
        let e = l.event
        var order: [Int] = []
        var byID: [Int: EventSpeaker] = [:]
        var sessionsOf: [Int: [Int]] = [:]
        for s in l.speakers {
            if byID[s.speaker.id] == nil { order.append(s.speaker.id); byID[s.speaker.id] = s.speaker }
            sessionsOf[s.speaker.id, default: []].append(s.sessionID)
        }
        let titles = Dictionary(uniqueKeysWithValues: l.sessions.map { ($0.id, $0) })
        let items: [HTML] = order.sorted { byID[$0]!.name < byID[$1]!.name }.map { id in
            let p = byID[id]!
            let sessions: [HTML] = (sessionsOf[id] ?? []).compactMap { titles[$0] }.map {
                "<li><a href=\"/evenements/\(e.slug)/sessions/\($0.id)\">\($0.title)</a> (\($0.startsAt.frenchTime))</li>"
            }
            return
                "<li id=\"p\(id)\"><h3>\(p.name)</h3><p class=\"muted\">\([p.role, p.organisationName].compactMap { $0 }.joined(separator: ", "))</p>\(p.bio.map { "<p>\($0)</p>" as HTML } ?? .empty)<ul>\(sessions)</ul></li>"
        }
        return
            "<p><a href=\"/evenements/\(e.slug)\">← Programme</a></p><h1>Intervenants — \(e.title)</h1><ul class=\"results\">\(items)</ul>"
    }

    /// The network's calendar: the filters (lab, period), the rencontres with their lab, and
    /// the same list as an iCalendar feed.
    static func index(
        _ events: [RencontreEvent], canCreate: Bool, query: EventCalendarQuery = EventCalendarQuery(), labs: [Lab] = []
    ) -> HTML {
        let names = Dictionary(uniqueKeysWithValues: labs.map { ($0.id, $0.name) })
        let rows: [HTML] = events.map { e in
            "<li><h3><a href=\"/evenements/\(e.slug)\">\(e.title)</a></h3><p class=\"muted\">\(e.labID.flatMap { names[$0] } ?? "Le réseau") · \(dateLine(e)) · \(e.venue ?? "") · \(e.status.label)</p></li>"
        }
        let create: HTML =
            canCreate ? "<p><a class=\"button\" href=\"/evenements/nouveau\">Créer une rencontre</a></p>" : .empty
        let list: HTML =
            rows.isEmpty ? "<p>Aucune rencontre publiée ne correspond.</p>" : "<ul class=\"results\">\(rows)</ul>"
        var filters: [(String, String)] = []
        if let lab = query.lab { filters.append(("labo", lab)) }
        if query.period != .all { filters.append(("periode", query.period.rawValue)) }
        let feed = "/evenements.ics" + (filters.isEmpty ? "" : "?" + URLEncoding.query(filters))
        let labOptions =
            [(value: EventCalendarQuery.networkValue, label: "Le réseau (rencontres nationales)")]
            + labs.map { (value: $0.slug, label: $0.name) }
        let none = ValidationErrors()
        return """
            <h1>Rencontres</h1>
            <p>Les rencontres de tous les labos du réseau.</p>
            \(create)
            <form class="filters" method="get" action="/evenements" aria-label="Filtres">
            \(FormFields.select("labo", "Labo", options: labOptions, selected: query.lab, errors: none, emptyLabel: "Tous les labos"))
            \(FormFields.select("periode", "Période", options: EventPeriod.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: query.period.rawValue, errors: none, emptyLabel: nil))
            <div class="actions"><button type="submit">Filtrer</button><a href="/evenements">Effacer les filtres</a></div>
            </form>
            <p><a href="\(feed)">S'abonner à ces rencontres dans son agenda (.ics)</a></p>
            \(list)
            """
    }
}
