import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// The organisation picker: a name (or a pick from the list, or a number) names an
/// organisation in every form that once asked for its number; several matches come back
/// with the candidates and a French message, none with another, and nothing is stored.
@Suite struct OrganisationPickerTests {
    @Test func test_what_a_picker_field_holds_is_read_as_a_number_a_pick_or_words() {
        #expect(OrganisationReference("12") == .id(12))
        #expect(OrganisationReference(" Élan Solidaire — Association · Mulhouse (n° 12) ") == .id(12))
        #expect(OrganisationReference("Numéria Conseil (démo)") == .words("Numéria Conseil (démo)"))
        #expect(OrganisationReference("(n° 0)") == .words("(n° 0)"))
        #expect(OrganisationReference("  ") == .empty)
        #expect(OrganisationReference(nil) == .empty)
        #expect(OrganisationReference("-3") == .words("-3"))
        let label = OrganisationReference.label(id: 7, name: "A (B)", commune: "Colmar")
        #expect(label == "A (B) — Colmar (n° 7)" && OrganisationReference(label) == .id(7))
    }

    @Test(arguments: TestEngine.available)
    func test_names_pick_organisations_in_the_forms_that_asked_for_numbers(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let team = try await TestApp.browser(
                client, database, email: "equipe@alsace.example", role: .facilitator, lab: "alsace")
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            let numeria = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")

            // Suggestions as one types, from the lab's search; labels carry the number.
            let suggested = try await team.get("/labs/alsace/organisations/suggestions?q=%C3%A9lan%20sol")
            #expect(suggested.status == .ok && suggested.headers[.contentType]?.hasPrefix("application/json") == true)
            let labels = try JSONDecoder().decode([String].self, from: Data(suggested.body.utf8))
            #expect(labels.first.map { OrganisationReference($0) } == .id(elan))
            #expect(try await team.get("/labs/alsace/organisations/suggestions?q=e").body == "[]")

            // The survey: the form shows the picker; a name is taken, an unclear one is not.
            let form = try await team.get("/labs/alsace/barometre/enquete")
            #expect(form.body.contains("data-picker=\"/labs/alsace/organisations/suggestions\""))
            let answers = "SELECT COUNT(*) AS n FROM survey_answers"
            let before = try await TestApp.count(database, answers)
            let unclear = try await team.post(
                "/labs/alsace/barometre/enquete",
                [("organisationId", "alsace"), ("year", String(BarometerRoutes.currentYear)), ("partnerships", "0")])
            #expect(unclear.status == .unprocessableContent)
            #expect(unclear.body.contains("Plusieurs organisations correspondent à « alsace »"))
            #expect(unclear.body.contains("<option value=\"") && unclear.body.contains("value=\"alsace\""))
            let unknown = try await team.post(
                "/labs/alsace/barometre/enquete",
                [("organisationId", "zzqxw"), ("year", String(BarometerRoutes.currentYear)), ("partnerships", "0")])
            #expect(unknown.body.contains("Aucune organisation du labo ne correspond à « zzqxw »"))
            #expect(try await TestApp.count(database, answers) == before)
            let named = try await team.post(
                "/labs/alsace/barometre/enquete",
                [
                    ("organisationId", "élan solidaire mulhouse"), ("year", String(BarometerRoutes.currentYear)),
                    ("partnerships", "0")
                ])
            #expect(named.status == .seeOther && named.location?.contains("organisation=\(elan)") == true)

            // An introduction, by the names picked from the list.
            let proposed = try await team.post(
                "/labs/alsace/mises-en-relation/nouvelle",
                [
                    ("organisationA", labels[0]), ("organisationB", "Numéria Conseil (démo)"),
                    ("messageA", "Numéria peut vous aider."), ("messageB", "Élan cherche des compétences.")
                ])
            #expect(proposed.status == .seeOther, "\(proposed.body.prefix(300))")
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM introductions WHERE organisation_a = \(elan) AND organisation_b = \(numeria)"
                )
                    == 1)

            // A partnership's parties, by name; an unclear party stores nothing.
            let partnerships = "SELECT COUNT(*) AS n FROM partnerships"
            let count = try await TestApp.count(database, partnerships)
            let refused = try await team.post(
                "/labs/alsace/partenariats/nouveau",
                [
                    ("title", "Un essai"), ("party", "alsace"), ("role", ""), ("party", String(numeria)), ("role", ""),
                    ("modes", "benevolat"), ("startDate", "2026-01-10")
                ])
            #expect(refused.status == .unprocessableContent && refused.body.contains("Plusieurs organisations"))
            #expect(try await TestApp.count(database, partnerships) == count)
            let created = try await team.post(
                "/labs/alsace/partenariats/nouveau",
                [
                    ("title", "Des parrains par leurs noms"), ("party", "Élan Solidaire Mulhouse"), ("role", "Porteur"),
                    ("party", "Numéria Conseil (démo)"), ("role", "Mécène"), ("modes", "benevolat"),
                    ("startDate", "2026-01-10")
                ])
            #expect(created.status == .seeOther, "\(created.body.prefix(300))")
            let page = try await team.get(try #require(created.location))
            #expect(page.body.contains("Élan Solidaire Mulhouse") && page.body.contains("Numéria Conseil (démo)"))
        }
    }

    /// Beyond 500 organisations the lists give way to the picker (no numbers to type).
    @Test(arguments: TestEngine.available)
    func test_a_large_lab_gets_pickers_instead_of_lists(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await database.transaction { db in
                let lab = try #require(try await LabStore().find(slug: "bretagne", on: db))
                for n in 1...500 {
                    let draft = OrganisationDraft(
                        name: "Association témoin \(n)", acronym: nil, kind: .association, sizeClass: nil,
                        headcountBand: nil, siren: nil, siret: nil, rnaId: nil, description: nil, website: nil,
                        commune: nil, themes: [], active: true)
                    _ = try await OrganisationStore().create(labID: lab.id, draft: draft, commune: nil, on: db)
                }
                try await LabStore.bumpVersion(labID: lab.id, on: db)
            }
            let team = try await TestApp.browser(
                client, database, email: "equipe@bretagne.example", role: .facilitator, lab: "bretagne")
            for path in [
                "/labs/bretagne/besoins/nouveau", "/labs/bretagne/partenariats/nouveau",
                "/labs/bretagne/mises-en-relation/nouvelle", "/labs/bretagne/bibliotheque/nouvelle"
            ] {
                let page = try await team.get(path)
                #expect(
                    page.status == .ok
                        && page.body.contains("data-picker=\"/labs/bretagne/organisations/suggestions\""), "\(path)")
                #expect(!page.body.contains("numéro de l'organisation") && !page.body.contains("(numéro)"), "\(path)")
            }
            let labels = try JSONDecoder().decode(
                [String].self,
                from: Data(try await team.get("/labs/bretagne/organisations/suggestions?q=t%C3%A9moin%20417").body.utf8)
            )
            #expect(labels.first?.hasPrefix("Association témoin 417") == true)

            // Accounts: a member is invited for the organisation named, beyond any list.
            let accounts = try await team.get("/labs/bretagne/comptes")
            #expect(accounts.body.contains("id=\"f-organisation\"") && accounts.body.contains("data-picker="))
            let invited = try await team.post(
                "/labs/bretagne/comptes/invitations",
                [("email", "membre@temoin.example"), ("role", "membre"), ("organisation", "Association témoin 417")])
            #expect(invited.status == .created, "\(invited.body.prefix(300))")
            let temoin = try await TestApp.organisationID(database, named: "Association témoin 417")
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM invitations WHERE email = 'membre@temoin.example' AND organisation_id = \(temoin)"
                ) == 1)
            let unclear = try await team.post(
                "/labs/bretagne/comptes/invitations",
                [("email", "autre@temoin.example"), ("role", "membre"), ("organisation", "témoin")])
            #expect(
                unclear.status == .unprocessableContent
                    && unclear.body.contains("Plusieurs organisations correspondent"))
        }
    }
}
