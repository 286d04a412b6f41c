import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// A person can hold roles in several labs: their account keeps its own lab and role, and in
/// another lab's pages they act by the role that lab's facilitators gave them (audited,
/// told by e-mail, removable, erased with the account).
@Suite struct LabRoleTests {
    @Test func test_a_person_acts_in_each_lab_by_the_role_they_hold_there() {
        let facilitatorOfY = Viewer(userID: 5, role: .facilitator, labID: 2, organisationID: nil)
        let inX = LabRole(labID: 1, role: .member, organisationID: 40)
        #expect(
            facilitatorOfY.acting(inLab: 1, extra: inX)
                == Viewer(userID: 5, role: .member, labID: 1, organisationID: 40))
        #expect(facilitatorOfY.acting(inLab: 2, extra: inX) == facilitatorOfY, "their own lab: their account's role")
        #expect(facilitatorOfY.acting(inLab: 3, extra: inX) == facilitatorOfY, "a role of another lab does not count")
        let admin = Viewer(userID: 1, role: .admin, labID: nil, organisationID: nil)
        #expect(admin.acting(inLab: 1, extra: inX) == admin)
        let facilitatorOfX = Viewer(userID: 9, role: .facilitator, labID: 1, organisationID: nil)
        #expect(Permissions.canGrantLabRole(facilitatorOfX, role: .facilitator, labID: 1, to: facilitatorOfY))
        #expect(!Permissions.canGrantLabRole(facilitatorOfX, role: .admin, labID: 1, to: facilitatorOfY))
        #expect(!Permissions.canGrantLabRole(facilitatorOfX, role: .member, labID: 1, to: admin))
        #expect(!Permissions.canGrantLabRole(facilitatorOfX, role: .member, labID: 2, to: facilitatorOfY))
        #expect(!Permissions.canGrantLabRole(facilitatorOfY, role: .member, labID: 1, to: facilitatorOfX))
    }

    @Test(arguments: TestEngine.available)
    func test_a_facilitator_of_one_lab_is_given_a_role_in_another_and_loses_it(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let alsaceTeam = try await TestApp.browser(
                client, database, email: "equipe@alsace.example", role: .facilitator, lab: "alsace")
            let national = try await TestApp.browser(
                client, database, email: "equipe@national.example", role: .facilitator, lab: "reseau-national")
            let nationalID = try await TestApp.count(
                database, "SELECT id AS n FROM users WHERE email = 'equipe@national.example'")
            #expect(try await national.get("/labs/alsace/comptes").status == .forbidden)

            // Inviting the address of an account of another lab gives it the role here.
            let granted = try await alsaceTeam.post(
                "/labs/alsace/comptes/invitations", [("email", "equipe@national.example"), ("role", "facilitateur")])
            #expect(granted.status == .created && granted.body.contains("le rôle lui est donné dans celui-ci"))
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM lab_roles WHERE user_id = \(nationalID)")
                    == 1)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'lab-role.grant' AND subject_user_id = \(nationalID)"
                ) == 1)
            #expect(try await TestApp.lastLink(database, to: "equipe@national.example", prefix: "/labs/") == nil)
            let told = try await database.withConnection { db in
                try await OutboxStore().messages(to: "equipe@national.example", on: db).map(\.subject)
            }
            #expect(told.contains("Un rôle dans le labo Labo régional alsacien des partenariats"))

            // In Alsace's pages they act as its facilitator; in their own lab as before.
            let accounts = try await national.get("/labs/alsace/comptes")
            #expect(accounts.status == .ok && accounts.body.contains(">Comptes<"))
            let created = try await national.post(
                "/labs/alsace/organisations/nouvelle",
                [("name", "Association créée par un autre labo"), ("kind", "association")])
            #expect(created.status == .seeOther)
            #expect(try await national.get("/labs/reseau-national/comptes").status == .ok)
            #expect(try await national.get("/compte").body.contains("Mes rôles dans d'autres labos"))
            let listed = try await alsaceTeam.get("/labs/alsace/comptes")
            #expect(
                listed.body.contains("Personnes d'autres labos ayant un rôle ici (1)")
                    && listed.body.contains("equipe@national.example"))

            // A network admin's address, or the admin role, is never given this way.
            try await TestApp.user(database, email: "admin@reseau.example", role: .admin)
            let refused = try await alsaceTeam.post(
                "/labs/alsace/comptes/invitations", [("email", "admin@reseau.example"), ("role", "facilitateur")])
            #expect(refused.status == .unprocessableContent && refused.body.contains("Un compte existe déjà"))

            // Only Alsace's facilitators remove it; then Alsace's pages are closed to them again.
            let other = try await TestApp.browser(
                client, database, email: "autre@national.example", role: .facilitator, lab: "reseau-national")
            #expect(try await other.post("/labs/alsace/comptes/roles/\(nationalID)/retirer", []).status == .forbidden)
            let removed = try await alsaceTeam.post("/labs/alsace/comptes/roles/\(nationalID)/retirer", [])
            #expect(removed.status == .ok && removed.body.contains("Rôle retiré."))
            #expect(
                try await alsaceTeam.post("/labs/alsace/comptes/roles/\(nationalID)/retirer", []).status == .notFound)
            #expect(try await national.get("/labs/alsace/comptes").status == .forbidden)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'lab-role.remove' AND subject_user_id = \(nationalID)"
                ) == 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_member_role_in_another_lab_edits_that_organisation_only(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let alsaceTeam = try await TestApp.browser(
                client, database, email: "equipe@alsace.example", role: .facilitator, lab: "alsace")
            let breton = try await TestApp.organisationID(database, named: "Voile pour tous en Rade (démo)")
            let personID = try await TestApp.user(
                database, email: "benevole@voile.example", role: .member, lab: "bretagne", organisation: breton)
            let person = Browser(client)
            try await person.login("benevole@voile.example")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            #expect(try await person.get("/labs/alsace/organisations/\(sport)/modifier").status == .forbidden)
            let granted = try await alsaceTeam.post(
                "/labs/alsace/comptes/invitations",
                [("email", "benevole@voile.example"), ("role", "membre"), ("organisation", String(sport))])
            #expect(granted.status == .created)
            #expect(try await person.get("/labs/alsace/organisations/\(sport)/modifier").status == .ok)
            #expect(try await person.get("/labs/alsace/organisations/\(elan)/modifier").status == .forbidden)
            #expect(try await person.get("/labs/bretagne/organisations/\(breton)/modifier").status == .ok)
            // Erased with the account.
            try await database.withConnection { db in
                try await AccountStore().erase(userID: personID, email: "benevole@voile.example", on: db)
            }
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM lab_roles WHERE user_id = \(personID)")
                    == 0)
        }
    }
}
