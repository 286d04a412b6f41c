import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// What one lab shares with the network reaches the other labs: the network's experience
/// library (`portee=reseau`), the other labs' tools, the network's resources. What a lab
/// keeps for itself stays there, and visitors read only what is public.
@Suite struct NetworkSharingTests {
    static func id(_ database: Database, _ sql: SQLQueryString) async throws -> Int {
        try await database.withConnection { db in try await db.raw(sql).first()!.decode(column: "id", as: Int.self) }
    }

    @Test(arguments: TestEngine.available)
    func test_sheets_tools_and_resources_shared_with_the_network_are_listed_in_other_labs(engine: TestEngine)
        async throws
    {
        try await TestApp.run(engine) { client, database in
            let culture = try await TestApp.organisationID(database, named: "Culture en Partage Saverne")
            try await TestApp.user(
                database, email: "membre@culture.example", role: .member, lab: "alsace", organisation: culture)
            try await TestApp.user(
                database, email: "equipe@national.example", role: .facilitator, lab: "reseau-national")
            try await TestApp.user(database, email: "equipe@alsace.example", role: .facilitator, lab: "alsace")
            let alsaceMember = Browser(client)
            try await alsaceMember.login("membre@culture.example")
            let national = Browser(client)
            try await national.login("equipe@national.example")
            let alsaceTeam = Browser(client)
            try await alsaceTeam.login("equipe@alsace.example")
            let visitor = Browser(client)

            let nationalSheet = try await Self.id(
                database,
                "SELECT s.id FROM experience_sheets s JOIN labs l ON l.id = s.lab_id WHERE l.slug = 'reseau-national'")
            let networkSheet = try await Self.id(
                database, "SELECT id FROM experience_sheets WHERE visibility = 'reseau' AND status = 'publiee'")
            let labSheet = try await Self.id(
                database, "SELECT id FROM experience_sheets WHERE visibility = 'labo' AND status = 'publiee'")

            // Alsace's own library: its ten sheets for its members, never the national one.
            let own = try await alsaceMember.get("/labs/alsace/bibliotheque")
            #expect(own.body.contains(">10 fiches<") && !own.body.contains("bibliotheque/\(nationalSheet)\""))
            #expect(own.body.contains("?portee=reseau"), "the page offers the network's library")

            // The network's library: what every lab shares, each sheet linked in its own lab.
            let fromAlsace = try await alsaceMember.get("/labs/alsace/bibliotheque?portee=reseau")
            #expect(fromAlsace.status == .ok && fromAlsace.body.contains(">10 fiches<"))
            #expect(fromAlsace.body.contains("/labs/reseau-national/bibliotheque/\(nationalSheet)\""))
            #expect(fromAlsace.body.contains("Réseau national des pionniers · "))
            #expect(!fromAlsace.body.contains("bibliotheque/\(labSheet)\""), "a lab's own sheet stays in the lab")
            let fromNational = try await national.get("/labs/reseau-national/bibliotheque?portee=reseau")
            #expect(fromNational.body.contains(">10 fiches<"))
            #expect(fromNational.body.contains("/labs/alsace/bibliotheque/\(networkSheet)\""))
            #expect(!fromNational.body.contains("bibliotheque/\(labSheet)\""))
            #expect(try await national.get("/labs/reseau-national/bibliotheque").body.contains(">1 fiche<"))
            let visitors = try await visitor.get("/labs/reseau-national/bibliotheque?portee=reseau")
            #expect(visitors.body.contains(">9 fiches<") && !visitors.body.contains("bibliotheque/\(networkSheet)\""))
            // Facets and words work on the network's library, and keep the scope in their links.
            let scic = try await alsaceMember.get("/labs/alsace/bibliotheque?portee=reseau&gouvernance=scic")
            #expect(scic.body.contains(">1 fiche<") && scic.body.contains("bibliotheque/\(networkSheet)\""))
            #expect(fromAlsace.body.contains("portee=reseau&amp;question="))
            let map = try await alsaceMember.get("/labs/alsace/bibliotheque/carte?portee=reseau")
            #expect(map.status == .ok && map.body.contains("/labs/reseau-national/bibliotheque/\(nationalSheet)"))
            let api = try await visitor.get("/api/v1/labs/alsace/experiences?portee=reseau").json()
            let urls = (api["items"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
            #expect(urls.contains("/labs/reseau-national/bibliotheque/\(nationalSheet)") && urls.count == 9)
            let bad = try await visitor.get("/labs/alsace/bibliotheque?portee=planete")
            #expect(bad.status == .badRequest && bad.body.contains("Portée inconnue"))

            // Read in its lab by people of another lab as its visibility says.
            #expect(try await national.get("/labs/alsace/bibliotheque/\(networkSheet)").status == .ok)
            #expect(try await national.get("/labs/alsace/bibliotheque/\(labSheet)").status == .notFound)
            #expect(try await visitor.get("/labs/alsace/bibliotheque/\(networkSheet)").status == .notFound)

            // A sheet newly shared with the network is in the network's library at once.
            let written = try await alsaceMember.post(
                "/labs/alsace/bibliotheque/nouvelle",
                LibraryTests.sheetForm(title: "Un festival partagé", parties: [culture], visibility: "reseau"))
            let sheet = try #require(LibraryTests.sheetID(written.location))
            _ = try await alsaceMember.post("/labs/alsace/bibliotheque/\(sheet)/etape", [("action", "soumettre")])
            #expect(
                try await alsaceTeam.post("/labs/alsace/bibliotheque/\(sheet)/etape", [("action", "publier")])
                    .status == .seeOther)
            let grown = try await national.get("/labs/reseau-national/bibliotheque?portee=reseau")
            #expect(grown.body.contains(">11 fiches<") && grown.body.contains("/labs/alsace/bibliotheque/\(sheet)\""))

            // Tools: the other labs' shared ones are listed apart, a lab's own stay there.
            for (title, visibility) in [("Grille partagée au réseau", "reseau"), ("Note interne", "labo")] {
                let made = try await alsaceTeam.post(
                    "/labs/alsace/outils/nouveau",
                    [
                        ("title", title), ("category", "grille-evaluation"), ("licence", "cc-by-4.0"),
                        ("visibility", visibility)
                    ])
                #expect(made.status == .seeOther)
            }
            let tools = try await national.get("/labs/reseau-national/outils")
            #expect(tools.body.contains("Partagés par les autres labos du réseau"))
            #expect(tools.body.contains("Grille partagée au réseau") && !tools.body.contains("Note interne"))
            let shared = try await Self.id(
                database, "SELECT id FROM library_tools WHERE title = 'Grille partagée au réseau'")
            #expect(tools.body.contains("/labs/alsace/outils/\(shared)\""))
            #expect(try await national.get("/labs/alsace/outils/\(shared)").status == .ok)
            let publicTools = try await visitor.get("/labs/reseau-national/outils")
            #expect(publicTools.body.contains("Grille d&#39;évaluation"), "Alsace's public tools")
            #expect(!publicTools.body.contains("Grille partagée au réseau"))

            // Resources: those lent to the network or to anyone, from every lab.
            let resources = try await national.get("/labs/reseau-national/ressources?portee=reseau")
            #expect(resources.status == .ok && resources.body.contains(">3 ressources<"))
            #expect(resources.body.contains("Ordinateurs portables reconditionnés"))
            #expect(resources.body.contains("Labo régional alsacien des partenariats · "))
            #expect(!resources.body.contains("Minibus 9 places"), "lent to Alsace's members only")
            #expect(try await national.get("/labs/reseau-national/ressources").body.contains(">0 ressource<"))
            let computers = try await Self.id(
                database, "SELECT id FROM resources WHERE title = 'Ordinateurs portables reconditionnés'")
            #expect(resources.body.contains("/labs/alsace/ressources/\(computers)\""))
            #expect(try await national.get("/labs/alsace/ressources/\(computers)").status == .ok)
            let filtered = try await national.get("/labs/reseau-national/ressources?portee=reseau&type=stockage")
            #expect(filtered.body.contains(">1 ressource<") && filtered.body.contains("portee=reseau"))
            let resourceMap = try await national.get("/labs/reseau-national/ressources/carte?portee=reseau")
            #expect(resourceMap.status == .ok && resourceMap.body.contains("/labs/alsace/ressources/"))
            #expect(try await national.get("/labs/reseau-national/ressources?portee=x").status == .badRequest)
            let lent = try await national.get("/api/v1/labs/reseau-national/resources?portee=reseau").json()
            let items = lent["items"] as? [[String: Any]] ?? []
            #expect(items.count == 3 && items.allSatisfy { $0["lab"] as? String == "alsace" })
        }
    }
}

/// The network's calendar of rencontres (`/evenements`, `/evenements.ics`): every lab's
/// published events, narrowed by lab and period, the same list as an iCalendar feed.
@Suite struct NetworkCalendarTests {
    @Test(arguments: TestEngine.available)
    func test_the_network_calendar_lists_every_labs_rencontres_by_lab_and_period(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let now = nowSeconds()
            func event(_ title: String, lab: String?, days: Int, status: EventStatus) async throws {
                try await database.transaction { db in
                    let labID = try await lab.asyncMap { try await LabStore().find(slug: $0, on: db)?.id } ?? nil
                    let start = Paris.local(now + days * 86_400)
                    _ = try await EventStore().createEvent(
                        slug: "cal-\(UUID().uuidString.prefix(8).lowercased())", labID: labID, title: title,
                        acronym: nil, description: "Pour le calendrier.", startsAt: start,
                        endsAt: Paris.local(now + days * 86_400 + 3_600), venue: "Salle", address: nil,
                        organisers: nil, status: status, capacity: 10, on: db)
                }
            }
            try await event("Forum alsacien de printemps", lab: "alsace", days: 40, status: .registrationOpen)
            try await event("Atelier alsacien d'hiver", lab: "alsace", days: 10, status: .registrationOpen)
            try await event("Bilan national d'automne", lab: "reseau-national", days: -30, status: .past)
            try await event("Brouillon caché", lab: "alsace", days: 20, status: .draft)
            let visitor = Browser(client)

            let all = try await visitor.get("/evenements")
            #expect(
                all.body.contains("Forum alsacien de printemps") && all.body.contains("Bilan national d&#39;automne"))
            #expect(all.body.contains("Rencontre des pionniers"), "the network's own rencontres too")
            #expect(!all.body.contains("Brouillon caché"), "a draft is nobody's to see here")
            #expect(all.body.contains("Labo régional alsacien des partenariats · "))
            let alsace = try await visitor.get("/evenements?labo=alsace")
            #expect(alsace.body.contains("Forum alsacien") && !alsace.body.contains("Bilan national"))
            #expect(!alsace.body.contains("Rencontre des pionniers"))
            let network = try await visitor.get("/evenements?labo=reseau")
            #expect(network.body.contains("Rencontre des pionniers") && !network.body.contains("Forum alsacien"))
            let past = try await visitor.get("/evenements?periode=passees")
            #expect(past.body.contains("Bilan national") && !past.body.contains("Forum alsacien"))
            let upcoming = try await visitor.get("/evenements?labo=alsace&periode=a-venir")
            let winter = try #require(upcoming.body.range(of: "Atelier alsacien d&#39;hiver"))
            let spring = try #require(upcoming.body.range(of: "Forum alsacien de printemps"))
            #expect(winter.lowerBound < spring.lowerBound, "the soonest first")
            #expect(upcoming.body.contains("/evenements.ics?labo=alsace&amp;periode=a-venir"))
            let period = try await visitor.get("/evenements?periode=hier")
            #expect(period.status == .badRequest && period.body.contains("Période inconnue"))
            #expect(try await visitor.get("/evenements?labo=atlantide").status == .badRequest)

            // The feed: the same rencontres, one VEVENT each.
            let feed = try await visitor.get("/evenements.ics?labo=alsace&periode=a-venir")
            #expect(feed.status == .ok && feed.headers[.contentType]?.hasPrefix("text/calendar") == true)
            #expect(feed.body.components(separatedBy: "BEGIN:VEVENT").count - 1 == 2)
            #expect(feed.body.contains("SUMMARY:Forum alsacien de printemps") && !feed.body.contains("Brouillon"))
            let whole = try await visitor.get("/evenements.ics")
            let shown = all.body.components(separatedBy: "<li><h3><a href=\"/evenements/").count - 1
            #expect(whole.body.components(separatedBy: "BEGIN:VEVENT").count - 1 == shown)
        }
    }
}

/// A network admin edits a lab from the web: name, presentation, perimeter; its slug stays.
@Suite struct LabEditTests {
    @Test(arguments: TestEngine.available)
    func test_a_network_admin_edits_a_lab_and_nobody_else_may(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let admin = try await TestApp.browser(client, database, email: "admin@reseau.example", role: .admin)
            let team = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let version = "SELECT data_version AS n FROM labs WHERE slug = 'alsace'"
            let before = try await TestApp.count(database, version)

            #expect(try await Browser(client).get("/labs/alsace/modifier").status == .unauthorized)
            #expect(try await team.get("/labs/alsace/modifier").status == .forbidden)
            let refused = try await team.post(
                "/labs/alsace/modifier", [("name", "Pris"), ("region", "44"), ("departements", "67")])
            #expect(refused.status == .forbidden)
            let form = try await admin.get("/labs/alsace/modifier")
            #expect(
                form.status == .ok && form.body.contains("value=\"67,68\"") && form.body.contains("<code>alsace</code>")
            )
            #expect(try await admin.get("/labs/alsace").body.contains("/labs/alsace/modifier"))
            #expect(!(try await team.get("/labs/alsace").body.contains("/labs/alsace/modifier")))

            // Bad input: refused in French, nothing changed.
            let bad = try await admin.post(
                "/labs/alsace/modifier", [("name", ""), ("region", "44"), ("departements", "67,9Z")])
            #expect(bad.status == .unprocessableContent && bad.body.contains("9Z"))
            #expect(try await TestApp.count(database, version) == before)
            #expect(try await Browser(client).get("/labs/alsace").body.contains("mailto:equipe@labo-alsace.example"))
            let badContact = try await admin.post(
                "/labs/alsace/modifier",
                [
                    ("name", "Labo"), ("region", "44"), ("departements", "67"), ("contactEmail", "equipe@"),
                    ("website", "javascript:alert(1)")
                ])
            #expect(
                badContact.status == .unprocessableContent
                    && badContact.body.contains("n&#39;est pas une adresse e-mail valide"))
            #expect(badContact.body.contains("Le site web doit être une adresse commençant par https://"))
            #expect(try await TestApp.count(database, version) == before)

            let saved = try await admin.post(
                "/labs/alsace/modifier",
                [
                    ("name", "Labo alsacien des alliances"), ("region", "44"), ("departements", "67"),
                    ("description", "Le Bas-Rhin d'abord."), ("contactEmail", "Bonjour@Labo-67.example"),
                    ("website", "https://labo-67.example/")
                ])
            #expect(saved.status == .seeOther && saved.location == "/labs/alsace")
            let home = try await Browser(client).get("/labs/alsace")
            #expect(home.body.contains("Labo alsacien des alliances") && home.body.contains("Le Bas-Rhin d&#39;abord."))
            #expect(
                home.body.contains("mailto:bonjour@labo-67.example")
                    && home.body.contains("href=\"https://labo-67.example/\""))
            #expect(try await TestApp.count(database, version) > before, "its caches are built again")
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'lab.update'")
                    == 1)
        }
    }
}
