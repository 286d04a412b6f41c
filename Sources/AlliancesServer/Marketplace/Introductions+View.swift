import AlliancesCore

enum IntroductionPages {
    struct Dashboard {
        let lab: LabSummary
        let days: Int
        let requests: [Introduction]
        let waiting: [Introduction]
        let successes: [Introduction]
        let recent: [Introduction]
        let unmatchedNeeds: [Listing]
        let feedback: (relevant: Int, notRelevant: Int)
    }

    static func row(_ i: Introduction, lab: LabSummary) -> HTML {
        let listings = [i.needTitle.map { "besoin « \($0) »" }, i.offerTitle.map { "offre « \($0) »" }].compactMap {
            $0
        }
        let about: HTML =
            listings.isEmpty ? .empty : " <span class=\"muted\">(\(listings.joined(separator: ", ")))</span>"
        return """
            <li><a href="/labs/\(lab.slug)/mises-en-relation/\(i.id)">\(i.organisationAName) ↔ \(i.organisationBName)</a>\(about) <span class="badge">\(i.status.label)</span> <span class="muted">· \(frenchDate(i.updatedAt))</span></li>
            """
    }

    static func section(_ title: String, _ items: [Introduction], lab: LabSummary, empty: String) -> HTML {
        let rows: [HTML] = items.map { row($0, lab: lab) }
        return "<h2>\(title) (\(items.count))</h2>"
            + (rows.isEmpty ? "<p class=\"muted\">\(empty)</p>" : "<ul class=\"results\">\(rows)</ul>")
    }

    static func dashboard(_ m: Dashboard) -> HTML {
        let needs: [HTML] = m.unmatchedNeeds.map {
            "<li><a href=\"/labs/\(m.lab.slug)/besoins/\($0.id)\">\($0.title)</a> <span class=\"muted\">— \($0.organisationName), publié le \(frenchDate($0.createdAt))</span></li>"
        }
        let judged = m.feedback.relevant + m.feedback.notRelevant
        let feedback: HTML =
            judged == 0
            ? "<p class=\"muted\">Aucune recommandation n'a encore été jugée.</p>"
            : "<p>\(frenchNumber(judged)) recommandation\(judged > 1 ? "s" : "") jugée\(judged > 1 ? "s" : "") : \(frenchNumber(m.feedback.relevant)) pertinente\(m.feedback.relevant > 1 ? "s" : "") (\(Int((Double(m.feedback.relevant) / Double(judged) * 100).rounded())) %).</p>"
        return """
            <h1>Mises en relation</h1>
            <p><a class="button" href="/labs/\(m.lab.slug)/mises-en-relation/nouvelle">Proposer une mise en relation</a></p>
            \(section("Demandes des membres à traiter", m.requests, lab: m.lab, empty: "Aucune demande en attente."))
            <form method="get" action="/labs/\(m.lab.slug)/mises-en-relation" class="inline"><label for="f-jours">Sans réponse depuis plus de</label> <input type="number" id="f-jours" name="jours" min="1" max="365" value="\(m.days)"> jours <button type="submit">Afficher</button></form>
            \(section("En attente de réponse depuis plus de \(m.days) jours", m.waiting, lab: m.lab, empty: "Aucune mise en relation n'attend depuis si longtemps."))
            \(section("Ont débouché sur une rencontre ou un partenariat", m.successes, lab: m.lab, empty: "Pas encore de rencontre enregistrée."))
            <h2>Besoins sans mise en relation (\(m.unmatchedNeeds.count))</h2>
            \(needs.isEmpty ? "<p class=\"muted\">Tous les besoins ouverts ont au moins une mise en relation.</p>" as HTML : "<ul>\(needs)</ul>")
            <h2>Avis sur les recommandations</h2>
            \(feedback)
            \(section("Dernières mises en relation", m.recent, lab: m.lab, empty: "Aucune mise en relation pour l'instant."))
            <p><a href="/labs/\(m.lab.slug)/mises-en-relation/toutes">Toutes les mises en relation, page par page</a></p>
            """
    }

    /// Every introduction the viewer may see, fifty a page.
    static func all(lab: LabSummary, items: [Introduction], next: String?) -> HTML {
        let rows: [HTML] = items.map { row($0, lab: lab) }
        return """
            <p><a href="/labs/\(lab.slug)/mises-en-relation">← Mises en relation</a></p>
            <h1>Toutes les mises en relation</h1>
            \(rows.isEmpty ? "<p class=\"muted\">Aucune mise en relation.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>" as HTML)
            \(next.map { "<p><a class=\"button secondary\" href=\"/labs/\(lab.slug)/mises-en-relation/toutes?apres=\($0)\">Plus anciennes</a></p>" as HTML } ?? .empty)
            """
    }

    static func inbox(lab: LabSummary, items: [Introduction], organisationID: Int) -> HTML {
        let waiting = items.filter { i in
            let side: IntroductionSide = i.organisationA == organisationID ? .a : .b
            return i.status == .proposed && (side == .a ? i.state.answerA : i.state.answerB) == nil
        }
        return """
            <h1>Mes mises en relation</h1>
            <p>Le labo vous propose de rencontrer d'autres acteurs du territoire. Les coordonnées ne sont échangées que lorsque les deux côtés ont accepté.</p>
            <p><a class="button" href="/labs/\(lab.slug)/mises-en-relation/nouvelle">Demander une mise en relation</a></p>
            \(section("À vous de répondre", waiting, lab: lab, empty: "Rien n'attend votre réponse."))
            \(section("Les plus récentes", items, lab: lab, empty: "Aucune mise en relation pour l'instant."))
            <p><a href="/labs/\(lab.slug)/mises-en-relation/toutes">Toutes les mises en relation, page par page</a></p>
            """
    }

    /// What was typed in the form, kept as text so an invalid form shows it again.
    struct Draft {
        var organisationA: String?
        var organisationB: String?
        var needID: String?
        var offerID: String?
        var message: String?
        var messageA: String?
        var messageB: String?
        /// The experience sheet it is asked from ("ask the authors").
        var sheetID: String? = nil
    }

    /// A list to choose from in a small lab; the picker (a name searched as one types) beyond.
    static func organisationField(
        _ name: String, _ label: String, value: String?, organisations: [(id: Int, name: String)],
        errors: ValidationErrors, lab: LabSummary, pickers: [String: OrganisationPicker.Field]
    ) -> HTML {
        organisations.isEmpty
            ? FormFields.text(
                name, label, value: value, errors: errors, required: true,
                hint: "Tapez une partie de son nom et choisissez-la dans la liste, ou saisissez son numéro.",
                maxLength: 200, picker: pickers[name] ?? OrganisationPicker.field(lab))
            : FormFields.select(
                name, label, options: organisations.map { (value: String($0.id), label: $0.name) }, selected: value,
                errors: errors, required: true, emptyLabel: "Choisir…")
    }

    static func form(
        lab: LabSummary, facilitator: Bool, ownName: String?, draft: Draft, errors e: ValidationErrors,
        organisations: [(id: Int, name: String)], csrfToken: String,
        pickers: [String: OrganisationPicker.Field] = [:]
    ) -> HTML {
        let hidden: HTML =
            "<input type=\"hidden\" name=\"needId\" value=\"\(draft.needID ?? "")\"><input type=\"hidden\" name=\"offerId\" value=\"\(draft.offerID ?? "")\">\(draft.sheetID.map { "<input type=\"hidden\" name=\"fiche\" value=\"\($0)\">" as HTML } ?? .empty)"
        let fields: HTML
        if facilitator {
            fields = """
                \(organisationField("organisationA", "Première organisation", value: draft.organisationA, organisations: organisations, errors: e, lab: lab, pickers: pickers))
                \(organisationField("organisationB", "Seconde organisation", value: draft.organisationB, organisations: organisations, errors: e, lab: lab, pickers: pickers))
                \(FormFields.textarea("messageA", "Message à la première organisation (obligatoire)", value: draft.messageA, errors: e, hint: "Pourquoi cette rencontre : ce que l'autre peut apporter."))
                \(FormFields.textarea("messageB", "Message à la seconde organisation (obligatoire)", value: draft.messageB, errors: e))
                """
        } else {
            fields = """
                <p>Votre organisation : <strong>\(ownName ?? "—")</strong></p>
                \(organisationField("organisationB", "Organisation à rencontrer", value: draft.organisationB, organisations: organisations, errors: e, lab: lab, pickers: pickers))
                \(FormFields.textarea("message", "Votre message au labo", value: draft.message, errors: e, hint: "Ce que vous attendez de cette rencontre. Le labo la propose ensuite à l'autre organisation, qui reste libre de refuser."))
                """
        }
        return """
            <h1>\(facilitator ? "Proposer une mise en relation" : "Demander une mise en relation")</h1>
            \(FormFields.errorSummary(e))
            <form method="post" action="/labs/\(lab.slug)/mises-en-relation/nouvelle" novalidate>
            \(csrfField(csrfToken))\(hidden)
            \(fields)
            \(e.message(for: "needId").map { "<p class=\"field-error\" id=\"f-needId\">\($0)</p>" as HTML } ?? .empty)
            \(e.message(for: "offerId").map { "<p class=\"field-error\" id=\"f-offerId\">\($0)</p>" as HTML } ?? .empty)
            <div class="actions"><button type="submit">\(facilitator ? "Proposer" : "Envoyer la demande")</button><a href="/labs/\(lab.slug)/mises-en-relation">Annuler</a></div>
            </form>
            """
    }

    struct ShowModel {
        let lab: LabSummary
        let introduction: Introduction
        let events: [IntroductionEvent]
        let peopleA: [Person]
        let peopleB: [Person]
        let facilitator: Bool
        let side: IntroductionSide?
        let errors: ValidationErrors
        /// Partnerships recorded from this introduction.
        let partnerships: [(id: Int, title: String)]
        /// The experience sheet it was asked from: its title, and the person of organisation
        /// B it names as contact (among `peopleB`), if any.
        var sheet: (title: String, person: Person?)? = nil
    }

    static func contacts(_ people: [Person], of name: String) -> HTML {
        guard !people.isEmpty else {
            return "<p class=\"muted\">\(name) n'a pas encore renseigné de personne à contacter.</p>"
        }
        let rows: [HTML] = people.map { p in
            let email: HTML = p.email.map { "<a href=\"mailto:\($0)\">\($0)</a>" } ?? "—"
            return "<tr><td>\(p.name)</td><td>\(p.role ?? "—")</td><td>\(email)</td><td>\(p.phone ?? "—")</td></tr>"
        }
        return
            "<h3>\(name)</h3><div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Nom</th><th scope=\"col\">Fonction</th><th scope=\"col\">E-mail</th><th scope=\"col\">Téléphone</th></tr></thead><tbody>\(rows)</tbody></table></div>"
    }

    static func show(_ m: ShowModel, csrfToken: String) -> HTML {
        let i = m.introduction
        let base = "/labs/\(m.lab.slug)/mises-en-relation/\(i.id)"
        func answer(_ a: IntroductionAnswer?) -> String {
            a.map { $0 == .accepted ? "a accepté" : "a décliné" } ?? "n'a pas encore répondu"
        }
        var facts: [HTML] = [
            "<dt>Statut</dt><dd>\(i.status.label)</dd>",
            "<dt>\(i.organisationAName)</dt><dd>\(answer(i.state.answerA))</dd>",
            "<dt>\(i.organisationBName)</dt><dd>\(answer(i.state.answerB))</dd>"
        ]
        if let need = i.needID, let title = i.needTitle {
            facts.append("<dt>Besoin</dt><dd><a href=\"/labs/\(m.lab.slug)/besoins/\(need)\">\(title)</a></dd>")
        }
        if let offer = i.offerID, let title = i.offerTitle {
            facts.append("<dt>Offre</dt><dd><a href=\"/labs/\(m.lab.slug)/offres/\(offer)\">\(title)</a></dd>")
        }
        if let sheet = m.sheet {
            facts.append("<dt>Fiche d'expérience</dt><dd>\(sheet.title)</dd>")
        }

        var messages: [HTML] = []
        if let request = i.requestMessage, m.facilitator || m.side == .a {
            messages.append("<h3>Demande adressée au labo</h3><blockquote>\(request)</blockquote>")
        }
        if let a = i.messageA, m.facilitator || m.side == .a {
            messages.append("<h3>Message du labo à \(i.organisationAName)</h3><blockquote>\(a)</blockquote>")
        }
        if let b = i.messageB, m.facilitator || m.side == .b {
            messages.append("<h3>Message du labo à \(i.organisationBName)</h3><blockquote>\(b)</blockquote>")
        }

        // Contacts: only when both sides accepted; each side sees the other's people.
        let contacts: HTML
        if i.state.contactsVisible {
            var blocks: [HTML] = []
            if m.facilitator || m.side == .b { blocks.append(Self.contacts(m.peopleA, of: i.organisationAName)) }
            if m.facilitator || m.side == .a { blocks.append(Self.contacts(m.peopleB, of: i.organisationBName)) }
            if let person = m.sheet?.person, let title = m.sheet?.title, m.facilitator || m.side == .a {
                let email: HTML = person.email.map { " — <a href=\"mailto:\($0)\">\($0)</a>" } ?? .empty
                let phone: HTML = person.phone.map { " — \($0)" } ?? .empty
                blocks.insert(
                    "<p class=\"notice\">Pour la fiche « \(title) », \(i.organisationBName) désigne comme personne à contacter : <strong>\(person.name)</strong>\(email)\(phone).</p>",
                    at: 0)
            }
            contacts = "<h2>Coordonnées</h2><p>Les deux organisations ont accepté : voici leurs contacts.</p>\(blocks)"
        } else {
            contacts =
                "<h2>Coordonnées</h2><p class=\"muted\">Les coordonnées seront visibles ici quand les deux organisations auront accepté.</p>"
        }

        var forms: [HTML] = []
        let e = m.errors
        if m.facilitator && i.status == .requested {
            forms.append(
                """
                <h2>Proposer cette rencontre</h2>
                <form method="post" action="\(base)/proposer" novalidate>\(csrfField(csrfToken))
                \(FormFields.textarea("messageA", "Message à \(i.organisationAName) (obligatoire)", value: i.messageA, errors: e))
                \(FormFields.textarea("messageB", "Message à \(i.organisationBName) (obligatoire)", value: i.messageB, errors: e))
                <div class="actions"><button type="submit">Proposer aux deux organisations</button></div></form>
                """)
        }
        let canAnswer = [IntroductionStatus.proposed, .accepted, .declined].contains(i.status)
        if canAnswer, let side = m.side {
            forms.append(
                """
                <h2>Votre réponse</h2>
                <form method="post" action="\(base)/reponse" novalidate>\(csrfField(csrfToken))
                \(FormFields.textarea("note", "Un mot (facultatif)", value: nil, errors: e))
                <div class="actions"><button type="submit" name="answer" value="accepte">Accepter</button><button type="submit" name="answer" value="decline" class="danger">Décliner</button></div>
                <p class="hint">Vous pouvez changer d'avis tant que la rencontre n'a pas eu lieu. \((side == .a ? i.state.answerA : i.state.answerB) == nil ? "" : "Vous avez déjà répondu.")</p></form>
                """)
        } else if canAnswer && m.facilitator {
            let sides = [(value: "a", label: i.organisationAName), (value: "b", label: i.organisationBName)]
            forms.append(
                """
                <h2>Enregistrer une réponse reçue par téléphone ou e-mail</h2>
                <form method="post" action="\(base)/reponse" novalidate>\(csrfField(csrfToken))
                \(FormFields.select("side", "Pour", options: sides, selected: nil, errors: e, emptyLabel: nil))
                \(FormFields.textarea("note", "Comment la réponse a été donnée", value: nil, errors: e))
                <div class="actions"><button type="submit" name="answer" value="accepte">Accepte</button><button type="submit" name="answer" value="decline" class="danger">Décline</button></div></form>
                """)
        }
        var steps = i.state.nextSteps
        if !m.facilitator { steps.removeAll { $0 == .withdrawn && i.status != .requested } }
        if !steps.isEmpty && (m.facilitator || m.side != nil) {
            forms.append(
                """
                <h2>Suite</h2>
                <form method="post" action="\(base)/etape" novalidate>\(csrfField(csrfToken))
                \(FormFields.select("status", "Ce qui s'est passé", options: steps.map { (value: $0.rawValue, label: $0.label) }, selected: nil, errors: e, emptyLabel: nil))
                \(FormFields.textarea("note", "Note", value: nil, errors: e))
                <div class="actions"><button type="submit">Enregistrer</button></div></form>
                """)
        }
        let history: [HTML] = m.events.map { ev in
            let who = [ev.userName, ev.organisationName.map { "pour \($0)" }].compactMap { $0 }.joined(separator: " ")
            return
                "<li><strong>\(frenchDate(ev.at))</strong> — \(ev.action)\(who.isEmpty ? "" : " (\(who))")\(ev.note.map { " : « \($0) »" } ?? "")</li>"
        }
        let recorded: [HTML] = m.partnerships.map {
            "<li><a href=\"/labs/\(m.lab.slug)/partenariats/\($0.id)\">\($0.title)</a></li>"
        }
        var partnerships: HTML = .empty
        if !recorded.isEmpty || (i.state.contactsVisible && (m.facilitator || m.side != nil)) {
            partnerships = """
                <h2>Partenariat</h2>
                \(recorded.isEmpty ? HTML.empty : "<ul>\(recorded)</ul>" as HTML)
                \(i.state.contactsVisible && (m.facilitator || m.side != nil) ? "<p><a class=\"button secondary\" href=\"/labs/\(m.lab.slug)/partenariats/nouveau?introduction=\(i.id)\">Enregistrer le partenariat issu de cette mise en relation</a></p>" as HTML : .empty)
                """
        }
        return """
            <p><a href="/labs/\(m.lab.slug)/mises-en-relation">← Mises en relation</a></p>
            <h1>\(i.organisationAName) ↔ \(i.organisationBName)</h1>
            \(FormFields.errorSummary(e))
            <dl class="facts">\(facts)</dl>
            \(messages)
            \(contacts)
            \(forms)
            \(partnerships)
            <h2>Historique</h2>
            <ol>\(history)</ol>
            """
    }
}
