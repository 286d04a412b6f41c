import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// Organisers register a person by phone or correct their registration; a person asks for
/// their private link again.
@Suite struct OnBehalfTests {
    @Test(arguments: TestEngine.available)
    func test_an_organiser_registers_and_edits_for_a_person_who_is_told(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let base = "/evenements/alliances-2027/inscrits"
            #expect(try await admin.get(base).body.contains("Inscrire une personne"))
            #expect(try await admin.get(base + "/nouvelle").body.contains("La personne y recevra son lien personnel"))
            let bad = try await admin.post(base + "/nouvelle", [("name", "A"), ("email", "pas-une-adresse")])
            #expect(bad.status == .unprocessableContent && bad.body.contains("erreurs"))
            let created = try await admin.post(
                base + "/nouvelle",
                [("name", "Paul Téléphone"), ("email", "paul@example.org"), ("dietary", "végétarien"), ("listed", "1")])
            #expect(created.status == .seeOther)
            let id = try await TestApp.count(
                database, "SELECT id AS n FROM registrations WHERE email = 'paul@example.org'")
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM registrations WHERE id = \(id) AND status = 'confirme'") == 1)
            let link = try #require(
                try await TestApp.lastLink(database, to: "paul@example.org", prefix: "/inscription/"))
            #expect(try await Browser(client).get("/evenements/alliances-2027" + link).body.contains("Paul Téléphone"))
            let again = try await admin.post(
                base + "/nouvelle", [("name", "Paul Téléphone"), ("email", "paul@example.org")])
            #expect(again.status == .unprocessableContent && again.body.contains("déjà inscrite"))

            #expect(try await admin.get(base + "/\(id)/modifier").body.contains("Paul Téléphone"))
            let edited = try await admin.post(
                base + "/\(id)/modifier",
                [("name", "Paul Téléphone-Dupont"), ("email", "autre@example.org"), ("dietary", "")])
            #expect(edited.status == .seeOther)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM registrations WHERE id = \(id) AND name = 'Paul Téléphone-Dupont' AND email = 'paul@example.org' AND dietary IS NULL"
                ) == 1, "the address stays")
            let mails = try await GuestRegistrationTests.messages(database, to: "paul@example.org").map(\.kind)
            #expect(mails == ["inscription-par-organisateur", "inscription-modifiee"])
            let actions = try await database.withConnection { db in
                try await AuditStore().entries(AuditFilter(), limit: 20, offset: 0, on: db).0.map(\.action)
            }
            #expect(actions.contains("registration.on-behalf") && actions.contains("registration.edit"))

            // Checking the person in at the door is an organiser's action on their data: audited.
            #expect(try await admin.post("/evenements/alliances-2027/pointage/\(id)", []).status == .seeOther)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'registration.check-in' AND target = 'registration:\(id)'"
                )
                    == 1)

            // Exports of the list (CSV, API) are exports of personal data: audited.
            #expect(try await admin.get("/evenements/alliances-2027/inscrits.csv").status == .ok)
            #expect(try await admin.get("/api/v1/events/alliances-2027/registrations").status == .ok)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.registrations'") == 2)

            // Another event's registration through this event's path; people who do not organise.
            #expect(try await admin.get("/evenements/alliances-2027/inscrits/999999/modifier").status == .notFound)
            let fac = try await TestApp.browser(
                client, database, email: "f@idf.example", role: .facilitator, lab: "reseau-national")
            #expect(
                try await fac.post(base + "/nouvelle", [("name", "X Y"), ("email", "x@example.org")]).status
                    == .forbidden)
            #expect(try await Browser(client).get(base + "/\(id)/modifier").status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_my_link_again_says_nothing_about_the_address(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let guest = Browser(client)
            try await guest.post(
                "/evenements/alliances-2027/inscription", GuestRegistrationTests.form("Lina Lien", "lina@example.org"))
            #expect(try await guest.get("/evenements/alliances-2027/inscription").body.contains("/mon-lien"))
            let known = try await guest.post("/evenements/alliances-2027/mon-lien", [("email", "LINA@example.org")])
            let unknown = try await guest.post("/evenements/alliances-2027/mon-lien", [("email", "nobody@example.org")])
            #expect(known.status == .ok && known.body == unknown.body)
            #expect(try await GuestRegistrationTests.messages(database, to: "nobody@example.org").isEmpty)
            for _ in 0..<4 {
                try await guest.post("/evenements/alliances-2027/mon-lien", [("email", "lina@example.org")])
            }
            let resent = try await GuestRegistrationTests.messages(database, to: "lina@example.org").filter {
                $0.subject.hasPrefix("Votre lien personnel")
            }
            #expect(resent.count == 3, "three an hour at most")
            let links = Set(
                resent.compactMap { m in
                    m.body.range(of: #"/inscription/[A-Za-z0-9_-]{43}"#, options: .regularExpression).map {
                        String(m.body[$0])
                    }
                })
            #expect(links.count == 3)
        }
    }
}
