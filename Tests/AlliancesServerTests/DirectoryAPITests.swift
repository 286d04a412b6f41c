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
