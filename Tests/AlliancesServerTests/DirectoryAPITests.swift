import AlliancesCore
@testable import AlliancesServer
import HTTPTypes
import SQLKit
import Testing

@Suite struct DirectoryAPITests {
    @Test(arguments: TestEngine.available)
    func test_list_filters_and_pages_as_json(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, _ in
            let browser = Browser(client)
            let page = try await browser.get("/api/v1/labs/alsace/organisations?type=entreprise&pageSize=3")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "application/json; charset=utf-8")
            let json = try page.json()
            #expect(json["total"] as? Int == 8)
            #expect((json["items"] as? [[String: Any]])?.count == 3)
            #expect(try await browser.get("/api/v1/labs/alsace/organisations?pageSize=500").status == .badRequest)
            // Errors are RFC 9457 problem details, with the French message as `detail`.
            let refused = try await browser.get("/api/v1/labs/alsace/organisations?taille=enorme")
            #expect(refused.headers[.contentType] == "application/problem+json")
            let error = try refused.json()
            #expect(error["detail"] as? String == "Taille d'entreprise inconnue : « enorme ».")
            #expect(error["type"] as? String == "about:blank" && error["title"] as? String == "Bad Request")
            #expect(
                error["status"] as? Int == 400 && error["instance"] as? String == "/api/v1/labs/alsace/organisations")
            let labs = try await browser.get("/api/v1/labs")
            #expect(labs.body.contains("\"slug\":\"alsace\""))
            let missing = try await browser.get("/api/v1/labs/alsace/organisations/424242")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("\"status\":404"))
        }
    }

    /// Cursor paging: following `nextCursor` with a small `limit` visits every row of the
    /// list once, in order, even when a row is created before the cursor meanwhile; bad
    /// cursors and limits are 400. Ranked and small lists page the same way.
    @Test(arguments: TestEngine.available)
    func test_cursors_visit_every_row_once(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            try await browser.login("fac@alsace.example")
            func names(_ json: [String: Any], _ key: String = "items", _ field: String = "name") -> [String] {
                (json[key] as? [[String: Any]] ?? []).compactMap { $0[field] as? String }
            }
            let all = try await browser.get("/api/v1/labs/alsace/organisations?limit=200").json()
            let total = try #require(all["total"] as? Int)
            #expect(total > 14 && all["nextCursor"] == nil && all["limit"] as? Int == 200)
            var seen: [String] = []
            var cursor: String? = nil
            var pages = 0
            repeat {
                let path = "/api/v1/labs/alsace/organisations?limit=7" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await browser.get(path).json()
                #expect(page["page"] == nil || cursor == nil, "a page asked by cursor has no number")
                seen += names(page)
                cursor = page["nextCursor"] as? String
                pages += 1
                if pages == 1 {
                    // Created meanwhile, sorted before the cursor: neither repeated nor a gap.
                    let created = try await browser.json(
                        .post, "/api/v1/labs/alsace/organisations",
                        #"{"name": "AAA Créée pendant la lecture", "kind": "association", "commune": "67482"}"#)
                    #expect(created.status == .created)
                }
            } while cursor != nil && pages < 50
            #expect(seen == names(all), "every row once, in the list's order")
            #expect(pages == (total + 6) / 7)

            for bad in ["cursor=nimportequoi", "cursor=%C3%A9", "limit=0", "limit=201", "limit=dix"] {
                let refused = try await browser.get("/api/v1/labs/alsace/organisations?\(bad)")
                #expect(refused.status == .badRequest, "\(bad)")
            }
            #expect(
                try await browser.get("/api/v1/labs/alsace/organisations?cursor=nimportequoi").body.contains(
                    "nextCursor"))

            // Lists paged by position: listings, search, partnerships.
            for (path, key, field) in [
                ("/api/v1/labs/alsace/listings?limit=2", "items", "title"),
                ("/api/v1/labs/alsace/search?q=association&limit=3", "hits", "title"),
                ("/api/v1/labs/alsace/partnerships?limit=1", "items", "title")
            ] {
                let first = try await browser.get(
                    path.replacingOccurrences(of: #"limit=\d+"#, with: "limit=200", options: .regularExpression)
                ).json()
                var got: [String] = []
                var next: String? = nil
                var rounds = 0
                repeat {
                    let page = try await browser.get(path + (next.map { "&cursor=\($0)" } ?? "")).json()
                    got += names(page, key, field)
                    next = page["nextCursor"] as? String
                    rounds += 1
                } while next != nil && rounds < 100
                #expect(got == names(first, key, field), "\(path)")
                #expect(!got.isEmpty, "\(path)")
            }
            // A directory cursor means nothing to a list paged by position.
            let directoryCursor = try #require(
                try await browser.get("/api/v1/labs/alsace/organisations?limit=2").json()["nextCursor"] as? String)
            #expect(
                try await browser.get("/api/v1/labs/alsace/search?q=association&cursor=\(directoryCursor)").status
                    == .badRequest)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_create_update_patch_delete_with_status_codes(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            try await TestApp.user(database, email: "membre@elan.example", role: .member, organisation: elan)
            let body =
                #"{"name":"Ressourcerie du Ried","kind":"structure-ess","commune":"67462","themes":["environnement"]}"#

            let visitor = Browser(client)
            #expect(try await visitor.json(.post, "/api/v1/labs/alsace/organisations", body).status == .unauthorized)

            let member = Browser(client)
            try await member.login("membre@elan.example")
            #expect(try await member.json(.post, "/api/v1/labs/alsace/organisations", body).status == .forbidden)

            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            #expect(
                try await fac.json(.post, "/api/v1/labs/alsace/organisations", body, contentType: "text/plain").status
                    == .unsupportedMediaType)
            #expect(try await fac.json(.post, "/api/v1/labs/alsace/organisations", "{not json").status == .badRequest)
            #expect(
                try await fac.json(.post, "/api/v1/labs/alsace/organisations", #"{"name": 12}"#).status == .badRequest)
            // The list's bytes are kept per lab data version: a creation shows at once.
            let listed = "/api/v1/labs/alsace/organisations?type=structure-ess&pageSize=200"
            let before = try await fac.get(listed)
            let beforeTotal = try before.json()["total"] as? Int ?? -1
            #expect(try await fac.get(listed).headers[.eTag] == before.headers[.eTag])
            // A member the operation does not know is refused, not ignored; nothing is made.
            let misspelt = try await fac.json(
                .post, "/api/v1/labs/alsace/organisations",
                #"{"name":"Ressourcerie du Ried","kind":"structure-ess","comune":"67462"}"#)
            #expect(misspelt.status == .unprocessableContent && misspelt.body.contains("Champ inconnu : « comune »"))
            #expect(
                try misspelt.json()["errors"] as? [[String: String]] == [
                    ["field": "comune", "message": "Champ inconnu."]
                ])
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM organisations WHERE name = 'Ressourcerie du Ried'") == 0)
            let invalid = try await fac.json(.post, "/api/v1/labs/alsace/organisations", #"{"name":"X","kind":"ovni"}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.body.contains("\"field\":\"kind\""))

            let created = try await fac.json(.post, "/api/v1/labs/alsace/organisations", body)
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"] as? Int)
            #expect(created.location == "/api/v1/labs/alsace/organisations/\(id)")
            #expect(try created.json()["commune"] as? [String: String] == ["code": "67462", "name": "Sélestat"])
            let after = try await fac.get(listed)
            #expect(
                try after.json()["total"] as? Int == beforeTotal + 1 && after.headers[.eTag] != before.headers[.eTag])
            #expect(after.body.contains("Ressourcerie du Ried"))

            let patched = try await fac.json(.patch, "/api/v1/labs/alsace/organisations/\(id)", #"{"acronym":"RDR"}"#)
            #expect(patched.status == .ok)
            #expect(try patched.json()["acronym"] as? String == "RDR")
            #expect(try patched.json()["name"] as? String == "Ressourcerie du Ried")

            let put = try await fac.json(
                .put, "/api/v1/labs/alsace/organisations/\(id)", #"{"name":"Ressourcerie","kind":"structure-ess"}"#)
            #expect(try put.json()["acronym"] == nil, "PUT replaces the whole record")

            let person = try await fac.json(
                .post, "/api/v1/labs/alsace/organisations/\(id)/people",
                #"{"name":"Zoé Test","email":"zoe@ried.example"}"#)
            #expect(person.status == .created)
            #expect(person.body.contains("zoe@ried.example"))
            #expect(
                !(try await visitor.get("/api/v1/labs/alsace/organisations/\(id)").body.contains("zoe@ried.example")))

            #expect(try await member.json(.delete, "/api/v1/labs/alsace/organisations/\(id)").status == .forbidden)
            #expect(try await fac.json(.delete, "/api/v1/labs/alsace/organisations/\(id)").status == .noContent)
            #expect(try await fac.get("/api/v1/labs/alsace/organisations/\(id)").status == .notFound)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_counts_follow_writes(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let before = try await fac.get("/api/v1/labs/alsace/organisations?type=fondation").json()["total"] as? Int
            #expect(before == 1)
            #expect(
                try await fac.json(
                    .post, "/api/v1/labs/alsace/organisations", #"{"name":"Fondation Test","kind":"fondation"}"#
                ).status == .created)
            let after = try await fac.get("/api/v1/labs/alsace/organisations?type=fondation").json()["total"] as? Int
            #expect(after == 2)
            #expect(try await fac.get("/labs/alsace").body.contains("<span class=\"figure\">2</span> Fondations"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_visitors_never_see_a_stale_cached_page(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let visitor = Browser(client)
            let path = "/labs/alsace/organisations?type=fondation"
            #expect(try await visitor.get(path).body.contains("1 organisation<"))
            #expect(try await visitor.get(path).body.contains("1 organisation<"), "served from the cache")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let created = try await fac.json(
                .post, "/api/v1/labs/alsace/organisations", #"{"name":"Fondation Nouvelle","kind":"fondation"}"#)
            let id = try #require(try created.json()["id"] as? Int)
            let after = try await visitor.get(path)
            #expect(after.body.contains("2 organisations"))
            #expect(after.body.contains("Fondation Nouvelle"))
            #expect(try await visitor.get("/labs/alsace/organisations/\(id)").body.contains("Fondation Nouvelle"))
            #expect(
                try await fac.json(.patch, "/api/v1/labs/alsace/organisations/\(id)", #"{"name":"Fondation Renommée"}"#)
                    .status == .ok)
            #expect(try await visitor.get("/labs/alsace/organisations/\(id)").body.contains("Fondation Renommée"))
            // A logged-in page is rendered for its viewer, never taken from the visitors' cache.
            #expect(try await fac.get(path).body.contains("Ajouter une organisation"))
            #expect(!(try await visitor.get(path).body.contains("Ajouter une organisation")))
        }
    }
}
