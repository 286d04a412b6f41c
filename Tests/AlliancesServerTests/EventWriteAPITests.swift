import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// Organisers write a rencontre, its sessions and speakers, and check people in through the
/// API; participants ask each other for one-to-one meetings. The web forms' rules apply
/// (they share `ProgrammeService`, `checkIn` and `MeetingService`), with the API's errors.
@Suite struct EventWriteAPITests {
    @Test(arguments: TestEngine.available)
    func test_organisers_write_an_event_and_its_sessions(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let facilitator = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let other = try await TestApp.browser(
                client, database, email: "fac@national.example", role: .facilitator, lab: "reseau-national")
            let atelier = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            try await TestApp.user(database, email: "membre@atelier.example", role: .member, organisation: atelier)
            let member = Browser(client)
            try await member.login("membre@atelier.example")
            let body =
                #"{"title": "Forum des alliances de Colmar", "start": "2027-04-08T09:00", "end": "2027-04-08T17:30", "venue": "Koïfhus", "capacity": 2, "status": "inscriptions-ouvertes"}"#

            #expect(try await Browser(client).json(.post, "/api/v1/events", body).status == .unauthorized)
            #expect(try await member.json(.post, "/api/v1/events", body).status == .forbidden)
            let backwards = try await facilitator.json(
                .post, "/api/v1/events",
                #"{"title": "À l'envers", "start": "2027-04-08T17:00", "end": "2027-04-08T09:00"}"#)
            #expect(backwards.status == .unprocessableContent && backwards.body.contains(#""field":"end""#))
            let unknown = try await facilitator.json(
                .post, "/api/v1/events",
                #"{"title": "Ailleurs", "start": "2027-04-08T09:00", "end": "2027-04-08T10:00", "lab": "atlantide"}"#)
            #expect(unknown.status == .unprocessableContent && unknown.body.contains("Labo inconnu"))
            let foreign = try await facilitator.json(
                .post, "/api/v1/events",
                #"{"title": "Chez les autres", "start": "2027-04-08T09:00", "end": "2027-04-08T10:00", "lab": "reseau-national"}"#
            )
            #expect(foreign.status == .forbidden)
            #expect(
                try await facilitator.json(.post, "/api/v1/events", #"{"title": "X", "colour": "rouge"}"#).status
                    == .unprocessableContent)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM events WHERE title <> 'x' AND slug LIKE 'forum%'")
                    == 0)

            // Created in the facilitator's lab; the slug made from the title.
            let created = try await facilitator.json(.post, "/api/v1/events", body)
            #expect(
                created.status == .created
                    && created.headers[.location] == "/api/v1/events/forum-des-alliances-de-colmar")
            let slug = try #require(try created.json()["slug"] as? String)
            let base = "/api/v1/events/\(slug)"
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM events e JOIN labs l ON l.id = e.lab_id WHERE e.slug = '\(slug)' AND l.slug = 'alsace'"
                )
                    == 1)
            #expect(
                try await facilitator.json(.post, "/api/v1/events", body).body.contains(
                    "déjà celle d'une autre rencontre"))

            // Sessions with their speakers; a speaker's field cannot shift the form's columns.
            let session = try await facilitator.json(
                .post, "\(base)/sessions",
                #"{"title": "Atelier gouvernance", "kind": "atelier", "start": "2027-04-08T10:00", "end": "2027-04-08T11:30", "capacity": 1, "questions": ["Qui décide ?", "Comment ?"], "speakers": [{"name": "Claire Dubois", "role": "Directrice", "organisation": "Fondation Est", "part": "animatrice"}]}"#
            )
            #expect(session.status == .created)
            let sessionJSON = try session.json()
            let sessionID = try #require(sessionJSON["id"] as? Int)
            let speakers = sessionJSON["speakers"] as? [[String: Any]] ?? []
            #expect(
                speakers.first?["name"] as? String == "Claire Dubois"
                    && speakers.first?["part"] as? String == "animatrice")
            #expect((sessionJSON["questions"] as? [String]) == ["Qui décide ?", "Comment ?"])
            let shifted = try await facilitator.json(
                .post, "\(base)/sessions",
                #"{"title": "Atelier piégé", "start": "2027-04-08T10:00", "end": "2027-04-08T11:00", "speakers": [{"name": "A | B"}]}"#
            )
            #expect(shifted.status == .unprocessableContent && shifted.body.contains(#""field":"speakers""#))
            let misspelt = try await facilitator.json(
                .post, "\(base)/sessions",
                #"{"title": "Atelier mal écrit", "start": "2027-04-08T10:00", "end": "2027-04-08T11:00", "speakers": [{"name": "Ana", "fonction": "Maire"}]}"#
            )
            #expect(misspelt.status == .unprocessableContent && misspelt.body.contains("speakers[0].fonction"))
            #expect(try await other.json(.post, "\(base)/sessions", #"{"title": "Intrus"}"#).status == .forbidden)

            // A seat taken: the capacity cannot go under it, the session cannot go.
            let person = try await member.json(.post, "\(base)/registrations", #"{"name": "Membre de l'atelier"}"#)
            #expect(person.status == .created)
            let registrationID = try #require(try person.json()["id"] as? Int)
            try await database.write { db in
                try await db.raw(
                    "INSERT INTO session_registrations (registration_id, session_id, status, created_at, updated_at) VALUES (\(bind: registrationID), \(bind: sessionID), 'confirme', 0, 0)"
                ).run()
                try await db.raw("UPDATE event_sessions SET seats_taken = 1 WHERE id = \(bind: sessionID)").run()
            }
            let emptied = try await facilitator.json(.delete, "\(base)/sessions/\(sessionID)")
            #expect(emptied.status == .conflict && emptied.body.contains("inscrits"))
            let updated = try await facilitator.json(
                .put, "\(base)/sessions/\(sessionID)",
                #"{"title": "Atelier gouvernance partagée", "kind": "atelier", "start": "2027-04-08T10:00", "end": "2027-04-08T12:00", "capacity": 5}"#
            )
            #expect(updated.status == .ok && updated.body.contains("Atelier gouvernance partagée"))
            #expect(try updated.json()["speakers"] as? [Any] != nil)
            let lowered = try await facilitator.json(
                .put, base,
                #"{"title": "Forum des alliances de Colmar", "start": "2027-04-08T09:00", "end": "2027-04-08T17:30", "capacity": 0}"#
            )
            #expect(lowered.status == .unprocessableContent)
            let renamed = try await facilitator.json(
                .put, base,
                #"{"title": "Forum des alliances de Colmar 2027", "slug": "forum-colmar-2027", "start": "2027-04-08T09:00", "end": "2027-04-08T18:00", "capacity": 40, "status": "inscriptions-ouvertes"}"#
            )
            #expect(renamed.status == .ok && renamed.body.contains(#""end":"2027-04-08T18:00""#))
            let moved = "/api/v1/events/forum-colmar-2027"
            #expect(try await other.json(.put, moved, body).status == .forbidden)

            // Another event's session is not found here; an empty session goes.
            let spare = try await facilitator.json(
                .post, "\(moved)/sessions",
                #"{"title": "Pause", "kind": "repas", "start": "2027-04-08T12:00", "end": "2027-04-08T13:00"}"#)
            let spareID = try #require(try spare.json()["id"] as? Int)
            #expect(
                try await facilitator.json(.delete, "/api/v1/events/alliances-2027/sessions/\(spareID)").status
                    == .forbidden)
            let admin = try await TestApp.browser(client, database, email: "admin@reseau.example", role: .admin)
            #expect(
                try await admin.json(.delete, "/api/v1/events/alliances-2027/sessions/\(spareID)").status == .notFound)
            #expect(try await facilitator.json(.delete, "\(moved)/sessions/\(spareID)").status == .noContent)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM event_sessions WHERE id = \(spareID)") == 0
            )
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'event.%'")
                    == 2)

            // Check-in: confirmed people only, at the door or in a session of this event.
            #expect(
                try await member.json(.post, "\(moved)/registrations/\(registrationID)/check-in", "{}").status
                    == .forbidden)
            #expect(
                try await facilitator.json(
                    .post, "\(moved)/registrations/\(registrationID)/check-in", #"{"session": 999999}"#
                )
                .status == .notFound)
            let arrived = try await facilitator.json(
                .post, "\(moved)/registrations/\(registrationID)/check-in", #"{"session": \#(sessionID)}"#)
            #expect(arrived.status == .ok && arrived.body.contains(#""checkedIn":true"#))
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM registrations WHERE id = \(registrationID) AND checked_in_at IS NOT NULL"
                ) == 1)
            #expect(
                try await facilitator.json(
                    .post, "/api/v1/events/alliances-2027/registrations/\(registrationID)/check-in", "{}"
                )
                .status == .forbidden)
            let waiting = try await facilitator.json(
                .post, "\(moved)/registrations", #"{"name": "Invitée", "email": "invitee@example.org"}"#)
            let waitingID = try #require(try waiting.json()["id"] as? Int)
            try await database.write { db in
                try await db.raw("UPDATE registrations SET status = 'attente' WHERE id = \(bind: waitingID)").run()
            }
            #expect(
                try await facilitator.json(.post, "\(moved)/registrations/\(waitingID)/check-in", "{}").status
                    == .conflict)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_participants_ask_answer_and_cancel_meetings(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let event = try await EventTests.event(database, capacity: 10)
            _ = try await MeetingService(database: database, registrations: RegistrationService(database: database))
                .saveSettings(
                    eventID: event.id, mode: .open, start: "2027-03-04T16:00", minutes: 15, slots: 4, tables: 4)
            let base = "/api/v1/events/\(event.slug)"
            var people: [Browser] = []
            var ids: [Int] = []
            for n in 1...3 {
                let browser = try await TestApp.browser(
                    client, database, email: "p\(n)@alsace.example", role: .facilitator, lab: "alsace")
                if n < 3 {
                    let made = try await browser.json(
                        .post, "\(base)/registrations",
                        #"{"name": "Personne \#(n)", "organisation": "Asso \#(n)", "listed": true}"#)
                    ids.append(try #require(try made.json()["id"] as? Int))
                }
                people.append(browser)
            }
            let (first, second, outsider) = (people[0], people[1], people[2])
            #expect(try await Browser(client).get("\(base)/meetings").status == .unauthorized)
            #expect(try await outsider.get("\(base)/meetings").status == .notFound)
            let listed = try await first.get("\(base)/meetings")
            #expect(listed.status == .ok && listed.body.contains("Personne 2") && !listed.body.contains("Personne 1\""))

            let asked = try await first.json(
                .post, "\(base)/meetings", #"{"invitee": \#(ids[1]), "message": "Parlons mécénat"}"#)
            #expect(asked.status == .created)
            let requestID = try #require(try asked.json()["id"] as? Int)
            #expect(try await first.json(.post, "\(base)/meetings", #"{"invitee": \#(ids[1])}"#).status == .conflict)
            #expect(try await first.json(.post, "\(base)/meetings", #"{"invitee": \#(ids[0])}"#).status == .notFound)
            #expect(try await first.json(.post, "\(base)/meetings", #"{"invitee": "deux"}"#).status == .badRequest)

            // Only the invitee answers: a third person does not find it, the requester is told
            // to cancel instead.
            #expect(
                try await outsider.json(.post, "\(base)/meetings/\(requestID)/answer", #"{"accept": true}"#).status
                    == .notFound)
            let own = try await first.json(.post, "\(base)/meetings/\(requestID)/answer", #"{"accept": true}"#)
            #expect(own.status == .forbidden && own.body.contains("Seule la personne invitée"))
            let inbox = try await second.get("\(base)/meetings")
            #expect(inbox.body.contains("Parlons mécénat"))
            let accepted = try await second.json(.post, "\(base)/meetings/\(requestID)/answer", #"{"accept": true}"#)
            #expect(accepted.status == .ok && accepted.body.contains(#""status":"acceptee""#))
            #expect(
                try await second.json(.post, "\(base)/meetings/\(requestID)/answer", #"{"accept": false}"#).status
                    == .conflict)
            let cancelled = try await first.json(.post, "\(base)/meetings/\(requestID)/cancel", "{}")
            #expect(cancelled.status == .ok && cancelled.body.contains(#""status":"annulee""#))
            #expect(try await outsider.json(.post, "\(base)/meetings/\(requestID)/cancel", "{}").status == .notFound)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_organisers_read_the_allocation_and_the_lunch_plan(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let admin = try await TestApp.browser(client, database, email: "admin@reseau.example", role: .admin)
            let facilitator = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let base = "/api/v1/events/alliances-2027"
            #expect(try await facilitator.get("\(base)/lunch-tables").status == .forbidden)
            #expect(try await Browser(client).get("\(base)/allocation").status == .unauthorized)

            for (n, kind) in ["association", "entreprise", "collectivite"].enumerated() {
                let made = try await admin.json(
                    .post, "\(base)/registrations",
                    #"{"name": "Convive \#(n)", "email": "convive\#(n)@example.org", "organisation": "Structure \#(n)", "actorKind": "\#(kind)"}"#
                )
                #expect(made.status == .created)
            }
            #expect(
                try await admin.post("/evenements/alliances-2027/dejeuner/composer", [("size", "8")]).status
                    == .seeOther)
            let plan = try await admin.get("\(base)/lunch-tables")
            #expect(plan.status == .ok)
            let seats = try JSONSerialization.jsonObject(with: Data(plan.body.utf8)) as? [[String: Any]] ?? []
            let expected = try await TestApp.count(
                database,
                """
                SELECT COUNT(*) AS n FROM lunch_seats s JOIN registrations r ON r.id = s.registration_id
                JOIN events e ON e.id = s.event_id WHERE e.slug = 'alliances-2027' AND r.status = 'confirme'
                """)
            #expect(seats.count == expected && expected > 0)
            #expect(seats.allSatisfy { ($0["table"] as? Int ?? 0) >= 1 && $0["name"] is String })

            let allocation = try await admin.get("\(base)/allocation")
            #expect(allocation.status == .ok)
            let runs = try allocation.json()["runs"] as? [[String: Any]] ?? []
            let stored = try await TestApp.count(
                database,
                "SELECT COUNT(*) AS n FROM allocation_runs a JOIN events e ON e.id = a.event_id WHERE e.slug = 'alliances-2027'"
            )
            #expect(runs.count == min(stored, 20))
        }
    }
}
