import AlliancesCore

/// The registration form, the personal page a private link opens, and the organisers' list.
enum RegistrationPages {
    /// The form a person fills in, or an organiser for them (`action` and `heading` given;
    /// `emailLocked` when editing, the address being the registration's key).
    static func registrationForm(
        _ e: RencontreEvent, input: RegistrationInput, errors: ValidationErrors, csrfToken: String,
        signedIn: Bool = false, action: String? = nil, heading: String = "S'inscrire",
        emailLocked: Bool = false
    ) -> HTML {
        let byOrganiser = action != nil
        let kinds = ActorKind.allCases.map { (value: $0.rawValue, label: $0.label) }
        let regions = ReferenceGeography.regions.map { (value: $0.code, label: $0.name) }
        guard e.status.acceptsRegistrations || byOrganiser else {
            return
                "\(EventPages.header(e))<p class=\"notice\">Les inscriptions ne sont pas ouvertes (\(e.status.label.lowercased())).</p>"
        }
        return """
            \(EventPages.header(e))
            <h2>\(heading)</h2>
            \(byOrganiser ? "<p>La personne recevra par e-mail son lien personnel pour vérifier ce qui a été saisi, choisir ses ateliers ou annuler.</p>" as HTML : .empty)
            \(FormFields.errorSummary(errors))
            <form method="post" action="\(action ?? "/evenements/\(e.slug)/inscription")" novalidate>
            \(csrfField(csrfToken))
            \(FormFields.text("name", "Nom et prénom", value: input.name, errors: errors, required: true, autocomplete: "name", maxLength: 120))
            \(FormFields.text("email", "E-mail", value: input.email, errors: errors, type: "email", required: true, hint: emailLocked ? "L'adresse de l'inscription ne change pas ; pour une autre adresse, annulez et inscrivez à nouveau." : byOrganiser ? "La personne y recevra son lien personnel." : signedIn ? "L'adresse de votre compte : vous vous inscrivez vous-même." : "Votre lien personnel pour gérer l'inscription y sera associé.", autocomplete: byOrganiser ? nil : "email", maxLength: 254, readOnly: signedIn && !byOrganiser || emailLocked))
            \(FormFields.text("organisation", "Organisation", value: input.organisation, errors: errors, hint: "Choisissez-la dans l'annuaire en tapant son nom, ou écrivez-la si elle n'y est pas.", maxLength: 200, picker: OrganisationPicker.Field(source: "/evenements/\(e.slug)/organisations")))
            \(FormFields.select("actorKind", "Type d'acteur", options: kinds, selected: input.actorKind, errors: errors))
            \(FormFields.select("region", "Région", options: regions, selected: input.region, errors: errors, hint: "Pour le déjeuner par région."))
            \(FormFields.text("dietary", "Régime alimentaire", value: input.dietary, errors: errors, hint: "Végétarien, sans porc, allergies… Vu des seuls organisateurs, effacé après la rencontre.", maxLength: 300))
            <div class="field"><label><input type="checkbox" name="listed" value="1"\(input.listed == true ? " checked" : "")> J'accepte d'apparaître dans la liste des participants (nom et organisation seulement).</label></div>
            <p class="hint">Ce qui est montré, et à qui : les organisateurs voient tout ce formulaire ; les autres participants voient votre nom et votre organisation seulement si vous cochez la case ci-dessus ; personne d'autre. <a href="/confidentialite">Durées de conservation et vos droits</a>.</p>
            <div class="actions"><button type="submit">\(byOrganiser ? "Enregistrer" : "S'inscrire")</button><a href="\(byOrganiser ? "/evenements/\(e.slug)/inscrits" : "/evenements/\(e.slug)")">Annuler</a></div>
            </form>
            \(byOrganiser || signedIn ? HTML.empty : "<p>Déjà inscrit(e) ? <a href=\"/evenements/\(e.slug)/mon-lien\">Recevoir à nouveau mon lien personnel</a></p>" as HTML)
            """
    }

    static func personal(
        _ l: Loaded, registration r: Registration, token: String, seats: [SessionSeat], csrfToken: String,
        publicURL: String,
        participants: [(name: String, organisation: String?)] = [], ranking: HTML? = nil, meetings: Bool = false,
        lunchTable: Int? = nil, restitution: [(session: EventSession, rapporteur: Bool)] = []
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
            \(EventPages.header(e))
            <h2>Inscription de \(r.name)</h2>
            <p>Gardez l'adresse de cette page : elle seule permet de gérer votre inscription.</p>
            \(status)
            <p><a href="\(base)/agenda.ics">Mon programme dans mon agenda (.ics)</a></p>
            \(meetings && r.status != .cancelled ? "<p><a href=\"\(base)/rendez-vous\">Mes rendez-vous individuels</a> : demander, accepter, mes disponibilités et mes horaires.</p>" as HTML : .empty)
            \(CheckInPages.checkInCode(l.event, r, publicURL: publicURL))
            \(lunchTable.map { "<p>Au déjeuner, votre table : <strong>n° \($0)</strong>.</p>" as HTML } ?? .empty)
            \(ranking ?? (choices.isEmpty ? HTML.empty : "<h2>Mes ateliers</h2><p>Un atelier par créneau.</p>\(choices)"))
            \(restitutionSection(restitution, plenary: r.status == .confirmed ? l.sessions.filter { PlenaryQuestions.kinds.contains($0.kind) } : [], base: base))
            \(participantsSection(participants))
            \(cancel)
            """
    }

    /// Links to the workshops' proposals and votes (and, for a rapporteur, the output).
    static func restitutionSection(
        _ workshops: [(session: EventSession, rapporteur: Bool)], plenary: [EventSession] = [], base: String
    ) -> HTML {
        let questions: [HTML] = plenary.map {
            "<li><a href=\"\(base)/questions/\($0.id)\">\($0.title)</a> <span class=\"muted\">(\($0.startsAt.frenchTime))</span></li>"
        }
        let asking: HTML =
            questions.isEmpty
            ? .empty
            : "<h2>Questions à la tribune</h2><p>Posez une question et soutenez celles des autres.</p><ul>\(questions)</ul>"
        guard !workshops.isEmpty else { return asking }
        let items: [HTML] = workshops.map { w in
            "<li><a href=\"\(base)/ateliers/\(w.session.id)\">\(w.session.title)</a>\(w.rapporteur ? " — vous en êtes rapporteur : <a href=\"\(base)/ateliers/\(w.session.id)/restitution\">rédiger la restitution</a>" as HTML : .empty)</li>"
        }
        return "<h2>Propositions et votes en atelier</h2><ul>\(items)</ul>" + asking
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
        \(EventPages.header(e))
        <h2>\(waiting ? "Vous êtes sur la liste d'attente" : "Presque fini : confirmez par e-mail")</h2>
        <p class="notice" role="status">Un message vient d'être envoyé à <strong>\(email)</strong>. \(waiting ? "Il contient votre lien personnel ; si une place se libère, elle vous sera proposée par e-mail." : "Ouvrez le lien qu'il contient dans les \(Throttle.frenchDelay(hold)) pour confirmer votre place : elle vous est réservée d'ici là, puis proposée aux personnes en attente.")</p>
        <p>Ce lien personnel permet aussi de choisir vos ateliers, d'ajouter votre programme à votre agenda ou d'annuler. Vous étiez déjà inscrit(e) ? Le message vous redonne votre lien.</p>
        """
    }

    static func tooManyRegistrations(_ e: RencontreEvent, retryAfter: Int) -> HTML {
        """
        \(EventPages.header(e))
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
            actions.append(
                "<a href=\"\(base)/modifier\">Modifier<span class=\"visually-hidden\"> l'inscription de \(r.name)</span></a>"
            )
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
            <p><a class="button" href="/evenements/\(e.slug)/inscrits/nouvelle">Inscrire une personne (téléphone, courrier)</a> <a href="/evenements/\(e.slug)/inscrits.csv">Exporter les inscriptions et présences (CSV)</a> · <a href="/evenements/\(e.slug)/exports">Tous les exports</a></p>
            <div class="table-wrap"><table><thead><tr><th scope="col">Nom</th><th scope="col">E-mail</th><th scope="col">Organisation</th><th scope="col">Statut</th><th scope="col">Régime</th><th scope="col">Actions</th></tr></thead><tbody>\(rows)</tbody></table></div>
            <h2>Messages</h2>
            <div class="table-wrap"><table><thead><tr><th scope="col">Date</th><th scope="col">À</th><th scope="col">Objet</th><th scope="col">Envoi</th></tr></thead><tbody>\(mails)</tbody></table></div>
            """
    }
}
