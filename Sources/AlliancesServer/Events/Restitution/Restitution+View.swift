import AlliancesCore

/// Pages of restitution: a participant's workshop page (proposals, dots), the rapporteur's
/// output form and moderation, the organiser's page, the projector.
enum RestitutionPages {
    static func notice(_ code: String) -> String {
        switch code {
        case "proposition": "Proposition envoyée."
        case "vote": "Vote enregistré."
        case "moderation": "Modération enregistrée."
        case "brouillon": "Brouillon enregistré."
        case "publie": "Restitution publiée : elle figure dans la synthèse."
        case "reglages": "Réglages enregistrés."
        case "rapporteur": "Rapporteur nommé."
        case "retire": "Rapporteur retiré."
        case "visibilite": "Visibilité de la synthèse enregistrée."
        case "document": "Document ajouté : il figure dans la synthèse."
        case "document-retire": "Document retiré."
        default: "C'est fait."
        }
    }

    // MARK: The participant's workshop page

    struct Workshop {
        let event: RencontreEvent
        let session: EventSession
        let token: String
        let part: RestitutionService.Part
        let restitution: SessionRestitution
        let proposals: [Proposal]
        /// The viewer's dots per proposal.
        let ballot: [Int: Int]
        var errors = ValidationErrors()
        var text: String?
        var theme: String?
        let csrfToken: String

        var base: String { "/evenements/\(event.slug)/inscription/\(token)/ateliers/\(session.id)" }
        var used: Int { ballot.values.reduce(0, +) }
        var left: Int { restitution.votesPerParticipant - used }
        var visible: [Proposal] { proposals.filter { $0.status == .visible } }
    }

    static func workshop(_ m: Workshop) -> HTML {
        let open = m.restitution.voteState == .open
        let items: [HTML] = m.visible.map { p in
            let mine = m.ballot[p.id] ?? 0
            func set(_ dots: Int, _ label: String, enabled: Bool) -> HTML {
                """
                <form method="post" action="\(m.base)/votes" class="inline">\(csrfField(m.csrfToken))<input type="hidden" name="proposal" value="\(p.id)"><input type="hidden" name="dots" value="\(dots)"><button type="submit"\(enabled ? HTML.empty : " disabled")>\(label)<span class="visually-hidden"> : \(p.text)</span></button></form>
                """
            }
            let buttons: HTML =
                open
                ? "\(set(mine + 1, "+1 vote", enabled: m.left > 0)) \(set(mine - 1, "−1", enabled: mine > 0))" : .empty
            return """
                <li><p class="proposal">\(p.text)\(p.theme.map { " <span class=\"muted\">(\($0))</span>" as HTML } ?? .empty)</p>
                <p><strong>\(p.votes) vote\(p.votes > 1 ? "s" : "")</strong> · mes votes : <strong>\(mine)</strong> \(buttons)</p>
                \(m.part == .rapporteur ? moderation(m, p) : HTML.empty)</li>
                """
        }
        let hidden: [HTML] =
            m.part == .rapporteur
            ? m.proposals.filter { $0.status != .visible }.map { p in
                "<li>\(p.text) <span class=\"muted\">(\(p.status.label))</span>\(p.status == .hidden ? moderationButton(m, p, "afficher", "Afficher de nouveau") : HTML.empty)</li>"
            } : []
        let themes: [(value: String, label: String)] = m.session.questions.map { ($0, $0) }
        let form: HTML =
            m.restitution.voteState == .closed
            ? "<p class=\"notice\">Le vote est clos : les propositions et les votes sont arrêtés.</p>"
            : """
            <h2>Proposer</h2>
            \(FormFields.errorSummary(m.errors))
            <form method="post" action="\(m.base)/propositions" class="stack">\(csrfField(m.csrfToken))
            \(FormFields.text("text", "Votre proposition", value: m.text, errors: m.errors, required: true, hint: "Une phrase, \(RestitutionRules.proposalMaxLength) caractères au plus.", maxLength: RestitutionRules.proposalMaxLength))
            \(themes.isEmpty ? HTML.empty : FormFields.select("theme", "Thème (facultatif)", options: themes, selected: m.theme, errors: m.errors))
            <button type="submit">Envoyer la proposition</button></form>
            """
        return """
            \(EventPages.header(m.event))
            <h2>\(m.session.title)</h2>
            <p class="notice">\(m.restitution.voteState.label). \(open ? "Vous avez \(m.restitution.votesPerParticipant) votes à répartir : il vous en reste \(m.left). Vous pouvez les déplacer jusqu'à la clôture." as String : "")</p>
            \(m.part == .rapporteur ? "<p>Vous êtes rapporteur de cet atelier : <a href=\"\(m.base)/restitution\">rédiger la restitution</a>. Vous pouvez aussi masquer une proposition hors sujet ou fusionner deux doublons ci-dessous.</p>" as HTML : .empty)
            <p><a href="/evenements/\(m.event.slug)/ateliers/\(m.session.id)/projection">Classement en direct (écran de la salle)</a></p>
            <h2>Propositions</h2>
            \(items.isEmpty ? "<p>Aucune proposition pour l'instant.</p>" as HTML : "<ol class=\"results proposals\">\(items)</ol>")
            \(hidden.isEmpty ? HTML.empty : "<h3>Propositions masquées ou fusionnées</h3><ul>\(hidden)</ul>")
            \(form)
            <p><a href="/evenements/\(m.event.slug)/inscription/\(m.token)">Retour à mon inscription</a></p>
            """
    }

    static func moderationButton(_ m: Workshop, _ p: Proposal, _ action: String, _ label: String) -> HTML {
        """
         <form method="post" action="\(m.base)/propositions/\(p.id)/moderer" class="inline">\(csrfField(m.csrfToken))<input type="hidden" name="action" value="\(action)"><button type="submit" class="link">\(label)<span class="visually-hidden"> : \(p.text)</span></button></form>
        """
    }

    static func moderation(_ m: Workshop, _ p: Proposal) -> HTML {
        let others: [HTML] = m.visible.filter { $0.id != p.id }.map {
            "<option value=\"\($0.id)\">\(String($0.text.prefix(80)))</option>"
        }
        let merge: HTML =
            others.isEmpty
            ? .empty
            : """
            <form method="post" action="\(m.base)/propositions/\(p.id)/moderer" class="inline">\(csrfField(m.csrfToken))<input type="hidden" name="action" value="fusionner">
            <label for="into-\(p.id)">Doublon de</label> <select id="into-\(p.id)" name="into">\(others)</select> <button type="submit">Fusionner</button></form>
            """
        return "<p class=\"actions\">\(moderationButton(m, p, "masquer", "Masquer (hors sujet)")) \(merge)</p>"
    }

    // MARK: The rapporteur's output

    struct OutputForm {
        let event: RencontreEvent
        let session: EventSession
        let token: String
        let status: OutputStatus
        let output: WorkshopOutput
        var errors = ValidationErrors()
        let csrfToken: String

        var base: String { "/evenements/\(event.slug)/inscription/\(token)/ateliers/\(session.id)" }
        /// The commitments' rows: those written and three empty ones.
        var rows: Int { min(output.commitments.count + 3, RestitutionRules.maxCommitments) }
    }

    static func outputForm(_ m: OutputForm) -> HTML {
        let sections: [HTML] = WorkshopOutput.sections.map { s in
            FormFields.textarea(s.key, s.label, value: m.output[keyPath: s.path], errors: m.errors)
        }
        let rows: [HTML] = (0..<m.rows).map { i in
            let c = i < m.output.commitments.count ? m.output.commitments[i] : nil
            return """
                <fieldset><legend>Engagement \(i + 1)</legend>
                \(FormFields.text("commitment-who-\(i)", "Qui (personne ou organisation)", value: c?.who, errors: m.errors, maxLength: RestitutionRules.commitmentMaxLength))
                \(FormFields.text("commitment-what-\(i)", "Fait quoi", value: c?.what, errors: m.errors, maxLength: RestitutionRules.commitmentMaxLength))
                \(FormFields.text("commitment-due-\(i)", "Pour quand", value: c?.due, errors: m.errors, maxLength: 100))
                </fieldset>
                """
        }
        return """
            \(EventPages.header(m.event))
            <h2>Restitution : \(m.session.title)</h2>
            <p class="notice">\(m.status.label). Enregistrez un brouillon autant de fois que nécessaire ; publiez quand la restitution est prête : elle figure alors dans la synthèse.</p>
            \(FormFields.errorSummary(m.errors))
            <form method="post" action="\(m.base)/restitution" class="stack" data-autosave="\(m.base)/restitution">\(csrfField(m.csrfToken))
            \(sections)
            <h3>Engagements : qui fait quoi, pour quand</h3>
            <p class="hint">Une organisation inscrite à la rencontre, écrite sous son nom, est reliée à sa fiche de l'annuaire.</p>
            <input type="hidden" name="rows" value="\(m.rows)">
            \(rows)
            <p class="autosave muted" role="status" aria-live="polite"></p>
            <p class="actions"><button type="submit" name="action" value="brouillon">Enregistrer le brouillon</button> <button type="submit" name="action" value="publier">Publier la restitution</button></p>
            </form>
            <p><a href="\(m.base)">Retour aux propositions de l'atelier</a></p>
            <script src="/static/restitution.js?v=\(RestitutionScript.version)" defer></script>
            """
    }

    // MARK: The organiser's page

    struct Organiser {
        let loaded: Loaded
        let overview: RestitutionService.Overview
        let participants: [Int: [(id: Int, name: String, organisation: String?)]]
        let visibility: SynthesisVisibility
        var documents: [Int: [SessionDocument]] = [:]
        let csrfToken: String

        var workshops: [EventSession] { loaded.sessions.filter { $0.kind == .workshop } }
    }

    /// Where a follow-up goes when nothing names a lab: a GET form back to the same link,
    /// with the lab chosen among those the organiser animates.
    static func followUpLab(
        event: RencontreEvent, session: EventSession, source: String, kind: FollowUpKind, labs: [Lab]
    )
        -> HTML
    {
        let options: [HTML] = labs.map { "<option value=\"\($0.slug)\">\($0.name)</option>" }
        let form: HTML =
            labs.isEmpty
            ? "<p>Vous n'animez aucun labo : demandez à l'animateur d'un labo d'y donner suite.</p>"
            : """
            <form method="get" action="/evenements/\(event.slug)/restitution/\(session.id)/suite">
            <input type="hidden" name="source" value="\(source)"><input type="hidden" name="type" value="\(kind.rawValue)">
            <div class="field"><label for="suite-labo">Labo</label><select id="suite-labo" name="labo">\(options)</select></div>
            <div class="actions"><button type="submit">Continuer</button></div>
            </form>
            """
        return """
            <h1>Donner suite : \(kind.label.lowercased())</h1>
            <p class="lead">Atelier « \(session.title) » de la rencontre « \(event.title) ». Ni l'organisation ni la rencontre ne sont rattachées à un labo : choisissez le labo où créer \(kind == .partnership ? "ce partenariat" : kind == .need ? "ce besoin" : "cette offre").</p>
            \(form)
            """
    }

    static func organiser(_ m: Organiser) -> HTML {
        let slug = m.loaded.event.slug
        let rows: [HTML] = m.workshops.map { s in
            let r = m.overview.restitution(s.id)
            let proposals = m.overview.proposals[s.id] ?? []
            let named = m.overview.rapporteurs[s.id] ?? []
            let namedIDs = Set(named.map(\.registrationID))
            let rapporteurs: [HTML] = named.map { person in
                "<li>\(person.name) <form method=\"post\" action=\"/evenements/\(slug)/restitution/\(s.id)/rapporteurs/\(person.registrationID)/retirer\" class=\"inline\">\(csrfField(m.csrfToken))<button type=\"submit\" class=\"link\">Retirer<span class=\"visually-hidden\"> \(person.name)</span></button></form></li>"
            }
            let candidates: [HTML] = (m.participants[s.id] ?? []).filter { !namedIDs.contains($0.id) }.map {
                "<option value=\"\($0.id)\">\($0.name)\($0.organisation.map { " — \($0)" } ?? "")</option>"
            }
            let pick: HTML =
                candidates.isEmpty
                ? "<p class=\"muted\">Aucun autre participant confirmé dans cet atelier.</p>"
                : """
                <form method="post" action="/evenements/\(slug)/restitution/\(s.id)/rapporteurs" class="inline">\(csrfField(m.csrfToken))
                <label for="rapporteur-\(s.id)">Nommer un rapporteur</label> <select id="rapporteur-\(s.id)" name="registration">\(candidates)</select> <button type="submit">Nommer</button></form>
                """
            let states: [HTML] = VoteState.allCases.map {
                "<option value=\"\($0.rawValue)\"\($0 == r.voteState ? " selected" : "")>\($0.label)</option>"
            }
            return """
                <section class="slot"><h3>\(s.title)</h3>
                <p>Restitution : <strong>\(r.outputStatus.label)</strong> · \(proposals.filter { $0.status == .visible }.count) proposition(s) · \(proposals.reduce(0) { $0 + $1.votes }) vote(s) placés</p>
                <h4>Rapporteurs</h4>\(rapporteurs.isEmpty ? "<p>Aucun pour l'instant.</p>" as HTML : "<ul>\(rapporteurs)</ul>")\(pick)
                <form method="post" action="/evenements/\(slug)/restitution/\(s.id)/vote" class="inline">\(csrfField(m.csrfToken))
                <label for="votes-\(s.id)">Votes par participant</label> <input type="number" id="votes-\(s.id)" name="votes" min="\(RestitutionRules.votesRange.lowerBound)" max="\(RestitutionRules.votesRange.upperBound)" value="\(r.votesPerParticipant)">
                <label for="state-\(s.id)">État du vote</label> <select id="state-\(s.id)" name="state">\(states)</select>
                <button type="submit">Enregistrer<span class="visually-hidden"> : \(s.title)</span></button></form>
                <p><a href="/evenements/\(slug)/ateliers/\(s.id)/projection">Écran de la salle (classement en direct)</a></p>
                </section>
                """
        }
        let plenary: [HTML] = m.loaded.sessions.filter { PlenaryQuestions.kinds.contains($0.kind) }.map {
            "<li>\($0.title) : <a href=\"/evenements/\(slug)/questions/\($0.id)\">modérer les questions<span class=\"visually-hidden\"> de \($0.title)</span></a> · <a href=\"/evenements/\(slug)/questions/\($0.id)/projection\">écran<span class=\"visually-hidden\"> des questions de \($0.title)</span></a></li>"
        }
        let documents: [HTML] = m.loaded.sessions.filter { $0.kind != .meal }.map { s in
            let files: [HTML] = (m.documents[s.id] ?? []).map { d in
                "<li><a href=\"/evenements/\(slug)/sessions/\(s.id)/documents/\(d.id)\">\(d.filename)</a> <form method=\"post\" action=\"/evenements/\(slug)/restitution/\(s.id)/documents/\(d.id)/supprimer\" class=\"inline\">\(csrfField(m.csrfToken))<button type=\"submit\" class=\"link\">Retirer<span class=\"visually-hidden\"> \(d.filename)</span></button></form></li>"
            }
            return """
                <details><summary>\(s.title) <span class="muted">(\(s.startsAt.frenchTime)\(files.isEmpty ? "" : ", \(files.count) document\(files.count > 1 ? "s" : "")"))</span></summary>
                \(files.isEmpty ? HTML.empty : "<ul>\(files)</ul>" as HTML)
                <form method="post" action="/evenements/\(slug)/restitution/\(s.id)/documents" enctype="multipart/form-data" class="inline">\(csrfField(m.csrfToken))
                <label for="document-\(s.id)">Ajouter un document</label> <input type="file" id="document-\(s.id)" name="file"> <button type="submit">Envoyer<span class="visually-hidden"> : \(s.title)</span></button></form>
                </details>
                """
        }
        let visibilities: [HTML] = SynthesisVisibility.allCases.map {
            "<option value=\"\($0.rawValue)\"\($0 == m.visibility ? " selected" : "")>\($0.label)</option>"
        }
        return """
            \(EventPages.header(m.loaded.event))
            <h2>Restitution des ateliers</h2>
            <p>Pour chaque atelier : nommez un ou plusieurs rapporteurs parmi les participants (ils rédigent la restitution depuis leur lien d'inscription), réglez le nombre de votes par participant, ouvrez puis clôturez le vote.</p>
            <form method="post" action="/evenements/\(slug)/restitution/visibilite" class="inline">\(csrfField(m.csrfToken))
            <label for="visibility">Synthèse</label> <select id="visibility" name="visibility">\(visibilities)</select> <button type="submit">Enregistrer la visibilité</button></form>
            <p><a href="/evenements/\(slug)/synthese">Voir la synthèse</a> · <a href="/evenements/\(slug)/restitution/projection">Restitution en plénière (écran)</a> · <a href="/evenements/\(slug)/evaluation">Évaluation par les participants</a> · <a href="/evenements/\(slug)/exports">Exports</a></p>
            \(rows.isEmpty ? "<p>Ce programme n'a pas d'atelier.</p>" as HTML : "<div class=\"parallel\">\(rows)</div>")
            \(plenary.isEmpty ? HTML.empty : "<h2>Questions de la salle en plénière</h2><ul>\(plenary)</ul>" as HTML)
            <h2>Documents des sessions</h2>
            <p>Supports, photos, comptes rendus : \(DocumentType.accepted). Ils figurent dans la synthèse, pour qui peut la voir.</p>
            \(HTML.join(documents))
            """
    }

    // MARK: The projector

    /// Proposals ranked, with an SVG bar per proposal (its length proportional to its votes).
    static func ranking(_ ranking: [Proposal], total: Int) -> HTML {
        guard !ranking.isEmpty else { return "<p>Aucune proposition pour l'instant.</p>" }
        let top = max(1, ranking.first?.votes ?? 1)
        let items: [HTML] = ranking.prefix(12).map { p in
            let width = Double(p.votes) / Double(top) * 100
            return """
                <li><span class="proposal">\(p.text)</span>
                <span class="bar"><svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect x="0" y="0" width="\(String(format: "%.1f", width))" height="6"></rect></svg>
                <strong>\(p.votes) vote\(p.votes > 1 ? "s" : "")</strong></span></li>
                """
        }
        return
            "<ol class=\"ranking\">\(items)</ol><p class=\"muted\">\(total) vote\(total > 1 ? "s" : "") au total.</p>"
    }

    /// The plenary's screen for one workshop: its output and its top proposals, large type,
    /// links to the previous and next workshops.
    static func walkthrough(event: RencontreEvent, workshop w: Synthesis.Workshop, index: Int, count: Int) -> HTML {
        let base = "/evenements/\(event.slug)/restitution/projection"
        var sections: [HTML] = []
        if let o = w.output {
            sections = o.filledSections.map { "<h2>\($0.label)</h2>\(paragraphs($0.text))" }
            if !o.commitments.isEmpty {
                let items: [HTML] = o.commitments.map {
                    "<li><strong>\($0.who)</strong> : \($0.what)\($0.due.map { " — pour \($0)" } ?? "")</li>"
                }
                sections.append("<h2>Engagements</h2><ul>\(items)</ul>")
            }
        } else {
            sections.append("<p>La restitution de cet atelier n'est pas encore publiée.</p>")
        }
        let top: [HTML] = w.proposals.prefix(5).map {
            "<li>\($0.text) — <strong>\($0.votes) vote\($0.votes > 1 ? "s" : "")</strong></li>"
        }
        let previous: HTML = index > 1 ? "<a href=\"\(base)?atelier=\(index - 1)\">← Atelier précédent</a>" : .empty
        let next: HTML = index < count ? "<a href=\"\(base)?atelier=\(index + 1)\">Atelier suivant →</a>" : .empty
        return """
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Restitution · \(w.title)</title>
            <link rel="stylesheet" href="/static/app.css?v=\(Stylesheet.version)">
            </head>
            <body class="projector">
            <main id="contenu">
            <p class="state">Restitution des ateliers · \(index) sur \(count) · \(event.title)</p>
            <h1>\(w.title)</h1>
            \(HTML.join(sections))
            \(top.isEmpty ? HTML.empty : "<h2>Propositions les plus votées</h2><ol>\(top)</ol>" as HTML)
            <nav class="actions" aria-label="Ateliers">\(previous) \(next)</nav>
            </main>
            </body>
            </html>
            """
    }

    /// The page for the room's screen: large type, no navigation; refreshed by the script
    /// through server-sent events, or every 10 seconds without it.
    static func projector(event: RencontreEvent, session: EventSession, state: VoteState, ranking: HTML) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Classement · \(session.title)</title>
        <link rel="stylesheet" href="/static/app.css?v=\(Stylesheet.version)">
        <noscript><meta http-equiv="refresh" content="10"></noscript>
        <script src="/static/restitution.js?v=\(RestitutionScript.version)" defer></script>
        </head>
        <body class="projector">
        <main id="contenu">
        <h1>\(session.title)</h1>
        <p class="state">\(state.label) · \(event.title)</p>
        <div id="classement" aria-live="polite" data-stream="/evenements/\(event.slug)/ateliers/\(session.id)/projection/flux">\(ranking)</div>
        </main>
        </body>
        </html>
        """
    }
}
