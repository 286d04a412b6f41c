import AlliancesCore
import Foundation

/// The synthesis page: readable on a screen, printable to A4 (the stylesheet's print rules
/// drop the navigation and keep each workshop on its own block).
enum SynthesisPages {
    /// Colours of the worlds in charts, distinct and dark enough on white.
    static let palette = [
        "#0b5e7c", "#a4161a", "#1e6b34", "#6a3d9a", "#b15928", "#4a5566", "#8c510a", "#01665e", "#767676"
    ]

    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    /// One horizontal bar split by world, with its numbers in a table beside it.
    static func worldsChart(_ worlds: [Synthesis.World], caption: String, id: String) -> HTML {
        let total = worlds.reduce(0) { $0 + $1.participants }
        guard total > 0 else { return "<p class=\"muted\">Aucun participant confirmé enregistré.</p>" }
        var x = 0.0
        var rects: [HTML] = []
        for (index, w) in worlds.enumerated() {
            let width = Double(w.participants) / Double(total) * 100
            rects.append(
                "<rect x=\"\(String(format: "%.2f", x))\" y=\"0\" width=\"\(String(format: "%.2f", width))\" height=\"8\" fill=\"\(colour(index))\"></rect>"
            )
            x += width
        }
        let rows: [HTML] = worlds.enumerated().map { index, w in
            "<tr><td><svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"10\" height=\"10\" fill=\"\(colour(index))\"></rect></svg> \(w.label)</td><td>\(w.participants)</td><td>\(Int((Double(w.participants) / Double(total) * 100).rounded())) %</td></tr>"
        }
        let summary = worlds.map { "\($0.label) \($0.participants)" }.joined(separator: ", ")
        return """
            <figure class="worlds"><svg viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-labelledby="\(id)-title"><title id="\(id)-title">\(caption) : \(summary)</title>\(rects)</svg>
            <figcaption class="visually-hidden">\(caption)</figcaption>
            <table><caption class="visually-hidden">\(caption)</caption><thead><tr><th scope="col">Monde</th><th scope="col">Participants</th><th scope="col">Part</th></tr></thead><tbody>\(rows)</tbody></table></figure>
            """
    }

    /// An organiser's links turning a commitment or a proposal into a need, an offer or a
    /// partnership (the marketplace's form, filled from it).
    static func followUpLinks(_ event: String, _ session: Int, _ source: String) -> HTML {
        let links: [HTML] = FollowUpKind.allCases.map { kind in
            "<a href=\"/evenements/\(event)/restitution/\(session)/suite?source=\(source)&amp;type=\(kind.rawValue)\">\(kind.label.lowercased())</a>"
        }
        return " <span class=\"actions\">Donner suite : \(HTML.join(links, separator: " · "))</span>"
    }

    static func render(_ m: Synthesis.Model, canOrganise: Bool) -> HTML {
        let workshops: [HTML] = m.workshops.map { w in
            var output: HTML = "<p class=\"muted\">Restitution pas encore publiée.</p>"
            if let o = w.output {
                let sections: [HTML] = o.filledSections.map { "<h4>\($0.label)</h4>\(paragraphs($0.text))" }
                let commitments: [HTML] = o.commitments.enumerated().map { index, c in
                    "<li><strong>\(c.who)</strong> : \(c.what)\(c.due.map { " — <em>pour \($0)</em>" as HTML } ?? .empty)\(canOrganise ? followUpLinks(m.event, w.id, "engagement-\(index)") : HTML.empty)</li>"
                }
                output =
                    HTML.join(sections)
                    + (commitments.isEmpty ? .empty : "<h4>Engagements</h4><ul>\(commitments)</ul>" as HTML)
            }
            let proposals: [HTML] = w.proposals.prefix(10).map { p in
                "<li>\(p.text) — <strong>\(p.votes) vote\(p.votes > 1 ? "s" : "")</strong>\(p.theme.map { " <span class=\"muted\">(\($0))</span>" as HTML } ?? .empty)\(canOrganise ? followUpLinks(m.event, w.id, "proposition-\(p.id)") : HTML.empty)</li>"
            }
            let files: [HTML] = m.documents.filter { $0.session == w.id }.map {
                "<li><a href=\"\($0.url)\">\($0.filename)</a></li>"
            }
            let followUps: [HTML] = w.followUps.map { f in
                "<li>\(f.kind.label) : <a href=\"\(f.path)\">n° \(f.targetID)</a> <span class=\"muted\">(\(f.source))</span></li>"
            }
            return """
                <section class="workshop-synthesis" id="atelier-\(w.id)"><h3>\(w.title)</h3>
                \(w.room.map { "<p class=\"muted\">\($0)</p>" as HTML } ?? .empty)
                \(output)
                <h4>Propositions les plus votées</h4>
                \(proposals.isEmpty ? "<p class=\"muted\">Aucune proposition.</p>" as HTML : "<ol>\(proposals)</ol>")
                \(followUps.isEmpty ? HTML.empty : "<h4>Suites données</h4><ul>\(followUps)</ul>" as HTML)
                \(files.isEmpty ? HTML.empty : "<h4>Documents</h4><ul>\(files)</ul>" as HTML)
                <h4>Qui était là</h4>
                \(worldsChart(w.worlds, caption: "Participants de l'atelier par monde", id: "mondes-\(w.id)"))
                </section>
                """
        }
        let visibility = SynthesisVisibility(rawValue: m.visibility) ?? .lab
        let rate = Synthesis.followUpRate(m)
        let tables: [HTML] = m.lunch.map { t in
            "<h3>Table \(t.number)</h3>\(worldsChart(t.worlds, caption: "Convives de la table \(t.number) par monde", id: "table-\(t.number)"))"
        }
        let lunch: HTML =
            tables.isEmpty
            ? .empty
            : "<h2>Au déjeuner</h2><p>Tables qui ont réuni au moins trois mondes : <strong>\(Synthesis.mixedTables(m)) sur \(m.lunch.count)</strong>.</p>\(HTML.join(tables))"
        let workshopIDs = Set(m.workshops.map(\.id))
        let others: [HTML] = m.documents.filter { !workshopIDs.contains($0.session) }.map {
            "<li><a href=\"\($0.url)\">\($0.filename)</a> <span class=\"muted\">(\($0.sessionTitle))</span></li>"
        }
        let plenary: [HTML] = m.plenary.map { p in
            let items: [HTML] = p.questions.map {
                "<li>\($0.text) — <strong>\($0.votes) soutien\($0.votes > 1 ? "s" : "")</strong>\($0.answered ? " <span class=\"muted\">(répondue)</span>" as HTML : .empty)</li>"
            }
            return "<h3>\(p.title)</h3><ol>\(items)</ol>"
        }
        return """
            <h1>Synthèse : \(m.title)</h1>
            <p class="lead">\(visibility == .public ? "Synthèse publique." : "Synthèse réservée à l'équipe du labo.")\(canOrganise ? " <a href=\"/evenements/\(m.event)/restitution\">Gérer la restitution</a>" as HTML : .empty)</p>
            <p class="actions"><a href="/evenements/\(m.event)/synthese.json">Synthèse (JSON)</a> · <a href="/evenements/\(m.event)/synthese.csv">Synthèse (CSV)</a> · <a href="/evenements/\(m.event)/propositions.csv">Propositions et votes (CSV)</a> · <a href="/evenements/\(m.event)">Programme</a></p>
            \(rate.items > 0 ? "<p>Suites données dans la place de marché : <strong>\(rate.followed) sur \(rate.items)</strong> engagements et propositions les plus votées.</p>" as HTML : .empty)
            <h2>Participation</h2>
            \(worldsChart(m.attendance, caption: "Participants de la rencontre par monde", id: "mondes"))
            \(lunch)
            \(others.isEmpty ? HTML.empty : "<h2>Documents des sessions plénières</h2><ul>\(others)</ul>" as HTML)
            \(plenary.isEmpty ? HTML.empty : "<h2>Questions de la salle</h2>\(plenary)" as HTML)
            <h2>Ateliers</h2>
            \(workshops.isEmpty ? "<p>Ce programme n'a pas d'atelier.</p>" as HTML : HTML.join(workshops))
            """
    }
}
