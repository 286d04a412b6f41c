import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Synchronization
import Testing

/// Workshops by ranked choices, end to end on the demo event: the organiser's settings,
/// participants' rankings on their personal page, locks, the run and its figures, the
/// publication into agendas and messages, and every refusal.
@Suite struct AllocationTests {
    static func int(_ database: Database, _ sql: SQLQueryString) async throws -> Int {
        try await database.withConnection { db in try await db.raw(sql).first()!.decode(column: "n", as: Int.self) }
    }

    @Test(arguments: TestEngine.available)
    func test_ranked_choices_run_lock_and_publish(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let base = "/evenements/alliances-2027/repartition"
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            #expect(try await Browser(client).get(base).status == .unauthorized)
            #expect(try await fac.get(base).status == .forbidden, "a network event is organised by the network")
            #expect(try await fac.post(base + "/reglages", [("mode", "voeux")]).status == .forbidden)
            #expect(try await admin.get(base).body.contains("Libre choix"))
            #expect(
                try await admin.post(base + "/reglages", [("mode", "voeux"), ("deadline", "demain")]).status
                    == .badRequest)
            #expect(
                try await admin.post(base + "/reglages", [("mode", "voeux"), ("deadline", "2099-01-01T12:00")]).status
                    == .seeOther)
            #expect(try await admin.post(base + "/reglages", [("mode", "voeux")], csrf: false).status == .forbidden)

            // Atelier 1.1 gets two seats; five confirmed participants.
            try await database.withConnection { db in
                try await db.raw("UPDATE event_sessions SET capacity = 2 WHERE title LIKE 'Atelier 1.1%'").run()
            }
            let event = try #require(
                try await database.withConnection { db in try await EventStore().event(slug: "alliances-2027", on: db) }
            )
            let service = RegistrationService(database: database)
            var people: [(id: Int, token: String)] = []
            for n in 1...5 {
                let r = try await EventTests.register(service, event, n)
                #expect(try await service.confirmOffer(registrationID: r.id))
                people.append((r.id, r.token))
            }
            func session(_ prefix: String) async throws -> Int {
                try await Self.int(
                    database,
                    "SELECT id AS n FROM event_sessions WHERE title LIKE \(bind: prefix + "%") ORDER BY id DESC")
            }
            let (a11, a12, a13, a21) = (
                try await session("Atelier 1.1"), try await session("Atelier 1.2"), try await session("Atelier 1.3"),
                try await session("Atelier 2.1")
            )
            let person = Browser(client)
            let page = try await person.get("/evenements/alliances-2027/inscription/\(people[0].token)")
            #expect(page.body.contains("Mes vœux d'ateliers") && page.body.contains("name=\"rang-\(a11)\""))
            #expect(!page.body.contains("Choisir<span"), "no seats to take before the allocation")
            #expect(
                try await person.post("/evenements/alliances-2027/inscription/\(people[0].token)/sessions/\(a11)", [])
                    .status == .conflict)
            // A ranking with two first choices in one slot is refused, and nothing is kept.
            let bad = try await person.post(
                "/evenements/alliances-2027/inscription/\(people[0].token)/voeux",
                [("rang-\(a11)", "1"), ("rang-\(a12)", "1")])
            #expect(bad.status == .badRequest && bad.body.contains("chaque rang une seule fois"))
            #expect(try await Self.int(database, "SELECT COUNT(*) AS n FROM workshop_choices") == 0)
            for p in people.prefix(4) {
                let saved = try await person.post(
                    "/evenements/alliances-2027/inscription/\(p.token)/voeux",
                    [("rang-\(a11)", "1"), ("rang-\(a12)", "2"), ("rang-\(a21)", "")])
                #expect(saved.status == .seeOther)
            }
            #expect(
                try await person.get("/evenements/alliances-2027/inscription/\(people[1].token)?ok=voeux").body
                    .contains("<option value=\"1\" selected>1er choix</option>"))
            #expect(
                try await admin.get(base).body.contains(
                    "<strong>4</strong> participant(s) sur 5 ont classé des ateliers"))

            // Participant 4 is locked into workshop 1.3 by hand.
            #expect(
                try await admin.post(
                    base + "/verrous", [("registration", String(people[3].id)), ("session", String(a13))]
                ).status == .seeOther)
            let ran = try await admin.post(base + "/lancer", [("objective", "rang")])
            #expect(ran.status == .seeOther)
            let result = try await admin.get(try #require(ran.location))
            #expect(
                result.body.contains("Optimum prouvé") && result.body.contains("<svg")
                    && result.body.contains("aria-labelledby=\"profil-titre profil-desc\""))
            // Two first choices in 1.1 (its two seats), one second choice (1.2), the lock kept.
            #expect(
                result.body.contains("<desc id=\"profil-desc\">1er choix : 2 ; 2e choix : 1 ; Sans atelier : 0.</desc>")
            )
            #expect(
                result.body.contains("<strong>\(frenchPercent(2.0 / 3.0))</strong> des vœux satisfaits au 1er choix"))
            #expect(result.body.contains("Gaspillage : 0"))
            let runID = try await Self.int(database, "SELECT MAX(id) AS n FROM allocation_runs")
            #expect(
                try await Self.int(
                    database,
                    "SELECT COUNT(*) AS n FROM allocation_placements WHERE run_id = \(bind: runID) AND session_id = \(bind: a11)"
                ) == 2)
            #expect(
                try await Self.int(
                    database,
                    "SELECT locked AS n FROM allocation_placements WHERE run_id = \(bind: runID) AND registration_id = \(bind: people[3].id)"
                ) == 1)
            #expect(
                try await Self.int(
                    database,
                    "SELECT session_id AS n FROM allocation_placements WHERE run_id = \(bind: runID) AND registration_id = \(bind: people[3].id)"
                ) == a13)
            #expect(
                try await Self.int(
                    database,
                    "SELECT COUNT(*) AS n FROM allocation_placements WHERE registration_id = \(bind: people[4].id)")
                    == 0, "ranked nothing")
            // Nothing reaches participants before publication.
            #expect(
                try await Self.int(
                    database,
                    "SELECT COUNT(*) AS n FROM session_registrations WHERE session_id IN (SELECT s.id FROM event_sessions s JOIN events e ON e.id = s.event_id WHERE e.slug = 'alliances-2027')"
                ) == 0)

            // A workshop shrunk below its placements since the run: publication refused.
            try await database.withConnection { db in
                try await db.raw("UPDATE event_sessions SET capacity = 1 WHERE id = \(bind: a11)").run()
            }
            #expect(try await admin.post(base + "/publier", [("run", String(runID))]).status == .conflict)
            try await database.withConnection { db in
                try await db.raw("UPDATE event_sessions SET capacity = 2 WHERE id = \(bind: a11)").run()
            }
            #expect(try await admin.post(base + "/publier", [("run", String(runID))]).status == .seeOther)
            #expect(
                try await Self.int(
                    database,
                    "SELECT COUNT(*) AS n FROM session_registrations WHERE status = 'confirme' AND session_id IN (SELECT s.id FROM event_sessions s JOIN events e ON e.id = s.event_id WHERE e.slug = 'alliances-2027')"
                ) == 4)
            #expect(
                try await Self.int(database, "SELECT seats_taken AS n FROM event_sessions WHERE id = \(bind: a11)") == 2
            )
            #expect(try await Self.int(database, "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'ateliers'") == 4)
            let mail = try #require(
                try await database.withConnection { db in try await OutboxStore().messages(to: "p4@example.org", on: db)
                }.first { $0.subject.hasPrefix("Vos ateliers") })
            #expect(mail.body.contains("Atelier 1.3"))
            // The message carries a new link, and the one from the registration still works:
            // both show the workshop.
            let link = try #require(mail.body.split(separator: "\n").first { $0.contains("/inscription/") })
            let path = String(link[link.range(of: "/evenements/")!.lowerBound...])
            #expect(!path.hasSuffix(people[3].token))
            #expect(
                try await person.get("/evenements/alliances-2027/inscription/\(people[3].token)/agenda.ics").body
                    .contains("Atelier 1.3"))
            #expect(try await person.get(path + "/agenda.ics").body.contains("Atelier 1.3"))
            #expect(
                try await person.get(path).body.contains("Mes ateliers"), "after publication, the workshops as usual")
            #expect(
                try await person.post(path + "/voeux", [("rang-\(a11)", "1")]).status == .conflict,
                "rankings are closed once published")
            #expect(try await admin.get(base).body.contains("Cette répartition est publiée"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_command_line_run_reports_and_publishes(engine: TestEngine) async throws {
        try await TestApp.run(engine) { _, database in
            let event = try #require(
                try await database.withConnection { db in try await EventStore().event(slug: "alliances-2027", on: db) }
            )
            let service = RegistrationService(database: database)
            let allocation = AllocationService(database: database, registrations: service)
            try await allocation.saveSettings(eventID: event.id, mode: .ranked, deadline: nil)
            let sessions = try await database.withConnection { db in
                try await EventStore().sessions(eventID: event.id, on: db)
            }
            let slots = AllocationService.slots(sessions)
            #expect(slots.count == 2 && slots.allSatisfy { $0.sessions.count == 4 })
            for n in 1...40 {
                let r = try await EventTests.register(service, event, n)
                #expect(try await service.confirmOffer(registrationID: r.id))
                // Everyone wants workshop 1 then 2 of each slot (35 seats each).
                try await allocation.saveChoices(
                    registrationID: r.id,
                    ranks: [
                        slots[0].sessions[0].id: 1, slots[0].sessions[1].id: 2,
                        slots[1].sessions[0].id: 1, slots[1].sessions[1].id: 2
                    ])
            }
            let lines = Mutex<[String]>([])
            let report = try await AllocationCommand.run(
                database: database, eventSlug: "alliances-2027", objective: "rang2", placeUnranked: false,
                publish: true, publicURL: "http://example.org"
            ) { line in lines.withLock { $0.append(line) } }
            #expect(
                report.contains("40 participants, profile (rank: slots) 1: 70, 2: 10") && report.contains("waste 0")
                    && report.contains("proven optimal"))
            #expect(report.contains("Published"))
            #expect(lines.withLock { $0.first?.contains("40 participants, 8 workshops, 40 with choices") ?? false })
            #expect(
                try await Self.int(
                    database, "SELECT seats_taken AS n FROM event_sessions WHERE id = \(bind: slots[0].sessions[0].id)")
                    == 35)
            await #expect(throws: AppError.self) {
                _ = try await AllocationCommand.run(
                    database: database, eventSlug: "inconnu", objective: "rang", placeUnranked: false, publish: false,
                    publicURL: ""
                ) { _ in }
            }
        }
    }
}
