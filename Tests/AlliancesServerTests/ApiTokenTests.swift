import AlliancesCore
@testable import AlliancesServer
import Crypto
import Foundation
import HTTPTypes
import NIOCore
import SQLKit
import Testing

/// Personal API tokens end to end: made on "Mon compte" and shown once, stored as a hash,
/// sent as `Authorization: Bearer` to act as their owner within their scope, revoked by
/// their owner only, refused once expired, revoked or their account deactivated, exported
/// with the account's data and purged by retention.
@Suite struct ApiTokenTests {
    static func token(in body: String) -> String? {
        guard let range = body.range(of: #"alt_[A-Za-z0-9_-]{43}"#, options: .regularExpression) else { return nil }
        return String(body[range])
    }

    /// A request with only the token (no cookie).
    static func bearer(
        _ client: some Any, _ browser: Browser, _ method: HTTPRequest.Method, _ path: String, token: String,
        body: String? = nil
    ) async throws -> Browser.Page {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if body != nil { headers[.contentType] = "application/json" }
        return try await browser.request(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    @Test(arguments: TestEngine.available)
    func test_a_token_acts_as_its_owner_within_its_scope_until_revoked(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let atelier = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            try await TestApp.user(database, email: "membre@atelier.example", role: .member, organisation: atelier)
            try await TestApp.user(database, email: "autre@labo.example", role: .facilitator, lab: "alsace")
            let member = Browser(client)
            try await member.login("membre@atelier.example")
            let other = Browser(client)
            try await other.login("autre@labo.example")

            // Bad forms are refused with the field's message, and make nothing.
            let bad = try await member.post(
                "/compte/jetons", [("token_name", ""), ("token_scope", "tout"), ("token_days", "1000")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.contains("Le nom du jeton est obligatoire") || bad.body.contains("Le nom du jeton"))
            #expect(bad.body.contains("lecture, ou lecture et écriture") && bad.body.contains("30, 90 ou 365 jours"))
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM api_tokens") == 0)

            // Made: shown on that answer only, never stored in clear, not cached.
            let made = try await member.post(
                "/compte/jetons", [("token_name", "Tableur"), ("token_scope", "lecture"), ("token_days", "30")])
            #expect(made.status == .ok && made.headers[.cacheControl] == "no-store")
            let reader = try #require(Self.token(in: made.body))
            #expect(Self.token(in: try await member.get("/compte").body) == nil, "shown once")
            #expect(try await member.get("/compte").body.contains("Tableur"))
            let hash = Hex.string(SHA256.hash(data: Data(reader.utf8)))
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM api_tokens WHERE token_hash = '\(hash)'") == 1)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM api_tokens WHERE token_hash = '\(reader)' OR name = '\(reader)'")
                    == 0)

            // The token reads what its owner reads, and nothing more.
            let bare = Browser(client)
            let withCookie = try await member.get("/api/v1/labs/alsace/introductions")
            let withToken = try await Self.bearer(
                client, bare, .get, "/api/v1/labs/alsace/introductions", token: reader)
            #expect(withToken.status == .ok && withToken.body == withCookie.body)
            #expect(try await bare.get("/api/v1/labs/alsace/introductions").status == .unauthorized)
            #expect(
                try await Self.bearer(client, bare, .get, "/api/v1/labs/reseau-national/introductions", token: reader)
                    .status == .forbidden)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM api_tokens WHERE last_used_at IS NOT NULL") == 1)

            // A read token writes nothing; a read-write one writes as the owner.
            let listing =
                #"{"kind": "besoin", "organisationId": \#(atelier), "title": "Besoin par jeton", "description": "Un besoin.", "modes": ["benevolat"], "themes": ["solidarite"], "status": "publie", "visibility": "public"}"#
            let refused = try await Self.bearer(
                client, bare, .post, "/api/v1/labs/alsace/listings", token: reader, body: listing)
            #expect(refused.status == .forbidden && refused.body.contains("ne permet pas d'écrire dans « Échanges »"))
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM listings WHERE title = 'Besoin par jeton'")
                    == 0)
            let writerPage = try await member.post(
                "/compte/jetons", [("token_name", "CRM"), ("token_scope", "lecture-ecriture"), ("token_days", "90")])
            let writer = try #require(Self.token(in: writerPage.body))
            let created = try await Self.bearer(
                client, bare, .post, "/api/v1/labs/alsace/listings", token: writer, body: listing)
            #expect(created.status == .created)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM listings WHERE title = 'Besoin par jeton'")
                    == 1)

            // Wrong tokens and schemes: 401 with a French message, never a visitor's answer.
            for header in ["Bearer alt_inconnu", "Bearer ", "Basic \(reader)", "Bearer \(reader)x"] {
                let page = try await bare.request(
                    .get, "/api/v1/labs/alsace/introductions", headers: [.authorization: header])
                #expect(page.status == .unauthorized, "\(header)")
                #expect(page.body.contains("Jeton d") || page.body.contains("Bearer"), "\(header)")
            }
            // Pages ignore the header: they are for cookies.
            #expect(
                try await bare.request(.get, "/compte", headers: [.authorization: "Bearer \(reader)"]).status
                    == .unauthorized)

            // Revoked by its owner only; then refused.
            let id = try await TestApp.count(database, "SELECT id AS n FROM api_tokens WHERE name = 'Tableur'")
            #expect(try await other.post("/compte/jetons/\(id)/revoquer", []).status == .notFound)
            let revoked = try await member.post("/compte/jetons/\(id)/revoquer", [])
            #expect(revoked.status == .ok && revoked.body.contains("révoqué"))
            #expect(try await member.post("/compte/jetons/\(id)/revoquer", []).status == .notFound)
            #expect(
                try await Self.bearer(client, bare, .get, "/api/v1/labs/alsace/introductions", token: reader).status
                    == .unauthorized)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'api-token.%'") == 3)

            // Expired: refused.
            try await database.write { db in
                try await db.raw("UPDATE api_tokens SET expires_at = 1 WHERE name = 'CRM'").run()
            }
            #expect(
                try await Self.bearer(client, bare, .get, "/api/v1/labs/alsace/introductions", token: writer).status
                    == .unauthorized)

            // Exported with the account (names and dates, no hash); purged 90 days after.
            let export = try await member.post("/compte/donnees", []).body
            #expect(export.contains("jetons_api") && export.contains("Tableur") && !export.contains(hash))
            let report = try await RetentionJob(database: database, policy: RetentionPolicy()).run(
                now: nowSeconds() + 91 * 86_400)
            #expect(report.apiTokens == 2)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM api_tokens") == 0)
        }
    }

    /// Scopes are given per capability; a token acts in its lab only; tokens made before
    /// scopes per capability keep their one scope for every capability.
    @Test(arguments: TestEngine.available)
    func test_scopes_are_per_capability_and_a_token_acts_in_its_lab(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let facilitator = Browser(client)
            try await facilitator.login("fac@alsace.example")
            let none = ApiCapability.allCases.map { ("scope_\($0.rawValue)", "aucun") }

            // A token without any access, or with an unknown level, is refused.
            let empty = try await facilitator.post(
                "/compte/jetons", [("token_name", "Rien"), ("token_days", "30")] + none)
            #expect(empty.status == .unprocessableContent && empty.body.contains("au moins une partie"))
            let unknown = try await facilitator.post(
                "/compte/jetons", [("token_name", "Bizarre"), ("token_days", "30"), ("scope_annuaire", "tout")])
            #expect(
                unknown.status == .unprocessableContent
                    && unknown.body.contains("accès à « Annuaire » : aucun, lecture"))
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM api_tokens") == 0)

            // Directory to read, events to write, nothing else.
            var fields = none.filter { $0.0 != "scope_annuaire" && $0.0 != "scope_rencontres" }
            fields += [
                ("token_name", "Agenda"), ("token_days", "30"), ("scope_annuaire", "lecture"),
                ("scope_rencontres", "ecriture")
            ]
            let made = try await facilitator.post("/compte/jetons", fields)
            #expect(made.status == .ok && made.body.contains("Annuaire : lecture ; Rencontres : lecture et écriture"))
            let token = try #require(Self.token(in: made.body))
            let bare = Browser(client)
            func status(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws
                -> HTTPResponse.Status
            {
                try await Self.bearer(client, bare, method, path, token: token, body: body).status
            }
            #expect(try await status(.get, "/api/v1/labs/alsace/organisations") == .ok)
            #expect(try await status(.get, "/api/v1/events") == .ok)
            let listings = try await Self.bearer(client, bare, .get, "/api/v1/labs/alsace/listings", token: token)
            #expect(listings.status == .forbidden && listings.body.contains("ne donne pas accès à « Échanges »"))
            #expect(try await status(.get, "/api/v1/labs/alsace/partnerships") == .forbidden)
            #expect(try await status(.get, "/api/v1/labs/alsace/organisations/1/recommendations") == .forbidden)
            #expect(try await status(.get, "/api/v1/labs/alsace/experiences") == .forbidden)
            #expect(try await status(.get, "/api/v1/labs/alsace/resources") == .forbidden)
            let write = try await Self.bearer(
                client, bare, .post, "/api/v1/labs/alsace/organisations", token: token, body: #"{"name": "Par jeton"}"#)
            #expect(write.status == .forbidden && write.body.contains("ne permet pas d'écrire dans « Annuaire »"))
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE name = 'Par jeton'")
                    == 0)
            // Its lab only, even where its owner could read as a visitor.
            let elsewhere = try await Self.bearer(
                client, bare, .get, "/api/v1/labs/reseau-national/organisations", token: token)
            #expect(elsewhere.status == .forbidden && elsewhere.body.contains("ne vaut que pour le labo « alsace »"))

            // A token from before scopes per capability: its one scope for everything.
            try await database.write { db in try await db.raw("UPDATE api_tokens SET scopes = NULL").run() }
            #expect(try await status(.get, "/api/v1/labs/alsace/partnerships") == .ok)
            #expect(
                try await status(
                    .post, "/api/v1/labs/alsace/organisations",
                    #"{"name": "Par jeton", "kind": "association", "commune": "67482"}"#) == .created)
        }
    }

    /// A lab's tokens: made, listed and revoked by its facilitators; acting as a facilitator
    /// of that lab only, while their maker is one.
    @Test(arguments: TestEngine.available)
    func test_a_labs_tokens_belong_to_its_facilitators(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let makerID = try await TestApp.user(
                database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(database, email: "fac2@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(database, email: "fac@national.example", role: .facilitator, lab: "reseau-national")
            try await TestApp.user(database, email: "admin@reseau.example", role: .admin)
            let atelier = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            try await TestApp.user(database, email: "membre@atelier.example", role: .member, organisation: atelier)
            let maker = Browser(client)
            try await maker.login("fac@alsace.example")
            let colleague = Browser(client)
            try await colleague.login("fac2@alsace.example")
            let outsider = Browser(client)
            try await outsider.login("fac@national.example")
            let member = Browser(client)
            try await member.login("membre@atelier.example")
            let admin = Browser(client)
            try await admin.login("admin@reseau.example")

            #expect(try await maker.get("/labs/alsace/jetons").status == .ok)
            #expect(try await member.get("/labs/alsace/jetons").status == .forbidden)
            #expect(try await outsider.get("/labs/alsace/jetons").status == .forbidden)
            #expect(try await Browser(client).get("/labs/alsace/jetons").status == .unauthorized)
            #expect(try await maker.get("/labs/alsace/organisations").body.contains("/labs/alsace/jetons"))

            let made = try await maker.post(
                "/labs/alsace/jetons",
                [
                    ("token_name", "CRM du labo"), ("token_days", "365"), ("scope_annuaire", "ecriture"),
                    ("scope_echanges", "lecture")
                ])
            #expect(made.status == .ok && made.headers[.cacheControl] == "no-store")
            let token = try #require(Self.token(in: made.body))
            // Listed for the lab (with its maker), not on the maker's own account page.
            let listed = try await colleague.get("/labs/alsace/jetons").body
            #expect(listed.contains("CRM du labo") && listed.contains("par "))
            #expect(!(try await maker.get("/compte").body.contains("CRM du labo")))
            #expect(!(try await outsider.get("/labs/reseau-national/jetons").body.contains("CRM du labo")))

            // It acts as a facilitator of the lab, writes there, and nowhere else.
            let bare = Browser(client)
            let created = try await Self.bearer(
                client, bare, .post, "/api/v1/labs/alsace/organisations", token: token,
                body: #"{"name": "Créée par intégration", "kind": "association", "commune": "67482"}"#)
            #expect(created.status == .created)
            #expect(
                try await Self.bearer(client, bare, .get, "/api/v1/labs/reseau-national/organisations", token: token)
                    .status == .forbidden)

            // An administrator's lab token does not lend the administrator's other rights.
            let adminMade = try await admin.post(
                "/labs/alsace/jetons", [("token_name", "Admin"), ("token_days", "30"), ("scope_annuaire", "ecriture")])
            let adminToken = try #require(Self.token(in: adminMade.body))
            #expect(
                try await Self.bearer(
                    client, bare, .post, "/api/v1/labs/reseau-national/organisations", token: adminToken,
                    body: #"{"name": "Ailleurs", "kind": "association", "commune": "67482"}"#
                ).status == .forbidden)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE name = 'Ailleurs'")
                    == 0)

            // Revoked by any facilitator of the lab; another lab's facilitator finds nothing.
            let id = try await TestApp.count(database, "SELECT id AS n FROM api_tokens WHERE name = 'CRM du labo'")
            #expect(try await outsider.post("/labs/reseau-national/jetons/\(id)/revoquer", []).status == .notFound)
            #expect(try await member.post("/labs/alsace/jetons/\(id)/revoquer", []).status == .forbidden)
            #expect(
                try await maker.post("/compte/jetons/\(id)/revoquer", []).status == .notFound, "not a personal token")
            #expect(
                try await Self.bearer(client, bare, .get, "/api/v1/labs/alsace/organisations", token: token).status
                    == .ok)
            // Its maker no longer a facilitator: it stops; back again: it works.
            try await database.write { db in
                try await db.raw("UPDATE users SET role = 'membre' WHERE id = \(bind: makerID)").run()
            }
            #expect(
                try await Self.bearer(client, bare, .get, "/api/v1/labs/alsace/organisations", token: token).status
                    == .unauthorized)
            try await database.write { db in
                try await db.raw("UPDATE users SET role = 'facilitateur' WHERE id = \(bind: makerID)").run()
            }
            let revoked = try await colleague.post("/labs/alsace/jetons/\(id)/revoquer", [])
            #expect(revoked.status == .ok && revoked.body.contains("révoqué"))
            #expect(
                try await Self.bearer(client, bare, .get, "/api/v1/labs/alsace/organisations", token: token).status
                    == .unauthorized)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'api-token.%'") == 3)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_deactivated_accounts_tokens_stop_and_the_number_is_bounded(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let userID = try await TestApp.user(
                database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let facilitator = Browser(client)
            try await facilitator.login("fac@alsace.example")
            var last: String?
            for n in 0..<ApiTokenDraft.maxActivePerUser {
                let page = try await facilitator.post(
                    "/compte/jetons", [("token_name", "Jeton \(n)"), ("token_scope", "lecture"), ("token_days", "30")])
                last = Self.token(in: page.body)
            }
            let over = try await facilitator.post(
                "/compte/jetons", [("token_name", "De trop"), ("token_scope", "lecture"), ("token_days", "30")])
            #expect(over.status == .unprocessableContent && over.body.contains("révoquez-en un"))
            let token = try #require(last)
            let bare = Browser(client)
            #expect(
                try await Self.bearer(client, bare, .get, "/api/v1/labs/alsace/partnerships", token: token).status
                    == .ok)
            try await database.write { db in
                try await db.raw("UPDATE users SET deactivated_at = 1 WHERE id = \(bind: userID)").run()
            }
            #expect(
                try await Self.bearer(client, bare, .get, "/api/v1/labs/alsace/partnerships", token: token).status
                    == .unauthorized)
        }
    }
}

/// Requests per token and minute.
@Suite struct ApiRateLimitTests {
    @Test func test_each_token_has_its_own_window_of_a_minute() {
        let limiter = ApiRateLimiter<Int>(perMinute: 3)
        #expect((0..<3).map { limiter.refusal(1, now: 1_000 + $0) } == [nil, nil, nil])
        #expect(limiter.refusal(1, now: 1_010) == 50, "the rest of the window")
        #expect(limiter.refusal(2, now: 1_010) == nil, "another token counts apart")
        #expect(limiter.refusal(1, now: 1_059) == 1)
        #expect(limiter.refusal(1, now: 1_060) == nil, "a new window")
    }

    @Test(arguments: TestEngine.available)
    func test_past_the_limit_a_token_gets_429_with_retry_after(engine: TestEngine) async throws {
        try await TestApp.run(engine, configure: { $0.apiRequestsPerMinute = 2 }) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let facilitator = Browser(client)
            try await facilitator.login("fac@alsace.example")
            let made = try await facilitator.post(
                "/compte/jetons", [("token_name", "Script"), ("token_scope", "lecture"), ("token_days", "30")])
            let token = try #require(ApiTokenTests.token(in: made.body))
            let bare = Browser(client)
            var statuses: [HTTPResponse.Status] = []
            var last: Browser.Page?
            for _ in 0..<3 {
                last = try await ApiTokenTests.bearer(
                    client, bare, .get, "/api/v1/labs/alsace/partnerships", token: token)
                statuses.append(last!.status)
            }
            #expect(statuses == [.ok, .ok, .tooManyRequests])
            #expect(last?.body.contains("Trop de requêtes pour ce jeton") == true)
            #expect(Int(last?.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // The cookie of the same person is not the token's budget.
            #expect(try await facilitator.get("/api/v1/labs/alsace/partnerships").status == .ok)
        }
    }

    /// One address, with no token or many, has its own budget on `/api/` (pages apart).
    @Test(arguments: TestEngine.available)
    func test_past_the_limit_an_address_gets_429_whatever_its_credentials(engine: TestEngine) async throws {
        try await TestApp.run(engine, configure: { $0.apiRequestsPerAddressPerMinute = 3 }) { client, _ in
            let visitor = Browser(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 { statuses.append(try await visitor.get("/api/v1/labs").status) }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests])
            let refused = try await visitor.get("/api/v1/events")
            #expect(refused.status == .tooManyRequests && refused.headers[.contentType] == "application/problem+json")
            #expect(refused.body.contains("Trop de requêtes depuis votre adresse (3 par minute)"))
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(try await visitor.get("/labs/alsace/organisations").status == .ok, "pages are not the API")
        }
    }
}

/// `ETag` and `If-None-Match` on the API's reads.
@Suite struct ConditionalGetTests {
    @Test func test_if_none_match_compares_lists_weak_tags_and_star() {
        let tag = #""abc""#
        #expect(ConditionalGetMiddleware.matches(tag, tag))
        #expect(ConditionalGetMiddleware.matches(#""x", W/"abc""#, tag))
        #expect(ConditionalGetMiddleware.matches("  *\t", tag) && ConditionalGetMiddleware.matches(#""x" , * "#, tag))
        #expect(!ConditionalGetMiddleware.matches(#""abcd", "ab""#, tag))
        #expect(!ConditionalGetMiddleware.matches("", tag) && !ConditionalGetMiddleware.matches("W/", tag))
    }

    @Test(arguments: TestEngine.available)
    func test_a_read_answers_304_to_its_own_tag_and_200_once_it_changed(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            let path = "/api/v1/labs/alsace/organisations?type=association"
            let first = try await browser.get(path)
            let tag = try #require(first.headers[.eTag])
            #expect(first.status == .ok && tag.hasPrefix("\"") && tag.count == 34)
            #expect(try await browser.get(path).headers[.eTag] == tag, "the same bytes, the same tag")
            for header in [tag, "W/\(tag)", "\"autre\", \(tag)", "*"] {
                let again = try await browser.request(.get, path, headers: [.ifNoneMatch: header])
                #expect(again.status == .notModified && again.body.isEmpty && again.headers[.eTag] == tag, "\(header)")
            }
            let other = try await browser.request(.get, path, headers: [.ifNoneMatch: "\"autre\""])
            #expect(other.status == .ok && !other.body.isEmpty)
            // A change in the list: the old tag no longer matches.
            try await browser.login("fac@alsace.example")
            let created = try await browser.json(
                .post, "/api/v1/labs/alsace/organisations",
                #"{"name": "Association du test des étiquettes", "kind": "association", "commune": "67482"}"#)
            #expect(created.status == .created && created.headers[.eTag] == nil, "only 200s carry a tag")
            #expect(
                try await browser.request(.get, path, headers: [.ifNoneMatch: tag]).status == .ok,
                "the list's total changed")
            let changed = try await browser.request(
                .get, path + "&nom=etiquettes", headers: [.ifNoneMatch: tag])
            #expect(changed.status == .ok && changed.body.contains("Association du test des étiquettes"))
            #expect(changed.headers[.eTag] != tag)
            // Pages are not concerned.
            #expect(
                try await browser.request(.get, "/labs/alsace/organisations", headers: [.ifNoneMatch: "*"]).status
                    == .ok)
        }
    }
}

/// `Idempotency-Key` on the API's creating requests.
@Suite struct IdempotencyTests {
    static func post(_ browser: Browser, _ path: String, _ body: String, key: String?) async throws -> Browser.Page {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await browser.request(.post, path, headers: headers, body: ByteBuffer(string: body))
    }

    @Test(arguments: TestEngine.available)
    func test_a_retried_creation_creates_once_and_gets_the_same_answer(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(database, email: "autre@alsace.example", role: .facilitator, lab: "alsace")
            let facilitator = Browser(client)
            try await facilitator.login("fac@alsace.example")
            let other = Browser(client)
            try await other.login("autre@alsace.example")
            let path = "/api/v1/labs/alsace/organisations"
            let body = #"{"name": "Association rejouée", "kind": "association", "commune": "67482"}"#
            let count = "SELECT COUNT(*) AS n FROM organisations WHERE name = 'Association rejouée'"

            let first = try await Self.post(facilitator, path, body, key: "cle-1")
            #expect(first.status == .created)
            let again = try await Self.post(facilitator, path, body, key: "cle-1")
            #expect(again.status == .created && again.body == first.body)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(again.headers[.location] == first.headers[.location])
            #expect(try await TestApp.count(database, count) == 1, "created once")

            // The same key for another body is refused; another account's key is its own.
            let changed = try await Self.post(
                facilitator, path, body.replacingOccurrences(of: "rejouée", with: "autre"), key: "cle-1")
            #expect(changed.status == .unprocessableContent && changed.body.contains("déjà servi"))
            let theirs = #"{"name": "Association de l'autre compte", "kind": "association", "commune": "67482"}"#
            #expect(try await Self.post(other, path, theirs, key: "cle-1").status == .created)

            // A refused request frees its key (nothing was done); no key, no memory.
            let invalid = #"{"name": "", "kind": "association", "commune": "67482"}"#
            let refused = try await Self.post(facilitator, path, invalid, key: "cle-2")
            #expect(refused.status.code >= 400 && refused.status.code < 500)
            let refusedAgain = try await Self.post(facilitator, path, invalid, key: "cle-2")
            #expect(
                refusedAgain.status == refused.status
                    && refusedAgain.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let corrected = #"{"name": "Association corrigée", "kind": "association", "commune": "67482"}"#
            #expect(try await Self.post(facilitator, path, corrected, key: "cle-2").status == .created)
            let plain = #"{"name": "Association sans clé", "kind": "association", "commune": "67482"}"#
            #expect(try await Self.post(facilitator, path, plain, key: nil).status == .created)
            #expect(try await Self.post(facilitator, path, plain, key: nil).status == .created)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM organisations WHERE name = 'Association sans clé'") == 2)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM idempotency_keys") == 3)

            // A bad key is refused; keys go after a day.
            #expect(try await Self.post(facilitator, path, body, key: "clé accentuée").status == .badRequest)
            try await database.write { db in try await IdempotencyStore().purge(before: nowSeconds() + 1, on: db) }
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM idempotency_keys") == 0)
        }
    }
}

/// The memo of token lookups: kept for its seconds, dropped at once by a revocation here
/// (and not brought back by a lookup that raced it), bounded.
@Suite struct ApiTokenMemoTests {
    static func found(_ id: Int) -> ApiTokens.Authenticated {
        ApiTokens.Authenticated(
            identity: CurrentUser(
                viewer: Viewer(userID: 1, role: .member, labID: 1, organisationID: nil), name: "N", email: "n@e.x"),
            token: ApiToken(
                id: id, userID: 1, name: "T", scopes: ApiScopes(legacy: .read), kind: .personal, labID: 1,
                labSlug: "alsace", createdAt: 0, expiresAt: 10_000_000, lastUsedAt: nil, revokedAt: nil))
    }

    @Test func test_kept_for_its_seconds_and_forgotten_by_a_revocation() {
        let memo = ApiTokens.Memo(seconds: 5)
        memo.put("h1", Self.found(1), now: 100)
        #expect(memo.get("h1", now: 104)?.token.id == 1)
        #expect(memo.get("h1", now: 105) == nil, "expired")
        memo.put("h1", Self.found(1), now: 200)
        memo.forget(tokenID: 1, now: 201)
        #expect(memo.get("h1", now: 201) == nil)
        memo.put("h1", Self.found(1), now: 202)
        #expect(memo.get("h1", now: 202) == nil, "a lookup that raced the revocation is not kept")
        memo.put("h1", Self.found(1), now: 210)
        #expect(memo.get("h1", now: 210) != nil, "after the window, a (re-checked) token is kept again")
        let none = ApiTokens.Memo(seconds: 0)
        none.put("h", Self.found(2), now: 1)
        #expect(none.get("h", now: 1) == nil && none.count == 0)
        let full = ApiTokens.Memo(seconds: 5)
        for n in 0..<10_050 { full.put("h\(n)", Self.found(n), now: 1) }
        #expect(full.count <= 10_000)
    }

    @Test(arguments: TestEngine.available)
    func test_a_revocation_here_takes_effect_at_once(engine: TestEngine) async throws {
        try await TestApp.run(engine, configure: { $0.apiTokenMemoSeconds = 30 }) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let facilitator = Browser(client)
            try await facilitator.login("fac@alsace.example")
            let made = try await facilitator.post(
                "/compte/jetons", [("token_name", "Script"), ("token_scope", "lecture"), ("token_days", "30")])
            let token = try #require(ApiTokenTests.token(in: made.body))
            let bare = Browser(client)
            let path = "/api/v1/labs/alsace/partnerships"
            #expect(try await ApiTokenTests.bearer(client, bare, .get, path, token: token).status == .ok)
            #expect(try await ApiTokenTests.bearer(client, bare, .get, path, token: token).status == .ok)
            let id = try await TestApp.count(database, "SELECT id AS n FROM api_tokens WHERE name = 'Script'")
            #expect(try await facilitator.post("/compte/jetons/\(id)/revoquer", []).status == .ok)
            #expect(try await ApiTokenTests.bearer(client, bare, .get, path, token: token).status == .unauthorized)
        }
    }
}
