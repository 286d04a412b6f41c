import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import SQLKit
import Testing

/// Private links expire, and the messages that carried them do not keep them forever.
@Suite struct PrivateLinkTests {
    static func event(_ database: Database, endingDaysAgo days: Int) async throws -> RencontreEvent {
        let end = Paris.day(nowSeconds() - days * 86_400)
        return try await database.transaction { db in
            let id = try await EventStore().createEvent(
                slug: "passee-\(UUID().uuidString.prefix(8).lowercased())", labID: nil, title: "Rencontre passée",
                acronym: nil, description: nil,
                startsAt: LocalDateTime(end + "T09:00")!, endsAt: LocalDateTime(end + "T17:00")!, venue: "Salle",
                address: nil,
                organisers: nil, status: .registrationOpen, capacity: nil, offerHours: 48, on: db)
            return try await EventStore().event(id: id, on: db)!
        }
    }

    /// A participant's link works until 30 days after the event (or after it was made, when
    /// later), then answers 410 with a French message; the grace is configurable.
    @Test(arguments: TestEngine.available)
    func test_registration_links_expire_after_the_event_and_grace(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let service = RegistrationService(database: database)
            let recent = try await Self.event(database, endingDaysAgo: 10)
            let person = try await EventTests.register(service, recent, 1)
            let path = "/evenements/\(recent.slug)/inscription/\(person.token)"
            #expect(try await Browser(client).get(path).status == .ok)
            // Made long before the event's end, as real registrations are.
            try await database.withConnection { db in
                try await db.raw(
                    "UPDATE registrations SET created_at = \(bind: nowSeconds() - 90 * 86_400) WHERE id = \(bind: person.id)"
                ).run()
            }
            let now = nowSeconds()
            #expect(try await service.find(token: person.token, event: recent, now: now + 19 * 86_400)?.id == person.id)
            await #expect(throws: AppError.self) {
                try await service.find(token: person.token, event: recent, now: now + 21 * 86_400)
            }
            var shorter = service
            shorter.linkGrace = 5 * 86_400
            await #expect(throws: AppError.self) {
                try await shorter.find(token: person.token, event: recent, now: now)
            }

            let old = try await Self.event(database, endingDaysAgo: 40)
            let late = try await EventTests.register(service, old, 2)
            try await database.withConnection { db in
                try await db.raw(
                    "UPDATE registrations SET created_at = \(bind: nowSeconds() - 60 * 86_400) WHERE id = \(bind: late.id)"
                ).run()
            }
            let gone = try await Browser(client).get("/evenements/\(old.slug)/inscription/\(late.token)")
            #expect(gone.status == .gone && gone.body.contains("Ce lien a expiré"))
            #expect(
                try await Browser(client).get("/evenements/\(old.slug)/inscription/\(late.token)/agenda.ics").status
                    == .gone)
        }
    }

    /// Invitations last 7 days unless configured otherwise, and the page says how long.
    @Test(arguments: TestEngine.available)
    func test_invitations_last_seven_days_by_default(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            let created = try await fac.post(
                "/labs/alsace/comptes/invitations", [("email", "nouvelle@alsace.example"), ("role", "facilitateur")])
            #expect(created.status == .created && created.body.contains("valable 7 jours"))
            let row = try #require(
                try await database.withConnection { db in
                    try await db.raw(
                        "SELECT created_at, expires_at FROM invitations WHERE email = 'nouvelle@alsace.example'"
                    ).first()
                })
            #expect(try row.int("expires_at") - row.int("created_at") == 7 * 86_400)
            let link = try #require(
                try await TestApp.lastLink(database, to: "nouvelle@alsace.example", prefix: "/invitations/"))
            try await database.withConnection { db in
                try await db.raw(
                    "UPDATE invitations SET expires_at = \(bind: nowSeconds() - 1) WHERE email = 'nouvelle@alsace.example'"
                ).run()
            }
            #expect(try await Browser(client).get(link).status == .gone)
        }
    }

    /// After the retention period a message's text and its .eml file are erased, sent or
    /// not; who it went to, its subject and when stay. An unsent one is given up.
    @Test(arguments: TestEngine.available)
    func test_message_bodies_and_files_are_purged_after_retention(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
                .path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try await database.transaction { db in
                try await OutboxStore().enqueue(
                    to: "a@example.org", subject: "Votre lien", body: "https://x.example/inscription/JETON",
                    kind: "test", eventID: nil, registrationID: nil, on: db)
            }
            let worker = OutboxWorker(
                database: database, transport: .files(directory: directory), from: "x@alliances.invalid",
                logger: TestDatabase.logger)
            #expect(try await worker.deliverDue() == 1)
            let sent = try #require(
                try await database.withConnection { db in try await OutboxStore().messages(to: "a@example.org", on: db)
                }.first)
            let file = directory + "/message-\(sent.id).eml"
            #expect(FileManager.default.fileExists(atPath: file))
            try await database.transaction { db in
                try await OutboxStore().enqueue(
                    to: "b@example.org", subject: "Jamais remis", body: "https://x.example/inscription/AUTRE",
                    kind: "test", eventID: nil, registrationID: nil, on: db)
            }
            let now = nowSeconds()
            #expect(try await worker.purge(now: now + 29 * 86_400) == 0, "kept 30 days")
            #expect(try await worker.purge(now: now + 31 * 86_400) == 2)
            #expect(!FileManager.default.fileExists(atPath: file))
            let all = try await database.withConnection { db in
                try await OutboxStore().messages(to: "a@example.org", on: db)
                    + OutboxStore().messages(to: "b@example.org", on: db)
            }
            #expect(all.count == 2 && all.allSatisfy { $0.body.isEmpty && $0.purgedAt != nil })
            #expect(all[0].subject == "Votre lien" && all[0].sentAt == sent.sentAt)
            #expect(try await worker.deliverDue(now: now + 32 * 86_400) == 0, "a purged message is never sent")
            #expect(try await worker.purge(now: now + 40 * 86_400) == 0)
        }
    }
}
