import AlliancesCore
import Hummingbird

/// The offline map of the lab: its départements shaded by the number of actors matching
/// the search filters (each linking to those results), or the actors as points; an
/// accessible title, description and data table beside it. No tile server, no script.
enum MapRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/carte", page)
    }

    static let maxPoints = 3_000

    static func page(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let points = request.uri.queryParameters.get("vue") == "points"
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        let (asked, place) = try await services.search.parse({ request.uri.queryParameters.get($0) }, lab: lab)
        // The map counts organisations; links keep the filters as they were asked.
        var query = asked
        if query.kind == nil { query.kind = .organisation }
        query.sort = .name
        query.page = 1
        query.pageSize = points ? maxPoints : 1
        let results = try await services.search.search(query, lab: lab, viewer: context.viewer).results
        let codes = lab.perimeter.isNational ? nil : lab.perimeter.departementCodes
        let shapes = try await services.database.withConnection { db in
            try await BoundaryStore().shapes(level: .departement, codes: codes, on: db)
        }
        let model = SearchPage.Model(
            lab: lab.summary, query: asked, place: place, results: results,
            departements: lab.departements)
        return services.layout.response(
            page: PageContext(title: "Carte", context: context, lab: lab.summary, section: "map"),
            body: MapView.body(model, shapes: shapes, points: points))
    }
}

enum MapView {
    static func body(_ m: SearchPage.Model, shapes: [AreaShape], points: Bool) -> HTML {
        let r = m.results
        let counts = r.departementCounts
        let located = points ? r.hits.filter { $0.document.latitude != nil && $0.document.longitude != nil } : []
        let projection = MapProjection(
            shapes: shapes,
            extraPoints: shapes.isEmpty ? located.map { ($0.document.longitude!, $0.document.latitude!) } : [])
        let maxCount = shapes.map { counts[$0.code] ?? 0 }.max() ?? 0
        let filters = describe(m)
        var svg: HTML =
            "<p class=\"notice\">Aucun contour n'est encore importé pour ce labo (commande <code>alliances import geojson</code>). Le tableau ci-dessous donne les mêmes chiffres.</p>"
        if let projection {
            let areas: [HTML] = shapes.map { shape in
                let count = counts[shape.code] ?? 0
                let colour = ChoroplethScale.colours[points ? 0 : ChoroplethScale.classIndex(count, max: maxCount)]
                return
                    "<a href=\"\(m.url(setting: "departement", to: shape.code))\"><path d=\"\(projection.path(shape))\" fill=\"\(colour)\" stroke=\"#4a5566\" stroke-width=\"1\"><title>\(shape.name) (\(shape.code)) : \(frenchNumber(count)) acteur\(count > 1 ? "s" : "")</title></path></a>"
            }
            let dots: [HTML] = located.map { hit in
                let (x, y) = projection.point(lon: hit.document.longitude!, lat: hit.document.latitude!)
                return
                    "<a href=\"/labs/\(m.lab.slug)/organisations/\(hit.document.id)\"><circle cx=\"\(String((x * 10).rounded() / 10))\" cy=\"\(String((y * 10).rounded() / 10))\" r=\"4\" fill=\"#a4161a\" fill-opacity=\"0.7\"><title>\(hit.document.title)</title></circle></a>"
            }
            let description =
                points
                ? "\(frenchNumber(located.count)) organisations \(filters) placées à leur commune."
                : "Départements du labo colorés selon le nombre d'organisations \(filters) : "
                    + shapes.map { "\($0.name) \(frenchNumber(counts[$0.code] ?? 0))" }.joined(separator: ", ") + "."
            svg = """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(projection.width)) \(Int(projection.height))" role="img" aria-labelledby="carte-titre carte-desc">
                <title id="carte-titre">Carte des acteurs du labo \(m.lab.name)</title>
                <desc id="carte-desc">\(description)</desc>
                \(areas)\(dots)
                </svg>
                """
        }
        let legend: [HTML] =
            points
            ? []
            : ChoroplethScale.bounds(max: maxCount).enumerated().compactMap { index, bound -> HTML? in
                guard let bound else { return nil }
                return
                    "<svg width=\"18\" height=\"14\" aria-hidden=\"true\"><rect width=\"18\" height=\"14\" fill=\"\(ChoroplethScale.colours[index])\" stroke=\"#4a5566\"/></svg> \(bound.low == bound.high ? frenchNumber(bound.low) : "\(frenchNumber(bound.low)) à \(frenchNumber(bound.high))")"
            }
        let rows: [HTML] = m.departements.map { dep in
            let count = counts[dep.code] ?? 0
            return
                "<tr><th scope=\"row\"><a href=\"\(m.url(setting: "departement", to: dep.code))\">\(dep.name) (\(dep.code))</a></th><td>\(frenchNumber(count))</td></tr>"
        }
        let searchURL = "/labs/\(m.lab.slug)/recherche?" + URLEncoding.query(m.pairs)
        let toggle: HTML =
            points
            ? "<a href=\"/labs/\(m.lab.slug)/carte?\(URLEncoding.query(m.pairs))\">Voir par département</a>"
            : "<a href=\"/labs/\(m.lab.slug)/carte?\(URLEncoding.query(m.pairs + [("vue", "points")]))\">Voir les organisations une à une</a>"
        let truncated: HTML =
            points && r.total > MapRoutes.maxPoints
            ? "<p class=\"notice\">Seules les \(frenchNumber(MapRoutes.maxPoints)) premières organisations (par nom) sont placées ; affinez la recherche pour voir les autres.</p>"
            : .empty
        return """
            <h1>Carte des acteurs</h1>
            <p>\(frenchNumber(r.total)) organisation\(r.total > 1 ? "s" : "") \(filters). <a href="\(searchURL)">Voir la liste</a> · \(toggle)</p>
            \(truncated)
            <div class="layout">
            <section class="map" aria-label="Carte">\(svg)\(legend.isEmpty ? HTML.empty : "<p class=\"legend\">\(legend)</p>")</section>
            <aside><table><caption>Organisations par département</caption><thead><tr><th scope="col">Département</th><th scope="col">Organisations</th></tr></thead><tbody>\(rows)</tbody></table></aside>
            </div>
            """
    }

    /// "correspondant à « insertion », de type Association" — the filters in words.
    static func describe(_ m: SearchPage.Model) -> String {
        var parts: [String] = []
        let q = m.query
        if !q.text.isEmpty { parts.append("correspondant à « \(q.text.prefix(80)) »") }
        if let kind = q.actorKind { parts.append("de type « \(kind.label) »") }
        if let size = q.sizeClass { parts.append("de taille \(size.shortLabel)") }
        if let theme = q.theme { parts.append("du thème « \(theme.label) »") }
        if q.ess == true { parts.append("de l'ESS") }
        if let place = m.place, let radius = q.radiusKm { parts.append("à moins de \(Int(radius)) km de \(place)") }
        switch q.status {
        case .active: parts.append("en activité")
        case .closed: parts.append("fermées")
        case .all: break
        }
        return parts.joined(separator: ", ")
    }
}
