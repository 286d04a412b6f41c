// swift-format-ignore-file
// (nested multi-line string literals that swift-format 6.3 re-indents into invalid code)
import AlliancesCore
import Foundation

/// The network dashboard: one table (indicators down, labs across, national references at
/// the end), the same figures as small multiples (one SVG per indicator, one bar per lab,
/// the reference as a red line; each with its title and a description that reads the
/// figures), the CSV, and the sharing choice of the labs the viewer runs.
enum NetworkDashboardPages {
    struct Column {
        let lab: Lab
        let figures: LabFigures
    }

    struct Model {
        let period: Period
        let years: [Int]
        let columns: [Column]
        /// Labs whose figures this viewer may not see (they did not choose to show them).
        let hidden: [LabSummary]
        let references: [ReferenceFigure]
        /// Labs whose sharing this viewer may choose.
        let choices: [Lab]

        var periodLabel: String { period.label }
        var periodQuery: String { period.query }
        func references(_ indicator: NetworkIndicator) -> [ReferenceFigure] {
            guard let key = indicator.referenceKey else { return [] }
            return references.filter { $0.key == key }
        }
    }

    static func value(_ indicator: NetworkIndicator, _ value: Double?) -> String {
        guard let value else { return "—" }
        switch indicator.unit {
        case .count: return frenchNumber(Int(value.rounded()))
        case .percent: return frenchPercent(value, digits: 1)
        }
    }

    static func page(_ m: Model, csrf: String) -> HTML {
        let yearOptions: [HTML] = m.years.reversed().map { year in
            "<option value=\"\(year)\"\(m.period.year == year ? " selected" : "")>\(year)</option>"
        }
        let head: [HTML] = m.columns.map { "<th scope=\"col\"><a href=\"/labs/\($0.lab.slug)/barometre?\(m.periodQuery)\">\($0.lab.name)</a></th>" }
        let rows: [HTML] = NetworkIndicator.all.map { indicator in
            let cells: [HTML] = m.columns.map { "<td class=\"num\">\(value(indicator, indicator.value($0.figures)))</td>" }
            return "<tr><th scope=\"row\">\(indicator.label)</th>\(cells)<td>\(BarometerPages.referenceText(m.references(indicator)))</td></tr>"
        }
        let charts: [HTML] = NetworkIndicator.all.enumerated().map { index, indicator in
            "<li><figure class=\"chart\">\(chart(indicator, index: index, m))</figure></li>"
        }
        let hidden: HTML = m.hidden.isEmpty ? .empty : """
            <p class="muted">Ne montrent pas leurs chiffres aux autres labos : \(m.hidden.map(\.name).joined(separator: ", ")).</p>
            """
        let choices: [HTML] = m.choices.map { lab in
            """
            <li><form method="post" action="/labs/\(lab.slug)/partage-des-chiffres" class="inline-form">
            \(csrfField(csrf))<input type="hidden" name="partage" value="\(lab.sharesFigures ? "0" : "1")">
            <span>\(lab.name) : \(lab.sharesFigures ? "chiffres montrés aux autres labos du réseau" : "chiffres réservés au labo et aux administrateurs du réseau")</span>
            <button type="submit" class="secondary">\(lab.sharesFigures ? "Ne plus les montrer" : "Les montrer aux autres labos")</button>
            </form></li>
            """
        }
        return """
        <h1>Tableau de bord du réseau</h1>
        <p class="lead">Les chiffres de chaque labo \(m.periodLabel), côte à côte : l'annuaire, les engagements mesurés par le baromètre, la place de marché, les rencontres, la bibliothèque et les ressources. Les références nationales sont des repères, pas des mesures des territoires.</p>
        <form class="filters inline-form" method="get" action="/reseau/tableau-de-bord" aria-label="Période">
        <div class="field"><label for="f-annee">Année</label><select id="f-annee" name="annee">\(yearOptions)</select></div>
        <button type="submit">Afficher</button>
        </form>
        <div class="actions"><a class="button secondary" href="/reseau/tableau-de-bord.csv?\(m.periodQuery)">Télécharger en CSV</a></div>
        \(hidden)
        \(m.columns.isEmpty ? "<p class=\"notice\">Aucun labo ne montre encore ses chiffres.</p>" as HTML : """
        <div class="table-wrap"><table>
        <caption>Indicateurs des labos \(m.periodLabel)</caption>
        <thead><tr><th scope="col">Indicateur</th>\(head)<th scope="col">Références nationales</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        <h2>En graphiques</h2>
        <p class="muted">Un graphique par indicateur, une barre par labo ; les traits rouges sont les références nationales. Les données sont dans le tableau ci-dessus.</p>
        <ul class="small-multiples">\(charts)</ul>
        """)
        \(m.choices.isEmpty ? .empty : """
        <h2>Partage des chiffres</h2>
        <p>Chaque labo choisit si ses chiffres sont montrés aux autres labos du réseau. Ses animateurs et les administrateurs du réseau les voient toujours ; le baromètre du labo reste public.</p>
        <ul class="plain">\(choices)</ul>
        """)
        """
    }

    /// One small chart: a horizontal bar per lab, scaled to the largest value (or to 100 %),
    /// with the national references as red lines on percentages.
    static func chart(_ indicator: NetworkIndicator, index: Int, _ m: Model) -> HTML {
        let labelWidth = 130.0, barWidth = 150.0, rowHeight = 24.0, top = 6.0
        let values = m.columns.map { indicator.value($0.figures) }
        let scale: Double = indicator.unit == .percent ? 1 : max(values.compactMap { $0 }.max() ?? 0, 1)
        let height = top + rowHeight * Double(max(m.columns.count, 1)) + 6
        var parts: [HTML] = []
        for (row, column) in m.columns.enumerated() {
            let y = top + rowHeight * Double(row)
            let v = values[row] ?? 0
            let width = barWidth * min(v / scale, 1)
            let name = column.lab.name.count > 20 ? String(column.lab.name.prefix(19)) + "…" : column.lab.name
            parts.append("<text x=\"\(BarometerPages.svg(labelWidth - 6))\" y=\"\(BarometerPages.svg(y + 14))\" font-size=\"11\" text-anchor=\"end\" fill=\"#1b2430\">\(name)</text>")
            parts.append("<rect x=\"\(BarometerPages.svg(labelWidth))\" y=\"\(BarometerPages.svg(y + 4))\" width=\"\(BarometerPages.svg(width))\" height=\"13\" fill=\"#1d5fa8\"/>")
            parts.append("<text x=\"\(BarometerPages.svg(labelWidth + width + 4))\" y=\"\(BarometerPages.svg(y + 14))\" font-size=\"11\" fill=\"#1b2430\">\(value(indicator, values[row]))</text>")
        }
        let references = m.references(indicator)
        for figure in references {
            let x = labelWidth + barWidth * min(100, figure.percent) / 100
            parts.append("<line x1=\"\(BarometerPages.svg(x))\" y1=\"\(BarometerPages.svg(top))\" x2=\"\(BarometerPages.svg(x))\" y2=\"\(BarometerPages.svg(height - 4))\" stroke=\"#b3261e\" stroke-width=\"2\"\(figure.cited ? " stroke-dasharray=\"3 2\"" as HTML : .empty)/>")
        }
        let description = zip(m.columns, values).map { "\($0.lab.name) : \(value(indicator, $1))" }.joined(separator: " ; ")
            + references.map { " ; référence nationale \(frenchPercent($0.percent / 100)) (\($0.source), \($0.year))" }.joined()
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(labelWidth + barWidth + 60)) \(Int(height))" role="img" aria-labelledby="g\(index)-t g\(index)-d">
        <title id="g\(index)-t">\(indicator.label) \(m.periodLabel)</title>
        <desc id="g\(index)-d">\(description)</desc>
        \(parts)
        </svg>
        <figcaption>\(indicator.label)</figcaption>
        """
    }

    /// The table as French Excel opens it: one row per lab and indicator.
    static func csv(_ m: Model) -> String {
        var rows: [[String]] = []
        let period = "\(m.period.fromText) au \(m.period.toText)"
        for column in m.columns {
            for indicator in NetworkIndicator.all {
                let v = indicator.value(column.figures)
                let text: String
                switch indicator.unit {
                case .count: text = v.map { String(Int($0.rounded())) } ?? ""
                case .percent: text = v.map { String(($0 * 1000).rounded() / 10).replacingOccurrences(of: ".", with: ",") } ?? ""
                }
                let refs = m.references(indicator).map { "\(BarometerPages.referenceValue($0.percent)) % (\($0.source), \($0.year))" }.joined(separator: " | ")
                rows.append([column.lab.slug, column.lab.name, period, indicator.id, indicator.label, text, indicator.unit == .percent ? "%" : "nombre", refs])
            }
        }
        return CSVWriter.document(header: ["Labo", "Nom du labo", "Période", "Code", "Indicateur", "Valeur", "Unité", "Références nationales"], rows: rows)
    }
}
