import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// Registering and cancelling through the API, with the web's rules: a person registers
/// themselves with their account's address, an organiser registers someone else; one
/// cancels one's own registration, an organiser any of the event's; the seat freed goes
/// to the first person waiting.
@Suite struct RegistrationAPITests {
    @Test(arguments: TestEngine.available)
    func test_a_person_registers_and_cancels_and_an_organiser_acts_for_others(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let event = try await EventTests.event(database, capacity: 1)
            let base = "/api/v1/events/\(event.slug)/registrations"
            let organiser = try await TestApp.browser(client, database, email: "admin@reseau.example", role: .admin)
            let atelier = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            try await TestApp.user(database, email: "membre@atelier.example", role: .member, organisation: atelier)
            let member = Browser(client)
            try await member.login("membre@atelier.example")

            #expect(try await Browser(client).json(.post, base, #"{"name": "Visiteur"}"#).status == .unauthorized)
            let invalid = try await member.json(.post, base, #"{"name": "X"}"#)
            #expect(invalid.status == .unprocessableContent && invalid.body.contains("name"))

            // Oneself: the account's address, whatever the body says; the one seat.
            let mine = try await member.json(
                .post, base, #"{"name": "Membre de l'atelier", "email": "quelquun@ailleurs.example"}"#)
            #expect(mine.status == .created)
            let registration = try mine.json()
            #expect(registration["email"] as? String == "membre@atelier.example")
            #expect(registration["status"] as? String == "confirme")
            let mineID = try #require(registration["id"] as? Int)
            let again = try await member.json(.post, base, #"{"name": "Membre de l'atelier"}"#)
            #expect(again.status == .conflict && again.body.contains("déjà inscrit"))

            // The organiser registers someone else: no seat left, so the waiting list.
            let other = try await organiser.json(
                .post, base, #"{"name": "Camille Invitée", "email": "camille@example.org", "organisation": "Mairie"}"#)
            #expect(other.status == .created)
            let otherID = try #require(try other.json()["id"] as? Int)
            let otherStatus = try other.json()["status"] as? String
            #expect(otherStatus == "attente")

            // Another person's registration is not found for a member; their own is cancelled,
            // and the seat is offered to the person waiting.
            #expect(try await member.json(.post, "\(base)/\(otherID)/cancel", "{}").status == .notFound)
            let cancelled = try await member.json(.post, "\(base)/\(mineID)/cancel", "{}")
            let cancelledStatus = try cancelled.json()["status"] as? String
            #expect(cancelled.status == .ok && cancelledStatus == "annule")
            let list = try await organiser.get(base)
            #expect(list.body.contains(#""status":"propose""#) || list.body.contains(#""status" : "propose""#))

            // The organiser cancels anyone's; a registration of another event is not found.
            #expect(try await organiser.json(.post, "\(base)/\(otherID)/cancel", "{}").status == .ok)
            let elsewhere = try await EventTests.event(database, capacity: 5)
            #expect(
                try await organiser.json(
                    .post, "/api/v1/events/\(elsewhere.slug)/registrations/\(otherID)/cancel", "{}"
                )
                .status == .notFound)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'registration.cancel'") == 1)
        }
    }
}
