import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

@Suite struct OutboxTests {
    @Test(arguments: TestEngine.available)
    func test_sendmail_transport_delivers_and_a_failing_one_retries_later_losing_nothing(engine: TestEngine)
        async throws
    {
        try await withTestDatabase(engine) { database in
            try await database.transaction { db in
                try await OutboxStore().enqueue(
                    to: "a@example.org", subject: "Accusé « réception »", body: "Ligne 1\nLigne 2", kind: "test",
                    eventID: nil, registrationID: nil, on: db)
            }
            // A command that fails: the message stays, with its error, for a later attempt.
            let failing = OutboxWorker(
                database: database, transport: .sendmail(command: ["/usr/bin/false"]), from: "x@alliances.invalid",
                logger: TestDatabase.logger)
            let now = nowSeconds()
            #expect(try await failing.deliverDue(now: now) == 0)
            let failed = try await database.withConnection { db in
                try await OutboxStore().messages(to: "a@example.org", on: db)
            }.first!
            #expect(failed.sentAt == nil && failed.attempts == 1 && failed.lastError?.contains("status 1") == true)
            #expect(try await failing.deliverDue(now: now + 30) == 0)
            #expect(
                try await database.withConnection { db in try await OutboxStore().messages(to: "a@example.org", on: db)
                }.first!.attempts == 1,
                "not retried before its backoff")
            // The transport is back: the message goes out, once, as a proper RFC 5322 message.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "sendmail-\(UUID().uuidString).eml"
            ).path
            let working = OutboxWorker(
                database: database, transport: .sendmail(command: ["/usr/bin/tee", file]), from: "x@alliances.invalid",
                logger: TestDatabase.logger)
            #expect(try await working.deliverDue(now: now + 120) == 1)
            #expect(try await working.deliverDue(now: now + 10_000) == 0)
            let raw = try String(contentsOfFile: file, encoding: .utf8)
            #expect(
                raw.contains("To: a@example.org\r\n") && raw.contains("Subject: =?UTF-8?B?")
                    && raw.contains("Ligne 1\r\nLigne 2\r\n"))
            try? FileManager.default.removeItem(atPath: file)
            let sent = try await database.withConnection { db in
                try await OutboxStore().messages(to: "a@example.org", on: db)
            }.first!
            #expect(sent.sentAt != nil && sent.attempts == 2 && sent.lastError == nil)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_registration_form_suggests_directory_organisations_and_speakers_have_bios(engine: TestEngine) async throws
    {
        try await TestApp.run(engine) { client, database in
            let guest = Browser(client)
            let form = try await guest.get("/evenements/alliances-2027/inscription")
            #expect(form.body.contains("data-picker=\"/evenements/alliances-2027/organisations\""))
            // A network event suggests names from every lab's directory, as one types.
            let names = try JSONDecoder().decode(
                [String].self,
                from: Data(try await guest.get("/evenements/alliances-2027/organisations?q=rameau").body.utf8))
            #expect(names.first == "Le RAMEAU")
            let mixed = try JSONDecoder().decode(
                [String].self,
                from: Data(try await guest.get("/evenements/alliances-2027/organisations?q=solidaire").body.utf8))
            #expect(mixed.contains("Élan Solidaire Mulhouse") && mixed.count <= OrganisationPicker.limit)
            try await TestApp.user(database, email: "admin@example.org", role: .admin)
            let admin = Browser(client)
            try await admin.login("admin@example.org")
            let session = try await database.withConnection { db in
                try await db.raw("SELECT id FROM event_sessions WHERE title = 'Restitution' ORDER BY id DESC").first()!
                    .decode(
                        column: "id", as: Int.self)
            }
            #expect(
                try await admin.post(
                    "/evenements/alliances-2027/sessions/\(session)/modifier",
                    [
                        ("kind", "restitution"), ("title", "Restitution"), ("startsAt", "2027-01-14T16:00"),
                        ("endsAt", "2027-01-14T17:00"),
                        (
                            "speakers",
                            "Camille Modèle | Chargée de mission | Le RAMEAU | animatrice | Anime les ateliers de co-construction depuis 2012 (personne fictive)."
                        )
                    ]
                ).status == .seeOther)
            let speakers = try await Browser(client).get("/evenements/alliances-2027/intervenants")
            #expect(speakers.body.contains("Anime les ateliers de co-construction depuis 2012 (personne fictive)."))
        }
    }
}
