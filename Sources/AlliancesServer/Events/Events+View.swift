import AlliancesCore

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
        actions.append("<a href=\"/evenements/\(e.slug)/intervenants\">Intervenants</a>")
        actions.append("<a href=\"/evenements/\(e.slug)/imprimer\">Version imprimable</a>")
        actions.append("<a href=\"/evenements/\(e.slug)/programme.ics\">Ajouter à mon agenda (.ics)</a>")
        if canOrganise {
            actions.append("<a href=\"/evenements/\(e.slug)/inscrits\">Inscriptions</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/pointage\">Pointage</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/repartition\">Répartition des ateliers</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/rendez-vous\">Rendez-vous individuels</a>")
            actions.append("<a href=\"/evenements/\(e.slug)/dejeuner\">Plan de table du déjeuner</a>")
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

    static func registrationForm(
        _ e: RencontreEvent, input: RegistrationInput, errors: ValidationErrors, csrfToken: String,
        organisations: [String] = [], signedIn: Bool = false
    ) -> HTML {
        let kinds = ActorKind.allCases.map { (value: $0.rawValue, label: $0.label) }
        let regions = ReferenceGeography.regions.map { (value: $0.code, label: $0.name) }
        guard e.status.acceptsRegistrations else {
            return
                "\(header(e))<p class=\"notice\">Les inscriptions ne sont pas ouvertes (\(e.status.label.lowercased())).</p>"
        }
        return """
            \(header(e))
            <h2>S'inscrire</h2>
            \(FormFields.errorSummary(errors))
            <form method="post" action="/evenements/\(e.slug)/inscription" novalidate>
            \(csrfField(csrfToken))
            \(FormFields.text("name", "Nom et prénom", value: input.name, errors: errors, required: true, autocomplete: "name", maxLength: 120))
            \(FormFields.text("email", "E-mail", value: input.email, errors: errors, type: "email", required: true, hint: signedIn ? "L'adresse de votre compte : vous vous inscrivez vous-même." : "Votre lien personnel pour gérer l'inscription y sera associé.", autocomplete: "email", maxLength: 254, readOnly: signedIn))
            \(FormFields.text("organisation", "Organisation", value: input.organisation, errors: errors, hint: "Choisissez-la dans l'annuaire en tapant son nom, ou écrivez-la si elle n'y est pas.", autocomplete: "organization", maxLength: 200, list: organisations.isEmpty ? nil : "annuaire"))
            \(organisations.isEmpty ? HTML.empty : "<datalist id=\"annuaire\">\(organisations.map { "<option value=\"\($0)\">" as HTML })</datalist>" as HTML)
            \(FormFields.select("actorKind", "Type d'acteur", options: kinds, selected: input.actorKind, errors: errors))
            \(FormFields.select("region", "Région", options: regions, selected: input.region, errors: errors, hint: "Pour le déjeuner par région."))
            \(FormFields.text("dietary", "Régime alimentaire", value: input.dietary, errors: errors, hint: "Végétarien, sans porc, allergies…", maxLength: 300))
            <div class="field"><label><input type="checkbox" name="listed" value="1"\(input.listed == true ? " checked" : "")> J'accepte d'apparaître dans la liste des participants (nom et organisation seulement).</label></div>
            <div class="actions"><button type="submit">S'inscrire</button><a href="/evenements/\(e.slug)">Annuler</a></div>
            </form>
            """
    }

    static func personal(
        _ l: Loaded, registration r: Registration, token: String, seats: [SessionSeat], csrfToken: String,
        publicURL: String,
        participants: [(name: String, organisation: String?)] = [], ranking: HTML? = nil, meetings: Bool = false,
        lunchTable: Int? = nil
    ) -> HTML {
        let e = l.event
        let base = "/evenements/\(e.slug)/inscription/\(token)"
        var status: HTML = "<p class=\"notice\"><strong>\(r.status.label)</strong></p>"
        if r.status == .offered, let until = r.offeredUntil {
            status = """
                <p class="notice">Une place vous est réservée jusqu'au \(frenchDate(until)). Confirmez-la pour la garder.</p>
                <form method="post" action="\(base)/confirmer">\(csrfField(csrfToken))<button type="submit">Confirmer ma place</button></form>
                """
        } else if r.status == .waiting {
            status =
                "<p class=\"notice\">Vous êtes sur la liste d'attente. Si une place se libère, elle vous sera proposée ici.</p>"
        }
        let mine = Dictionary(uniqueKeysWithValues: seats.map { ($0.sessionID, $0) })
        let workshops = ProgrammeGrid.rows(
            l.sessions.filter { $0.capacity != nil }, start: \.startsAt, room: { $0.room ?? "" })
        let choices: [HTML] = workshops.map { row in
            let items: [HTML] = row.sessions.map { s in
                let seat = mine[s.id]
                let button: HTML
                if let seat {
                    let confirm: HTML =
                        seat.status == .offered
                        ? "<form method=\"post\" action=\"\(base)/confirmer\" class=\"inline\">\(csrfField(csrfToken))<input type=\"hidden\" name=\"session\" value=\"\(s.id)\"><button type=\"submit\">Confirmer la place</button></form>"
                        : .empty
                    button =
                        "<strong>\(seat.status.label)</strong> \(confirm)<form method=\"post\" action=\"\(base)/sessions/\(s.id)\" class=\"inline\">\(csrfField(csrfToken))<input type=\"hidden\" name=\"action\" value=\"quitter\"><button type=\"submit\" class=\"link\">Quitter<span class=\"visually-hidden\"> \(s.title)</span></button></form>"
                } else if r.status == .confirmed {
                    button =
                        "<form method=\"post\" action=\"\(base)/sessions/\(s.id)\" class=\"inline\">\(csrfField(csrfToken))<button type=\"submit\">\(s.seatsLeft == 0 ? "Liste d'attente" : "Choisir")<span class=\"visually-hidden\"> \(s.title)</span></button></form>"
                } else {
                    button = .empty
                }
                return
                    "<li><strong>\(s.title)</strong> <span class=\"muted\">(\(s.seatsLeft ?? 0) place(s) sur \(s.capacity ?? 0))</span> \(button)</li>"
            }
            return "<h3>\(row.start.frenchTime)</h3><ul class=\"results\">\(items)</ul>"
        }
        let cancel: HTML =
            r.status == .cancelled
            ? .empty
            : """
            <h2>Annuler</h2><form method="post" action="\(base)/annuler">\(csrfField(csrfToken))<button type="submit" class="danger">Annuler mon inscription</button></form>
            """
        return """
            \(header(e))
            <h2>Inscription de \(r.name)</h2>
            <p>Gardez l'adresse de cette page : elle seule permet de gérer votre inscription.</p>
            \(status)
            <p><a href="\(base)/agenda.ics">Mon programme dans mon agenda (.ics)</a></p>
            \(meetings && r.status != .cancelled ? "<p><a href=\"\(base)/rendez-vous\">Mes rendez-vous individuels</a> : demander, accepter, mes disponibilités et mes horaires.</p>" as HTML : .empty)
            \(checkInCode(l.event, r, publicURL: publicURL))
            \(lunchTable.map { "<p>Au déjeuner, votre table : <strong>n° \($0)</strong>.</p>" as HTML } ?? .empty)
            \(ranking ?? (choices.isEmpty ? HTML.empty : "<h2>Mes ateliers</h2><p>Un atelier par créneau.</p>\(choices)"))
            \(participantsSection(participants))
            \(cancel)
            """
    }

    /// The QR code (SVG drawn in Swift) and the typed code, shown at the entrance.
    static func checkInCode(_ e: RencontreEvent, _ r: Registration, publicURL: String) -> HTML {
        guard r.status == .confirmed, let code = r.checkInCode,
            let qr = try? QRCode(text: "\(publicURL)/evenements/\(e.slug)/pointage?code=\(code)")
        else { return .empty }
        return """
            <h2>À l'accueil</h2>
            <div class="qr">\(HTML(trusted: qr.svg(scale: 5, title: "Code d'accueil \(code)")))</div>
            <p>Montrez ce code à l'accueil, ou donnez votre code : <strong>\(code)</strong>.</p>
            """
    }

    static func checkIn(
        _ l: Loaded, query: String?, session: EventSession?, found: [Registration],
        attendance: (arrived: Int, confirmed: Int, sessions: [Int: Int]), csrfToken: String
    ) -> HTML {
        let e = l.event
        let sessionOptions = l.sessions.filter { $0.capacity != nil }.map {
            (value: String($0.id), label: "\($0.startsAt.frenchTime) — \($0.title)")
        }
        let rows: [HTML] = found.map { r in
            let action: HTML =
                r.status != .confirmed
                ? "<span class=\"badge closed\">\(r.status.label)</span>"
                : (r.checkedInAt != nil && session == nil
                    ? "<span class=\"badge\">Arrivé(e)</span>"
                    : "<form method=\"post\" action=\"/evenements/\(e.slug)/pointage/\(r.id)\" class=\"inline\">\(csrfField(csrfToken))\(session.map { "<input type=\"hidden\" name=\"session\" value=\"\($0.id)\">" as HTML } ?? .empty)<button type=\"submit\">Pointer<span class=\"visually-hidden\"> \(r.name)</span></button></form>")
            return
                "<li><strong>\(r.name)</strong> <span class=\"muted\">\(r.organisationName ?? "") · \(r.checkInCode ?? "")</span> \(action)</li>"
        }
        let counts: [HTML] = l.sessions.filter { $0.capacity != nil }.map { s in
            "<tr><th scope=\"row\">\(s.startsAt.frenchTime) — \(s.title)</th><td>\(attendance.sessions[s.id] ?? 0)</td><td>\(s.seatsTaken)</td></tr>"
        }
        return """
            <p><a href="/evenements/\(e.slug)/inscrits">← Inscriptions</a></p>
            <h1>Pointage — \(e.title)</h1>
            <p class="lead"><strong>\(attendance.arrived)</strong> arrivé(e)s sur \(attendance.confirmed) inscrit(e)s.</p>
            <form method="get" action="/evenements/\(e.slug)/pointage" class="filters" role="search">
            \(FormFields.text("q", "Nom ou code", value: query, errors: .init(), type: "search", hint: "Scannez le code QR du participant, ou tapez son nom ou son code.", maxLength: 100))
            \(FormFields.select("session", "Pointer pour la session (facultatif)", options: sessionOptions, selected: session.map { String($0.id) }, errors: .init(), emptyLabel: "Arrivée à l'événement"))
            <div class="actions"><button type="submit">Chercher</button></div>
            </form>
            \(query == nil ? HTML.empty : (rows.isEmpty ? "<p class=\"notice\">Personne ne correspond.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>"))
            <h2>Présents par atelier</h2>
            <div class="table-wrap"><table><thead><tr><th scope="col">Atelier</th><th scope="col">Présents</th><th scope="col">Inscrits</th></tr></thead><tbody>\(counts)</tbody></table></div>
            """
    }

    static func participantsSection(_ participants: [(name: String, organisation: String?)]) -> HTML {
        guard !participants.isEmpty else { return .empty }
        let items: [HTML] = participants.map { "<li>\($0.name)\($0.organisation.map { " — \($0)" } ?? "")</li>" }
        return
            "<h2>Participants</h2><p class=\"muted\">Les participants qui ont accepté d'y figurer (nom et organisation).</p><ul>\(items)</ul>"
    }

    /// The same page whether the address was new or registered already (that is never told).
    static func checkInbox(_ e: RencontreEvent, email: String, waiting: Bool, hold: Int) -> HTML {
        """
        \(header(e))
        <h2>\(waiting ? "Vous êtes sur la liste d'attente" : "Presque fini : confirmez par e-mail")</h2>
        <p class="notice" role="status">Un message vient d'être envoyé à <strong>\(email)</strong>. \(waiting ? "Il contient votre lien personnel ; si une place se libère, elle vous sera proposée par e-mail." : "Ouvrez le lien qu'il contient dans les \(Throttle.frenchDelay(hold)) pour confirmer votre place : elle vous est réservée d'ici là, puis proposée aux personnes en attente.")</p>
        <p>Ce lien personnel permet aussi de choisir vos ateliers, d'ajouter votre programme à votre agenda ou d'annuler. Vous étiez déjà inscrit(e) ? Le message vous redonne votre lien.</p>
        """
    }

    static func tooManyRegistrations(_ e: RencontreEvent, retryAfter: Int) -> HTML {
        """
        \(header(e))
        <h2>Trop d'inscriptions depuis votre adresse</h2>
        <p class="notice notice-error" role="alert">Beaucoup d'inscriptions à cette rencontre viennent d'arriver depuis votre connexion. Réessayez dans \(Throttle.frenchDelay(retryAfter)), ou écrivez aux organisateurs pour inscrire un groupe.</p>
        """
    }

    static func organiser(
        _ l: Loaded, counts: RegistrationService.Counts, registrations: [Registration], messages: [OutboxMessage],
        csrfToken: String
    ) -> HTML {
        let e = l.event
        let sessions: [HTML] = l.sessions.filter { $0.capacity != nil }.map { s in
            "<tr><th scope=\"row\">\(s.startsAt.frenchTime) — \(s.title)</th><td>\(s.seatsTaken)</td><td>\(s.capacity ?? 0)</td></tr>"
        }
        let mails: [HTML] = messages.map { m in
            let state =
                m.sentAt.map { "Envoyé le \(frenchDate($0))" }
                ?? (m.purgedAt != nil
                    ? "Abandonné : non remis dans le délai de conservation"
                    : m.attempts == 0
                        ? "En attente d'envoi"
                        : "Échec (\(m.attempts) essai\(m.attempts > 1 ? "s" : "")) : \(m.lastError ?? "") — nouvel essai automatique")
            return "<tr><td>\(frenchDate(m.createdAt))</td><td>\(m.to)</td><td>\(m.subject)</td><td>\(state)</td></tr>"
        }
        let workshops = l.sessions.filter { $0.capacity != nil }.map {
            (value: String($0.id), label: "\($0.startsAt.frenchTime) — \($0.title)")
        }
        let rows: [HTML] = registrations.map { r in
            let base = "/evenements/\(l.event.slug)/inscrits/\(r.id)"
            var actions: [HTML] = []
            if r.status == .waiting || r.status == .offered {
                actions.append(
                    "<form method=\"post\" action=\"\(base)/accepter\" class=\"inline\">\(csrfField(csrfToken))<button type=\"submit\">Accepter<span class=\"visually-hidden\"> \(r.name)</span></button></form>"
                )
            }
            if r.status == .confirmed && !workshops.isEmpty {
                let options: [HTML] = workshops.map { "<option value=\"\($0.value)\">\($0.label)</option>" }
                actions.append(
                    "<form method=\"post\" action=\"\(base)/atelier\" class=\"inline\">\(csrfField(csrfToken))<label class=\"visually-hidden\" for=\"move-\(r.id)\">Atelier pour \(r.name)</label><select id=\"move-\(r.id)\" name=\"session\">\(options)</select> <button type=\"submit\">Placer</button></form>"
                )
            }
            if r.status != .cancelled {
                actions.append(
                    "<form method=\"post\" action=\"\(base)/annuler\" class=\"inline\">\(csrfField(csrfToken))<button type=\"submit\" class=\"link\">Annuler<span class=\"visually-hidden\"> l'inscription de \(r.name)</span></button></form>"
                )
            }
            return
                "<tr><td>\(r.name)</td><td>\(r.email)</td><td>\(r.organisationName ?? "—")</td><td>\(r.status.label)</td><td>\(r.dietary ?? "")</td><td>\(actions)</td></tr>"
        }
        return """
            <p><a href="/evenements/\(e.slug)">← Programme</a></p>
            <h1>Inscriptions — \(e.title)</h1>
            <p><strong>\(counts.confirmed)</strong> inscrits\(e.capacity.map { " sur \($0) places" } ?? ""), \(counts.offered) place(s) proposée(s) en attente de confirmation, \(counts.waiting) sur liste d'attente, \(counts.cancelled) annulation(s).</p>
            <h2>Ateliers</h2>
            <p><a href="/evenements/\(e.slug)/repartition">Répartition des ateliers selon les vœux</a> · <a href="/evenements/\(e.slug)/rendez-vous">Rendez-vous individuels</a> · <a href="/evenements/\(e.slug)/dejeuner">Plan de table du déjeuner</a></p>
            <div class="table-wrap"><table><thead><tr><th scope="col">Atelier</th><th scope="col">Places prises</th><th scope="col">Capacité</th></tr></thead><tbody>\(sessions)</tbody></table></div>
            <h2>Personnes</h2>
            <div class="table-wrap"><table><thead><tr><th scope="col">Nom</th><th scope="col">E-mail</th><th scope="col">Organisation</th><th scope="col">Statut</th><th scope="col">Régime</th><th scope="col">Actions</th></tr></thead><tbody>\(rows)</tbody></table></div>
            <h2>Messages</h2>
            <div class="table-wrap"><table><thead><tr><th scope="col">Date</th><th scope="col">À</th><th scope="col">Objet</th><th scope="col">Envoi</th></tr></thead><tbody>\(mails)</tbody></table></div>
            """
    }
}

typealias Loaded = EventRoutes.Loaded

/// The frab / pretalx schedule format, as read by conference apps.
struct FrabSchedule: Encodable {
    struct Schedule: Encodable {
        let version: String
        let conference: Conference
    }
    struct Conference: Encodable {
        let acronym: String
        let title: String
        let start: String
        let end: String
        let daysCount: Int
        let timeslot_duration: String
        let time_zone_name: String
        let rooms: [Room]
        let days: [Day]
    }
    struct Room: Encodable {
        let name: String
    }
    struct Day: Encodable {
        let index: Int
        let date: String
        let day_start: String
        let day_end: String
        let rooms: [String: [Talk]]
    }
    struct Person: Encodable {
        let id: Int
        let public_name: String
    }
    struct Talk: Encodable {
        let id: Int
        let guid: String
        let date: String
        let start: String
        let duration: String
        let room: String
        let slug: String
        let title: String
        let subtitle: String
        let track: String
        let type: String
        let language: String
        let abstract: String
        let description: String
        let persons: [Person]
        let links: [String]
        let url: String
    }

    let schedule: Schedule

    init(_ l: Loaded, base: String) {
        let e = l.event
        let offset = Paris.offset(e.startsAt)
        let dates = Array(Set(l.sessions.map(\.startsAt.date))).sorted()
        let roomNames = Array(Set(l.sessions.map { $0.room ?? "Plénière" })).sorted()
        let days: [Day] = dates.enumerated().map { index, date in
            let sessions = l.sessions.filter { $0.startsAt.date == date }
            var rooms: [String: [Talk]] = [:]
            for s in sessions {
                let minutes = LocalDateTime.minutes(from: s.startsAt, to: s.endsAt)
                let persons = l.speakers.filter { $0.sessionID == s.id }.map {
                    Person(id: $0.speaker.id, public_name: $0.speaker.name)
                }
                rooms[s.room ?? "Plénière", default: []].append(
                    Talk(
                        id: s.id, guid: Self.guid(e.slug, s.id),
                        date: "\(s.startsAt.date)T\(s.startsAt.clock):00\(Paris.offset(s.startsAt))",
                        start: s.startsAt.clock,
                        duration: "\(LocalDateTime.two(minutes / 60)):\(LocalDateTime.two(minutes % 60))",
                        room: s.room ?? "Plénière", slug: "\(e.slug)-\(s.id)", title: s.title, subtitle: s.kind.label,
                        track: s.track ?? "Plénière",
                        type: s.kind.rawValue, language: "fr", abstract: s.questions.joined(separator: " "),
                        description: s.description ?? "",
                        persons: persons, links: [], url: "\(base)/evenements/\(e.slug)/sessions/\(s.id)"))
            }
            let first = sessions.map(\.startsAt).min() ?? e.startsAt
            let last = sessions.map(\.endsAt).max() ?? e.endsAt
            return Day(
                index: index + 1, date: date, day_start: "\(date)T\(first.clock):00\(offset)",
                day_end: "\(date)T\(last.clock):00\(offset)", rooms: rooms)
        }
        schedule = Schedule(
            version: "1",
            conference: Conference(
                acronym: e.acronym ?? e.slug, title: e.title, start: e.startsAt.date, end: e.endsAt.date,
                daysCount: max(1, days.count),
                timeslot_duration: "00:15", time_zone_name: "Europe/Paris", rooms: roomNames.map(Room.init), days: days)
        )
    }

    /// A stable UUID-shaped identifier from the event and session (version 8, name-based).
    static func guid(_ slug: String, _ id: Int) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(slug)/\(id)".utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var g: UInt64 = h ^ 0x9E37_79B9_7F4A_7C15
        g = (g ^ (g >> 31)) &* 0xBF58_476D_1CE4_E5B9
        let hex = String(format: "%016llx%016llx", h, g)
        let chars = Array(hex)
        return
            "\(String(chars[0..<8]))-\(String(chars[8..<12]))-8\(String(chars[13..<16]))-a\(String(chars[17..<20]))-\(String(chars[20..<32]))"
    }
}

extension FrabSchedule {
    /// The same schedule as frab's `schedule.xml`.
    var xml: String {
        func esc(_ text: String) -> String {
            var out = ""
            for ch in text {
                switch ch {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&apos;"
                default: out.append(ch)
                }
            }
            return out
        }
        let c = schedule.conference
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<schedule>", "  <version>\(esc(schedule.version))</version>",
            "  <conference>", "    <acronym>\(esc(c.acronym))</acronym>", "    <title>\(esc(c.title))</title>",
            "    <start>\(c.start)</start>",
            "    <end>\(c.end)</end>", "    <days>\(c.daysCount)</days>",
            "    <timeslot_duration>\(c.timeslot_duration)</timeslot_duration>",
            "    <time_zone_name>\(c.time_zone_name)</time_zone_name>", "  </conference>"
        ]
        for day in c.days {
            lines.append(
                "  <day index=\"\(day.index)\" date=\"\(day.date)\" start=\"\(day.day_start)\" end=\"\(day.day_end)\">")
            for room in day.rooms.keys.sorted() {
                lines.append("    <room name=\"\(esc(room))\">")
                for t in day.rooms[room] ?? [] {
                    lines.append("      <event guid=\"\(t.guid)\" id=\"\(t.id)\">")
                    for (tag, value) in [
                        ("date", t.date), ("start", t.start), ("duration", t.duration), ("room", t.room),
                        ("slug", t.slug), ("url", t.url),
                        ("title", t.title), ("subtitle", t.subtitle), ("track", t.track), ("type", t.type),
                        ("language", t.language),
                        ("abstract", t.abstract), ("description", t.description)
                    ] {
                        lines.append("        <\(tag)>\(esc(value))</\(tag)>")
                    }
                    lines.append(
                        "        <persons>"
                            + t.persons.map { "<person id=\"\($0.id)\">\(esc($0.public_name))</person>" }.joined()
                            + "</persons>")
                    lines.append("        <links></links>")
                    lines.append("      </event>")
                }
                lines.append("    </room>")
            }
            lines.append("  </day>")
        }
        lines.append("</schedule>")
        return lines.joined(separator: "\n") + "\n"
    }
}
