import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SQLKit
import Testing

/// The GDPR rights: export (Art. 15, 20), erasure (Art. 17), and retention.
@Suite struct PrivacyTests {
    static let email = "zephyrine.q@example.org"
    static let name = "Zéphyrine Quasimodo"
    static let phone = "06 12 34 56 78"
    static let dietary = "Xylophage sans arachides"

    /// Every row of every table, as JSON text: what a dump of the database would hold.
    static func dump(_ database: Database) async throws -> String {
        try await database.withConnection { db in
            let tables: [String]
            switch database.engine {
            case .sqlite:
                tables = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map {
                    try $0.decode(column: "name", as: String.self)
                }
            case .postgres:
                tables = try await db.raw(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                ).all().map { try $0.decode(column: "table_name", as: String.self) }
            }
            var text = ""
            for table in tables {
                let rows = try await db.raw("SELECT * FROM \(ident: table)").all()
                let data = try JSONSerialization.data(withJSONObject: PersonalData.objects(rows))
                text += table + ": " + String(decoding: data, as: UTF8.self) + "\n"
            }
            return text
        }
    }

    static func traces(in text: String) -> [String] {
        let lower = text.lowercased()
        return [email, "quasimodo", "zéphyrine", "zephyrine", phone, "xylophage"].filter { lower.contains($0) }
    }

    /// A person with an account, a contact record, registrations to a past and a future
    /// rencontre (with dietary needs), messages delivered as files, and audit entries.
    static func person(_ client: any TestClientProtocol, _ database: Database) async throws -> (
        userID: Int, future: RencontreEvent, sport: Int
    ) {
        try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
        let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
        let userID = try await TestApp.user(database, email: email, role: .member, organisation: sport)
        try await database.withConnection { db in try await AccountStore().rename(userID: userID, name: name, on: db) }
        let fac = Browser(client)
        try await fac.login("fac@alsace.example")
        let added = try await fac.post(
            "/labs/alsace/organisations/\(sport)/personnes/nouvelle",
            [("name", name), ("role", "Trésorière"), ("email", email), ("phone", phone)])
        #expect(added.status == .seeOther)
        let person = Browser(client)
        try await person.login(email)
        for slug in ["alliances-2027"] {
            let page = try await person.post(
                "/evenements/\(slug)/inscription",
                [
                    ("name", name), ("email", email), ("organisation", "Sport pour Tous Colmar"), ("dietary", dietary),
                    ("listed", "1")
                ])
            #expect(page.status == .seeOther)
        }
        let future = try await EventTests.event(database, capacity: 2)
        let service = RegistrationService(database: database)
        guard
            case .registered = try await service.register(
                event: future, input: RegistrationInput(name: name, email: email, dietary: dietary), userID: userID)
        else { throw AppError.badRequest("registration refused") }
        _ = try await EventTests.register(service, future, 1)
        _ = try await EventTests.register(service, future, 2)
        // Checked in at the past rencontre: attendance must stay right after the erasure.
        try await database.withConnection { db in
            try await db.raw("UPDATE registrations SET checked_in_at = 1420700000 WHERE email = \(bind: email)").run()
        }
        return (userID, future, sport)
    }

    @Test(arguments: TestEngine.available)
    func test_the_export_holds_everything_about_the_person(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let (userID, _, _) = try await Self.person(client, database)
            let person = Browser(client)
            try await person.login(Self.email)
            let page = try await person.post("/compte/donnees", [])
            #expect(page.status == .ok && page.headers[.contentDisposition]?.contains("attachment") == true)
            let json = try page.json()
            #expect((json["compte"] as? [String: Any])?["email"] as? String == Self.email)
            let registrations = try #require(json["inscriptions"] as? [[String: Any]])
            #expect(registrations.count == 2 && registrations.allSatisfy { $0["dietary"] as? String == Self.dietary })
            #expect((json["fiches_personnes"] as? [[String: Any]])?.first?["phone"] as? String == Self.phone)
            #expect(((json["messages_envoyes"] as? [[String: Any]])?.count ?? 0) >= 2)
            #expect(((json["journal"] as? [[String: Any]])?.count ?? 0) >= 1)
            #expect(
                !page.body.contains("password_hash") && !page.body.contains("token_hash") && !page.body.contains("$2"))

            // Facilitators produce it for their lab; another lab's cannot.
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            #expect(try await fac.post("/labs/alsace/comptes/\(userID)/donnees", []).status == .ok)
            let other = try await TestApp.browser(
                client, database, email: "f@idf.example", role: .facilitator, lab: "reseau-national")
            #expect(try await other.post("/labs/reseau-national/comptes/\(userID)/donnees", []).status == .notFound)
            #expect(try await other.post("/labs/alsace/comptes/\(userID)/donnees", []).status == .forbidden)
            let exports = try await TestApp.count(
                database,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.personal-data' AND subject_user_id = \(userID)"
            )
            #expect(exports == 2)
            await #expect(throws: PrivacyService.Failure.self) {
                try await PrivacyService(database: database).export(email: "nobody@example.org", by: nil, address: nil)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func test_an_erasure_leaves_no_trace_and_keeps_counts_right(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let (userID, future, sport) = try await Self.person(client, database)
            let mail = FileManager.default.temporaryDirectory.appendingPathComponent("erase-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: mail) }
            try await OutboxWorker(
                database: database, transport: .files(directory: mail), from: "test@alliances.invalid",
                logger: TestDatabase.logger
            ).deliverDue()
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            #expect(try await fac.get("/labs/alsace/recherche?q=Quasimodo").body.contains("Zéphyrine"))
            #expect(!Self.traces(in: try await Self.dump(database)).isEmpty, "the check finds what is there")
            let attended = try await TestApp.count(
                database, "SELECT COUNT(*) AS n FROM registrations WHERE checked_in_at IS NOT NULL")

            let report = try await PrivacyService(database: database, mailDirectory: mail).erase(
                email: Self.email.uppercased(), by: nil, reason: "demande écrite", address: "test")
            #expect(report.account == 1 && report.people == 1 && report.registrations == 2 && report.messages >= 2)

            // No table, no file of the data folder, nor the SQLite file itself holds them.
            #expect(Self.traces(in: try await Self.dump(database)) == [])
            for file in try FileManager.default.contentsOfDirectory(atPath: mail) {
                let text = try String(contentsOfFile: (mail as NSString).appendingPathComponent(file), encoding: .utf8)
                #expect(Self.traces(in: text) == [], "\(file)")
            }
            if case .sqlite(let path) = database.location {
                for suffix in ["", "-wal"] {
                    guard let bytes = FileManager.default.contents(atPath: path + suffix) else { continue }
                    let text = String(decoding: bytes, as: UTF8.self)
                    #expect(Self.traces(in: text) == [], "raw file\(suffix)")
                }
            }
            // The index is rebuilt in the background after a write (the previous one serves
            // meanwhile): the person is gone from it within seconds.
            var found = true
            for _ in 0..<100 where found {
                found = try await fac.get("/labs/alsace/recherche?q=Quasimodo").body.contains("Zéphyrine")
                if found { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(!found, "the search index forgets the person")
            // Counts: the future seat went to the first person waiting; attendance stays.
            let seats = try await TestApp.count(database, "SELECT seats_taken AS n FROM events WHERE id = \(future.id)")
            let held = try await TestApp.count(
                database,
                "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(future.id) AND status IN ('confirme', 'propose')"
            )
            #expect(seats == held && held == 2)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM registrations WHERE checked_in_at IS NOT NULL") == attended)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM users WHERE id = \(userID)") == 0)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM organisations WHERE id = \(sport)") == 1)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'privacy.erase'")
                    == 1)
            await #expect(throws: PrivacyService.Failure.self) {
                try await PrivacyService(database: database).erase(
                    email: Self.email, by: nil, reason: "x", address: nil)
            }
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_person_erases_their_account_by_confirming_a_link(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            let id = try await TestApp.user(database, email: "moi@example.org", role: .member, organisation: sport)
            let me = Browser(client)
            try await me.login("moi@example.org")
            #expect(try await me.post("/compte/effacement", []).body.contains("Rien n&#39;est effacé sans lui"))
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM users WHERE id = \(id)") == 1)
            let link = try #require(
                try await TestApp.lastLink(database, to: "moi@example.org", prefix: "/compte/effacement/"))
            #expect(
                try await Browser(client).get("/compte/effacement/" + String(repeating: "x", count: 43)).status
                    == .notFound)
            #expect(try await me.get(link).body.contains("Effacer définitivement"))
            let done = try await me.post(link, [])
            #expect(done.status == .ok && done.body.contains("Vos données ont été effacées"))
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM users WHERE id = \(id)") == 0)
            #expect(try await me.get("/compte").status == .unauthorized)
            let dead = try await Browser(client).post(link, [])
            #expect(dead.status == .notFound, "the link died with the account: \(dead.status)")
            // A network admin erases by address, with a reason; a facilitator cannot.
            let guest = Browser(client)
            try await guest.post(
                "/evenements/alliances-2027/inscription", GuestRegistrationTests.form("Invité", "invite@example.org"))
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            #expect(
                try await fac.post(
                    "/admin/donnees-personnelles",
                    [("email", "invite@example.org"), ("action", "effacer"), ("reason", "demande")]
                ).status == .forbidden)
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            #expect(
                try await admin.post(
                    "/admin/donnees-personnelles", [("email", "invite@example.org"), ("action", "effacer")]
                ).status == .unprocessableContent)
            let erased = try await admin.post(
                "/admin/donnees-personnelles",
                [("email", "invite@example.org"), ("action", "effacer"), ("reason", "demande par courrier")])
            #expect(erased.status == .ok && erased.body.contains("1 inscription(s) rendue(s) anonyme(s)"))
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM registrations WHERE email = 'invite@example.org'") == 0)
            #expect(
                try await admin.post(
                    "/admin/donnees-personnelles", [("email", "invite@example.org"), ("action", "exporter")]
                ).status == .notFound)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_an_erasure_during_a_new_registration_leaves_no_half_person(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let event = try await EventTests.event(database, capacity: 5)
            let service = RegistrationService(database: database)
            let privacy = PrivacyService(database: database)
            for round in 0..<6 {
                let address = "course\(round)@example.org"
                _ = try await service.register(
                    event: event, input: RegistrationInput(name: "Course \(round)", email: address), userID: nil)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        _ = try await privacy.erase(email: address, by: nil, reason: "course", address: nil)
                    }
                    group.addTask {
                        _ = try await service.register(
                            event: event, input: RegistrationInput(name: "Course \(round)", email: address), userID: nil
                        )
                    }
                    try await group.waitForAll()
                }
                // Either the new registration came after the erasure and is whole, or it was erased.
                let rows = try await database.withConnection { db in
                    try await db.raw(
                        "SELECT name, email FROM registrations WHERE email = \(bind: address) OR name = \(bind: "Course \(round)")"
                    ).all()
                }
                #expect(rows.count <= 1)
                for row in rows {
                    #expect(try row.decode(column: "email", as: String.self) == address)
                    #expect(try row.decode(column: "name", as: String.self) == "Course \(round)")
                }
            }
            let seats = try await TestApp.count(database, "SELECT seats_taken AS n FROM events WHERE id = \(event.id)")
            let held = try await TestApp.count(
                database,
                "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(event.id) AND status IN ('confirme', 'propose')"
            )
            #expect(seats == held)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_retention_removes_what_is_past_its_time(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let guest = Browser(client)
            try await guest.post(
                "/evenements/alliances-2027/inscription",
                [("name", "Ancien"), ("email", "ancien@example.org"), ("dietary", "végétarien")])
            // That rencontre took place long ago.
            try await database.withConnection { db in
                try await db.raw(
                    "UPDATE events SET starts_at = '2025-01-08T09:30', ends_at = '2025-01-08T17:30' WHERE slug = 'alliances-2027'"
                ).run()
            }
            let future = try await EventTests.event(database, capacity: nil)
            let service = RegistrationService(database: database)
            _ = try await service.register(
                event: future, input: RegistrationInput(name: "Futur", email: "futur@example.org", dietary: "halal"),
                userID: nil)
            let cancelledOld = try await EventTests.register(service, future, 1)
            let cancelledNew = try await EventTests.register(service, future, 2)
            try await service.cancel(registrationID: cancelledOld.id, event: future)
            try await service.cancel(registrationID: cancelledNew.id, event: future)
            let now = nowSeconds()
            try await database.withConnection { db in
                try await db.raw(
                    "UPDATE registrations SET updated_at = \(bind: now - 8 * 86_400) WHERE id = \(bind: cancelledOld.id)"
                ).run()
                try await AuditLog.record(.loginFailed, by: nil, lab: nil, target: "ancien", on: db)
                try await db.raw("UPDATE audit_log SET at = \(bind: now - 400 * 86_400) WHERE target = 'ancien'").run()
                try await AuditLog.record(.loginFailed, by: nil, lab: nil, target: "récent", on: db)
            }
            let report = try await RetentionJob(database: database, policy: RetentionPolicy()).run(now: now)
            #expect(report.dietary >= 1 && report.guestRegistrations == 1 && report.auditEntries == 1)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM registrations WHERE email = 'ancien@example.org' AND dietary IS NULL")
                    == 1)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM registrations WHERE email = 'futur@example.org' AND dietary = 'halal'")
                    == 1)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM registrations WHERE id = \(cancelledOld.id)") == 0)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM registrations WHERE id = \(cancelledNew.id)") == 1)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM audit_log WHERE target = 'ancien'") == 0)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM audit_log WHERE target = 'récent'") == 1)
            // A second run finds nothing more.
            #expect(try await RetentionJob(database: database, policy: RetentionPolicy()).run(now: now) == .init())
        }
    }

    @Test func test_legal_pages_are_filled_by_the_lab() async throws {
        try await TestApp.run(.sqlite) { client, database in
            #expect(try await Browser(client).get("/labs/alsace/confidentialite").body.contains("pas encore rempli"))
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let form = try await fac.get("/labs/alsace/pages-legales")
            #expect(
                form.body.contains("[nom de la structure porteuse") && form.body.contains("30 jours après la rencontre")
            )
            #expect(
                try await fac.post(
                    "/labs/alsace/pages-legales",
                    [("notice", "Éditeur : Labo <b>Alsace</b>"), ("policy", "DPO : dpo@alsace.example")]
                ).status == .ok)
            let notice = try await Browser(client).get("/labs/alsace/mentions-legales")
            #expect(notice.body.contains("Labo &lt;b&gt;Alsace&lt;/b&gt;"))
            #expect(try await Browser(client).get("/labs/alsace/confidentialite").body.contains("dpo@alsace.example"))
            let member = try await TestApp.browser(
                client, database, email: "x@idf.example", role: .facilitator, lab: "reseau-national")
            #expect(try await member.post("/labs/alsace/pages-legales", [("notice", "x")]).status == .forbidden)
            #expect(try await Browser(client).get("/confidentialite").body.contains("365 jours"))
        }
    }
}
