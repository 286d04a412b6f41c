import AlliancesCore
@testable import AlliancesServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@Suite struct AccountTests {
    @Test(arguments: TestEngine.available)
    func test_login_logout_and_wrong_password(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            #expect(try await browser.get("/connexion").body.contains("autocomplete=\"current-password\""))
            let wrong = try await browser.login("fac@alsace.example", "mauvais-mot-de-passe")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("E-mail ou mot de passe incorrect."))
            #expect(try await browser.login("inconnu@alsace.example").status == .unauthorized)
            let ok = try await browser.post(
                "/connexion",
                [("email", "FAC@alsace.example"), ("password", TestApp.password), ("retour", "/labs/alsace/comptes")])
            #expect(ok.status == .seeOther)
            #expect(ok.location == "/labs/alsace/comptes")
            let cookie = try #require(ok.headers[values: .setCookie].first { $0.hasPrefix("alliances_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(try await browser.get("/labs/alsace/comptes").body.contains("Inviter une personne"))
            #expect(try await browser.post("/deconnexion", []).status == .seeOther)
            #expect(try await browser.get("/labs/alsace/comptes").status == .unauthorized)
            // Open redirects are refused.
            let offsite = try await browser.post(
                "/connexion",
                [("email", "fac@alsace.example"), ("password", TestApp.password), ("retour", "//evil.example/")])
            #expect(offsite.location == "/")
            // A tab a browser strips, a backslash, an encoded slash: never off-site.
            for retour in ["/\t/evil.example", "/\\evil.example", "/%2F/evil.example", "/\u{0}/evil.example"] {
                let page = try await browser.post(
                    "/connexion", [("email", "fac@alsace.example"), ("password", TestApp.password), ("retour", retour)])
                #expect(page.location == "/", "\(retour.debugDescription)")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func test_invitation_creates_a_member_who_can_edit_their_organisation(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let missingOrg = try await fac.post(
                "/labs/alsace/comptes/invitations", [("email", "julien@sport.example"), ("role", "membre")])
            #expect(missingOrg.status == .unprocessableContent)
            #expect(missingOrg.body.contains("Choisissez l&#39;organisation du membre"))
            let adminInvite = try await fac.post(
                "/labs/alsace/comptes/invitations", [("email", "x@sport.example"), ("role", "admin")])
            #expect(adminInvite.status == .unprocessableContent)
            let created = try await fac.post(
                "/labs/alsace/comptes/invitations",
                [("email", "julien@sport.example"), ("role", "membre"), ("organisation", String(sport))])
            #expect(created.status == .created)
            let link = try #require(
                try await TestApp.lastLink(database, to: "julien@sport.example", prefix: "/invitations/"))

            let invitee = Browser(client)
            #expect(try await invitee.get(link).body.contains("julien@sport.example"))
            let short = try await invitee.post(
                link, [("name", "Julien"), ("password", "court"), ("confirmation", "court")])
            #expect(short.status == .unprocessableContent)
            let accepted = try await invitee.post(
                link,
                [
                    ("name", "Julien Fictif"), ("password", "un-long-mot-de-passe"),
                    ("confirmation", "un-long-mot-de-passe")
                ])
            #expect(accepted.status == .seeOther)
            #expect(accepted.location == "/labs/alsace")
            #expect(try await invitee.get("/labs/alsace/organisations/\(sport)/modifier").status == .ok)
            #expect(try await invitee.get(link).status == .gone)
            #expect(
                try await Browser(client).get("/invitations/" + String(repeating: "a", count: 43)).status == .notFound)
            #expect(try await fac.get("/labs/alsace/comptes").body.contains("Julien Fictif"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_accounts_pages_are_scoped_to_the_lab(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@national.example", role: .facilitator, lab: "reseau-national")
            try await TestApp.user(database, email: "admin@alliances.example", role: .admin)
            let other = Browser(client)
            try await other.login("fac@national.example")
            #expect(try await other.get("/labs/alsace/comptes").status == .forbidden)
            #expect(
                try await other.post(
                    "/labs/alsace/comptes/invitations", [("email", "a@b.example"), ("role", "facilitateur")]
                ).status == .forbidden)
            let admin = Browser(client)
            try await admin.login("admin@alliances.example")
            #expect(try await admin.get("/labs/alsace/comptes").status == .ok)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_sessions_are_shared_by_two_app_instances_on_one_database(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let first = Application(
                router: buildRouter(configuration: TestApp.configuration(database), database: database),
                logger: TestDatabase.logger)
            let second = Application(
                router: buildRouter(configuration: TestApp.configuration(database), database: database),
                logger: TestDatabase.logger)
            let cookies = try await first.test(.router) { client in
                let browser = Browser(client)
                try await browser.login("fac@alsace.example")
                return browser.cookies
            }
            try await second.test(.router) { client in
                let browser = Browser(client)
                browser.cookies = cookies
                let page = try await browser.get("/labs/alsace/comptes")
                #expect(page.status == .ok)
            }
        }
    }
}

@Suite struct SecurityTests {
    @Test(arguments: TestEngine.available)
    func test_posts_without_a_valid_csrf_token_are_refused_and_change_nothing(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            try await browser.login("fac@alsace.example")
            let before = try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations")
            let missing = try await browser.post(
                "/labs/alsace/organisations/nouvelle", [("name", "Sans jeton"), ("kind", "association")], csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.body.contains("Jeton de sécurité (CSRF)"))
            let wrong = try await browser.post(
                "/labs/alsace/organisations/nouvelle",
                [("name", "Mauvais jeton"), ("kind", "association"), ("_csrf", "faux")], csrf: false)
            #expect(wrong.status == .forbidden)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations") == before)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_rendered_values_are_escaped(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            try await browser.login("fac@alsace.example")
            let payload = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>"
            let created = try await browser.post(
                "/labs/alsace/organisations/nouvelle",
                [("name", payload), ("kind", "association"), ("description", payload)])
            let page = try await browser.get(try #require(created.location))
            #expect(!page.body.contains("<script>alert"))
            #expect(!page.body.contains("<img src=x"))
            #expect(page.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            let list = try await browser.get("/labs/alsace/organisations?nom=" + URLEncoding.component(payload))
            #expect(!list.body.contains("<script>alert"))
            // SQL syntax in a filter is data, not code.
            let injection = try await browser.get(
                "/labs/alsace/organisations?nom=" + URLEncoding.component("' OR 1=1 --"))
            #expect(injection.body.contains("0 organisation<"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_malformed_form_bodies_are_400(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            try await browser.login("fac@alsace.example")
            let body = "name=%C3%28&kind=association&_csrf=\(browser.csrf)"
            let invalid = try await browser.request(
                .post, "/labs/alsace/organisations/nouvelle",
                headers: [.contentType: "application/x-www-form-urlencoded"], body: .init(string: body))
            #expect(invalid.status == .badRequest)
            let badEscape = try await browser.request(
                .post, "/labs/alsace/organisations/nouvelle",
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: .init(string: "name=%ZZ&_csrf=\(browser.csrf)"))
            #expect(badEscape.status == .badRequest)
            let huge = try await browser.request(
                .post, "/labs/alsace/organisations/nouvelle",
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: .init(string: "name=" + String(repeating: "a", count: 2_000_000)))
            #expect(huge.status == .contentTooLarge)
        }
    }

    @Test func test_form_parsing() throws {
        let form = try FormData.parse("a=1&b=x+y&b=%C3%A9t%C3%A9&empty=&flag")
        #expect(form["a"] == "1")
        #expect(form.all("b") == ["x y", "été"])
        #expect(form["empty"] == "")
        #expect(form.has("flag"))
        #expect(throws: FormData.ParseError.self) { try FormData.parse("a=%E9") }
    }

    @Test func test_html_builder_escapes_interpolations_but_not_literals() {
        let name = "<Tom & \"Jerry\">"
        let html: HTML = "<p title=\"\(name)\">\(name)</p>"
        #expect(
            html.rendered == "<p title=\"&lt;Tom &amp; &quot;Jerry&quot;&gt;\">&lt;Tom &amp; &quot;Jerry&quot;&gt;</p>")
        let nested: HTML = "<div>\(html)</div>"
        #expect(nested.rendered.hasPrefix("<div><p title="))
    }

    /// One way to create an account, for the web invitation and the command line alike:
    /// scope checked, audited, an invitation used once.
    @Test(arguments: TestEngine.available)
    func test_account_service_checks_scope_audits_and_uses_an_invitation_once(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let service = AccountService(database: database, bcryptCost: 4)
            let labID = try await database.withConnection { db in try await LabStore().find(slug: "alsace", on: db)!.id
            }
            await #expect(throws: AccountService.Failure.invalid("Un facilitateur appartient à un labo.")) {
                try await service.create(
                    email: "f@alsace.example", name: "F", password: "un-long-mot-de-passe", confirmation: nil,
                    role: .facilitator, labID: nil, organisationID: nil)
            }
            await #expect(throws: AccountService.Failure.invalid("Cette organisation n'existe pas.")) {
                try await service.create(
                    email: "m@alsace.example", name: "M", password: "un-long-mot-de-passe", confirmation: nil,
                    role: .member, labID: nil, organisationID: 999_999)
            }
            let id = try await service.create(
                email: "f@alsace.example", name: "F", password: "un-long-mot-de-passe", confirmation: nil,
                role: .facilitator, labID: labID, organisationID: nil)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.create' AND target = 'user:\(id)'")
                    == 1)
            await #expect(throws: AccountService.Failure.self) {
                try await service.create(
                    email: "F@alsace.example", name: "F2", password: "un-long-mot-de-passe", confirmation: nil,
                    role: .facilitator, labID: labID, organisationID: nil)
            }
            let invitation = try await database.withConnection { db -> Int in
                _ = try await AccountStore().invite(
                    email: "i@alsace.example", role: .facilitator, labID: labID, organisationID: nil, invitedBy: id,
                    on: db)
                return try await db.raw("SELECT id FROM invitations WHERE email = 'i@alsace.example'").first()!.int(
                    "id")
            }
            _ = try await service.create(
                email: "i@alsace.example", name: "I", password: "un-long-mot-de-passe",
                confirmation: "un-long-mot-de-passe",
                role: .facilitator, labID: labID, organisationID: nil, invitationID: invitation)
            await #expect(throws: AccountService.Failure.invitationUsed) {
                try await service.create(
                    email: "j@alsace.example", name: "J", password: "un-long-mot-de-passe", confirmation: nil,
                    role: .facilitator, labID: labID, organisationID: nil, invitationID: invitation)
            }
        }
    }
}
