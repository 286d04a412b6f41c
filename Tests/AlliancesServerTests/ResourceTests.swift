import AlliancesCore
@testable import AlliancesServer
import Foundation
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

/// Pooled resources end to end: an organisation offers a room, another books it, the owner
/// answers; bad input is refused and changes nothing; accepted bookings never exceed the
/// stock, even when owners accept overlapping requests at once on two instances.
extension Browser {
    /// Posts a multipart form with one file of raw bytes (an image).
    func upload(
        _ path: String, bytes: [UInt8], filename: String, type: String, fields: [(String, String)] = []
    ) async throws -> Page {
        try await refreshTokenIfNeeded()
        let boundary = "----alliances\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
        for (name, value) in fields {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString(
            "--\(boundary)\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
        )
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await request(
            .post, path, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
    }
}

@Suite struct ResourceTests {
    /// Every day 08:00–20:00, one unit, for the lab's members.
    static func form(organisation: Int, title: String = "Salle du conseil", quantity: String = "1") -> [(
        String, String
    )] {
        [
            ("organisationID", String(organisation)), ("kind", "salle"), ("title", title),
            ("description", "20 places, vidéoprojecteur."), ("commune", "67482"), ("audience", "labo"),
            ("conditions", "gratuit"), ("quantity", quantity), ("closedDates", "")
        ] + (1...7).flatMap { [("open-\($0)", "08:00"), ("close-\($0)", "20:00")] }
    }

    /// A day ten days from now, as `AAAA-MM-JJ`.
    static var soon: String { Paris.local(nowSeconds() + 10 * 86_400).date }

    static func booking(_ date: String, _ from: String, _ to: String, quantity: String = "1") -> [(String, String)] {
        [("start", date), ("startTime", from), ("end", date), ("endTime", to), ("quantity", quantity)]
    }

    static func status(_ database: Database, _ id: Int) async throws -> String {
        try await database.withConnection { db in
            try await db.raw("SELECT status FROM bookings WHERE id = \(bind: id)").first()!.decode(
                column: "status", as: String.self)
        }
    }

    /// The lending organisation and two others of the demo's Alsace.
    static func organisations(_ database: Database) async throws -> (transports: Int, sport: Int, culture: Int) {
        (
            try await TestApp.organisationID(database, named: "Transports Rhénans (démo)"),
            try await TestApp.organisationID(database, named: "Sport pour Tous Colmar"),
            try await TestApp.organisationID(database, named: "Culture en Partage Saverne")
        )
    }

    /// A member of each, signed in: the lender, a club that books, another association.
    static func members(_ client: any TestClientProtocol, _ database: Database) async throws -> (
        owner: Browser, club: Browser, other: Browser
    ) {
        let (transports, sport, culture) = try await organisations(database)
        var browsers: [Browser] = []
        for (email, organisation) in [
            ("pret@transports.example", transports), ("club@sport.example", sport), ("asso@culture.example", culture)
        ] {
            try await TestApp.user(database, email: email, role: .member, lab: "alsace", organisation: organisation)
            let browser = Browser(client)
            try await browser.login(email)
            browsers.append(browser)
        }
        return (browsers[0], browsers[1], browsers[2])
    }

    static func lastBooking(_ database: Database) async throws -> Int {
        try await TestApp.count(database, "SELECT MAX(id) AS n FROM bookings")
    }

    @Test(arguments: TestEngine.available)
    func test_an_organisation_lends_a_room_another_books_it_and_the_owner_answers(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let (transports, sport, culture) = try await Self.organisations(database)
            let (owner, club, other) = try await Self.members(client, database)

            // Only a member of the organisation offers for it; bad forms say what is wrong.
            #expect(try await Browser(client).get("/labs/alsace/ressources").status == .unauthorized)
            let wrongOrganisation = try await club.post(
                "/labs/alsace/ressources/nouvelle", Self.form(organisation: transports))
            #expect(
                wrongOrganisation.status == .unprocessableContent
                    && wrongOrganisation.body.contains("dont vous êtes membre"))
            var bad = Self.form(organisation: transports, quantity: "0")
            bad.append(("conditions", "participation"))
            let refused = try await owner.post("/labs/alsace/ressources/nouvelle", bad)
            #expect(refused.status == .unprocessableContent && refused.body.contains("nombre entier de 1 à 10 000"))
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM resources WHERE title = 'Salle du conseil'") == 0)
            let created = try await owner.post("/labs/alsace/ressources/nouvelle", Self.form(organisation: transports))
            #expect(created.status == .seeOther)
            let page = try #require(created.location)
            let id = try #require(Int(page.split(separator: "/").last!))
            #expect(try await club.get("/labs/alsace/ressources?q=salle conseil").body.contains("Salle du conseil"))
            let vehicles = try await club.get("/labs/alsace/ressources?type=vehicule").body
            #expect(vehicles.contains("Minibus 9 places") && !vehicles.contains("Salle du conseil"))
            #expect(try await club.get("/labs/alsace/ressources?type=fusee").status == .badRequest)
            let haut = try await club.get("/labs/alsace/ressources?departement=68").body
            #expect(
                haut.contains("Minibus 9 places") && !haut.contains("Salle du conseil"), "the minibus is in Mulhouse")
            #expect(try await club.get("/labs/alsace/ressources?departement=75").status == .badRequest)
            let map = try await club.get("/labs/alsace/ressources/carte?departement=68").body
            #expect(
                map.contains("<title>Minibus 9 places (Véhicule, Mulhouse)</title>")
                    && !map.contains("Salle du conseil"))
            #expect(map.contains("<th scope=\"row\"><a href=\"/labs/alsace/ressources/carte?departement=67\">"))
            // A resource for the lab's members is not shown to another lab's.
            let national = try await TestApp.browser(
                client, database, email: "fac@national.example", role: .facilitator, lab: "reseau-national")
            #expect(try await national.get("/labs/alsace/ressources/\(id)").status == .notFound)

            // Bad booking requests are refused with the reason, and write nothing.
            let date = Self.soon
            let past = Paris.local(nowSeconds() - 2 * 86_400).date
            for (form, reason) in [
                (Self.booking(past, "10:00", "12:00"), "déjà passé"),
                (Self.booking(date, "19:00", "21:00"), "horaires d&#39;ouverture"),
                (Self.booking(date, "12:00", "10:00"), "La fin doit suivre le début"),
                (Self.booking(date, "10:00", "12:00", quantity: "2"), "supérieure au stock"),
                (Self.booking("2026-02-30", "10:00", "12:00"), "Indiquez le début")
            ] {
                let answer = try await club.post(page + "/reservations", form)
                #expect(answer.status == .unprocessableContent && answer.body.contains(reason), "\(reason)")
            }
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM bookings WHERE resource_id = \(id)") == 0)

            // A request, told to the lending organisation.
            let requested = try await club.post(
                page + "/reservations", Self.booking(date, "10:00", "12:00") + [("message", "Réunion du bureau <b>")])
            #expect(requested.status == .seeOther)
            let first = try await Self.lastBooking(database)
            let told = try await database.withConnection { db in
                try await OutboxStore().messages(to: "pret@transports.example", on: db)
            }
            #expect(told.contains { $0.subject.contains("Demande de réservation") })
            let inbox = try await owner.get("/labs/alsace/mes-ressources")
            #expect(inbox.body.contains("Sport pour Tous Colmar") && inbox.body.contains("Réunion du bureau &lt;b&gt;"))

            // Only the lending organisation answers.
            #expect(try await club.post("/labs/alsace/reservations/\(first)/accepter", []).status == .forbidden)
            #expect(try await owner.post("/labs/alsace/reservations/\(first)/accepter", []).status == .seeOther)
            #expect(try await Self.status(database, first) == "acceptee")
            #expect(
                try await owner.post("/labs/alsace/reservations/\(first)/refuser", []).status == .conflict,
                "an answered request is not answered again")

            // An overlapping request cannot be accepted; one that starts when it ends can.
            try await other.post(page + "/reservations", Self.booking(date, "11:00", "13:00"))
            let overlapping = try await Self.lastBooking(database)
            let full = try await owner.post("/labs/alsace/reservations/\(overlapping)/accepter", [])
            #expect(full.status == .conflict && full.body.contains("tout le stock"))
            #expect(try await Self.status(database, overlapping) == "demandee")
            try await other.post(page + "/reservations", Self.booking(date, "12:00", "14:00"))
            let after = try await Self.lastBooking(database)
            #expect(try await owner.post("/labs/alsace/reservations/\(after)/accepter", []).status == .seeOther)

            // The week: the requester sees "Réservé"; the owner also sees who.
            let week = try await club.get(page + "?semaine=\(date)")
            #expect(week.body.contains("10h–12h · Réservé") && !week.body.contains("Culture en Partage"))
            #expect(try await owner.get(page + "?semaine=\(date)").body.contains("Culture en Partage Saverne"))
            #expect(try await club.get(page + "/mois?mois=\(date.prefix(7))").body.contains("réservation"))
            #expect(try await club.get(page + "?semaine=demain").status == .badRequest)

            // Calendar feeds: the owner's for the resource, each person's for their bookings.
            let feed = try await owner.get(page + "/reservations.ics")
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(feed.body.components(separatedBy: "BEGIN:VEVENT").count - 1 == 2)
            #expect(try await club.get(page + "/reservations.ics").status == .forbidden)
            #expect(try await club.get("/mes-reservations.ics").body.contains("Salle du conseil"))

            // The barometer counts what the lab's organisations lend and what was booked.
            let barometer = try await club.get("/labs/alsace/barometre?du=\(date)&au=\(date)").body
            #expect(
                barometer.contains("Ressources partagées") && barometer.contains("<th scope=\"row\">Entreprises</th>"))
            let csv = try await club.get("/labs/alsace/barometre.csv?du=\(date)&au=\(date)").body
            #expect(csv.contains("Réservations de ressources acceptées;\(date) au \(date);Entreprises;"))

            // The day before, the person who asked is reminded, once.
            let reminders = ResourceService(database: database, publicURL: "http://test")
            let eve = Paris.seconds(LocalDateTime(date + "T10:00")!) - 12 * 3_600
            #expect(try await reminders.sendReminders(now: eve) == 2, "both accepted bookings of that day")
            #expect(try await reminders.sendReminders(now: eve + 60) == 0)
            let reminded = try await database.withConnection { db in
                try await OutboxStore().messages(to: "club@sport.example", on: db)
            }
            #expect(reminded.contains { $0.subject.hasPrefix("Rappel de réservation : Salle du conseil") })

            // The requester cancels; the owner is told.
            #expect(try await club.post("/labs/alsace/reservations/\(first)/annuler", []).status == .seeOther)
            #expect(try await Self.status(database, first) == "annulee")
            #expect(try await club.get("/mes-reservations").body.contains("Annulée"))
            #expect(try await other.post("/labs/alsace/reservations/\(first)/annuler", []).status == .forbidden)

            // The read API.
            let api = try await club.get("/api/v1/labs/alsace/resources").json()
            #expect((api["items"] as? [[String: Any]] ?? []).contains { $0["title"] as? String == "Salle du conseil" })
            #expect(try await club.get("/api/v1/labs/alsace/resources/\(id)").json()["quantity"] as? Int == 1)
            #expect(try await Browser(client).get("/api/v1/labs/alsace/resources").status == .unauthorized)
        }
    }

    /// A person's bookings are in their export; their erasure cancels those to come and
    /// strips the others of the account and the message, the owner's calendar keeping the
    /// range.
    @Test(arguments: TestEngine.available)
    func test_bookings_follow_the_person_export_and_erasure(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            try await TestApp.user(
                database, email: "club@sport.example", role: .member, lab: "alsace", organisation: sport)
            let club = Browser(client)
            try await club.login("club@sport.example")
            let minibus = try await TestApp.count(
                database, "SELECT id AS n FROM resources WHERE title = 'Minibus 9 places'")
            // The minibus lends on weekends: the next Saturday at least a week ahead.
            let today = Paris.local(nowSeconds()).minuteIndex / 1_440
            let saturday = today + (6 - LocalDateTime.weekday(day: today) + 7) % 7 + 21
            let date = LocalDateTime(minuteIndex: saturday * 1_440).date
            #expect(
                try await club.post(
                    "/labs/alsace/ressources/\(minibus)/reservations",
                    Self.booking(date, "09:00", "12:00") + [("message", "Tournoi à Colmar")]
                ).status == .seeOther)
            let id = try await Self.lastBooking(database)
            try await database.withConnection { db in
                try await db.raw(
                    "INSERT INTO bookings (resource_id, requester_user_id, starts_min, ends_min, quantity, message, status, created_at, updated_at) SELECT resource_id, requester_user_id, starts_min - 30 * 1440, ends_min - 30 * 1440, 1, 'Ancien', 'acceptee', 0, 0 FROM bookings WHERE id = \(bind: id)"
                ).run()
            }
            let export = try await PrivacyService(database: database).export(
                email: "club@sport.example", by: nil, address: nil)
            let document = try JSONSerialization.jsonObject(with: export) as? [String: Any]
            let rows = document?["reservations"] as? [[String: Any]] ?? []
            #expect(rows.count == 2 && rows.contains { $0["message"] as? String == "Tournoi à Colmar" })
            _ = try await PrivacyService(database: database).erase(
                email: "club@sport.example", by: nil, reason: "test", address: nil)
            let left = try await database.withConnection { db in
                try await db.raw(
                    "SELECT status, requester_user_id, message FROM bookings WHERE id = \(bind: id) OR message = 'Ancien' OR (requester_user_id IS NULL AND starts_min < \(bind: saturday * 1_440) AND resource_id = \(bind: minibus) AND quantity = 1 AND created_at = 0)"
                ).all()
            }
            #expect(left.count == 2)
            for row in left {
                #expect(try row.decode(column: "requester_user_id", as: Int?.self) == nil)
                #expect(try row.decode(column: "message", as: String?.self) == nil)
            }
            #expect(try await Self.status(database, id) == "annulee", "the booking to come is cancelled")
        }
    }

    /// Photos: PNG or JPEG only, from those who manage the resource, shown inline to whoever
    /// may see it, removed with their file.
    @Test(arguments: TestEngine.available)
    func test_photos_are_checked_shown_and_removed(engine: TestEngine) async throws {
        try await PartnershipTests.run(engine, maxDocumentBytes: 64 * 1024) { client, database, dir in
            let transports = try await TestApp.organisationID(database, named: "Transports Rhénans (démo)")
            try await TestApp.user(
                database, email: "pret@transports.example", role: .member, lab: "alsace", organisation: transports)
            let owner = Browser(client)
            try await owner.login("pret@transports.example")
            let sport = try await TestApp.organisationID(database, named: "Sport pour Tous Colmar")
            try await TestApp.user(
                database, email: "club@sport.example", role: .member, lab: "alsace", organisation: sport)
            let club = Browser(client)
            try await club.login("club@sport.example")
            let minibus = try await TestApp.count(
                database, "SELECT id AS n FROM resources WHERE title = 'Minibus 9 places'")
            let base = "/labs/alsace/ressources/\(minibus)"
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
            #expect(
                try await club.upload(base + "/photos", bytes: png, filename: "bus.png", type: "image/png").status
                    == .forbidden)
            let pdf = try await owner.upload(
                base + "/photos", bytes: Array("%PDF-1.4\n%%EOF\n".utf8), filename: "bus.pdf", type: "application/pdf")
            #expect(pdf.status == .unprocessableContent && pdf.body.contains("PNG, JPEG"))
            #expect(
                try await owner.upload(base + "/photos", bytes: png, filename: "bus.png", type: "image/png").status
                    == .seeOther)
            let photo = try await TestApp.count(database, "SELECT MAX(id) AS n FROM resource_photos")
            #expect(try await club.get(base).body.contains("<img src=\"\(base)/photos/\(photo)\""))
            let shown = try await club.get(base + "/photos/\(photo)")
            #expect(shown.status == .ok && shown.headers[.contentType] == "image/png")
            #expect(shown.headers[.contentDisposition]?.hasPrefix("inline;") == true)
            #expect(try await Browser(client).get(base + "/photos/\(photo)").status == .unauthorized)
            let lab = try await TestApp.count(database, "SELECT id AS n FROM labs WHERE slug = 'alsace'")
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/resources/\(lab)").count == 1)
            #expect(try await club.post(base + "/photos/\(photo)/supprimer", []).status == .forbidden)
            #expect(try await owner.post(base + "/photos/\(photo)/supprimer", []).status == .seeOther)
            #expect(try await club.get(base + "/photos/\(photo)").status == .notFound)
            #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/resources/\(lab)").isEmpty)
        }
    }

    /// Twelve overlapping requests on a resource of two units, accepted all at once by
    /// owners on two app instances: at no minute do accepted bookings hold more than two.
    @Test(arguments: TestEngine.available)
    func test_owners_accepting_at_once_never_overbook(engine: TestEngine) async throws {
        try await withTwoInstances(engine) { first, second in
            let transports = try await TestApp.organisationID(first, named: "Transports Rhénans (démo)")
            let ownerID = try await TestApp.user(
                first, email: "pret@transports.example", role: .member, lab: "alsace", organisation: transports)
            let askerID = try await TestApp.user(first, email: "club@sport.example", role: .member, lab: "alsace")
            let (owner, asker) = (
                Viewer(userID: ownerID, role: .member, labID: nil, organisationID: transports),
                Viewer(userID: askerID, role: .member, labID: nil, organisationID: nil)
            )
            let lab = try #require(
                try await first.withConnection { db in try await LabStore().find(slug: "alsace", on: db) })
            let ownerIn = Viewer(userID: owner.userID, role: .member, labID: lab.id, organisationID: transports)
            let askerIn = Viewer(userID: asker.userID, role: .member, labID: lab.id, organisationID: nil)
            var input = ResourceInput(
                organisationID: String(transports), kind: "materiel", title: "Vidéoprojecteurs", audience: "labo",
                conditions: "gratuit", quantity: "2")
            for day in 1...7 { input.hours[day] = ("08:00", "20:00") }
            let services = [
                ResourceService(database: first, publicURL: "http://test"),
                ResourceService(database: second, publicURL: "http://test")
            ]
            guard
                case .success(let resourceID) = try await services[0].save(
                    lab: lab, resourceID: nil, input: input, active: true, viewer: ownerIn)
            else { Issue.record("resource refused"); return }
            let resource = try await services[0].visible(id: resourceID, lab: lab, viewer: askerIn)
            let date = Self.soon
            var ids: [Int] = []
            for n in 0..<12 {
                let from = 9 + n % 4, to = 11 + n % 5
                guard
                    case .success(let id) = try await services[0].request(
                        lab: lab, resource: resource,
                        input: BookingInput(
                            start: "\(date)T\(LocalDateTime.two(from)):00", end: "\(date)T\(LocalDateTime.two(to)):30",
                            quantity: String(1 + n % 2)), viewer: askerIn)
                else { Issue.record("request \(n) refused"); return }
                ids.append(id)
            }
            let outcomes = try await withThrowingTaskGroup(of: ResourceService.Outcome.self) { group in
                for (n, id) in ids.enumerated() {
                    group.addTask {
                        try await services[n % 2].answer(
                            lab: lab, bookingID: id, answer: .accept, note: nil, viewer: ownerIn)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let accepted = try await first.withConnection { db in
                try await ResourceStore().bookings(
                    resourceID: resourceID, statuses: [.accepted], start: 0, end: Int.max / 2, on: db)
            }
            #expect(accepted.count == outcomes.filter { $0 == .done(.accepted) }.count)
            #expect(!accepted.isEmpty && outcomes.contains(.full))
            let day = LocalDateTime(date + "T00:00")!.minuteIndex
            for minute in stride(from: day, to: day + 1_440, by: 30) {
                #expect(BookingRules.peak(accepted.map(\.range), start: minute, end: minute + 30) <= 2, "\(minute)")
            }
        }
    }
}

/// Bookings through the API: the pages' checks and answers, typed; a booking is the asker's
/// and the lender's business only.
@Suite struct ResourceAPITests {
    @Test(arguments: TestEngine.available)
    func test_a_member_books_through_the_api_and_the_lender_answers(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let transports = try await ResourceTests.organisations(database).transports
            let (owner, club, other) = try await ResourceTests.members(client, database)
            let made = try await owner.post(
                "/labs/alsace/ressources/nouvelle", ResourceTests.form(organisation: transports))
            let resource = try #require(
                made.location?.split(separator: "/").last.flatMap { Int($0.prefix { $0.isNumber }) })
            let path = "/api/v1/labs/alsace/resources/\(resource)/bookings"
            let day = ResourceTests.soon

            // Refused with the form's reasons, nothing written.
            let night = try await club.json(.post, path, #"{"start": "\#(day)T21:00", "end": "\#(day)T22:00"}"#)
            #expect(night.status == .unprocessableContent)
            let tooMany = try await club.json(
                .post, path, #"{"start": "\#(day)T09:00", "end": "\#(day)T10:00", "quantity": 3}"#)
            #expect(tooMany.status == .unprocessableContent)
            #expect(
                try await club.json(.post, path, #"{"start": "\#(day)T09:00", "colour": 1}"#).status
                    == .unprocessableContent)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM bookings WHERE resource_id = \(resource)")
                    == 0)

            let asked = try await club.json(
                .post, path, #"{"start": "\#(day)T09:00", "end": "\#(day)T11:00", "message": "Réunion du bureau"}"#)
            #expect(asked.status == .created)
            let booking = try asked.json()
            let id = try #require(booking["id"] as? Int)
            #expect(booking["status"] as? String == "demandee" && booking["start"] as? String == "\(day)T09:00")
            let second = try await other.json(.post, path, #"{"start": "\#(day)T10:00", "end": "\#(day)T12:00"}"#)
            let secondID = try #require(try second.json()["id"] as? Int)

            // The lender sees both as received; the asker only theirs; a third party neither.
            let received = try await owner.get("/api/v1/labs/alsace/bookings").json()
            let forThisOne = (received["received"] as? [[String: Any]] ?? []).filter {
                $0["resourceId"] as? Int == resource
            }
            #expect(forThisOne.count == 2)
            let mine = try await club.get("/api/v1/labs/alsace/bookings").json()
            #expect((mine["mine"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])
            #expect(try await other.json(.post, "/api/v1/labs/alsace/bookings/\(id)/accept", "{}").status == .forbidden)
            #expect(try await club.json(.post, "/api/v1/labs/alsace/bookings/\(id)/accept", "{}").status == .forbidden)

            // Accepted; the overlapping one cannot be accepted on top of the one unit.
            let accepted = try await owner.json(
                .post, "/api/v1/labs/alsace/bookings/\(id)/accept", #"{"note": "Clés à l'accueil"}"#)
            #expect(accepted.status == .ok && accepted.body.contains(#""status":"acceptee""#))
            #expect(accepted.body.contains("Clés à l'accueil"))
            let full = try await owner.json(.post, "/api/v1/labs/alsace/bookings/\(secondID)/accept", "{}")
            #expect(full.status == .conflict && full.body.contains("tout le stock"))
            #expect(try await ResourceTests.status(database, secondID) == "demandee")
            #expect(try await owner.json(.post, "/api/v1/labs/alsace/bookings/\(id)/decline", "{}").status == .conflict)
            let cancelled = try await club.json(.post, "/api/v1/labs/alsace/bookings/\(id)/cancel", "{}")
            #expect(cancelled.status == .ok && cancelled.body.contains(#""status":"annulee""#))
            #expect(try await owner.json(.post, "/api/v1/labs/alsace/bookings/\(secondID)/accept", "{}").status == .ok)
            #expect(
                try await club.json(.post, "/api/v1/labs/reseau-national/bookings/\(secondID)/cancel", "{}").status
                    == .notFound)
        }
    }
}

/// Offering and changing a resource through the API: the form's checks with the API's
/// field names, archiving, and nothing for those who do not manage it.
@Suite struct ResourceWriteAPITests {
    @Test(arguments: TestEngine.available)
    func test_a_member_offers_changes_and_archives_a_resource_through_the_api(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let (transports, sport, _) = try await ResourceTests.organisations(database)
            let (owner, club, _) = try await ResourceTests.members(client, database)
            let visitor = Browser(client)
            let path = "/api/v1/labs/alsace/resources"
            func body(_ extra: String = "", organisation: Int = transports, hours: String? = nil) -> String {
                """
                {"organisationId": \(organisation), "kind": "vehicule", "title": "Utilitaire 12 m³",
                 "commune": "Strasbourg", "audience": "reseau", "conditions": "participation", "priceCents": 2550,
                 "quantity": 2, "openingHours": \(hours ?? #"[{"weekday": 1, "opens": "08:00", "closes": "18:00"}, {"weekday": 6, "opens": "09:00", "closes": "12:00"}]"#),
                 "closedDates": ["2027-01-01"]\(extra)}
                """
            }
            let count = "SELECT COUNT(*) AS n FROM resources"
            let before = try await TestApp.count(database, count)

            // Refused with the form's reasons under the API's names; nothing written.
            let sunday = try await owner.json(
                .post, path, body(hours: #"[{"weekday": 8, "opens": "08:00", "closes": "18:00"}]"#))
            #expect(sunday.status == .unprocessableContent && sunday.body.contains("openingHours[0].weekday"))
            let backwards = try await owner.json(
                .post, path, body(hours: #"[{"weekday": 2, "opens": "18:00", "closes": "08:00"}]"#))
            #expect(
                backwards.status == .unprocessableContent && backwards.body.contains("la fermeture suit l'ouverture"))
            #expect(backwards.body.contains(#""field":"openingHours""#))
            let free = try await owner.json(.post, path, body().replacingOccurrences(of: "2550", with: "-3"))
            #expect(free.status == .unprocessableContent && free.body.contains(#""field":"priceCents""#))
            let elsewhere = try await owner.json(
                .post, path, body().replacingOccurrences(of: "Strasbourg", with: "Brest"))
            #expect(elsewhere.status == .unprocessableContent && elsewhere.body.contains(#""field":"commune""#))
            let notTheirs = try await club.json(.post, path, body())
            #expect(notTheirs.status == .unprocessableContent && notTheirs.body.contains(#""field":"organisationId""#))
            let archivedAtBirth = try await owner.json(.post, path, body(#", "active": false"#))
            #expect(archivedAtBirth.status == .unprocessableContent && archivedAtBirth.body.contains("« active »"))
            #expect(try await visitor.json(.post, path, body()).status == .unauthorized)
            #expect(try await TestApp.count(database, count) == before)

            // Offered: typed back, listed, bookable by the network.
            let made = try await owner.json(.post, path, body())
            #expect(made.status == .created)
            let resource = try made.json()
            let id = try #require(resource["id"] as? Int)
            #expect(made.location == "\(path)/\(id)")
            #expect(resource["priceCents"] as? Int == 2550 && resource["quantity"] as? Int == 2)
            #expect(resource["communeCode"] as? String == "67482" && resource["lab"] as? String == "alsace")
            #expect((resource["openingHours"] as? [[String: Any]])?.map { $0["weekday"] as? Int } == [1, 6])
            #expect(resource["closedDates"] as? [String] == ["2027-01-01"])
            #expect(try await club.get("/labs/alsace/ressources").body.contains("Utilitaire 12 m³"))

            // Changed and archived by its lender; those who may book it may not change it.
            #expect(try await club.json(.put, "\(path)/\(id)", body(organisation: sport)).status == .forbidden)
            let renamed = try await owner.json(
                .put, "\(path)/\(id)", body().replacingOccurrences(of: "Utilitaire 12 m³", with: "Fourgon 12 m³"))
            let newTitle = try renamed.json()["title"] as? String
            #expect(renamed.status == .ok && newTitle == "Fourgon 12 m³")
            let archived = try await owner.json(.put, "\(path)/\(id)", body(#", "active": false"#))
            let active = try archived.json()["active"] as? Bool
            #expect(archived.status == .ok && active == false)
            #expect(!(try await club.get("/labs/alsace/ressources").body.contains("12 m³")))
            #expect(try await owner.json(.put, "\(path)/999999", body()).status == .notFound)
        }
    }
}
