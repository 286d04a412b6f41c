import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// An id in a path must belong to the parent the path names (and to the caller's lab):
/// otherwise 404, and nothing changes.
@Suite struct ParentAuthorisationTests {
    static func workshop(_ database: Database, event: RencontreEvent, title: String) async throws -> EventSession {
        try await database.transaction { db in
            let id = try await EventStore().createSession(
                eventID: event.id, kind: .workshop, title: title, startsAt: LocalDateTime("2027-03-04T10:00")!,
                endsAt: LocalDateTime("2027-03-04T11:00")!, room: nil, track: nil, capacity: 10,
                description: nil, questions: [], on: db)
            return try await EventStore().sessions(eventID: event.id, on: db).first { $0.id == id }!
        }
    }

    @Test(arguments: TestEngine.available)
    func test_an_organiser_cannot_act_on_another_events_registrations(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "admin@reseau.example", role: .admin)
            let service = RegistrationService(database: database)
            let eventA = try await EventTests.event(database, capacity: 10)
            let eventB = try await EventTests.event(database, capacity: 10)
            let workshopA = try await Self.workshop(database, event: eventA, title: "Atelier de A")
            _ = try await Self.workshop(database, event: eventB, title: "Atelier de B")
            let b = try await EventTests.register(service, eventB, 1)
            #expect(try await service.confirmOffer(registrationID: b.id))
            let snapshot = {
                try await database.withConnection { db in
                    try await db.raw(
                        """
                        SELECT (SELECT status FROM registrations WHERE id = \(bind: b.id)) AS status,
                          (SELECT COUNT(*) FROM session_registrations WHERE registration_id = \(bind: b.id)) AS workshops,
                          (SELECT seats_taken FROM event_sessions WHERE id = \(bind: workshopA.id)) AS seats,
                          (SELECT COUNT(*) FROM session_checkins WHERE registration_id = \(bind: b.id)) AS checkins,
                          (SELECT checked_in_at FROM registrations WHERE id = \(bind: b.id)) AS arrived
                        """
                    ).first().map {
                        [
                            try $0.string("status"), String(try $0.int("workshops")), String(try $0.int("seats")),
                            String(try $0.int("checkins")),
                            String(describing: try $0.optionalInt("arrived"))
                        ]
                    }
                }
            }
            let before = try await snapshot()
            // The service refuses outright...
            await #expect(throws: AppError.self) {
                try await service.move(registrationID: b.id, to: workshopA, event: eventA)
            }
            await #expect(throws: AppError.self) { try await service.cancel(registrationID: b.id, event: eventA) }
            await #expect(throws: AppError.self) { try await service.approve(registrationID: b.id, event: eventA) }
            await #expect(throws: AppError.self) {
                try await service.checkIn(registrationID: b.id, eventID: eventA.id, sessionID: nil)
            }
            // ...and the organiser's pages answer 404.
            let admin = Browser(client)
            try await admin.login("admin@reseau.example")
            let base = "/evenements/\(eventA.slug)"
            for (path, fields) in [
                ("\(base)/inscrits/\(b.id)/atelier", [("session", String(workshopA.id))]),
                ("\(base)/inscrits/\(b.id)/annuler", []),
                ("\(base)/inscrits/\(b.id)/accepter", []), ("\(base)/pointage/\(b.id)", []),
                ("\(base)/repartition/verrous", [("registration", String(b.id)), ("session", String(workshopA.id))])
            ] {
                #expect(try await admin.post(path, fields).status == .notFound, "\(path)")
            }
            #expect(try await snapshot() == before)
            // The same person, in their own event, is placed.
            #expect(try await admin.post("/evenements/\(eventB.slug)/pointage/\(b.id)", []).status == .seeOther)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_member_cannot_take_over_another_organisations_listing(engine: TestEngine) async throws {
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
            func input(_ organisation: Int, _ title: String, status: String = "publie") -> ListingInput {
                ListingInput(
                    kind: "besoin", organisationId: organisation, title: title, description: "Pour le test.",
                    modes: ["benevolat"], themes: ["solidarite"],
                    status: status, visibility: "public")
            }
            guard
                case .success(let draftOfB) = try await services.marketplace.saveListing(
                    lab: lab, listingID: nil, input: input(b, "Brouillon de B", status: "brouillon"), viewer: memberB)
            else {
                Issue.record("listing of B not saved"); return
            }
            // A names its own organisation in the form to edit B's listing: refused, unchanged.
            await #expect(throws: AppError.self) {
                _ = try await services.marketplace.saveListing(
                    lab: lab, listingID: draftOfB, input: input(a, "Pris par A"), viewer: memberA)
            }
            let stored = try #require(
                try await database.withConnection { db in
                    try await ListingStore().find(id: draftOfB, labID: lab.id, on: db)
                })
            #expect(stored.organisationID == b && stored.title == "Brouillon de B")
        }
    }
}
