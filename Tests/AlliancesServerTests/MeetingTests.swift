import AlliancesCore
@testable import AlliancesServer
import Foundation
import SQLKit
import Testing

/// One-to-one meetings end to end on the demo event: settings, requests and answers under
/// the bipartite rule, availabilities, the schedule and its announcement (messages, agenda),
/// a late acceptance placed around announced meetings, a cancellation, the grid, access.
@Suite struct MeetingTests {
    /// Meetings open to everyone at the demo event: 4 slots of 15 minutes from 16:00, 2 tables.
    static func openMeetings(_ admin: Browser) async throws -> Browser.Page {
        try await admin.post(
            "/evenements/alliances-2027/rendez-vous/reglages",
            [("mode", "ouvert"), ("start", "2027-01-14T16:00"), ("minutes", "15"), ("slots", "4"), ("tables", "2")])
    }

    @Test(arguments: TestEngine.available)
    func test_requests_schedule_announce_and_late_changes(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let base = "/evenements/alliances-2027/rendez-vous"
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            let fac = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            #expect(try await Browser(client).get(base).status == .unauthorized)
            #expect(try await fac.get(base).status == .forbidden)
            #expect(
                try await admin.post(
                    base + "/reglages",
                    [
                        ("mode", "bipartite"), ("start", "2027-01-14T23:30"), ("minutes", "15"), ("slots", "4"),
                        ("tables", "2")
                    ]
                ).status == .unprocessableContent,
                "slots past midnight")
            #expect(
                try await admin.post(
                    base + "/reglages",
                    [
                        ("mode", "bipartite"), ("start", "2027-01-14T16:00"), ("minutes", "15"), ("slots", "4"),
                        ("tables", "2")
                    ]
                ).status == .seeOther)

            let event = try #require(
                try await database.withConnection { db in try await EventStore().event(slug: "alliances-2027", on: db) }
            )
            let service = RegistrationService(database: database)
            var tokens: [String: String] = [:], ids: [String: Int] = [:]
            for (name, kind) in [
                ("Asso Un", "association"), ("Asso Deux", "association"), ("Entreprise Un", "entreprise"),
                ("Entreprise Deux", "entreprise")
            ] {
                guard
                    case .registered(let id, let token, _) = try await service.register(
                        event: event,
                        input: RegistrationInput(
                            name: name,
                            email: "\(name.lowercased().replacingOccurrences(of: " ", with: "."))@example.org",
                            organisation: "Org \(name)", actorKind: kind, listed: true), userID: nil)
                else {
                    Issue.record("registration refused"); return
                }
                #expect(try await service.confirmOffer(registrationID: id))
                tokens[name] = token
                ids[name] = id
            }
            func page(_ name: String) -> String {
                "/evenements/alliances-2027/inscription/\(tokens[name]!)/rendez-vous"
            }
            let person = Browser(client)
            #expect(
                try await person.get("/evenements/alliances-2027/inscription/\(tokens["Asso Un"]!)").body.contains(
                    "Mes rendez-vous individuels"))
            let directory = try await person.get(page("Asso Un")).body
            #expect(directory.contains("Entreprise Un") && directory.contains("Entreprise Deux"))
            #expect(!directory.contains("<strong>Asso Deux</strong>"), "bipartite: associations meet companies")
            #expect(!directory.contains("@example.org"), "no contact details")
            // Requests: the message is escaped where the invitee reads it.
            #expect(
                try await person.post(
                    page("Asso Un") + "/demander",
                    [
                        ("invitee", String(ids["Entreprise Un"]!)),
                        ("message", "<script>alert(1)</script> Parlons mécénat")
                    ]
                ).status == .seeOther)
            #expect(
                try await person.post(page("Asso Un") + "/demander", [("invitee", String(ids["Entreprise Un"]!))])
                    .status == .conflict, "one request per pair")
            #expect(
                try await person.post(page("Asso Un") + "/demander", [("invitee", String(ids["Asso Deux"]!))]).status
                    == .conflict)
            #expect(
                try await person.post(page("Asso Deux") + "/demander", [("invitee", String(ids["Entreprise Un"]!))])
                    .status == .seeOther)
            #expect(
                try await person.post(page("Asso Un") + "/demander", [("invitee", String(ids["Entreprise Deux"]!))])
                    .status == .seeOther)
            #expect(
                try await person.post(
                    page("Asso Un") + "/demander", [("invitee", String(ids["Entreprise Deux"]!))], csrf: false
                ).status == .forbidden)
            let inbox = try await person.get(page("Entreprise Un")).body
            #expect(
                inbox.contains("&lt;script&gt;alert(1)&lt;/script&gt; Parlons mécénat")
                    && !inbox.contains("<script>alert(1)"))
            func requestID(_ from: String, _ to: String) async throws -> Int {
                try await database.withConnection { db in
                    try await db.raw(
                        "SELECT id FROM meeting_requests WHERE requester_id = \(bind: ids[from]!) AND invitee_id = \(bind: ids[to]!)"
                    ).first()!.decode(column: "id", as: Int.self)
                }
            }
            let (m1, m2, m3) = (
                try await requestID("Asso Un", "Entreprise Un"), try await requestID("Asso Deux", "Entreprise Un"),
                try await requestID("Asso Un", "Entreprise Deux")
            )
            #expect(
                try await person.post(page("Asso Un") + "/\(m1)/accepter", []).status == .forbidden,
                "only the invitee answers")
            #expect(
                try await person.post(page("Entreprise Deux") + "/\(m1)/accepter", []).status == .notFound,
                "someone else's request is not found")
            #expect(try await person.post(page("Entreprise Deux") + "/\(m1)/annuler", []).status == .notFound)
            #expect(try await person.post(page("Entreprise Un") + "/999999/accepter", []).status == .notFound)
            #expect(try await person.post(page("Entreprise Un") + "/\(m1)/accepter", []).status == .seeOther)
            #expect(try await person.post(page("Entreprise Un") + "/\(m2)/accepter", []).status == .seeOther)
            #expect(try await person.post(page("Entreprise Deux") + "/\(m3)/refuser", []).status == .seeOther)
            // Entreprise Un is available in the 2nd and 3rd slots only.
            #expect(try await person.post(page("Entreprise Un") + "/disponibilites", []).status == .badRequest)
            #expect(
                try await person.post(page("Entreprise Un") + "/disponibilites", [("creneau", "1"), ("creneau", "2")])
                    .status == .seeOther)

            #expect(try await admin.post(base + "/planifier", []).status == .seeOther)
            let planned = try await admin.get(base)
            #expect(
                planned.body.contains("2 rendez-vous placés sur 2 acceptés") && planned.body.contains("optimum atteint")
            )
            func placement(_ id: Int) async throws -> (slot: Int?, table: Int?) {
                try await database.withConnection { db in
                    let row = try await db.raw("SELECT slot, table_no FROM meeting_requests WHERE id = \(bind: id)")
                        .first()!
                    return (
                        try row.decodeNil(column: "slot") ? nil : try row.decode(column: "slot", as: Int.self),
                        try row.decodeNil(column: "table_no") ? nil : try row.decode(column: "table_no", as: Int.self)
                    )
                }
            }
            let (p1, p2) = (try await placement(m1), try await placement(m2))
            #expect(Set([p1.slot, p2.slot]) == Set([1, 2]), "both in Entreprise Un's slots, never together")
            #expect(
                try await person.get(page("Asso Un")).body.contains("horaire et table à venir"), "not announced yet")
            #expect(try await admin.post(base + "/annoncer", []).status == .seeOther)
            let mails = try await database.withConnection { db in
                try await OutboxStore().messages(to: "asso.un@example.org", on: db)
            }
            let mail = try #require(mails.first { $0.subject.hasPrefix("Votre rendez-vous avec Entreprise Un") })
            #expect(mail.body.contains("table \(p1.table!)"))
            let link = try #require(mail.body.split(separator: "\n").first { $0.contains("/inscription/") })
            let path = String(link[link.range(of: "/evenements/")!.lowerBound...])
            let ics = try await person.get(path + "/agenda.ics").body
            #expect(
                ics.contains("Rendez-vous avec Entreprise Un (Org Entreprise Un)") && ics.contains("Table \(p1.table!)")
            )
            // Each message carries a new link (only its hash is kept): follow the latest one.
            func refresh(_ name: String) async throws {
                let email = "\(name.lowercased().replacingOccurrences(of: " ", with: "."))@example.org"
                let latest = try await database.withConnection { db in
                    try await OutboxStore().messages(to: email, on: db)
                }.max { $0.id < $1.id }
                guard let line = latest?.body.split(separator: "\n").first(where: { $0.contains("/inscription/") })
                else { return }
                tokens[name] = String(line.split(separator: "/").last!)
            }
            for name in ["Asso Un", "Asso Deux", "Entreprise Un", "Entreprise Deux"] { try await refresh(name) }
            #expect(try await person.get(page("Asso Un")).body.contains(", table \(p1.table!)"))

            // Late: Asso Deux asks Entreprise Deux, who accepts; it is placed at once, the
            // announced meetings stay where they are.
            #expect(
                try await person.post(page("Asso Deux") + "/demander", [("invitee", String(ids["Entreprise Deux"]!))])
                    .status == .seeOther)
            let m4 = try await requestID("Asso Deux", "Entreprise Deux")
            #expect(try await person.post(page("Entreprise Deux") + "/\(m4)/accepter", []).status == .seeOther)
            for name in ["Asso Un", "Asso Deux", "Entreprise Un", "Entreprise Deux"] { try await refresh(name) }
            let p4 = try await placement(m4)
            #expect(p4.slot != nil && p4.slot != p2.slot, "Asso Deux is busy in \(p2.slot!)")
            let (q1, q2) = (try await placement(m1), try await placement(m2))
            #expect(q1 == p1 && q2 == p2)
            #expect(
                try await database.withConnection { db in
                    try await OutboxStore().messages(to: "entreprise.deux@example.org", on: db)
                }.contains { $0.subject.hasPrefix("Votre rendez-vous avec Asso Deux") })
            // A cancellation frees the slot; the grid shows the others.
            #expect(try await person.post(page("Asso Un") + "/\(m1)/annuler", []).status == .seeOther)
            #expect(try await placement(m1).slot == nil)
            let grid = try await admin.get(base + "/grille").body
            #expect(
                grid.contains("Asso Deux — Org Asso Deux") && grid.contains("Table \(p2.table!)")
                    && !grid.contains("Asso Un — Org Asso Un"))
            #expect(try await fac.get(base + "/grille").status == .forbidden)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_lunch_tables_by_region_mixed_swapped_and_shown_to_participants(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let base = "/evenements/alliances-2027/dejeuner"
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            #expect(try await Browser(client).get(base).status == .unauthorized)
            let event = try #require(
                try await database.withConnection { db in try await EventStore().event(slug: "alliances-2027", on: db) }
            )
            let service = RegistrationService(database: database)
            var tokens: [Int: String] = [:]
            // Eight people from Île-de-France (11), two from Grand Est (44): half a table of
            // four, enough for a table of their own.
            let kinds = ["association", "entreprise", "collectivite", "universite-recherche"]
            for n in 0..<10 {
                let organisation = n < 2 ? "Même Organisation" : "Organisation \(n)"
                guard
                    case .registered(let id, let token, _) = try await service.register(
                        event: event,
                        input: RegistrationInput(
                            name: "Convive \(n)", email: "convive\(n)@example.org", organisation: organisation,
                            actorKind: kinds[n % 4], region: n < 8 ? "11" : "44"), userID: nil)
                else {
                    Issue.record("registration refused"); return
                }
                #expect(try await service.confirmOffer(registrationID: id))
                tokens[id] = token
            }
            #expect(try await admin.post(base + "/composer", [("size", "1")]).status == .unprocessableContent)
            #expect(try await admin.post(base + "/composer", [("size", "4")]).status == .seeOther)
            let rows = try await database.withConnection { db in
                try await db.raw(
                    "SELECT s.registration_id, s.table_no, s.region, r.organisation_name FROM lunch_seats s JOIN registrations r ON r.id = s.registration_id WHERE s.event_id = \(bind: event.id)"
                ).all()
                    .map {
                        (
                            id: try $0.decode(column: "registration_id", as: Int.self),
                            table: try $0.decode(column: "table_no", as: Int.self),
                            region: try $0.decode(column: "region", as: String?.self),
                            organisation: try $0.decode(column: "organisation_name", as: String.self)
                        )
                    }
            }
            #expect(rows.count == 10)
            let tables = Dictionary(grouping: rows, by: \.table)
            #expect(
                tables.count == 3 && tables.values.allSatisfy { $0.count <= 4 },
                "8 in Île-de-France at 2 tables, 2 in Grand Est at 1")
            #expect(tables.values.allSatisfy { Set($0.map(\.region)).count == 1 })
            let colleagues = rows.filter { $0.organisation == "Même Organisation" }
            #expect(colleagues.count == 2 && colleagues[0].table != colleagues[1].table)
            let page = try await admin.get(base)
            #expect(
                page.body.contains("Mélange : ") && page.body.contains("0 paire(s) de collègues")
                    && page.body.contains("Table 1 · "))
            #expect(page.body.contains("Grand Est") && page.body.contains("Île-de-France"))
            // A swap by hand, then each participant sees their table.
            let (x, y) = (
                colleagues[0], rows.first { $0.table != colleagues[0].table && $0.table != colleagues[1].table }!
            )
            #expect(
                try await admin.post(base + "/echanger", [("a", String(x.id)), ("b", String(y.id))]).status == .seeOther
            )
            let after = try await database.withConnection { db in
                try await db.raw("SELECT table_no FROM lunch_seats WHERE registration_id = \(bind: x.id)").first()!
                    .decode(column: "table_no", as: Int.self)
            }
            #expect(after == y.table)
            #expect(
                try await admin.post(base + "/echanger", [("a", String(x.id)), ("b", String(x.id))]).status
                    == .badRequest)
            #expect(
                try await Browser(client).get("/evenements/alliances-2027/inscription/\(tokens[x.id]!)").body.contains(
                    "votre table : <strong>n° \(y.table)</strong>"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_suggestions_from_the_recommender_come_first(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            #expect(
                try await admin.post(
                    "/evenements/alliances-2027/rendez-vous/reglages",
                    [("mode", "bipartite"), ("minutes", "15"), ("slots", "0"), ("tables", "0")]
                ).status == .seeOther)
            let event = try #require(
                try await database.withConnection { db in try await EventStore().event(slug: "alliances-2027", on: db) }
            )
            let service = RegistrationService(database: database)
            var token = ""
            // The association and one company are in the directory (matched by name); the
            // other company, first in alphabetical order, is not.
            for (n, (organisation, kind)) in [
                ("Atelier Numérique Solidaire de Haguenau", "association"), ("Aaa Entreprise Inconnue", "entreprise"),
                ("Numéria Conseil (démo)", "entreprise")
            ].enumerated() {
                guard
                    case .registered(let id, let t, _) = try await service.register(
                        event: event,
                        input: RegistrationInput(
                            name: "Personne \(n)", email: "personne\(n)@example.org", organisation: organisation,
                            actorKind: kind, listed: true), userID: nil)
                else {
                    Issue.record("registration refused"); return
                }
                #expect(try await service.confirmOffer(registrationID: id))
                if n == 0 { token = t }
            }
            let page = try await Browser(client).get("/evenements/alliances-2027/inscription/\(token)/rendez-vous").body
            let suggested = try #require(page.range(of: "<strong>Personne 2</strong>")),
                other = try #require(page.range(of: "<strong>Personne 1</strong>"))
            #expect(suggested.lowerBound < other.lowerBound, "the recommender's suggestion first")
            #expect(page.contains("Suggéré : "))
        }
    }

    /// The schedule is computed outside any transaction and written only if its inputs are
    /// unchanged: a request accepted meanwhile makes the writing step refuse, and the
    /// service's next round places it.
    @Test(arguments: TestEngine.available)
    func test_a_schedule_is_written_only_over_the_inputs_it_was_computed_from(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let admin = try await TestApp.browser(client, database, email: "admin@example.org", role: .admin)
            #expect(try await MeetingTests.openMeetings(admin).status == .seeOther)
            let event = try #require(
                try await database.withConnection { db in try await EventStore().event(slug: "alliances-2027", on: db) }
            )
            let registrations = RegistrationService(database: database)
            var ids: [Int] = []
            for n in 1...4 { ids.append(try await EventTests.register(registrations, event, 100 + n).id) }
            func accept(_ a: Int, _ b: Int) async throws {
                try await database.withConnection { db in
                    try await db.raw(
                        """
                        INSERT INTO meeting_requests (event_id, requester_id, invitee_id, status, created_at, updated_at)
                        VALUES (\(bind: event.id), \(bind: ids[a]), \(bind: ids[b]), 'acceptee', 0, 0)
                        """
                    ).run()
                }
            }
            try await accept(0, 1)
            let service = MeetingService(database: database, registrations: registrations)
            let settings = try await service.settings(eventID: event.id)
            let inputs = try await database.withConnection { db in
                try await MeetingService.inputs(eventID: event.id, slots: settings.slots, on: db)
            }
            let (result, upper, minimum) = MeetingService.compute(inputs, settings: settings)
            try await accept(2, 3)  // while the schedule was being computed
            let stale = try await service.write(
                result, upper: upper, minimum: minimum, inputs: inputs, event: event, settings: settings,
                announceNew: false, mail: registrations.mailer(event))
            #expect(stale == nil)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM meeting_requests WHERE slot IS NOT NULL")
                    == 0, "nothing written")
            #expect(try await service.schedule(event: event).scheduled == 2)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM meeting_requests WHERE slot IS NOT NULL")
                    == 2)
        }
    }
}
