import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import SQLKit
import Testing

@Suite struct SearchTests {
    @Test(arguments: TestEngine.available)
    func test_search_page_with_facets_highlights_distance_and_the_box_on_every_page(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, _ in
            let visitor = Browser(client)
            #expect(
                try await visitor.get("/labs/alsace/organisations").body.contains("action=\"/labs/alsace/recherche\""))
            let page = try await visitor.get("/labs/alsace/recherche?q=insertion+Mulhouse")
            #expect(page.status == .ok)
            #expect(page.body.contains("<mark>Mulhouse</mark>"))
            #expect(page.body.contains("Élan Solidaire <mark>Mulhouse</mark>"))
            #expect(
                page.body.contains("Structures de l&#39;ESS</a> (1)") || page.body.contains("Structures de l&#39;ESS"))
            let filtered = try await visitor.get("/labs/alsace/recherche?q=insertion&type=entreprise")
            #expect(
                filtered.body.contains("Transports Rhénans") && !filtered.body.contains("Élan Solidaire Mulhouse</a>"))
            // Distance: within 15 km of Mulhouse, sorted by distance.
            let near = try await visitor.get("/labs/alsace/recherche?pres-de=Mulhouse&rayon=15&tri=distance")
            #expect(near.body.contains("Élan Solidaire Mulhouse") && !near.body.contains("Numéria Conseil"))
            #expect(near.body.contains("à 0 km"))
            #expect(try await visitor.get("/labs/alsace/recherche?tri=distance").status == .badRequest)
            #expect(try await visitor.get("/labs/alsace/recherche?pres-de=Paris").status == .badRequest)
            #expect(try await visitor.get("/labs/alsace/recherche?type=ovni").status == .badRequest)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_people_are_found_by_facilitators_only_and_never_with_contacts(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            try await TestApp.user(database, email: "m@elan.example", role: .member, organisation: elan)
            let visitor = Browser(client), member = Browser(client), fac = Browser(client)
            try await member.login("m@elan.example")
            try await fac.login("fac@alsace.example")
            for browser in [visitor, member] {
                #expect(
                    !(try await browser.get("/labs/alsace/recherche?q=Claire+Demo").body.contains(
                        "Claire</mark> <mark>Demo")))
                #expect(
                    !(try await browser.get("/api/v1/labs/alsace/search?q=Claire%20Demo").body.contains(
                        "\"type\":\"personne\"")))
            }
            let found = try await fac.get("/labs/alsace/recherche?q=Claire+Demo")
            #expect(found.body.contains("<mark>Claire</mark> <mark>Demo</mark>"))
            #expect(!found.body.contains("claire.demo@elan-solidaire.example"))
            #expect(!(try await fac.get("/api/v1/labs/alsace/search?q=claire").body.contains("@")))
            // Members-only needs are found by members, not by visitors.
            #expect(
                try await member.get("/labs/alsace/recherche?q=ordinateurs+reconditionnes").body.contains(
                    "pour nos ateliers seniors"))
            #expect(
                !(try await visitor.get("/labs/alsace/recherche?q=ordinateurs+reconditionnes").body.contains(
                    "pour nos ateliers seniors")))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_bad_input_never_breaks_the_search(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, _ in
            let visitor = Browser(client)
            let long = String(repeating: "insertion ", count: 1_000)
            for text in [
                "", "%22%20*%20(%20)%20NEAR%20OR", "%F0%9F%99%82", "%FF%FE", "'%3B%20DROP%20TABLE%20organisations%3B--",
                long.replacingOccurrences(of: " ", with: "+"), "%00"
            ] {
                let page = try await visitor.get("/labs/alsace/recherche?q=\(text)")
                #expect(page.status == .ok, "q=\(text.prefix(40))")
                let api = try await visitor.get("/api/v1/labs/alsace/search?q=\(text)")
                #expect(api.status == .ok)
                #expect(try api.json()["total"] is Int)
            }
            #expect(
                try await visitor.get("/labs/alsace/recherche?q=\(long.replacingOccurrences(of: " ", with: "+"))").body
                    .contains("seuls ses 12 premiers mots"))
            #expect(try await visitor.get("/api/v1/labs/alsace/search?page=0").status == .badRequest)
            #expect(try await visitor.get("/api/v1/labs/alsace/search?pageSize=1000").status == .badRequest)
            let json = try await visitor.get("/api/v1/labs/alsace/search?q=mobilite&pageSize=5").json()
            let hits = try #require(json["hits"] as? [[String: Any]])
            #expect(hits.first?["highlightedTitle"] as? String == "[Mobilité] Douce Obernai")
            #expect(((json["facets"] as? [String: Any])?["type"] as? [String: Int])?["association"] != nil)
        }
    }

    /// The same queries give the same results on SQLite and PostgreSQL (the index is built
    /// from the rows and ranked in Swift).
    @Test func test_same_top_results_on_both_engines() async throws {
        guard TestEngine.available.count == 2 else { return }
        let queries = [
            "insertion Mulhouse", "asso sport jeunes", "Numeria", "achats responsables", "Strasbourg", "mobilite douce",
            "Hexagon"
        ]
        var results: [[String]] = []
        for engine in TestEngine.available {
            try await withTestDatabase(engine, demo: true) { database in
                let index = SearchIndex(
                    try await database.withConnection { db in
                        try await SearchService.documents(
                            labID: try await LabStore().find(slug: "alsace", on: db)!.id, on: db)
                    })
                var out: [String] = []
                for text in queries {
                    var q = SearchQuery()
                    q.text = text
                    q.pageSize = 10
                    out.append(
                        index.search(q, audience: .facilitators).hits.map {
                            "\($0.document.kind.rawValue):\($0.document.title)"
                        }.joined(separator: "|"))
                }
                results.append(out)
            }
        }
        #expect(results[0] == results[1])
        #expect(!results[0][0].isEmpty)
    }

    /// The labelled queries of BENCHMARKS.md, on the demo lab.
    @Test func test_labelled_queries_reach_their_targets() async throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/gold/search.json")
        let gold = try JSONDecoder().decode(SearchGoldSet.self, from: Data(contentsOf: url))
        #expect(gold.queries.count >= 30)
        try await withTestDatabase(.sqlite, demo: true) { database in
            let index = SearchIndex(
                try await database.withConnection { db in
                    try await SearchService.documents(
                        labID: try await LabStore().find(slug: "alsace", on: db)!.id, on: db)
                })
            let scores = gold.evaluate(index)
            print("search gold set, demo: P@5 \(scores.precision5), MRR \(scores.mrr), misses \(scores.misses)")
            #expect(scores.mrr >= 0.8)
            // The same with 2,000 synthetic organisations around them (names like "Collectif
            // de l'insertion Mulhouse n° 12" compete with the labelled ones).
            try await SyntheticData.generate(count: 2_000, labSlug: "alsace", database: database)
            let crowded = SearchIndex(
                try await database.withConnection { db in
                    try await SearchService.documents(
                        labID: try await LabStore().find(slug: "alsace", on: db)!.id, on: db)
                })
            let withSynthetic = gold.evaluate(crowded)
            print(
                "search gold set, demo + 2,000 synthetic: P@5 \(withSynthetic.precision5), MRR \(withSynthetic.mrr), misses \(withSynthetic.misses)"
            )
            #expect(withSynthetic.mrr >= 0.6)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_map_shades_departements_links_them_and_has_a_table(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let visitor = Browser(client)
            let map = try await visitor.get("/labs/alsace/carte?q=insertion")
            #expect(map.status == .ok)
            #expect(map.body.contains("<svg") && map.body.contains("role=\"img\""))
            #expect(map.body.contains("<title id=\"carte-titre\">"))
            #expect(
                map.body.contains("href=\"/labs/alsace/recherche?q=insertion&amp;departement=68\"")
                    || map.body.contains("departement=68"))
            #expect(map.body.contains("<caption>Organisations par département</caption>"))
            #expect(map.body.contains("Haut-Rhin (68)"))
            let points = try await visitor.get("/labs/alsace/carte?vue=points")
            #expect(points.body.contains("<circle"))
            // GeoJSON import replaces the outline.
            let geojson =
                #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"68","nom":"Haut-Rhin"},"geometry":{"type":"Polygon","coordinates":[[[7.0,47.5],[7.6,47.5],[7.6,48.3],[7.0,48.3],[7.0,47.5]]]}},{"type":"Feature","properties":{"nom":"sans code"},"geometry":null}]}"#
            let summary = try await BoundaryStore.importGeoJSON(
                data: Data(geojson.utf8), database: database, codeProperty: nil, nameProperty: nil, tolerance: 0.0005)
            #expect(summary.saved == 1 && summary.rejected.count == 1)
            let shapes = try await database.withConnection { db in
                try await BoundaryStore().shapes(level: .departement, codes: ["68"], on: db)
            }
            #expect(shapes.first?.rings.first?.count == 5)
            await #expect(throws: AppError.self) {
                try await BoundaryStore.importGeoJSON(
                    data: Data("{\"type\":1}".utf8), database: database, codeProperty: nil, nameProperty: nil,
                    tolerance: 0.0005)
            }
        }
    }

    /// Queries that differ only in case, accents or what lies past the 200 characters used
    /// share one cache entry; the caches stay within their bytes whatever the queries.
    @Test(arguments: TestEngine.available)
    func test_search_cache_keys_are_normalised_and_caches_bounded_by_bytes(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let services = Services(database: database, configuration: TestApp.configuration(database))
            let lab = try #require(
                try await database.withConnection { db in try await LabStore().find(slug: "alsace", on: db) })
            func run(_ text: String) async throws -> String {
                let (query, _) = try await services.search.parse({ $0 == "q" ? text : nil }, lab: lab)
                return try await services.search.search(query, lab: lab, viewer: nil).key
            }
            let keys = Set([
                try await run("Mobilité douce"), try await run("mobilite   DOUCE"), try await run("MOBILITÉ douce")
            ])
            #expect(keys.count == 1)
            let long = String(repeating: "insertion ", count: 100)
            #expect(try await run(long + "a") == (try await run(long + "b")), "only the first 200 characters count")
            #expect(try await run(long).utf8.count < 400)
            #expect(services.search.results.size.entries == 2)

            let cache = BoundedCache<[UInt8]>(maxEntries: 1_000, maxBytes: 100_000) { $0.count }
            for n in 0..<500 { cache.set("clé \(n)", [UInt8](repeating: 1, count: 1_000)) }
            #expect(cache.size.bytes <= 100_000 && cache.size.entries < 100)
            cache.set("énorme", [UInt8](repeating: 1, count: 200_000))
            #expect(cache.get("énorme") == nil, "a value larger than the bound is not kept")
        }
    }
}
