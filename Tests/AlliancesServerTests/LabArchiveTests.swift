import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// Archiving a lab loses nothing: its pages and API read as before, every change under its
/// addresses (pages, API, its rencontres) is refused with a French message and stores
/// nothing, and restoring it gives everything back.
@Suite struct LabArchiveTests {
    @Test func test_only_changes_under_a_lab_or_event_address_are_caught() {
        #expect(LabArchive.target(method: "POST", path: "/labs/alsace/organisations/nouvelle") == .lab(slug: "alsace"))
        #expect(LabArchive.target(method: "PUT", path: "/api/v1/labs/alsace/organisations/3") == .lab(slug: "alsace"))
        #expect(LabArchive.target(method: "POST", path: "/evenements/rdv/inscription") == .event(slug: "rdv"))
        #expect(LabArchive.target(method: "DELETE", path: "/api/v1/events/rdv/sessions/2") == .event(slug: "rdv"))
        #expect(LabArchive.target(method: "GET", path: "/labs/alsace/organisations") == nil)
        #expect(LabArchive.target(method: "POST", path: "/labs/alsace/restaurer") == nil)
        #expect(LabArchive.target(method: "POST", path: "/labs/nouveau") == nil)
        #expect(LabArchive.target(method: "POST", path: "/evenements/nouveau") == nil)
        #expect(LabArchive.target(method: "POST", path: "/compte/jetons") == nil)
    }

    @Test(arguments: TestEngine.available)
    func test_an_archived_lab_reads_as_before_and_refuses_every_change_until_restored(engine: TestEngine)
        async throws
    {
        try await TestApp.run(engine) { client, database in
            let admin = try await TestApp.browser(client, database, email: "admin@reseau.example", role: .admin)
            let team = try await TestApp.browser(
                client, database, email: "equipe@alsace.example", role: .facilitator, lab: "alsace")
            let organisations =
                "SELECT COUNT(*) AS n FROM organisations o JOIN labs l ON l.id = o.lab_id WHERE l.slug = 'alsace'"
            let before = try await TestApp.count(database, organisations)
            let directoryBefore = try await team.get("/labs/alsace/organisations").body

            // Only a network admin archives, from the lab's edit page.
            #expect(try await admin.get("/labs/alsace/modifier").body.contains("action=\"/labs/alsace/archiver\""))
            #expect(try await team.post("/labs/alsace/archiver", []).status == .forbidden)
            let archived = try await admin.post("/labs/alsace/archiver", [])
            #expect(archived.status == .seeOther && archived.location == "/labs/alsace")
            let home = try await admin.get("/labs/alsace")
            #expect(home.body.contains("Ce labo est archivé depuis le") && home.body.contains("Restaurer le labo"))
            #expect(!(try await team.get("/labs/alsace").body.contains("Restaurer le labo")))
            #expect(try await admin.get("/").body.contains(" · archivé"))

            // Reading works as before; every change is refused, and nothing is stored.
            #expect(try await team.get("/labs/alsace/organisations").body == directoryBefore)
            let form = try await team.post(
                "/labs/alsace/organisations/nouvelle", [("name", "Association archivée"), ("kind", "association")])
            #expect(form.status == .conflict && form.body.contains("Ce labo est archivé"))
            let api = try await team.json(
                .post, "/api/v1/labs/alsace/organisations", #"{"name":"Entreprise archivée","kind":"entreprise"}"#)
            #expect(api.status == .conflict && api.body.contains("Ce labo est archivé"))
            #expect(try await team.post("/labs/alsace/modifier", [("name", "Autre nom")]).status == .conflict)
            #expect(try await TestApp.count(database, organisations) == before)
            // Its rencontres too, and no new one is created in it.
            try await database.withConnection { db in
                try await db.raw(
                    "UPDATE events SET lab_id = (SELECT id FROM labs WHERE slug = 'alsace') WHERE slug = 'alliances-2027'"
                ).run()
            }
            let event = try await team.post("/evenements/alliances-2027/modifier", [("title", "Autre titre")])
            #expect(event.status == .conflict)
            let alsace = try await TestApp.count(database, "SELECT id AS n FROM labs WHERE slug = 'alsace'")
            let created = try await team.post(
                "/evenements/nouveau",
                [
                    ("title", "Rencontre d'un labo archivé"), ("slug", "rencontre-archivee"),
                    ("startsAt", "2027-03-01T09:00"), ("endsAt", "2027-03-01T17:00"), ("status", "publie"),
                    ("lab", String(alsace))
                ])
            #expect(created.status == .conflict)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM events WHERE slug = 'rencontre-archivee'")
                    == 0)

            // Restored: changes work again; both steps are in the lab's journal.
            #expect(try await team.post("/labs/alsace/restaurer", []).status == .forbidden)
            #expect(try await admin.post("/labs/alsace/restaurer", []).status == .seeOther)
            #expect(!(try await admin.get("/labs/alsace").body.contains("Ce labo est archivé")))
            let again = try await team.json(
                .post, "/api/v1/labs/alsace/organisations", #"{"name":"Entreprise restaurée","kind":"entreprise"}"#)
            #expect(again.status == .created)
            #expect(try await TestApp.count(database, organisations) == before + 1)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('lab.archive', 'lab.restore')") == 2
            )
        }
    }
}
