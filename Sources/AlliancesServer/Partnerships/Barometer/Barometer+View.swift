// swift-format-ignore-file
// (nested multi-line string literals that swift-format 6.3 re-indents into invalid code)
import AlliancesCore
import Foundation

/// The barometer page: tables with their populations and the national references beside
/// each figure, SVG charts drawn on the server (title, description, the same data in the
/// table next to them), the survey's separate estimate, the method.
enum BarometerPages {
    struct Model {
        let lab: LabSummary
        let report: BarometerService.Report
        let references: [StoredReference]
        let years: [Int]
        let canAnswerSurvey: Bool
        let canEditReferences: Bool
        let isMember: Bool
        /// What the rencontres of the period (the lab's and the network's) produced and the
        /// lab followed up.
        let followUps: FollowUpRate
        /// Pooled resources of the lab: offered today, bookings accepted in the period.
        let resources: ResourceStore.Indicators

        var period: Period { report.result.period }
        var periodLabel: String { period.label }
        var periodQuery: String { period.query }

        func references(_ key: String) -> [ReferenceFigure] { references.map(\.figure).filter { $0.key == key } }
    }

    static func referenceText(_ figures: [ReferenceFigure]) -> HTML {
        guard !figures.isEmpty else { return "<span class=\"muted\">—</span>" }
        let items: [HTML] = figures.map { f in
            "<li><strong>\(frenchPercent(f.percent / 100, digits: f.percent.rounded() == f.percent ? 0 : 1))</strong> — \(f.source), \(f.year)\(f.cited ? " (chiffre cité)" : "")</li>"
        }
        return "<ul class=\"refs\">\(items)</ul>"
    }

    static let segmentsShown: [BarometerSegment] = BarometerSegment.allCases

    /// A reference's value as typed in French: "37", "37,5".
    static func referenceValue(_ percent: Double) -> String {
        percent == percent.rounded() ? String(Int(percent)) : String(percent).replacingOccurrences(of: ".", with: ",")
    }

    static func page(_ m: Model) -> HTML {
        let r = m.report.result
        let base = "/labs/\(m.lab.slug)/barometre"
        let yearOptions: [HTML] = m.years.reversed().map { year in
            "<option value=\"\(year)\"\(m.period.year == year ? " selected" : "")>\(year)</option>"
        }
        let periodForm: HTML = """
        <form class="filters inline-form" method="get" action="\(base)" aria-label="Période">
        <div class="field"><label for="f-annee">Année</label><select id="f-annee" name="annee">\(yearOptions)</select></div>
        <div class="actions"><button type="submit">Afficher</button></div>
        </form>
        <form class="filters inline-form" method="get" action="\(base)" aria-label="Autre période">
        <div class="field"><label for="f-du">Du</label><input type="date" id="f-du" name="du" value="\(m.period.fromText)"></div>
        <div class="field"><label for="f-au">Au</label><input type="date" id="f-au" name="au" value="\(m.period.toText)"></div>
        <div class="actions"><button type="submit">Afficher la période</button></div>
        </form>
        """
        let segmentRows: [HTML] = segmentsShown.map { segment in
            let share = r.segments[segment] ?? Share(count: 0, population: 0)
            return """
            <tr><th scope="row">\(segment.label)</th><td>\(frenchNumber(share.population)) \(segment.population)</td><td>\(frenchNumber(share.count))</td><td><strong>\(frenchPercent(share.ratio, digits: 1))</strong></td><td>\(referenceText(m.references(segment.rawValue)))</td></tr>
            """
        }
        let modeRows: [HTML] = r.modes.map { row in
            """
            <tr><th scope="row">\(row.group.label)</th><td>\(frenchNumber(row.partnerships))</td><td>\(frenchPercent(row.companies.ratio, digits: 1)) <span class="muted">(\(frenchNumber(row.companies.count)) / \(frenchNumber(row.companies.population)))</span></td><td>\(frenchPercent(row.associations.ratio, digits: 1)) <span class="muted">(\(frenchNumber(row.associations.count)) / \(frenchNumber(row.associations.population)))</span></td><td>\(referenceText(m.references(row.group.key)))</td></tr>
            """
        }
        let themeRows: [HTML] = r.themes.filter { $0.partnerships > 0 }.sorted { ($0.partnerships, $1.theme.label) > ($1.partnerships, $0.theme.label) }.map { row in
            "<tr><th scope=\"row\">\(row.theme.label)</th><td>\(frenchNumber(row.partnerships))</td><td>\(frenchNumber(row.actors))</td></tr>"
        }
        let depRows: [HTML] = r.departements.map { row in
            let name = ReferenceGeography.departementsByCode[row.code].map { "\($0.name) (\(row.code))" } ?? row.code
            return """
            <tr><th scope="row">\(name)</th><td>\(frenchPercent(row.associations.ratio, digits: 1)) <span class="muted">(\(frenchNumber(row.associations.count)) / \(frenchNumber(row.associations.population)))</span></td><td>\(frenchPercent(row.companies.ratio, digits: 1)) <span class="muted">(\(frenchNumber(row.companies.count)) / \(frenchNumber(row.companies.population)))</span></td><td>\(frenchPercent(row.all.ratio, digits: 1)) <span class="muted">(\(frenchNumber(row.all.count)) / \(frenchNumber(row.all.population)))</span></td></tr>
            """
        }
        let trendSegments: [BarometerSegment] = [.associations, .companies, .companies10]
        let trendRows: [HTML] = m.report.evolution.map { year in
            let cells: [HTML] = trendSegments.map { segment in
                let share = year.segments[segment] ?? Share(count: 0, population: 0)
                return "<td>\(frenchPercent(share.ratio, digits: 1)) <span class=\"muted\">(\(frenchNumber(share.count)))</span></td>"
            }
            return "<tr><th scope=\"row\">\(year.year)</th>\(cells)</tr>"
        }
        var actions: [HTML] = ["<a class=\"button secondary\" href=\"\(base).csv?\(m.periodQuery)\">Exporter en CSV (Excel)</a>"]
        if m.canAnswerSurvey { actions.append("<a class=\"button secondary\" href=\"\(base)/enquete\">Répondre à l'enquête annuelle</a>") }
        if m.isMember { actions.append("<a class=\"button secondary\" href=\"/labs/\(m.lab.slug)/partenariats\">Partenariats</a>") }
        if m.canEditReferences { actions.append("<a class=\"button secondary\" href=\"/barometre/references\">Modifier les références nationales</a>") }
        let money: [HTML] = [
            "<li><strong>\(frenchNumber(r.activePartnerships))</strong> partenariats actifs \(m.periodLabel)</li>",
            "<li><strong>\(frenchNumber(r.engagedActors))</strong> acteurs engagés sur \(frenchNumber(r.populationTotal)) acteurs actifs de l'annuaire</li>",
            "<li><strong>\(frenchNumber(r.inConstruction))</strong> partenariats en construction (première rencontre, dialogue), non comptés</li>",
            "<li>Valeur déclarée des partenariats actifs : \(frenchNumber(r.euros)) €, \(frenchNumber(r.hours)) heures ; \(frenchNumber(r.peopleReached)) personnes touchées, \(frenchNumber(r.jobs)) emplois</li>",
        ]
        return """
        <h1>Baromètre des alliances — \(m.lab.name)</h1>
        <p class="lead">Part des acteurs du territoire engagés dans au moins un partenariat actif \(m.periodLabel), mesurée sur les partenariats enregistrés par le labo et rapportée aux acteurs actifs de l'annuaire. Les références nationales sont affichées à côté, avec leur source : ce ne sont pas des mesures du territoire.</p>
        \(periodForm)
        <div class="actions">\(actions)</div>
        <ul class="summary">\(money)</ul>

        <h2 id="segments">Acteurs engagés, par type et taille</h2>
        <figure class="chart">\(segmentChart(m))</figure>
        <div class="table-wrap"><table>
        <caption>Acteurs engagés dans au moins un partenariat actif \(m.periodLabel)</caption>
        <thead><tr><th scope="col">Acteurs</th><th scope="col">Population (annuaire)</th><th scope="col">Engagés</th><th scope="col">Part</th><th scope="col">Références nationales</th></tr></thead>
        <tbody>\(segmentRows)</tbody></table></div>

        <h2 id="modes">Modes de partenariat</h2>
        <p class="muted">Part des entreprises (et des associations) engagées qui pratiquent chaque mode : c'est ainsi que l'étude nationale présente les modes.</p>
        <div class="table-wrap"><table>
        <caption>Modes des partenariats actifs \(m.periodLabel)</caption>
        <thead><tr><th scope="col">Mode</th><th scope="col">Partenariats</th><th scope="col">Entreprises engagées</th><th scope="col">Associations engagées</th><th scope="col">Références nationales</th></tr></thead>
        <tbody>\(modeRows)</tbody></table></div>

        <h2 id="themes">Thèmes</h2>
        \(themeRows.isEmpty ? "<p class=\"muted\">Aucun partenariat actif avec un thème sur la période.</p>" as HTML : """
        <div class="table-wrap"><table><caption>Thèmes des partenariats actifs \(m.periodLabel)</caption>
        <thead><tr><th scope="col">Thème</th><th scope="col">Partenariats</th><th scope="col">Acteurs engagés</th></tr></thead><tbody>\(themeRows)</tbody></table></div>
        """)

        <h2 id="departements">Par département</h2>
        \(depRows.isEmpty ? "<p class=\"muted\">Aucun acteur localisé dans l'annuaire.</p>" as HTML : """
        <div class="table-wrap"><table><caption>Part des acteurs engagés par département \(m.periodLabel)</caption>
        <thead><tr><th scope="col">Département</th><th scope="col">Associations</th><th scope="col">Entreprises</th><th scope="col">Tous les acteurs</th></tr></thead><tbody>\(depRows)</tbody></table></div>
        """)

        <h2 id="rencontres">Suites données aux rencontres</h2>
        \(m.followUps.items == 0 ? "<p class=\"muted\">Aucun engagement ni proposition d'atelier restitué lors des rencontres \(m.periodLabel).</p>" as HTML : """
        <p>Engagements et propositions les plus votées des ateliers des rencontres \(m.periodLabel) (celles du labo et celles du réseau) devenus un besoin, une offre ou un partenariat dans ce labo : <strong>\(frenchNumber(m.followUps.followed)) sur \(frenchNumber(m.followUps.items))</strong> (\(frenchPercent(m.followUps.ratio, digits: 0))).</p>
        """)

        \(resourcesSection(m))

        <h2 id="evolution">Évolution année par année</h2>
        <figure class="chart">\(trendChart(m.report.evolution, segments: trendSegments, lab: m.lab))</figure>
        <div class="table-wrap"><table><caption>Part des acteurs engagés chaque année (population : acteurs actifs aujourd'hui)</caption>
        <thead><tr><th scope="col">Année</th>\(trendSegments.map { "<th scope=\"col\">\($0.label)</th>" as HTML })</tr></thead><tbody>\(trendRows)</tbody></table></div>

        \(surveySection(m))

        <h2 id="methode">Méthode</h2>
        <ul>
        <li>Un partenariat compte à partir de l'étape « expérimentation » (expérimentation, accord formalisé, évaluation, renouvelé) ; « terminé » compte jusqu'à sa date de fin. La première rencontre et le dialogue sont comptés à part.</li>
        <li>Un acteur est engagé s'il est partie d'au moins un partenariat actif pendant la période ; un partenariat à trois parties engage trois acteurs.</li>
        <li>Les populations sont les acteurs actifs de l'annuaire aujourd'hui (imports RNA, SIRENE et saisies du labo) ; les années passées sont rapportées à la population d'aujourd'hui. Une association est « employeuse » si sa tranche d'effectif SIRENE est connue et non nulle. La taille des entreprises est celle de l'annuaire (catégorie d'entreprise INSEE, sinon tranche d'effectif).</li>
        <li>L'enquête déclarative est une estimation séparée : elle n'est jamais ajoutée aux partenariats enregistrés.</li>
        <li>Ressources partagées : les ressources proposées sont celles d'aujourd'hui ; une réservation compte dans la période où elle commence, ses heures multipliées par la quantité réservée ; une mise en commun est durable à partir de trois réservations acceptées entre les mêmes organisations.</li>
        <li>Suites des rencontres : pour chaque atelier d'une rencontre commencée pendant la période, ses engagements publiés et ses trois propositions les plus votées ; un élément est suivi quand un animateur en a fait un besoin, une offre ou un partenariat de ce labo (une fois, même s'il en a fait plusieurs).</li>
        </ul>
        """
    }

    static func resourcesSection(_ m: Model) -> HTML {
        let r = m.resources
        let kinds = ActorKind.allCases.filter { r.offered[$0] != nil || r.accepted[$0] != nil }
        let rows: [HTML] = kinds.map { kind in
            "<tr><th scope=\"row\">\(kind.pluralLabel)</th><td>\(frenchNumber(r.offered[kind] ?? 0))</td><td>\(frenchNumber(r.accepted[kind] ?? 0))</td><td>\(frenchNumber(Int((r.hours[kind] ?? 0).rounded())))</td></tr>"
        }
        return """
        <h2 id="ressources">Ressources partagées</h2>
        \(rows.isEmpty ? "<p class=\"muted\">Aucune ressource partagée dans ce labo.</p>" as HTML : """
        <div class="table-wrap"><table><caption>Ressources proposées aujourd'hui et réservations acceptées \(m.periodLabel), par monde de l'organisation qui prête</caption>
        <thead><tr><th scope="col">Organisations qui prêtent</th><th scope="col">Ressources proposées</th><th scope="col">Réservations acceptées</th><th scope="col">Heures partagées</th></tr></thead><tbody>\(rows)</tbody></table></div>
        <p>Mise en commun durable (au moins trois réservations acceptées entre les mêmes organisations \(m.periodLabel)) : <strong>\(frenchNumber(r.repeatedPairs))</strong> paire\(r.repeatedPairs > 1 ? "s" : "") d'organisations.</p>
        """)
        """
    }

    static func surveySection(_ m: Model) -> HTML {
        let s = m.report.survey
        let rows: [HTML] = s.rows.filter { $0.population > 0 || $0.respondents > 0 }.map { row in
            let interval: HTML = row.interval.map { "de \(frenchPercent($0.lower, digits: 1)) à \(frenchPercent($0.upper, digits: 1))" } ?? "—"
            return """
            <tr><th scope="row">\(row.segment.label)</th><td>\(frenchNumber(row.respondents)) / \(frenchNumber(row.population))</td><td>\(frenchPercent(row.responseRate, digits: 1))</td><td><strong>\(frenchPercent(row.share, digits: 1))</strong></td><td>\(interval)</td></tr>
            """
        }
        let modes: [HTML] = s.modes.filter { $0.companies.population > 0 }.map { row in
            let interval: HTML = row.interval.map { "de \(frenchPercent($0.lower, digits: 1)) à \(frenchPercent($0.upper, digits: 1))" } ?? "—"
            return "<tr><th scope=\"row\">\(row.group.label)</th><td>\(frenchPercent(row.companies.ratio, digits: 1)) <span class=\"muted\">(\(frenchNumber(row.companies.count)) / \(frenchNumber(row.companies.population)))</span></td><td>\(interval)</td></tr>"
        }
        return """
        <h2 id="enquete">Enquête déclarative \(s.year) (estimation séparée)</h2>
        <p>Chaque acteur déclare chaque année combien de partenariats il a, et de quels modes, y compris ceux que le labo ne connaît pas. \(frenchNumber(s.respondents)) réponse\(s.respondents > 1 ? "s" : "") pour \(s.year). La part est celle des répondants déclarant au moins un partenariat, avec son intervalle de confiance à 95 % (Wilson, corrigé pour une population finie) ; un faible taux de réponse peut biaiser l'estimation.</p>
        \(rows.isEmpty || s.respondents == 0 ? "<p class=\"muted\">Pas encore de réponse pour \(s.year).</p>" as HTML : """
        <div class="table-wrap"><table><caption>Estimation par l'enquête \(s.year)</caption>
        <thead><tr><th scope="col">Acteurs</th><th scope="col">Répondants / population</th><th scope="col">Taux de réponse</th><th scope="col">Part déclarant un partenariat</th><th scope="col">Intervalle de confiance à 95 %</th></tr></thead>
        <tbody>\(rows)</tbody></table></div>
        """)
        \(modes.isEmpty ? HTML.empty : """
        <div class="table-wrap"><table><caption>Modes déclarés par les entreprises partenaires (enquête \(s.year))</caption>
        <thead><tr><th scope="col">Mode</th><th scope="col">Part</th><th scope="col">Intervalle de confiance à 95 %</th></tr></thead><tbody>\(modes)</tbody></table></div>
        """)
        """
    }

    /// Horizontal bars: the territory's share per segment, the national references as
    /// marks on the same scale.
    static func segmentChart(_ m: Model) -> HTML {
        let segments = segmentsShown.filter { (m.report.result.segments[$0]?.population ?? 0) > 0 || !m.references($0.rawValue).isEmpty }
        let labelWidth = 250.0, barWidth = 360.0, rowHeight = 34.0, top = 24.0
        let height = top + rowHeight * Double(max(segments.count, 1)) + 10
        var parts: [HTML] = []
        for tick in [0, 25, 50, 75, 100] {
            let x = labelWidth + barWidth * Double(tick) / 100
            parts.append("<line x1=\"\(svg(x))\" y1=\"\(svg(top - 6))\" x2=\"\(svg(x))\" y2=\"\(svg(height - 6))\" stroke=\"#d5dbe3\"/><text x=\"\(svg(x))\" y=\"\(svg(top - 10))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#4a5566\">\(tick) %</text>")
        }
        for (index, segment) in segments.enumerated() {
            let y = top + rowHeight * Double(index)
            let share = m.report.result.segments[segment]
            let width = barWidth * (share?.ratio ?? 0)
            parts.append("<text x=\"\(svg(labelWidth - 8))\" y=\"\(svg(y + 18))\" font-size=\"12\" text-anchor=\"end\" fill=\"#1b2430\">\(segment.label.count > 38 ? String(segment.label.prefix(36)) + "…" : segment.label)</text>")
            parts.append("<rect x=\"\(svg(labelWidth))\" y=\"\(svg(y + 6))\" width=\"\(svg(width))\" height=\"16\" fill=\"#1d5fa8\"/>")
            parts.append("<text x=\"\(svg(labelWidth + width + 4))\" y=\"\(svg(y + 18))\" font-size=\"11\" fill=\"#1b2430\">\(frenchPercent(share?.ratio, digits: 1))</text>")
            for figure in m.references(segment.rawValue) {
                let x = labelWidth + barWidth * min(100, figure.percent) / 100
                parts.append("<line x1=\"\(svg(x))\" y1=\"\(svg(y + 2))\" x2=\"\(svg(x))\" y2=\"\(svg(y + 26))\" stroke=\"#b3261e\" stroke-width=\"2\"\(figure.cited ? " stroke-dasharray=\"3 2\"" as HTML : .empty)/>")
            }
        }
        let description = segments.map { segment -> String in
            let share = m.report.result.segments[segment]
            let refs = m.references(segment.rawValue).map { "référence \(frenchPercent($0.percent / 100)) (\($0.source), \($0.year))" }
            return "\(segment.label) : \(frenchPercent(share?.ratio, digits: 1))" + (refs.isEmpty ? "" : ", " + refs.joined(separator: ", "))
        }.joined(separator: " ; ")
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(labelWidth + barWidth + 60)) \(Int(height))" role="img" aria-labelledby="barres-titre barres-desc">
        <title id="barres-titre">Part des acteurs engagés \(m.periodLabel), par type et taille, et références nationales</title>
        <desc id="barres-desc">\(description). Barres bleues : le territoire ; traits rouges : références nationales (pointillés : chiffres cités).</desc>
        \(parts)
        </svg>
        <figcaption>Barres : le territoire \(m.periodLabel). Traits rouges : références nationales (pointillés : chiffres cités par le programme de 2015). Les données sont dans le tableau ci-dessous.</figcaption>
        """
    }

    static let seriesColours = ["#1d5fa8", "#b3261e", "#2e7d32"]

    /// Solid, dashed, dotted: the series differ by more than their colour.
    static func dash(_ series: Int) -> HTML {
        switch series % 3 {
        case 1: " stroke-dasharray=\"6 3\""
        case 2: " stroke-dasharray=\"2 2\""
        default: .empty
        }
    }

    /// Lines, one per segment, year by year.
    static func trendChart(_ evolution: [(year: Int, segments: [BarometerSegment: Share])], segments: [BarometerSegment], lab: LabSummary) -> HTML {
        guard evolution.count > 0 else { return "<p class=\"muted\">Pas encore de données.</p>" }
        let left = 48.0, width = 520.0, top = 16.0, height = 200.0
        let highest = evolution.flatMap { year in segments.compactMap { year.segments[$0]?.ratio } }.max() ?? 0
        let scale = max(0.1, (highest * 10).rounded(.up) / 10)
        func x(_ index: Int) -> Double { evolution.count == 1 ? left + width / 2 : left + width * Double(index) / Double(evolution.count - 1) }
        func y(_ ratio: Double) -> Double { top + height - height * ratio / scale }
        var parts: [HTML] = []
        for step in 0...4 {
            let ratio = scale * Double(step) / 4
            parts.append("<line x1=\"\(svg(left))\" y1=\"\(svg(y(ratio)))\" x2=\"\(svg(left + width))\" y2=\"\(svg(y(ratio)))\" stroke=\"#d5dbe3\"/><text x=\"\(svg(left - 6))\" y=\"\(svg(y(ratio) + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#4a5566\">\(frenchPercent(ratio))</text>")
        }
        for (index, year) in evolution.enumerated() {
            parts.append("<text x=\"\(svg(x(index)))\" y=\"\(svg(top + height + 16))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#4a5566\">\(year.year)</text>")
        }
        var legend: [HTML] = []
        for (s, segment) in segments.enumerated() {
            let colour = seriesColours[s % seriesColours.count]
            let points = evolution.enumerated().map { "\(svg(x($0.offset))),\(svg(y($0.element.segments[segment]?.ratio ?? 0)))" }.joined(separator: " ")
            parts.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash(s))/>")
            for (index, year) in evolution.enumerated() {
                parts.append("<circle cx=\"\(svg(x(index)))\" cy=\"\(svg(y(year.segments[segment]?.ratio ?? 0)))\" r=\"3\" fill=\"\(colour)\"/>")
            }
            legend.append("<li><svg width=\"24\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"24\" y2=\"5\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash(s))/></svg> \(segment.label)</li>")
        }
        let description = segments.map { segment in
            segment.label + " : " + evolution.map { "\($0.year) \(frenchPercent($0.segments[segment]?.ratio, digits: 1))" }.joined(separator: ", ")
        }.joined(separator: " ; ")
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(left + width + 20)) \(Int(top + height + 26))" role="img" aria-labelledby="courbes-titre courbes-desc">
        <title id="courbes-titre">Évolution de la part des acteurs engagés, \(lab.name)</title>
        <desc id="courbes-desc">\(description).</desc>
        \(parts)
        </svg>
        <figcaption><ul class="legend">\(legend)</ul></figcaption>
        """
    }

    static func svg(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// The figures as French Excel opens them.
    static func csv(_ m: Model) -> String {
        let r = m.report.result
        var rows: [[String]] = []
        func percent(_ ratio: Double?) -> String {
            guard let ratio else { return "" }
            let value = (ratio * 1000).rounded() / 10
            return String(value).replacingOccurrences(of: ".", with: ",")
        }
        func references(_ key: String) -> String {
            m.references(key).map { "\(referenceValue($0.percent)) % (\($0.source), \($0.year)\($0.cited ? ", chiffre cité" : ""))" }.joined(separator: " | ")
        }
        let period = "\(m.period.fromText) au \(m.period.toText)"
        for segment in segmentsShown {
            let share = r.segments[segment] ?? Share(count: 0, population: 0)
            rows.append(["Acteurs engagés", period, segment.label, String(share.population), String(share.count), percent(share.ratio), references(segment.rawValue)])
        }
        for row in r.modes {
            rows.append(["Modes (entreprises engagées)", period, row.group.label, String(row.companies.population), String(row.companies.count), percent(row.companies.ratio), references(row.group.key)])
            rows.append(["Modes (associations engagées)", period, row.group.label, String(row.associations.population), String(row.associations.count), percent(row.associations.ratio), ""])
        }
        for row in r.themes where row.partnerships > 0 {
            rows.append(["Thèmes (partenariats actifs)", period, row.theme.label, "", String(row.partnerships), "", ""])
        }
        for row in r.departements {
            rows.append(["Départements (tous les acteurs)", period, row.code, String(row.all.population), String(row.all.count), percent(row.all.ratio), ""])
        }
        for kind in ActorKind.allCases where m.resources.offered[kind] != nil || m.resources.accepted[kind] != nil {
            rows.append(["Ressources proposées (aujourd'hui)", period, kind.pluralLabel, "", String(m.resources.offered[kind] ?? 0), "", ""])
            rows.append(["Réservations de ressources acceptées", period, kind.pluralLabel, "", String(m.resources.accepted[kind] ?? 0), "", "\(Int((m.resources.hours[kind] ?? 0).rounded())) heures partagées"])
        }
        if m.followUps.items > 0 {
            rows.append(["Suites des rencontres", period, "Engagements et propositions les plus votées", String(m.followUps.items), String(m.followUps.followed), percent(m.followUps.ratio), ""])
        }
        for year in m.report.evolution {
            for segment in [BarometerSegment.associations, .companies, .companies10] {
                let share = year.segments[segment] ?? Share(count: 0, population: 0)
                rows.append(["Évolution", String(year.year), segment.label, String(share.population), String(share.count), percent(share.ratio), ""])
            }
        }
        for row in m.report.survey.rows where row.respondents > 0 {
            let interval = row.interval.map { "\(percent($0.lower)) à \(percent($0.upper))" } ?? ""
            rows.append(["Enquête déclarative (estimation séparée)", String(m.report.survey.year), row.segment.label, String(row.respondents), String(row.engaged), percent(row.share), "IC 95 % : " + interval])
        }
        return CSVWriter.document(header: ["Indicateur", "Période", "Acteurs", "Population", "Nombre", "Part (%)", "Références nationales / remarque"], rows: rows)
    }
}
