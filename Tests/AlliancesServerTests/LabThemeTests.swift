import AlliancesCore
@testable import AlliancesServer
import Foundation
import Testing

/// A lab's own colour: taken only when readable on the pages (WCAG contrast 4.5 to 1, the
/// figures checked against values computed apart), served as a stylesheet linked from its
/// pages, refused in French otherwise.
@Suite struct LabThemeTests {
    @Test func test_contrast_follows_wcag_and_only_readable_colours_are_taken() {
        // Reference values computed with the WCAG 2.2 formulas in Python.
        #expect(abs(LabColour.contrast("#767676", "#ffffff") - 4.5422) < 0.001)
        #expect(abs(LabColour.contrast("#767676", LabColour.background) - 4.2374) < 0.001)
        #expect(abs(LabColour.contrast("#0b5e7c", "#ffffff") - 7.2255) < 0.001)
        #expect(abs(LabColour.contrast("#ffcc00", "#ffffff") - 1.512) < 0.001)
        #expect(LabColour.check("1D5FA8") == .success("#1d5fa8"))
        #expect(LabColour.check("  ") == .success(nil))
        #expect(LabColour.check("#6b6b6b") == .success("#6b6b6b"))
        guard case .failure(let light) = LabColour.check("#767676") else {
            Issue.record("#767676 is too light on the pages' background")
            return
        }
        #expect(light.message.contains("trop claire") && light.message.contains("4,2 pour 1"))
        guard case .failure(let bad) = LabColour.check("bleu") else {
            Issue.record("« bleu » is not a colour")
            return
        }
        #expect(bad.message.contains("n'est pas de la forme #1d5fa8"))
        #expect(LabColour.darker("#1d5fa8") == "#174c86")
    }

    @Test(arguments: TestEngine.available)
    func test_a_lab_s_colour_is_set_served_and_linked(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let visitor = Browser(client)
            let css = try await visitor.get("/static/couleur/1b5e20.css")
            #expect(css.status == .ok && css.body == ":root{--accent:#1b5e20;--accent-dark:#154b19}\n")
            #expect(css.headers[.cacheControl]?.contains("immutable") == true)
            #expect(try await visitor.get("/static/couleur/ffcc00.css").status == .badRequest)
            #expect(try await visitor.get("/static/couleur/zz.css").status == .badRequest)
            // The demo's Bretagne lab has its own colour; Alsace keeps the platform's.
            #expect(try await visitor.get("/labs/bretagne").body.contains("href=\"/static/couleur/1b5e20.css\""))
            #expect(!(try await visitor.get("/labs/alsace").body.contains("/static/couleur/")))

            let admin = try await TestApp.browser(client, database, email: "admin@reseau.example", role: .admin)
            let refused = try await admin.post(
                "/labs/alsace/modifier",
                [("name", "Labo alsacien"), ("region", "44"), ("departements", "67,68"), ("colour", "#ffcc00")])
            #expect(refused.status == .unprocessableContent && refused.body.contains("est trop claire"))
            let saved = try await admin.post(
                "/labs/alsace/modifier",
                [("name", "Labo alsacien"), ("region", "44"), ("departements", "67,68"), ("colour", "#1D5FA8")])
            #expect(saved.status == .seeOther)
            #expect(
                try await visitor.get("/labs/alsace/organisations").body.contains("href=\"/static/couleur/1d5fa8.css\"")
            )
        }
    }
}
