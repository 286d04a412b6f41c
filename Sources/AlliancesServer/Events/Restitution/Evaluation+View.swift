import AlliancesCore
import Foundation

/// The post-event evaluation: the participant's form and the organisers' results.
enum EvaluationPages {
    struct Form {
        let event: RencontreEvent
        let sessions: [EventSession]
        let token: String
        let answer: EvaluationAnswer
        var form: [String: String] = [:]
        var errors = ValidationErrors()
        let csrfToken: String
    }

    static func form(_ m: Form) -> HTML {
        let action = "/evenements/\(m.event.slug)/inscription/\(m.token)/evaluation"
        let sessions: [HTML] = m.sessions.map { s in
            let name = "score-\(s.id)"
            let chosen = m.form[name] ?? m.answer.scores[s.id].map(String.init) ?? ""
            let error = m.errors.message(for: name)
            let options: [HTML] = ([("", "Sans avis")] + (1...5).map { (String($0), String($0)) }).map { value, label in
                "<label><input type=\"radio\" name=\"\(name)\" value=\"\(value)\"\(chosen == value ? " checked" as HTML : .empty)> \(label)</label>"
            }
            return """
                <fieldset id="f-\(name)"\(error != nil ? " aria-describedby=\"e-\(name)\"" as HTML : .empty)><legend>\(s.title) <span class="muted">(\(s.startsAt.frenchTime))</span></legend>
                \(error.map { "<p class=\"field-error\" id=\"e-\(name)\">\($0)</p>" as HTML } ?? .empty)
                <p class="choices">\(HTML.join(options, separator: " "))</p></fieldset>
                """
        }
        let come = m.form["comeAgain"] ?? m.answer.comeAgain?.rawValue ?? ""
        let comeOptions: [HTML] = ComeAgain.allCases.map { c in
            "<label><input type=\"radio\" name=\"comeAgain\" value=\"\(c.rawValue)\"\(come == c.rawValue ? " checked" as HTML : .empty)> \(c.label)</label>"
        }
        return """
            \(EventPages.header(m.event))
            <h2>Votre avis sur la rencontre</h2>
            <p>Notez les temps auxquels vous avez participé, de 1 (pas du tout satisfait) à 5 (très satisfait). Vos réponses sont lues par l'équipe organisatrice seulement, sans votre nom dans les résultats ; vous pouvez les modifier ici.</p>
            \(FormFields.errorSummary(m.errors))
            <form method="post" action="\(action)" class="stack">\(csrfField(m.csrfToken))
            \(HTML.join(sessions))
            \(FormFields.textarea("keep", "Ce qu'il faut garder", value: m.form["keep"] ?? m.answer.keep, errors: m.errors))
            \(FormFields.textarea("change", "Ce qu'il faut changer", value: m.form["change"] ?? m.answer.change, errors: m.errors))
            <fieldset id="f-comeAgain"><legend>Reviendriez-vous ?</legend><p class="choices">\(HTML.join(comeOptions, separator: " "))</p></fieldset>
            <button type="submit">Envoyer mon avis</button></form>
            <p><a href="/evenements/\(m.event.slug)/inscription/\(m.token)">Retour à mon inscription</a></p>
            """
    }

    /// One bar per score 1…5, its length proportional to its count.
    static func distribution(_ counts: [Int], caption: String) -> HTML {
        let total = counts.reduce(0, +)
        let top = max(1, counts.max() ?? 1)
        let bars: [HTML] = counts.enumerated().map { index, n in
            let width = Double(n) / Double(top) * 80
            return
                "<rect x=\"8\" y=\"\(index * 10 + 1)\" width=\"\(String(format: "%.1f", width))\" height=\"8\"></rect><text x=\"0\" y=\"\(index * 10 + 8)\" font-size=\"7\">\(index + 1)</text><text x=\"\(String(format: "%.1f", width + 10))\" y=\"\(index * 10 + 8)\" font-size=\"7\">\(n)</text>"
        }
        let summary = counts.enumerated().map { "\($0.element) × \($0.offset + 1)" }.joined(separator: ", ")
        return """
            <svg class="scores" viewBox="0 0 100 50" role="img" aria-label="\(caption) : \(summary) (\(total) réponse\(total > 1 ? "s" : ""))">\(bars)</svg>
            """
    }

    static func results(
        _ loaded: Loaded, _ results: EvaluationStore.Results, sessions: [EventSession], csrfToken: String
    ) -> HTML {
        let slug = loaded.event.slug
        let rows: [HTML] = sessions.compactMap { s in
            guard let counts = results.scores[s.id] else { return nil }
            let n = counts.reduce(0, +)
            let mean = Double(counts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }) / Double(max(1, n))
            return """
                <tr><th scope="row">\(s.title)</th><td>\(n)</td><td>\(String(format: "%.1f", mean).replacingOccurrences(of: ".", with: ","))</td><td>\(distribution(counts, caption: "Notes de « \(s.title) »"))</td></tr>
                """
        }
        let come: [HTML] = ComeAgain.allCases.map {
            "<li>\($0.label) : <strong>\(results.comeAgain[$0] ?? 0)</strong></li>"
        }
        func texts(_ list: [String]) -> HTML {
            list.isEmpty
                ? "<p class=\"muted\">Aucune réponse.</p>"
                : "<ul>\(list.map { "<li>\(paragraphs($0))</li>" as HTML })</ul>"
        }
        return """
            \(EventPages.header(loaded.event))
            <h2>Évaluation de la rencontre</h2>
            <p><strong>\(results.answers)</strong> réponse\(results.answers > 1 ? "s" : "") pour \(results.invited) participant\(results.invited > 1 ? "s" : "") invité\(results.invited > 1 ? "s" : ""). Les réponses ne sont jamais présentées avec le nom de leur auteur.</p>
            <form method="post" action="/evenements/\(slug)/evaluation/envoyer">\(csrfField(csrfToken))<button type="submit">Envoyer le questionnaire aux participants confirmés qui ne l'ont pas encore reçu</button></form>
            <h3>Satisfaction par session (1 à 5)</h3>
            \(rows.isEmpty ? "<p class=\"muted\">Aucune note pour l'instant.</p>" as HTML : "<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Session</th><th scope=\"col\">Réponses</th><th scope=\"col\">Moyenne</th><th scope=\"col\">Répartition</th></tr></thead><tbody>\(rows)</tbody></table></div>")
            <h3>Reviendraient-ils ?</h3><ul>\(come)</ul>
            <h3>À garder</h3>\(texts(results.keep))
            <h3>À changer</h3>\(texts(results.change))
            <p><a href="/evenements/\(slug)/restitution">Restitution des ateliers</a></p>
            """
    }
}
