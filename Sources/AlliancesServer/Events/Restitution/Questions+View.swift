import AlliancesCore

/// Pages of questions from the room: the participant's (ask, upvote), the moderator's
/// (sorted by upvotes; approve, answered, hide) and the screen's.
enum QuestionPages {
    static func notice(_ code: String) -> String {
        switch code {
        case "question": "Question envoyée : elle paraîtra une fois approuvée par la modération."
        case "soutien": "C'est noté."
        case "moderation": "Modération enregistrée."
        default: "C'est fait."
        }
    }

    static func votes(_ n: Int) -> String { "\(n) soutien\(n > 1 ? "s" : "")" }

    struct Participant {
        let event: RencontreEvent
        let session: EventSession
        let token: String
        let registrationID: Int
        let questions: [PlenaryQuestion]
        let upvoted: Set<Int>
        var errors = ValidationErrors()
        var text: String?
        let csrfToken: String

        var base: String { "/evenements/\(event.slug)/inscription/\(token)/questions/\(session.id)" }
    }

    static func participant(_ m: Participant) -> HTML {
        let open = PlenaryQuestions.ranking(
            m.questions.filter { $0.status == .approved }, votes: \.votes, order: \.id)
        let items: [HTML] = open.map { q in
            let mine = m.upvoted.contains(q.id)
            return """
                <li><p class="proposal">\(q.text)</p><p><strong>\(votes(q.votes))</strong>
                <form method="post" action="\(m.base)/\(q.id)/soutenir" class="inline">\(csrfField(m.csrfToken))<input type="hidden" name="on" value="\(mine ? "0" : "1")"><button type="submit">\(mine ? "Retirer mon soutien" : "Soutenir")<span class="visually-hidden"> : \(q.text)</span></button></form></p></li>
                """
        }
        let answered: [HTML] = m.questions.filter { $0.status == .answered }.map { "<li>\($0.text)</li>" }
        let mine: [HTML] = m.questions.filter { $0.registrationID == m.registrationID && $0.status == .pending }.map {
            "<li>\($0.text) <span class=\"muted\">(\(QuestionStatus.pending.label))</span></li>"
        }
        return """
            \(EventPages.header(m.event))
            <h2>Questions à « \(m.session.title) »</h2>
            \(FormFields.errorSummary(m.errors))
            <form method="post" action="\(m.base)" class="stack">\(csrfField(m.csrfToken))
            \(FormFields.text("text", "Votre question", value: m.text, errors: m.errors, required: true, hint: "\(PlenaryQuestions.maxLength) caractères au plus ; elle paraît une fois approuvée par la modération.", maxLength: PlenaryQuestions.maxLength))
            <button type="submit">Poser la question</button></form>
            \(mine.isEmpty ? HTML.empty : "<h3>Mes questions en attente</h3><ul>\(mine)</ul>" as HTML)
            <h3>Questions de la salle</h3>
            \(items.isEmpty ? "<p>Aucune question approuvée pour l'instant.</p>" as HTML : "<ol class=\"results\">\(items)</ol>")
            \(answered.isEmpty ? HTML.empty : "<h3>Déjà répondu</h3><ul>\(answered)</ul>" as HTML)
            <p><a href="/evenements/\(m.event.slug)/inscription/\(m.token)">Retour à mon inscription</a></p>
            """
    }

    static func moderator(
        _ event: RencontreEvent, _ session: EventSession, _ questions: [PlenaryQuestion], csrfToken: String
    ) -> HTML {
        let base = "/evenements/\(event.slug)/questions/\(session.id)"
        func button(_ q: PlenaryQuestion, _ status: QuestionStatus, _ label: String) -> HTML {
            "<form method=\"post\" action=\"\(base)/\(q.id)/\(status.rawValue)\" class=\"inline\">\(csrfField(csrfToken))<button type=\"submit\">\(label)<span class=\"visually-hidden\"> : \(q.text)</span></button></form>"
        }
        func list(_ status: QuestionStatus, _ title: String, actions: [(QuestionStatus, String)]) -> HTML {
            let chosen = PlenaryQuestions.ranking(questions.filter { $0.status == status }, votes: \.votes, order: \.id)
            guard !chosen.isEmpty else { return .empty }
            let items: [HTML] = chosen.map { q in
                "<li><p class=\"proposal\">\(q.text)</p><p><strong>\(votes(q.votes))</strong> \(HTML.join(actions.map { button(q, $0.0, $0.1) }, separator: " "))</p></li>"
            }
            return "<h3>\(title) (\(chosen.count))</h3><ol class=\"results\">\(items)</ol>"
        }
        return """
            \(EventPages.header(event))
            <h2>Modération des questions : \(session.title)</h2>
            <p>Les questions approuvées paraissent à l'écran et peuvent être soutenues par les participants ; triées par soutiens. <a href="\(base)/projection">Écran de la salle</a></p>
            \(list(.pending, "À modérer", actions: [(.approved, "Approuver"), (.hidden, "Masquer")]))
            \(list(.approved, "À l'écran", actions: [(.answered, "Répondue"), (.hidden, "Masquer")]))
            \(list(.answered, "Répondues", actions: [(.approved, "Remettre à l'écran")]))
            \(list(.hidden, "Masquées", actions: [(.approved, "Approuver")]))
            \(questions.isEmpty ? "<p>Aucune question pour l'instant.</p>" as HTML : .empty)
            """
    }

    /// The screen: the approved questions by upvotes, large type, reloaded every 10 seconds
    /// (by the script; without it, by a refresh: a screen in a room, not a page to read).
    static func projector(_ event: RencontreEvent, _ session: EventSession, _ questions: [PlenaryQuestion]) -> HTML {
        let open = PlenaryQuestions.ranking(questions.filter { $0.status == .approved }, votes: \.votes, order: \.id)
        let items: [HTML] = open.prefix(8).map { "<li>\($0.text) — <strong>\(votes($0.votes))</strong></li>" }
        return """
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <noscript><meta http-equiv="refresh" content="10"></noscript>
            <title>Questions · \(session.title)</title>
            <link rel="stylesheet" href="/static/app.css?v=\(Stylesheet.version)">
            <script src="/static/restitution.js?v=\(RestitutionScript.version)" defer></script>
            </head>
            <body class="projector">
            <main id="contenu">
            <h1 data-reload="10">Questions de la salle</h1>
            <p class="state">\(session.title) · \(event.title)</p>
            \(items.isEmpty ? "<p>Aucune question pour l'instant.</p>" as HTML : "<ol class=\"ranking\">\(items)</ol>")
            </main>
            </body>
            </html>
            """
    }
}
