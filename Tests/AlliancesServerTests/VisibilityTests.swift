import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// Every text a page shows about another actor derives only from what its viewer may see.
@Suite struct VisibilityTests {
    @Test(arguments: TestEngine.available)
    func test_the_meeting_page_never_tells_a_participant_the_labs_private_history(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            #expect(try await MeetingTests.openMeetings(admin).status == .seeOther)
            let a = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            let b = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            // The lab's private history between the two: a declined introduction.
            try await database.transaction { db in
                let lab = try #require(try await LabStore().find(slug: "alsace", on: db))
                _ = try await IntroductionStore().create(
                    labID: lab.id, organisationA: a, organisationB: b, needID: nil, offerID: nil,
                    state: IntroductionState(status: .declined, answerA: .declined), requestMessage: nil,
                    messageA: "Bonjour", messageB: "Bonjour", userID: nil, on: db)
                try await LabStore.bumpVersion(labID: lab.id, on: db)
            }
            let event = try #require(
                try await database.withConnection { db in try await EventStore().event(slug: "alliances-2027", on: db) }
            )
            let service = RegistrationService(database: database)
            var tokens: [String] = []
            // A guest types organisation A's name: that proves nothing about who they are.
            for (name, organisation, kind) in [
                ("Invitée", "Atelier Numérique Solidaire de Haguenau", "association"),
                ("Camille", "Numéria Conseil (démo)", "entreprise")
            ] {
                guard
                    case .registered(let id, let token, _) = try await service.register(
                        event: event,
                        input: RegistrationInput(
                            name: name, email: "\(Self.mailbox(name))@example.org", organisation: organisation,
                            actorKind: kind, listed: true), userID: nil)
                else {
                    Issue.record("registration refused"); return
                }
                #expect(try await service.confirmOffer(registrationID: id))
                tokens.append(token)
            }
            let page = try await Browser(client).get("/evenements/alliances-2027/inscription/\(tokens[0])/rendez-vous")
                .body
            let camille = try #require(page.range(of: "Camille"))
            let entry = String(page[camille.lowerBound...].prefix(600))
            #expect(entry.contains("Suggéré"), "the recommender's public reasons are still given")
            for secret in ["déclinée", "réussie", "non pertinente"] { #expect(!page.contains(secret), "\(secret)") }
            // A facilitator of the lab sees the history where recommendations are theirs to read.
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            #expect(try await fac.get("/labs/alsace/organisations/\(a)/partenaires").body.contains("déclinée"))
        }
    }

    static func mailbox(_ name: String) -> String {
        name.lowercased().folding(options: .diacriticInsensitive, locale: nil)
    }

    @Test(arguments: TestEngine.available)
    func test_an_introduction_never_shows_a_listing_its_viewer_may_not_see(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let a = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            let b = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            try await TestApp.user(database, email: "a@atelier.example", role: .member, organisation: a)
            try await TestApp.user(database, email: "b@numeria.example", role: .member, organisation: b)
            let memberA = Browser(client), memberB = Browser(client)
            try await memberA.login("a@atelier.example")
            try await memberB.login("b@numeria.example")
            let draft = try await memberB.json(
                .post, "/api/v1/labs/alsace/listings",
                """
                {"kind": "offre", "organisationId": \(b), "title": "Brouillon confidentiel de B", "description": "Pas encore publié.",
                 "modes": ["mecenat-competences"], "themes": ["numerique"], "status": "brouillon", "visibility": "public"}
                """)
            #expect(draft.status == .created)
            let draftID = try #require(try draft.json()["id"] as? Int)
            #expect(try await memberA.get("/labs/alsace/offres/\(draftID)").status == .notFound)
            // The facilitator, who sees every listing, links the draft to an introduction.
            let created = try await fac.json(
                .post, "/api/v1/labs/alsace/introductions",
                """
                {"organisationA": \(a), "organisationB": \(b), "offerId": \(draftID), "messageA": "Bonjour", "messageB": "Bonjour"}
                """)
            #expect(created.status == .created)
            let intro = try #require(try created.json()["id"] as? Int)
            let pageA = try await memberA.get("/labs/alsace/mises-en-relation/\(intro)")
            #expect(pageA.status == .ok)
            #expect(!pageA.body.contains("Brouillon confidentiel") && !pageA.body.contains("/offres/\(draftID)"))
            #expect(!(try await memberA.get("/labs/alsace/mises-en-relation").body.contains("Brouillon confidentiel")))
            let apiA = try await memberA.get("/api/v1/labs/alsace/introductions/\(intro)").json()
            #expect(apiA["offerId"] == nil || apiA["offerId"] is NSNull)
            #expect(
                !(try await memberA.get("/api/v1/labs/alsace/introductions").body.contains("\"offerId\":\(draftID)")))
            // Its own organisation and the facilitator see it.
            #expect(
                try await memberB.get("/labs/alsace/mises-en-relation/\(intro)").body.contains("Brouillon confidentiel")
            )
            #expect(
                try await fac.get("/labs/alsace/mises-en-relation/\(intro)").body.contains("Brouillon confidentiel"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_member_cannot_name_a_listing_it_may_not_see_in_an_introduction(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let services = Services(database: database, configuration: TestApp.configuration(database))
            let lab = try #require(
                try await database.withConnection { db in try await LabStore().find(slug: "alsace", on: db) })
            let a = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            let b = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            let memberA = Viewer(
                userID: try await TestApp.user(database, email: "a@atelier.example", role: .member, organisation: a),
                role: .member, labID: lab.id, organisationID: a)
            let memberB = Viewer(
                userID: try await TestApp.user(database, email: "b@numeria.example", role: .member, organisation: b),
                role: .member, labID: lab.id, organisationID: b)
            let input = ListingInput(
                kind: "besoin", organisationId: b, title: "Brouillon de B", description: "Pour le test.",
                modes: ["benevolat"], themes: ["solidarite"],
                status: "brouillon", visibility: "public")
            guard
                case .success(let draftOfB) = try await services.marketplace.saveListing(
                    lab: lab, listingID: nil, input: input, viewer: memberB)
            else {
                Issue.record("listing of B not saved"); return
            }
            let asked = try await services.marketplace.createIntroduction(
                lab: lab, viewer: memberA,
                request: .init(organisationA: a, organisationB: b, needID: draftOfB, message: "Bonjour"))
            guard case .failure(let errors) = asked else {
                Issue.record("introduction naming an invisible listing accepted"); return
            }
            #expect(errors.message(for: "needId") != nil)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM introductions WHERE need_id = \(draftOfB)")
                    == 0)
        }
    }
}
