import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import SQLKit
import Testing

@Suite struct EventTests {
    static func event(_ database: Database, capacity: Int?, offerHours: Int = 48) async throws -> RencontreEvent {
        try await database.transaction { db in
            let id = try await EventStore().createEvent(
                slug: "test-\(UUID().uuidString.prefix(8).lowercased())", labID: nil, title: "Rencontre d'essai",
                acronym: nil, description: nil,
                startsAt: LocalDateTime("2027-03-04T09:00")!, endsAt: LocalDateTime("2027-03-04T17:00")!,
                venue: "Salle", address: nil,
                organisers: nil, status: .registrationOpen, capacity: capacity, offerHours: offerHours, on: db)
            return try await EventStore().event(id: id, on: db)!
        }
    }

    static func register(_ service: RegistrationService, _ event: RencontreEvent, _ n: Int) async throws -> (
        id: Int, token: String, status: SeatStatus
    ) {
        guard
            case .registered(let id, let token, let status) = try await service.register(
                event: event, input: RegistrationInput(name: "Personne \(n)", email: "p\(n)@example.org"), userID: nil)
        else {
            throw AppError.badRequest("registration refused")
        }
        return (id, token, status)
    }

    @Test(arguments: TestEngine.available)
    func test_demo_programme_pages_show_the_2015_day(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, _ in
            let visitor = Browser(client)
            let page = try await visitor.get("/evenements/pionniers-2015")
            #expect(page.status == .ok)
            #expect(page.body.contains("8 janvier 2015, de 9h30 à 17h30"))
            #expect(page.body.contains("5, rue Masseran 75007 Paris"))
            // Workshops 1: four parallel sessions in the same time slot.
            let slot = try #require(page.body.range(of: "aria-label=\"14h\""))
            let after = String(page.body[slot.upperBound...].prefix(4_000))
            for n in 1...4 { #expect(after.contains("Atelier 1.\(n)")) }
            #expect(
                !after.contains("Atelier 2.1")
                    || after.range(of: "Atelier 2.1")!.lowerBound > after.range(of: "Atelier 1.4")!.lowerBound)
            #expect(page.body.contains("Hugues Sibille"))
            let speakers = try await visitor.get("/evenements/pionniers-2015/intervenants")
            for name in [
                "Florence Raineix", "Patrick Kanner", "Yannick Blanc", "Nadia Bellaoui", "Jeanne Barseghian",
                "Laurent Cenne", "Diane Hassan", "Marie Leclerc-Bruant"
            ] {
                #expect(speakers.body.contains(name), "\(name)")
            }
            #expect(
                try await visitor.get("/evenements/pionniers-2015/imprimer").body.contains("<table class=\"print\">"))
            let ics = try await visitor.get("/evenements/pionniers-2015/programme.ics")
            #expect(ics.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(ics.body.components(separatedBy: "BEGIN:VEVENT").count - 1 == 18)
            let schedule = try await visitor.get("/evenements/pionniers-2015/schedule.json").json()
            let conference = (schedule["schedule"] as? [String: Any])?["conference"] as? [String: Any]
            #expect(conference?["time_zone_name"] as? String == "Europe/Paris")
            #expect(try await visitor.get("/evenements/inconnu").status == .notFound)
            #expect(try await visitor.get("/evenements/pionniers-2015/inscrits").status == .unauthorized)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_registration_waiting_list_promotion_deadline_and_workshops(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let service = RegistrationService(database: database)
            let event = try await Self.event(database, capacity: 2, offerHours: 1)
            let a = try await Self.register(service, event, 1)
            let b = try await Self.register(service, event, 2)
            let c = try await Self.register(service, event, 3)
            let d = try await Self.register(service, event, 4)
            // Guests hold their seat until they follow the e-mailed link.
            #expect([a.status, b.status, c.status, d.status] == [.offered, .offered, .waiting, .waiting])
            let firstMail = try await database.withConnection { db in
                try await OutboxStore().messages(to: "p1@example.org", on: db)
            }
            #expect(firstMail.first?.subject.hasPrefix("Confirmez votre inscription") == true)
            #expect(firstMail.first?.body.contains("/inscription/\(a.token)") == true)
            #expect(try await service.confirmOffer(registrationID: a.id))
            #expect(try await service.confirmOffer(registrationID: b.id))
            // The same address again: nothing new is registered, and nothing tells the caller so.
            guard
                case .alreadyRegistered(let registered, nil, let waiting) = try await service.register(
                    event: event, input: RegistrationInput(name: "Encore", email: "P1@example.org"), userID: nil)
            else {
                Issue.record("a second registration with the same e-mail must not make another one"); return
            }
            #expect(registered == a.id && waiting, "full now: what a new registration would be told")

            try await service.cancel(registrationID: a.id, event: event)
            var registrations = try await service.list(eventID: event.id)
            #expect(registrations.first { $0.id == c.id }?.status == .offered, "the first waiting gets the seat, held")
            #expect(registrations.first { $0.id == d.id }?.status == .waiting)
            #expect(
                try await TestApp.count(database, "SELECT seats_taken AS n FROM events WHERE id = \(event.id)") == 2)
            // The offer expires: the seat goes to the next person.
            #expect(try await service.expireOffers(now: nowSeconds() + 2 * 3600) == 1)
            registrations = try await service.list(eventID: event.id)
            #expect(registrations.first { $0.id == c.id }?.status == .cancelled)
            #expect(registrations.first { $0.id == d.id }?.status == .offered)
            let offer = try await database.withConnection { db in
                try await OutboxStore().messages(to: "p4@example.org", on: db)
            }.last
            #expect(offer?.subject.hasPrefix("Une place s'est libérée") == true)
            // The offer comes with a new link; the one sent at registration keeps working.
            func token(in body: String?) -> String? {
                body?.split(separator: "\n").first { $0.contains("/inscription/") }.map {
                    String($0.split(separator: "/").last!)
                }
            }
            let offerToken = try #require(token(in: offer?.body))
            #expect(offerToken != d.token)
            #expect(try await service.find(token: offerToken, eventID: event.id)?.id == d.id)
            #expect(try await service.find(token: d.token, eventID: event.id)?.id == d.id)
            #expect(offer?.body.contains("Les liens reçus auparavant restent valables.") == true)
            // Registering again after a cancellation: the earlier links stop working.
            let cOffer = try await database.withConnection { db in
                try await OutboxStore().messages(to: "p3@example.org", on: db)
            }
            .first { $0.subject.hasPrefix("Une place s'est libérée") }
            let cOfferToken = try #require(token(in: cOffer?.body))
            #expect(try await service.find(token: cOfferToken, eventID: event.id)?.id == c.id)
            let again = try await Self.register(service, event, 3)
            #expect(again.id == c.id && again.token != c.token)
            #expect(try await service.find(token: cOfferToken, eventID: event.id) == nil)
            #expect(try await service.find(token: c.token, eventID: event.id) == nil)
            #expect(try await service.find(token: again.token, eventID: event.id)?.id == c.id)
            try await service.cancel(registrationID: again.id, event: event)
            #expect(try await service.confirmOffer(registrationID: d.id))
            #expect(try await service.confirmOffer(registrationID: d.id) == false, "already confirmed")
            #expect(
                try await service.counts(eventID: event.id)
                    == RegistrationService.Counts(confirmed: 2, waiting: 0, offered: 0, cancelled: 2))
            #expect(
                try await TestApp.count(database, "SELECT seats_taken AS n FROM events WHERE id = \(event.id)") == 2)

            // Workshops: capacity 1, one per time slot, waiting list and promotion.
            let (w1, w2, other) = try await database.transaction { db in
                (
                    try await EventStore().createSession(
                        eventID: event.id, kind: .workshop, title: "Atelier A",
                        startsAt: LocalDateTime("2027-03-04T14:00")!, endsAt: LocalDateTime("2027-03-04T15:00")!,
                        room: "1", track: nil, capacity: 1, description: nil, questions: [], on: db),
                    try await EventStore().createSession(
                        eventID: event.id, kind: .workshop, title: "Atelier B",
                        startsAt: LocalDateTime("2027-03-04T14:00")!, endsAt: LocalDateTime("2027-03-04T15:00")!,
                        room: "2", track: nil, capacity: 1, description: nil, questions: [], on: db),
                    try await EventStore().createSession(
                        eventID: event.id, kind: .workshop, title: "Atelier C",
                        startsAt: LocalDateTime("2027-03-04T15:00")!, endsAt: LocalDateTime("2027-03-04T16:00")!,
                        room: "1", track: nil, capacity: 1, description: nil, questions: [], on: db)
                )
            }
            let sessions = try await database.withConnection { db in
                try await EventStore().sessions(eventID: event.id, on: db)
            }
            func session(_ id: Int) -> EventSession { sessions.first { $0.id == id }! }
            let all = try await service.list(eventID: event.id)
            let regB = all.first { $0.id == b.id }!
            let regD = all.first { $0.id == d.id }!
            #expect(
                try await service.joinSession(registration: regB, session: session(w1), event: event)
                    == .seated(.confirmed))
            if case .refused(let message) = try await service.joinSession(
                registration: regB, session: session(w2), event: event)
            {
                #expect(message.contains("Atelier A"))
            } else {
                Issue.record("two workshops in one slot must be refused")
            }
            #expect(
                try await service.joinSession(registration: regB, session: session(other), event: event)
                    == .seated(.confirmed))
            #expect(
                try await service.joinSession(registration: regD, session: session(w1), event: event)
                    == .seated(.waiting))
            try await service.leaveSession(registrationID: regB.id, sessionID: w1, event: event)
            #expect(try await service.seats(registrationID: regD.id).first?.status == .offered)
            #expect(try await service.confirmOffer(registrationID: regD.id, sessionID: w1))
            let cancelled = all.first { $0.id == c.id }!
            if case .refused = try await service.joinSession(
                registration: cancelled, session: session(w2), event: event)
            {
            } else {
                Issue.record("a cancelled registration cannot join a workshop")
            }
            #expect(
                try await TestApp.count(database, "SELECT seats_taken AS n FROM event_sessions WHERE id = \(w1)") == 1)
        }
    }

    /// No overbooking, ever: hundreds of simultaneous registrations through two app
    /// instances (two connection pools) on one PostgreSQL database, and through one
    /// instance on SQLite (one file is served by one process: concurrent pools on it would
    /// only trade writes through `busy_timeout`).
    @Test(arguments: TestEngine.available)
    func test_no_overbooking_under_concurrency_across_two_instances(engine: TestEngine) async throws {
        try await withTwoInstances(engine, demo: false) { first, second in
            let event = try await Self.event(first, capacity: 50)
            let services =
                engine == .postgres
                ? [RegistrationService(database: first), RegistrationService(database: second)]
                : [RegistrationService(database: first), RegistrationService(database: first)]
            let statuses = try await withThrowingTaskGroup(of: SeatStatus.self) { group in
                for n in 0..<200 {
                    group.addTask { try await Self.register(services[n % 2], event, n).status }
                }
                var out: [SeatStatus] = []
                for try await status in group { out.append(status) }
                return out
            }
            #expect(statuses.filter { $0 == .offered }.count == 50, "guests hold their seat until they confirm")
            #expect(statuses.filter { $0 == .waiting }.count == 150)
            #expect(try await TestApp.count(first, "SELECT seats_taken AS n FROM events WHERE id = \(event.id)") == 50)
            #expect(
                try await TestApp.count(
                    first,
                    "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(event.id) AND status IN ('confirme', 'propose')"
                ) == 50)
            // Concurrent cancellations and promotions keep the count exact.
            let confirmed = try await services[0].list(eventID: event.id).filter { $0.status.holdsSeat }.prefix(20)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, registration) in confirmed.enumerated() {
                    group.addTask {
                        try await services[index % 2].cancel(registrationID: registration.id, event: event)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await TestApp.count(first, "SELECT seats_taken AS n FROM events WHERE id = \(event.id)") == 50)
            #expect(
                try await TestApp.count(
                    first,
                    "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(event.id) AND status IN ('confirme', 'propose')"
                ) == 50)
            #expect(
                try await TestApp.count(
                    first, "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(event.id) AND status = 'attente'"
                ) == 130)
            #expect(
                try await TestApp.count(
                    first, "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(event.id) AND status = 'annule'")
                    == 20)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_registration_pages_with_private_link_and_organiser_view(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let person = Browser(client)
            let visitor = Browser(client)
            #expect(try await visitor.get("/evenements/alliances-2027").body.contains("150 places restantes sur 150"))
            let invalid = try await person.post(
                "/evenements/alliances-2027/inscription", [("name", "C"), ("email", "pas-un-email")])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.body.contains("L&#39;e-mail n&#39;a pas une forme valide"))
            let done = try await person.post(
                "/evenements/alliances-2027/inscription",
                [
                    ("name", "Camille Martin"), ("email", "camille@example.org"),
                    ("organisation", "Avise"), ("region", "11"), ("listed", "1")
                ])
            #expect(done.status == .ok)
            #expect(done.body.contains("confirmez par e-mail") && done.body.contains("camille@example.org"))
            #expect(
                try await visitor.get("/evenements/alliances-2027").body.contains("149 places restantes sur 150"),
                "the cached programme follows the seats")
            // The link comes by e-mail: it is in the outbox, and the worker writes it out.
            let mail = try #require(
                try await database.withConnection { db in
                    try await OutboxStore().messages(to: "camille@example.org", on: db)
                }.first)
            let link = try #require(mail.body.split(separator: "\n").first { $0.contains("/inscription/") })
            let path = String(link[link.range(of: "/evenements/")!.lowerBound...])
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)")
                .path
            let worker = OutboxWorker(
                database: database, transport: .files(directory: directory), from: "test@alliances.invalid",
                logger: TestDatabase.logger)
            #expect(try await worker.deliverDue() >= 1)
            let eml = try String(contentsOfFile: directory + "/message-\(mail.id).eml", encoding: .utf8)
            #expect(
                eml.contains("To: camille@example.org\r\n") && eml.contains("Subject: =?UTF-8?B?") && eml.contains(path)
            )
            #expect(try await worker.deliverDue() == 0, "a message is sent once")
            try? FileManager.default.removeItem(atPath: directory)
            #expect(try await person.get(path).body.contains("Confirmez-la pour la garder"))
            #expect(try await person.post(path + "/confirmer", []).status == .seeOther)
            let page = try await person.get(path)
            #expect(page.body.contains("Inscrit") && page.body.contains("Mes ateliers"))
            #expect(page.body.contains("<div class=\"qr\"><svg"))
            #expect(
                page.body.contains("<h2>Participants</h2>") && page.body.contains("<li>Camille Martin — Avise</li>"),
                "she agreed to be listed")
            let code = try await database.withConnection { db in
                try await db.raw("SELECT checkin_code FROM registrations WHERE email = 'camille@example.org'").first()!
                    .decode(column: "checkin_code", as: String.self)
            }
            #expect(code.count == 8 && page.body.contains("<strong>\(code)</strong>"))
            let workshop = try await database.withConnection { db in
                try await db.raw("SELECT id AS n FROM event_sessions WHERE title LIKE 'Atelier 1.2%' ORDER BY id DESC")
                    .first()!.decode(
                        column: "n", as: Int.self)
            }
            #expect(try await person.post(path + "/sessions/\(workshop)", []).status == .seeOther)
            #expect(try await person.get(path).body.contains("Quitter"))
            #expect(try await person.get(path + "/agenda.ics").body.contains("Atelier 1.2"))
            #expect(try await person.post(path + "/sessions/\(workshop)", [], csrf: false).status == .forbidden)
            #expect(
                try await Browser(client).get("/evenements/alliances-2027/inscription/faux-jeton").status == .notFound)
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            try await TestApp.user(database, email: "admin@example.org", role: .admin)
            let admin = Browser(client)
            try await admin.login("admin@example.org")
            let organiser = try await admin.get("/evenements/alliances-2027/inscrits")
            #expect(organiser.status == .ok)
            #expect(
                organiser.body.contains("camille@example.org") && organiser.body.contains("<strong>1</strong> inscrits")
            )
            #expect(organiser.body.contains("Confirmez votre inscription") && organiser.body.contains("Envoyé le"))
            // Check-in: the staff scan the code (or type the name), then one tap.
            #expect(try await person.get("/evenements/alliances-2027/pointage?code=\(code)").status == .unauthorized)
            let found = try await admin.get("/evenements/alliances-2027/pointage?code=\(code.lowercased())")
            #expect(found.body.contains("Camille Martin") && found.body.contains("Pointer"))
            #expect(
                try await admin.get("/evenements/alliances-2027/pointage?q=camille").body.contains("Camille Martin"))
            let registrationID = try await database.withConnection { db in
                try await db.raw("SELECT id FROM registrations WHERE email = 'camille@example.org'").first()!.decode(
                    column: "id", as: Int.self)
            }
            #expect(
                try await admin.post(
                    "/evenements/alliances-2027/pointage/\(registrationID)", [("session", String(workshop))]
                ).status == .seeOther)
            let attendance = try await admin.get("/evenements/alliances-2027/pointage")
            #expect(attendance.body.contains("<strong>1</strong> arrivé(e)s sur 1 inscrit(e)s"))
            #expect(attendance.body.contains("Atelier 1.2 : Quels modèles économiques adopter ?</th><td>1</td>"))
            let csv = try await admin.get("/evenements/alliances-2027/inscrits.csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.body.hasPrefix("\u{FEFF}Nom;E-mail;Organisation"))
            #expect(csv.body.contains("Camille Martin;camille@example.org;Avise;;Île-de-France;;oui;Inscrit;"))
            #expect(csv.body.contains("Atelier 1.2") && csv.body.contains(";oui\r\n"))
            #expect(try await person.get("/evenements/alliances-2027/inscrits.csv").status == .unauthorized)
            #expect(try await fac.get("/evenements/alliances-2027/inscrits.csv").status == .forbidden)
            let api = try await Browser(client).get("/api/v1/events/alliances-2027").json()
            #expect((api["sessions"] as? [[String: Any]])?.count == 18)
            #expect(
                try await Browser(client).get("/api/v1/events/alliances-2027/registrations").status == .unauthorized)
            #expect(
                try await admin.get("/api/v1/events/alliances-2027/registrations").body.contains("camille@example.org"))
            #expect(
                try await fac.get("/evenements/alliances-2027/inscrits").status == .forbidden,
                "a network event is organised by the network")
            #expect(try await person.post(path + "/annuler", []).status == .seeOther)
            #expect(try await person.get(path).body.contains("Annulé"))
        }
    }
}

@Suite struct EventAdminTests {
    @Test(arguments: TestEngine.available)
    func test_organisers_create_and_edit_events_sessions_and_speakers(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let alsace = try await database.withConnection { db in try await LabStore().find(slug: "alsace", on: db)!.id
            }
            let fac = Browser(client)
            try await fac.login("fac@alsace.example")
            #expect(try await Browser(client).get("/evenements/nouveau").status == .unauthorized)
            #expect(
                try await fac.post(
                    "/evenements/nouveau",
                    [
                        ("lab", ""), ("title", "Rencontre nationale"), ("startsAt", "2027-05-01T09:00"),
                        ("endsAt", "2027-05-01T17:00")
                    ]
                ).status == .forbidden,
                "a facilitator organises for their lab, not the network")
            let bad = try await fac.post(
                "/evenements/nouveau",
                [
                    ("lab", String(alsace)), ("title", "Forum"), ("startsAt", "2027-05-01T18:00"),
                    ("endsAt", "2027-05-01T09:00")
                ])
            #expect(bad.status == .unprocessableContent && bad.body.contains("La fin doit suivre le début."))
            let created = try await fac.post(
                "/evenements/nouveau",
                [
                    ("lab", String(alsace)), ("title", "Forum des alliances alsaciennes"),
                    ("startsAt", "2027-05-01T09:00"),
                    ("endsAt", "2027-05-01T17:00"), ("capacity", "1"), ("status", "inscriptions-ouvertes"),
                    ("venue", "Colmar")
                ])
            #expect(created.location == "/evenements/forum-des-alliances-alsaciennes")
            let duplicate = try await fac.post(
                "/evenements/nouveau",
                [
                    ("lab", String(alsace)), ("title", "Forum des alliances alsaciennes"),
                    ("startsAt", "2027-05-01T09:00"), ("endsAt", "2027-05-01T17:00")
                ])
            #expect(duplicate.body.contains("est déjà celle d&#39;une autre rencontre"))
            let session = try await fac.post(
                "/evenements/forum-des-alliances-alsaciennes/sessions/nouvelle",
                [
                    ("kind", "atelier"), ("title", "Atelier mécénat de compétences"), ("startsAt", "2027-05-01T14:00"),
                    ("endsAt", "2027-05-01T15:00"),
                    ("room", "Salle 2"), ("capacity", "10"), ("questions", "Comment démarrer ?\nAvec qui ?"),
                    (
                        "speakers",
                        "Claire Demo | Chargée de mission | Élan Solidaire Mulhouse | animatrice\nKarim Exemple"
                    )
                ])
            #expect(session.status == .seeOther)
            let programme = try await Browser(client).get("/evenements/forum-des-alliances-alsaciennes")
            #expect(
                programme.body.contains("Atelier mécénat de compétences") && programme.body.contains("Claire Demo")
                    && programme.body.contains("(animatrice)"))
            #expect(
                try await fac.post(
                    "/evenements/forum-des-alliances-alsaciennes/sessions/nouvelle",
                    [("title", "X"), ("startsAt", "2027-05-01T14:00"), ("endsAt", "2027-05-02T10:00")]
                ).body.contains("même jour"))

            // Capacity: never below the seats taken; raising it offers seats to those waiting.
            let event = try await database.withConnection { db in
                try await EventStore().event(slug: "forum-des-alliances-alsaciennes", on: db)!
            }
            let service = RegistrationService(database: database)
            _ = try await EventTests.register(service, event, 1)
            let second = try await EventTests.register(service, event, 2)
            #expect(second.status == .waiting)
            let lower = try await fac.post(
                "/evenements/forum-des-alliances-alsaciennes/modifier",
                [
                    ("lab", String(alsace)), ("title", "Forum des alliances alsaciennes"),
                    ("startsAt", "2027-05-01T09:00"), ("endsAt", "2027-05-01T17:00"), ("capacity", "0"),
                    ("status", "inscriptions-ouvertes")
                ])
            #expect(lower.status == .unprocessableContent)
            let raised = try await fac.post(
                "/evenements/forum-des-alliances-alsaciennes/modifier",
                [
                    ("lab", String(alsace)), ("title", "Forum des alliances alsaciennes"),
                    ("slug", "forum-des-alliances-alsaciennes"), ("startsAt", "2027-05-01T09:00"),
                    ("endsAt", "2027-05-01T17:00"), ("capacity", "2"), ("status", "inscriptions-ouvertes")
                ])
            #expect(raised.status == .seeOther)
            #expect(try await service.list(eventID: event.id).first { $0.id == second.id }?.status == .offered)
            // Another lab's facilitator, or a member, may not edit it.
            let elan = try await TestApp.organisationID(database, named: "Élan Solidaire Mulhouse")
            try await TestApp.user(database, email: "m@elan.example", role: .member, organisation: elan)
            let member = Browser(client)
            try await member.login("m@elan.example")
            #expect(try await member.get("/evenements/forum-des-alliances-alsaciennes/modifier").status == .forbidden)
            let sessionID = try await database.withConnection { db in
                try await EventStore().sessions(eventID: event.id, on: db).first!.id
            }
            #expect(
                try await fac.post("/evenements/forum-des-alliances-alsaciennes/sessions/\(sessionID)/supprimer", [])
                    .status == .seeOther)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM event_speakers WHERE event_id = \(event.id)") == 0)
        }
    }
}

@Suite struct EventOrganiserActionTests {
    @Test(arguments: TestEngine.available)
    func test_organisers_accept_move_cancel_and_reminders_go_the_day_before(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "admin@example.org", role: .admin)
            let admin = Browser(client)
            try await admin.login("admin@example.org")
            let event = try await EventTests.event(database, capacity: 1)
            let service = RegistrationService(database: database)
            let first = try await EventTests.register(service, event, 1)
            let second = try await EventTests.register(service, event, 2)
            #expect(second.status == .waiting)
            let base = "/evenements/\(event.slug)/inscrits"
            #expect(try await Browser(client).post("\(base)/\(second.id)/accepter", []).status == .unauthorized)
            #expect(
                try await admin.post("\(base)/\(second.id)/accepter", []).status == .conflict,
                "full: accepting would overbook")
            #expect(
                try await admin.post("\(base)/\(first.id)/accepter", []).status == .seeOther, "a held seat is confirmed"
            )
            let workshop = try await database.transaction { db in
                try await EventStore().createSession(
                    eventID: event.id, kind: .workshop, title: "Atelier unique",
                    startsAt: LocalDateTime("2027-03-04T14:00")!,
                    endsAt: LocalDateTime("2027-03-04T15:00")!, room: "1", track: nil, capacity: 1, description: nil,
                    questions: [], on: db)
            }
            #expect(
                try await admin.post("\(base)/\(first.id)/atelier", [("session", String(workshop))]).status == .seeOther
            )
            #expect(try await service.seats(registrationID: first.id).first?.status == .confirmed)
            #expect(try await admin.post("\(base)/\(first.id)/annuler", []).status == .seeOther)
            let after = try await service.list(eventID: event.id)
            #expect(after.first { $0.id == first.id }?.status == .cancelled)
            #expect(after.first { $0.id == second.id }?.status == .offered, "the freed seat goes to the next person")
            #expect(try await service.approve(registrationID: second.id, event: event))
            // Reminder: the day before the event, once per confirmed participant.
            #expect(try await service.sendReminders(tomorrow: "2027-03-04") == 1)
            #expect(try await service.sendReminders(tomorrow: "2027-03-04") == 0)
            #expect(try await service.sendReminders(tomorrow: "2027-03-03") == 0)
            let reminder = try await database.withConnection { db in
                try await OutboxStore().messages(to: "p2@example.org", on: db)
            }.last
            #expect(reminder?.subject.hasPrefix("C'est demain") == true)
        }
    }
}
