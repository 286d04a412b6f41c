import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// An organisation working in several territories: one record, edited by its own lab only,
/// listed read-only by others, found by their search, its address there leading to its
/// own page; listed and taken out by the listing lab's facilitators only, audited.
@Suite struct SharedOrganisationTests {
    /// Whether `found` comes true within two seconds: after a write the search keeps
    /// answering from the previous index while the new one is built (`LabVersionCache`).
    static func soon(_ found: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<40 {
            if try await found() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test(arguments: TestEngine.available)
    func test_another_lab_lists_an_organisation_read_only(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let breton = try await TestApp.browser(
                client, database, email: "equipe@bretagne.example", role: .facilitator, lab: "bretagne")
            let alsaceTeam = try await TestApp.browser(
                client, database, email: "equipe@alsace.example", role: .facilitator, lab: "alsace")
            let visitor = Browser(client)
            let fonda = try await TestApp.organisationID(database, named: "La Fonda")
            let page = "/labs/reseau-national/organisations/\(fonda)"
            let listedHere = "SELECT COUNT(*) AS n FROM organisation_labs"

            // Bretagne's team sees the form on the national network's organisation; others do not.
            let before = try await breton.get(page)
            #expect(before.body.contains("Lister aussi dans l&#39;annuaire de Labo breton des alliances"))
            #expect(!(try await visitor.get(page).body.contains("/lister")))
            #expect(
                !(try await breton.get("/labs/bretagne/recherche?q=fonda").body.contains("/organisations/\(fonda)\"")))
            #expect(try await visitor.get("/labs/bretagne/organisations/\(fonda)").status == .notFound)

            // Only a lab's own team lists in it; bad input is refused.
            #expect(try await alsaceTeam.post("\(page)/lister", [("labo", "bretagne")]).status == .forbidden)
            #expect(try await breton.post("\(page)/lister", [("labo", "reseau-national")]).status == .forbidden)
            #expect(try await breton.post("\(page)/lister", [("labo", "")]).status == .badRequest)
            #expect(try await TestApp.count(database, listedHere) == 0)
            let listed = try await breton.post("\(page)/lister", [("labo", "bretagne")])
            #expect(listed.status == .seeOther && listed.location == page)
            #expect(try await TestApp.count(database, listedHere) == 1)

            // Listed: on Bretagne's list and search, its address there leads to its own page,
            // which names Bretagne; it is still edited by its own lab only.
            let shared = try await visitor.get("/labs/bretagne/organisations/partagees")
            #expect(shared.body.contains("(1)") && shared.body.contains("href=\"\(page)\""))
            #expect(
                try await Self.soon {
                    try await visitor.get("/labs/bretagne/recherche?q=fonda").body.contains("/organisations/\(fonda)\"")
                })
            let redirected = try await visitor.get("/labs/bretagne/organisations/\(fonda)")
            #expect(redirected.status == .seeOther && redirected.location == page)
            #expect(
                try await visitor.get(page).body.contains(
                    "Aussi listée par : <a href=\"/labs/bretagne/organisations/partagees\">"))
            #expect(try await breton.get("\(page)/modifier").status == .forbidden)
            #expect(try await breton.get(page).body.contains("Retirer de l&#39;annuaire de Labo breton des alliances"))

            // Listed, it can be a party of the listing lab's partnerships (shown with its lab).
            let voile = try await TestApp.organisationID(database, named: "Voile pour tous en Rade (démo)")
            let form = try await breton.get("/labs/bretagne/partenariats/nouveau")
            #expect(form.body.contains("<option value=\"\(fonda)\">La Fonda (Réseau national des pionniers)</option>"))
            let joined = try await breton.post(
                "/labs/bretagne/partenariats/nouveau",
                [
                    ("title", "Voile et vie associative"), ("party", String(voile)), ("role", "Porteur"),
                    ("party", String(fonda)), ("role", "Appui"), ("modes", "benevolat"), ("startDate", "2026-03-01")
                ])
            #expect(joined.status == .seeOther, "\(joined.body.prefix(300))")
            #expect(try await breton.get(try #require(joined.location)).body.contains("La Fonda"))

            // Taken out again: gone from Bretagne's list and search; both steps audited.
            #expect(try await breton.post("\(page)/retirer-du-labo", [("labo", "bretagne")]).status == .seeOther)
            #expect(try await TestApp.count(database, listedHere) == 0)
            let unlisted = try await breton.post(
                "/labs/bretagne/partenariats/nouveau",
                [
                    ("title", "Plus listée"), ("party", String(voile)), ("role", ""), ("party", String(fonda)),
                    ("role", ""), ("modes", "benevolat"), ("startDate", "2026-03-01")
                ])
            #expect(unlisted.status == .unprocessableContent && unlisted.body.contains("n&#39;existe pas dans ce labo"))
            #expect(
                try await Self.soon {
                    !(try await visitor.get("/labs/bretagne/recherche?q=fonda").body.contains(
                        "/organisations/\(fonda)\""))
                })
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('organisation.list', 'organisation.unlist') AND target = 'organisation:\(fonda)'"
                ) == 2)
        }
    }
}
