import AlliancesCore
import Foundation
import Hummingbird

/// The lab's search page and `/api/v1/labs/:lab/search`.
enum SearchRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/recherche", page)
        routes.get("/api/v1/labs/:lab/search", api)
    }

    /// `page` and `pageSize` come from `paged` when given (the API's cursor and limit).
    static func run(
        _ request: Request, _ context: AppContext, _ services: Services, maxPageSize: Int,
        paged: (page: Int, size: Int)? = nil
    ) async throws -> (Lab, SearchQuery, String?, SearchResults, String) {
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        let parameters = request.uri.queryParameters
        let (query, place) = try await services.search.parse(
            { name in
                switch (name, paged) {
                case ("page", .some(let paged)): String(paged.page)
                case ("pageSize", .some(let paged)): String(paged.size)
                default: parameters.get(name)
                }
            }, lab: lab, maxPageSize: maxPageSize)
        let (results, key) = try await services.search.search(query, lab: lab, viewer: context.viewer)
        return (lab, query, place, results, key)
    }

    static func page(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, query, place, results, _) = try await run(request, context, services, maxPageSize: 100)
        let model = SearchPage.Model(
            lab: lab.summary, query: query, place: place, results: results,
            departements: lab.departements)
        return services.layout.response(
            page: PageContext(
                title: query.text.isEmpty ? "Recherche" : "Recherche : \(query.text.prefix(60))", context: context,
                lab: lab.summary, section: "search"),
            body: SearchPage.body(model))
    }

    static func url(_ lab: LabSummary, _ hit: SearchHit) -> String {
        let d = hit.document
        switch d.kind {
        case .organisation: return "/labs/\(lab.slug)/organisations/\(d.id)"
        case .person: return "/labs/\(lab.slug)/organisations/\(d.organisationID)"
        case .listing: return "/labs/\(lab.slug)/\((d.listingKind ?? .need).path)/\(d.id)"
        case .experience: return "/labs/\(lab.slug)/bibliotheque/\(d.id)"
        }
    }

    struct HitDTO: Codable, Sendable {
        let type: String
        let id: Int
        let title: String
        let subtitle: String
        let url: String
        let score: Double
        let distanceKm: Double?
        /// The title with matching words between « [ » and « ] ».
        let highlightedTitle: String
    }

    struct ResultsDTO: Codable, Sendable {
        let query: String
        let total: Int
        let page: Int
        let pageSize: Int
        let limit: Int
        /// The next page's `cursor`, nil on the last page.
        let nextCursor: String?
        let relaxed: Bool
        let truncated: Bool
        let hits: [HitDTO]
        let facets: [String: [String: Int]]
    }

    static func api(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let paged = try ApiPaging.read(request, defaultLimit: SearchQuery().pageSize).pageAndSize()
        let (lab, query, _, r, key) = try await run(request, context, services, maxPageSize: 200, paged: paged)
        return JSONResponse.response(services.search.bodies.value(key) { JSONResponse.encode(dto(lab, query, r)) })
    }

    static func dto(_ lab: Lab, _ query: SearchQuery, _ r: SearchResults) -> ResultsDTO {
        let hits = r.hits.map { hit in
            HitDTO(
                type: hit.document.kind.rawValue, id: hit.document.id, title: hit.document.title,
                subtitle: hit.document.subtitle,
                url: url(lab.summary, hit), score: (hit.score * 1000).rounded() / 1000,
                distanceKm: hit.distanceKm.map { ($0 * 10).rounded() / 10 },
                highlightedTitle: r.highlight.segments(hit.document.title).map { $0.marked ? "[\($0.text)]" : $0.text }
                    .joined())
        }
        func keyed<K: RawRepresentable>(_ counts: [K: Int]) -> [String: Int] where K.RawValue == String {
            Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
        }
        let facets: [String: [String: Int]] = [
            "fiche": keyed(r.kindCounts), "type": keyed(r.actorKindCounts), "taille": keyed(r.sizeCounts),
            "theme": keyed(r.themeCounts),
            "departement": r.departementCounts, "ess": ["1": r.essCount],
            "statut": ["actives": r.activeCounts.active, "fermees": r.activeCounts.closed]
        ]
        return ResultsDTO(
            query: query.text, total: r.total, page: query.page, pageSize: query.pageSize, limit: query.pageSize,
            nextCursor: ApiPaging(limit: query.pageSize, position: .offset((query.page - 1) * query.pageSize)).next(
                shown: hits.count, total: r.total),
            relaxed: r.relaxed,
            truncated: r.truncated, hits: hits, facets: facets)
    }
}

enum SearchPage {
    struct Model {
        let lab: LabSummary
        let query: SearchQuery
        let place: String?
        let results: SearchResults
        let departements: [Departement]

        /// The parameters of the current search, for links that change one of them.
        var pairs: [(String, String)] {
            let q = query
            return [
                ("q", q.text), ("fiche", q.kind?.rawValue ?? ""), ("type", q.actorKind?.rawValue ?? ""),
                ("taille", q.sizeClass?.rawValue ?? ""),
                ("theme", q.theme?.rawValue ?? ""), ("departement", q.departement ?? ""),
                ("ess", q.ess.map { $0 ? "1" : "0" } ?? ""),
                ("statut", q.status == .active ? "" : q.status.rawValue), ("pres-de", place ?? ""),
                ("rayon", place == nil ? "" : q.radiusKm.map { String(Int($0)) } ?? ""),
                ("tri", q.sort == .relevance ? "" : q.sort.rawValue)
            ]
        }

        func url(setting name: String, to value: String?, page: Int = 1) -> String {
            var list = pairs.filter { $0.0 != name }
            if let value { list.append((name, value)) }
            if page > 1 { list.append(("page", String(page))) }
            let query = URLEncoding.query(list)
            return "/labs/\(lab.slug)/recherche" + (query.isEmpty ? "" : "?" + query)
        }
    }

    static func marked(_ text: String, _ highlight: Highlight) -> HTML {
        let parts: [HTML] = highlight.segments(text).map { $0.marked ? "<mark>\($0.text)</mark>" : "\($0.text)" }
        return "\(parts)"
    }

    static func facet(
        _ title: String, name: String, options: [(value: String, label: String, count: Int)], selected: String?,
        m: Model
    ) -> HTML {
        let items: [HTML] = options.filter { $0.count > 0 || $0.value == selected }.map { option in
            option.value == selected
                ? "<li><a href=\"\(m.url(setting: name, to: nil))\" aria-current=\"true\"><strong>\(option.label)</strong> (\(frenchNumber(option.count))) ✕</a></li>"
                : "<li><a href=\"\(m.url(setting: name, to: option.value))\">\(option.label)</a> (\(frenchNumber(option.count)))</li>"
        }
        guard !items.isEmpty else { return .empty }
        return "<h3>\(title)</h3><ul class=\"facet\">\(items)</ul>"
    }

    static func body(_ m: Model) -> HTML {
        let r = m.results
        let q = m.query
        let sorts = SearchQuery.Sort.allCases.map {
            (value: $0.rawValue, label: $0 == .relevance ? "Pertinence" : $0 == .name ? "Nom" : "Distance")
        }
        let none = ValidationErrors()
        let form: HTML = """
            <form class="filters" method="get" action="/labs/\(m.lab.slug)/recherche" role="search" aria-label="Recherche dans le labo">
            \(FormFields.text("q", "Rechercher", value: q.text, errors: none, type: "search", hint: "Nom, sigle, activité, thème, commune… Les accents et les pluriels sont ignorés.", maxLength: SearchQuery.maxLength))
            \(FormFields.text("pres-de", "Près de (commune)", value: m.place, errors: none, maxLength: 100))
            \(FormFields.text("rayon", "Dans un rayon de (km)", value: m.place == nil ? nil : q.radiusKm.map { String(Int($0)) }, errors: none, type: "number", maxLength: 4))
            \(FormFields.select("tri", "Trier par", options: sorts, selected: q.sort.rawValue, errors: none, emptyLabel: nil))
            \(hiddenFilters(m))
            <div class="actions"><button type="submit">Rechercher</button><a href="/labs/\(m.lab.slug)/recherche">Tout effacer</a></div>
            </form>
            """
        // Experience sheets have their own index and page (the library).
        let kinds = SearchDocument.Kind.allCases.filter { $0 != .experience }.map {
            (value: $0.rawValue, label: $0.label, count: r.kindCounts[$0] ?? 0)
        }
        let actorKinds = ActorKind.allCases.map {
            (value: $0.rawValue, label: $0.pluralLabel, count: r.actorKindCounts[$0] ?? 0)
        }
        let sizes = SizeClass.allCases.map { (value: $0.rawValue, label: $0.shortLabel, count: r.sizeCounts[$0] ?? 0) }
        let themes = Theme.allCases.sorted { $0.label < $1.label }.map {
            (value: $0.rawValue, label: $0.label, count: r.themeCounts[$0] ?? 0)
        }
        let deps = m.departements.map {
            (value: $0.code, label: "\($0.name) (\($0.code))", count: r.departementCounts[$0.code] ?? 0)
        }
        let facets: HTML = """
            <nav aria-label="Affiner la recherche">
            \(facet("Fiches", name: "fiche", options: kinds, selected: q.kind?.rawValue, m: m))
            \(facet("Type d'acteur", name: "type", options: actorKinds, selected: q.actorKind?.rawValue, m: m))
            \(facet("Taille (entreprises)", name: "taille", options: sizes, selected: q.sizeClass?.rawValue, m: m))
            \(facet("Thème", name: "theme", options: themes, selected: q.theme?.rawValue, m: m))
            \(facet("Département", name: "departement", options: deps, selected: q.departement, m: m))
            \(facet("Économie sociale et solidaire", name: "ess", options: [(value: "1", label: "Structures de l'ESS", count: r.essCount)], selected: q.ess == true ? "1" : nil, m: m))
            \(facet("Statut", name: "statut", options: [(value: "actives", label: "En activité", count: r.activeCounts.active), (value: "fermees", label: "Fermées", count: r.activeCounts.closed), (value: "toutes", label: "Toutes", count: r.activeCounts.active + r.activeCounts.closed)], selected: q.status.rawValue, m: m))
            </nav>
            """
        let rows: [HTML] = r.hits.map { hit in
            let d = hit.document
            let distance: HTML = hit.distanceKm.map { " · à \(Int($0.rounded())) km" } ?? .empty
            let snippet: HTML =
                d.snippet.isEmpty
                ? .empty
                : "<p>\(marked(String(d.snippet.prefix(220)) + (d.snippet.count > 220 ? "…" : ""), r.highlight))</p>"
            let badge: HTML =
                d.kind == .organisation
                ? .empty
                : "<span class=\"badge\">\(d.kind == .person ? "Personne" : (d.listingKind?.label ?? "Annonce"))</span> "
            return
                "<li><h3>\(badge)<a href=\"\(SearchRoutes.url(m.lab, hit))\">\(marked(d.title, r.highlight))</a></h3><p class=\"muted\">\(marked(d.subtitle, r.highlight))\(distance)</p>\(snippet)</li>"
        }
        var notices: [HTML] = []
        if r.truncated {
            notices.append(
                "<p class=\"notice\">Votre recherche était très longue : seuls ses \(SearchQuery.maxTerms) premiers mots (\(SearchQuery.maxLength) caractères au plus) ont été pris en compte.</p>"
            )
        }
        if r.relaxed {
            notices.append(
                "<p class=\"notice\">Aucune fiche ne contient tous vos mots : voici celles qui en contiennent une partie.</p>"
            )
        }
        let pageCount = max(1, (r.total + q.pageSize - 1) / q.pageSize)
        let heading =
            q.text.isEmpty && m.place == nil
            ? "\(frenchNumber(r.total)) fiche\(r.total > 1 ? "s" : "")"
            : "\(frenchNumber(r.total)) résultat\(r.total > 1 ? "s" : "")"
        return """
            <h1>Rechercher dans le labo</h1>
            \(form)
            <div class="layout">
            <aside>\(facets)<p><a href="/labs/\(m.lab.slug)/carte?\(URLEncoding.query(m.pairs))">Voir sur la carte</a></p></aside>
            <section aria-labelledby="resultats">
            <h2 id="resultats" aria-live="polite">\(heading)</h2>
            \(notices)
            \(rows.isEmpty ? "<p class=\"notice\">Aucun résultat. Essayez un autre mot, moins de filtres ou un rayon plus grand.</p>" as HTML : "<ol class=\"results\">\(rows)</ol>")
            \(Pagination.nav(page: q.page, pageCount: pageCount) { m.url(setting: "page", to: nil, page: $0) })
            </section>
            </div>
            """
    }

    /// Facets chosen by link travel with the form.
    static func hiddenFilters(_ m: Model) -> HTML {
        let keep = ["fiche", "type", "taille", "theme", "departement", "ess", "statut"]
        let fields: [HTML] = m.pairs.filter { keep.contains($0.0) && !$0.1.isEmpty }.map {
            "<input type=\"hidden\" name=\"\($0.0)\" value=\"\($0.1)\">"
        }
        return "\(fields)"
    }
}
