import AlliancesCore
@testable import AlliancesServer
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

@Suite struct SessionSecurityTests {
    /// Session keys and tokens are stored as the hex SHA-256 that Python's `hexdigest()`
    /// gives (the checks compute it that way).
    @Test func test_stored_keys_are_lowercase_hex_sha256() {
        #expect(
            SQLPersistDriver.storedKey("abc")
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(AccountStore.hash("abc") == SQLPersistDriver.storedKey("abc"))
        #expect(Hex.string([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
    }

    @Test(arguments: TestEngine.available)
    func test_session_ids_are_stored_hashed(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            #expect(try await browser.login("fac@alsace.example").status == .seeOther)
            let id = try #require(browser.cookies["alliances_session"])
            let keys = try await database.withConnection { db in
                try await db.raw("SELECT session_key FROM sessions").all().map { try $0.string("session_key") }
            }
            #expect(keys.count == 1)
            #expect(!keys.contains(id))
            #expect(keys == [SHA256.hash(data: Data(id.utf8)).map { String(format: "%02x", $0) }.joined()])
            // The stored key opens nothing: only the cookie's id does.
            let thief = Browser(client)
            thief.cookies["alliances_session"] = keys[0]
            #expect(try await thief.get("/labs/alsace/comptes").status == .unauthorized)
            #expect(try await browser.get("/labs/alsace/comptes").status == .ok)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_cookies_are_secure_and_host_only_when_the_site_is_https(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            var configuration = TestApp.configuration(database)
            configuration.publicURL = "https://alliances.example.org"
            let app = Application(
                router: buildRouter(configuration: configuration, database: database), logger: TestDatabase.logger)
            try await app.test(.router) { client in
                let browser = Browser(client)
                let first = try await browser.get("/connexion")
                let csrf = try #require(
                    first.headers[values: .setCookie].first { $0.hasPrefix("__Host-alliances_csrf=") })
                let login = try await browser.login("fac@alsace.example")
                #expect(login.status == .seeOther)
                let session = try #require(
                    login.headers[values: .setCookie].first { $0.hasPrefix("__Host-alliances_session=") })
                for cookie in [csrf, session] {
                    #expect(cookie.contains("Secure"))
                    #expect(cookie.contains("HttpOnly"))
                    #expect(cookie.contains("SameSite=Lax"))
                    #expect(cookie.contains("Path=/"))
                    #expect(!cookie.lowercased().contains("domain="))
                }
                #expect(try await browser.get("/labs/alsace/comptes").status == .ok)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func test_csrf_tokens_are_bound_to_the_browser_and_session_and_rotated_at_login(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            try await browser.get("/connexion")
            let before = browser.csrf
            #expect(!before.isEmpty)
            // The token is not the cookie (a cookie planted by a sibling site is no token).
            #expect(!browser.cookies.values.contains(before))
            try await browser.login("fac@alsace.example")
            let count = { try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations") }
            let organisations = try await count()
            // A token read before signing in is worth nothing after.
            let stale = try await browser.post(
                "/labs/alsace/organisations/nouvelle",
                [("name", "Jeton périmé"), ("kind", "association"), ("_csrf", before)], csrf: false)
            #expect(stale.status == .forbidden)
            // Another browser's token is refused, even signed in as the same person.
            let other = Browser(client)
            try await other.login("fac@alsace.example")
            try await other.get("/connexion")
            let foreign = try await browser.post(
                "/labs/alsace/organisations/nouvelle",
                [("name", "Jeton d'un autre"), ("kind", "association"), ("_csrf", other.csrf)], csrf: false)
            #expect(foreign.status == .forbidden)
            #expect(try await count() == organisations)
            // The page's own token works.
            let created = try await browser.post(
                "/labs/alsace/organisations/nouvelle",
                [("name", "Jeton de la page"), ("kind", "association"), ("commune", "67482")])
            #expect(created.status == .seeOther)
            #expect(try await count() == organisations + 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_upload_forms_carry_their_token_in_the_body_never_in_the_url(engine: TestEngine) async throws {
        try await ImportPageTests.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@idf.example", role: .facilitator, lab: "idf")
            let browser = Browser(client)
            try await browser.login("fac@idf.example")
            let page = try await browser.get("/labs/idf/imports")
            #expect(!page.body.contains("_csrf="))
            #expect(
                page.body.range(
                    of: #"enctype="multipart/form-data">\s*<input type="hidden" name="_csrf""#,
                    options: .regularExpression) != nil)
            // The token in the URL, as before: refused, nothing kept.
            let boundary = "----alliances-test"
            let body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nrna\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n\(ImportFixtures.rna)\r\n--\(boundary)--\r\n"
            let inURL = try await browser.request(
                .post, "/labs/idf/imports?_csrf=\(browser.csrf)",
                headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(string: body))
            #expect(inURL.status == .forbidden)
            // After the file: refused too (the file would have been read before the check).
            let late = body.replacingOccurrences(
                of: "--\(boundary)--",
                with:
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n--\(boundary)--"
            )
            #expect(
                try await browser.request(
                    .post, "/labs/idf/imports", headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
                    body: ByteBuffer(string: late)
                ).status == .forbidden)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE source = 'rna'") == 0)
            // A multipart body anywhere else is not a form this site reads.
            let elsewhere = try await browser.request(
                .post, "/labs/idf/organisations/nouvelle",
                headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(string: body))
            #expect(elsewhere.status == .unsupportedMediaType)
            // First, as the page writes it: accepted.
            #expect(
                try await browser.upload(
                    "/labs/idf/imports", fields: [("kind", "rna")], file: ImportFixtures.rna, filename: "rna.csv"
                ).status == .ok)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE source = 'rna'") == 3)
        }
    }

    /// Personal pages and exports are kept by no browser or proxy; only the fingerprinted
    /// stylesheet is cached.
    @Test(arguments: TestEngine.available)
    func test_personal_pages_and_exports_are_not_stored(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "admin@reseau.example", role: .admin)
            let admin = Browser(client)
            #expect(try await admin.login("admin@reseau.example").status == .seeOther)
            let event = try #require(
                try await database.withConnection { db in try await EventStore().event(slug: "alliances-2027", on: db) }
            )
            let person = try await EventTests.register(RegistrationService(database: database), event, 1)
            for path in [
                "/evenements/alliances-2027/inscrits.csv", "/api/v1/events/alliances-2027/registrations",
                "/labs/alsace/barometre.csv",
                "/labs/alsace/comptes", "/evenements/alliances-2027/inscription/\(person.token)",
                "/evenements/alliances-2027/inscription/\(person.token)/agenda.ics", "/page-absente"
            ] {
                let page = try await admin.get(path)
                #expect(
                    page.headers[.cacheControl] == "no-store",
                    "\(path): \(page.status) \(page.headers[.cacheControl] ?? "none")")
            }
            #expect(
                try await admin.get("/static/app.css").headers[.cacheControl] == "public, max-age=31536000, immutable")
        }
    }
}
