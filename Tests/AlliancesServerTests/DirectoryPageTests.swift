import AlliancesCore
@testable import AlliancesServer
import HTTPTypes
import SQLKit
import Testing

@Suite struct DirectoryPageTests {
    @Test(arguments: TestEngine.available)
    func test_public_pages_render_in_french(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, _ in
            let browser = Browser(client)
            let network = try await browser.get("/")
            #expect(network.status == .ok)
            #expect(network.body.contains("<html lang=\"fr\">"))
            #expect(network.body.contains("Labo régional alsacien des partenariats"))
            let home = try await browser.get("/labs/alsace")
            #expect(home.status == .ok)
            #expect(home.body.contains("Bas-Rhin (67), Haut-Rhin (68)"))
            let css = try await browser.get("/static/app.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            let list = try await browser.get("/labs/alsace/organisations")
            #expect(list.body.contains("Élan Solidaire Mulhouse"))
            #expect(list.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_filters_combine_and_count(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, _ in
            let browser = Browser(client)
            let companies = try await browser.get("/labs/alsace/organisations?type=entreprise")
            #expect(companies.body.contains("8 organisations"))
            #expect(companies.body.contains("Numéria Conseil"))
            #expect(!companies.body.contains("Élan Solidaire"))
            let pme68 = try await browser.get("/labs/alsace/organisations?type=entreprise&taille=pme&departement=68")
            #expect(pme68.body.contains("2 organisations"))
            #expect(pme68.body.contains("Transports Rhénans"))
            #expect(pme68.body.contains("Imprimerie du Haut-Rhin"))
            let theme = try await browser.get("/labs/alsace/organisations?theme=numerique")
            #expect(theme.body.contains("Atelier Numérique Solidaire"))
            #expect(!theme.body.contains("Sport pour Tous"))
            let name = try await browser.get("/labs/alsace/organisations?nom=ELAN")
            #expect(name.body.contains("1 organisation<"))
            let wildcard = try await browser.get("/labs/alsace/organisations?nom=%25")
            #expect(wildcard.body.contains("0 organisation<"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_bad_filters_and_unknown_pages_are_4xx_in_french(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let browser = Browser(client)
            let badKind = try await browser.get("/labs/alsace/organisations?type=ovni")
            #expect(badKind.status == .badRequest)
            #expect(badKind.body.contains("Type d&#39;acteur inconnu : « ovni »."))
            #expect(try await browser.get("/labs/alsace/organisations?departement=99").status == .badRequest)
            #expect(try await browser.get("/labs/alsace/organisations?page=abc").status == .badRequest)
            #expect(try await browser.get("/labs/alsace/organisations?page=0").status == .badRequest)
            #expect(try await browser.get("/labs/nulle-part").status == .notFound)
            #expect(try await browser.get("/labs/alsace/organisations/999999").status == .notFound)
            #expect(try await browser.get("/labs/alsace/organisations/abc").status == .notFound)
            #expect(try await browser.get("/nowhere").body.contains("Page introuvable"))
            // An organisation of another lab is not reachable through this lab.
            let medef = try await TestApp.organisationID(database, named: "Medef")
            #expect(try await browser.get("/labs/alsace/organisations/\(medef)").status == .notFound)
            #expect(try await browser.get("/labs/reseau-national/organisations/\(medef)").status == .ok)
            // Invalid UTF-8 and huge values in the query string never give a 500.
            let invalid = try await browser.get("/labs/alsace/organisations?nom=%C3%28")
            #expect(invalid.status.code < 500)
            let long = try await browser.get("/labs/alsace/organisations?nom=" + String(repeating: "a", count: 10_000))
            #expect(long.status == .badRequest)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_pagination_of_a_large_lab(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await SyntheticData.generate(count: 120, labSlug: "alsace", database: database)
            let browser = Browser(client)
            let first = try await browser.get("/labs/alsace/organisations?statut=toutes")
            #expect(first.body.contains("146 organisations"))
            #expect(first.body.contains("Page 1 sur 3"))
            #expect(first.body.contains("rel=\"next\""))
            let third = try await browser.get("/labs/alsace/organisations?statut=toutes&page=3")
            #expect(third.body.contains("Page 3 sur 3"))
            #expect(third.body.components(separatedBy: "<li><h3>").count - 1 == 46)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_contact_details_are_shown_only_to_facilitators_and_the_organisation_members(engine: TestEngine)
        async throws
    {
        try await TestApp.run(engine) { client, database in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let numeria = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            try await TestApp.user(database, email: "facilitatrice@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(
                database, email: "facilitateur@national.example", role: .facilitator, lab: "reseau-national")
            try await TestApp.user(database, email: "membre@elan.example", role: .member, organisation: elan)
            try await TestApp.user(database, email: "membre@numeria.example", role: .member, organisation: numeria)
            let page = "/labs/alsace/organisations/\(elan)"
            let email = "claire.demo@elan-solidaire.example"
            let expectations: [(String?, Bool)] = [
                (nil, false), ("facilitatrice@alsace.example", true), ("facilitateur@national.example", false),
                ("membre@elan.example", true), ("membre@numeria.example", false)
            ]
            for (login, sees) in expectations {
                let browser = Browser(client)
                if let login { #expect(try await browser.login(login).status == .seeOther) }
                let html = try await browser.get(page)
                #expect(html.body.contains("Claire Demo"), "names are public")
                #expect(html.body.contains(email) == sees, "\(login ?? "visitor")")
                let json = try await browser.get("/api/v1/labs/alsace/organisations/\(elan)")
                #expect(json.body.contains(email) == sees, "API \(login ?? "visitor")")
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func test_signed_in_list_is_kept_per_role_and_follows_every_change(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(database, email: "membre@elan.example", role: .member, organisation: elan)
            let facilitator = Browser(client)
            try await facilitator.login("fac@alsace.example")
            let member = Browser(client)
            try await member.login("membre@elan.example")
            let url = "/labs/alsace/organisations?type=association"
            // The same URL, read by both roles twice: each keeps its own button and menu.
            for _ in 0..<2 {
                let asFacilitator = try await facilitator.get(url).body
                #expect(asFacilitator.contains("Ajouter une organisation"))
                #expect(asFacilitator.contains(">Comptes</a>"))
                let asMember = try await member.get(url).body
                #expect(!asMember.contains("Ajouter une organisation"))
                #expect(!asMember.contains(">Comptes</a>"))
                #expect(asMember.contains("Élan Solidaire Mulhouse"))
            }
            let before = try await member.get(url).body
            #expect(!before.contains("Repair Café de la Krutenau"))
            let created = try await facilitator.post(
                "/labs/alsace/organisations/nouvelle", DirectoryFormTests.validForm)
            #expect(created.status == .seeOther)
            // The next read by either role shows the new association, and the new count.
            for browser in [member, facilitator] {
                let after = try await browser.get(url).body
                #expect(after.contains("Repair Café de la Krutenau"))
                #expect(!after.contains(Self.countLine(before)))
            }
        }
    }

    /// The "N organisations" line of a directory page.
    static func countLine(_ body: String) -> String {
        guard let range = body.range(of: #"\d+ organisations?<"#, options: .regularExpression) else { return "?" }
        return String(body[range])
    }
}
