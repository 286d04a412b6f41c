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
