import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

/// A member account belongs to several organisations and acts for one at a time.
@Suite struct MembershipTests {
    @Test(arguments: TestEngine.available)
    func test_a_member_belongs_to_several_organisations_and_acts_for_one(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            let other = try await database.withConnection { db in
                try await db.raw(
                    "SELECT id FROM organisations WHERE lab_id = (SELECT lab_id FROM organisations WHERE id = \(bind: sport)) AND id <> \(bind: sport) ORDER BY id LIMIT 1"
                ).first()!.decode(column: "id", as: Int.self)
            }
            let id = try await TestApp.user(database, email: "julien@sport.example", role: .member, organisation: sport)
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            // Invited again for another organisation: it is added to the account.
            let invited = try await fac.post(
                "/labs/alsace/comptes/invitations",
                [("email", "julien@sport.example"), ("role", "membre"), ("organisation", String(other))])
            #expect(invited.status == .created && invited.body.contains("a déjà un compte"))
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM memberships WHERE user_id = \(id)") == 2)
            #expect(
                try await GuestRegistrationTests.messages(database, to: "julien@sport.example").contains {
                    $0.kind == "membership-added"
                })
            let members = try await database.withConnection { db in
                try await AccountStore().members(organisationID: other, on: db).map(\.email)
            }
            #expect(members == ["julien@sport.example"], "messages to the organisation reach its new member")

            let julien = Browser(client)
            try await julien.login("julien@sport.example")
            let page = try await julien.get("/compte")
            #expect(page.body.contains("Mes organisations") && page.body.contains("Agir pour cette organisation"))
            #expect(try await julien.get("/labs/alsace/organisations/\(sport)/modifier").status == .ok)
            #expect(try await julien.get("/labs/alsace/organisations/\(other)/modifier").status == .forbidden)
            #expect(
                try await julien.post("/compte/organisation", [("organisation", String(other))]).status == .seeOther)
            #expect(try await julien.get("/labs/alsace/organisations/\(other)/modifier").status == .ok)
            #expect(
                try await julien.get("/labs/alsace/organisations/\(sport)/modifier").status == .forbidden,
                "one at a time")
            #expect(try await julien.post("/compte/organisation", [("organisation", "999999")]).status == .notFound)

            // The facilitator removes one; never the last.
            #expect(try await fac.get("/labs/alsace/comptes/\(id)").body.contains("Ajouter une organisation du labo"))
            #expect(try await fac.post("/labs/alsace/comptes/\(id)/organisations/\(other)/retirer", []).status == .ok)
            #expect(
                try await julien.get("/labs/alsace/organisations/\(sport)/modifier").status == .ok,
                "back to the one left")
            #expect(
                try await fac.post("/labs/alsace/comptes/\(id)/organisations/\(sport)/retirer", []).status == .conflict)
            #expect(
                try await fac.post("/labs/alsace/comptes/\(id)/organisations", [("organisation_add", "999999")]).status
                    == .unprocessableContent)
            #expect(
                try await fac.post("/labs/alsace/comptes/\(id)/organisations", [("organisation_add", String(other))])
                    .body.contains("la personne est prévenue"))
            let outsider = try await TestApp.browser(
                client, database, email: "f@idf.example", role: .facilitator, lab: "reseau-national")
            #expect(
                try await outsider.post(
                    "/labs/alsace/comptes/\(id)/organisations", [("organisation_add", String(other))]
                ).status == .forbidden)
            let log = try await fac.get("/labs/alsace/journal?action=membership.add")
            #expect(log.body.contains("<td>Membre ajouté à une organisation</td>"))
            let export = try await julien.post("/compte/donnees", []).json()
            #expect((export["organisations"] as? [String])?.count == 2)
        }
    }
}
