import AlliancesCore
import Foundation
import SQLKit

/// One-to-one meetings at a rencontre: settings, availabilities, requests and answers, the
/// scheduler's run, the announcement, late changes.
struct MeetingService: Sendable {
    let database: Database
    let registrations: RegistrationService

    enum Status: String, Sendable {
        case requested = "demande"
        case accepted = "acceptee"
        case declined = "refusee"
        case cancelled = "annulee"

        var label: String {
            switch self {
            case .requested: "En attente de réponse"
            case .accepted: "Accepté"
            case .declined: "Décliné"
            case .cancelled: "Annulé"
            }
        }
    }

    struct Settings: Sendable, Equatable {
        var mode: MeetingMode
        var start: LocalDateTime?
        var minutes: Int
        var slots: Int
        var tables: Int
        var report: String?

        var enabled: Bool { mode != .none }
        var scheduled: Bool { start != nil && slots > 0 && tables > 0 }

        /// When a slot starts and ends (nil before the first slot is set, or past midnight).
        func times(_ slot: Int) -> (start: LocalDateTime, end: LocalDateTime)? {
            guard let from = start?.adding(minutes: slot * minutes), let to = from.adding(minutes: minutes) else {
                return nil
            }
            return (from, to)
        }

        func label(_ slot: Int) -> String {
            times(slot).map { "\($0.start.frenchTime)–\($0.end.frenchTime)" } ?? "créneau \(slot + 1)"
        }
    }

    struct Person: Sendable, Equatable {
        let id: Int
        let name: String
        let organisation: String?
        let kind: ActorKind?
        /// The directory's organisation, when the name typed matched one.
        var organisationID: Int? = nil
    }

    struct Request: Sendable, Equatable {
        let id: Int
        let requester: Person
        let invitee: Person
        let message: String?
        let status: Status
        let slot: Int?
        let table: Int?
        let announced: Bool
    }

    func settings(eventID: Int) async throws -> Settings {
        try await database.withConnection { db in try await Self.settings(eventID: eventID, on: db) }
    }

    static func settings(eventID: Int, on db: any SQLDatabase) async throws -> Settings {
        guard
            let row = try await db.raw(
                """
                SELECT meetings_mode, meetings_start, meetings_minutes, meetings_slots, meetings_tables, meetings_report FROM events WHERE id = \(bind: eventID)
                """
            ).first()
        else { throw AppError.notFound("Cet événement n'existe pas.") }
        return Settings(
            mode: try row.code(MeetingMode.self, "meetings_mode", in: "events"),
            start: try row.optionalString("meetings_start").flatMap(LocalDateTime.init),
            minutes: try row.int("meetings_minutes"), slots: try row.int("meetings_slots"),
            tables: try row.int("meetings_tables"),
            report: try row.optionalString("meetings_report"))
    }

    /// Checks and saves the settings; returns the error messages (empty when saved).
    func saveSettings(eventID: Int, mode: MeetingMode, start: String?, minutes: Int?, slots: Int?, tables: Int?)
        async throws -> [String]
    {
        var errors: [String] = []
        let begin = start.flatMap(LocalDateTime.init)
        if start != nil && begin == nil {
            errors.append("Début des rendez-vous : une date et une heure (AAAA-MM-JJTHH:MM).")
        }
        guard let minutes, (5...120).contains(minutes) else {
            return errors + ["Durée d'un créneau : entre 5 et 120 minutes."]
        }
        guard let slots, (0...200).contains(slots) else { return errors + ["Nombre de créneaux : entre 0 et 200."] }
        guard let tables, (0...10_000).contains(tables) else {
            return errors + ["Nombre de tables : entre 0 et 10 000."]
        }
        if let begin, begin.adding(minutes: slots * minutes) == nil, slots > 0 {
            errors.append("Les créneaux doivent finir avant minuit.")
        }
        guard errors.isEmpty else { return errors }
        try await database.withConnection { db in
            try await db.raw(
                """
                UPDATE events SET meetings_mode = \(bind: mode.rawValue), meetings_start = \(bind: begin?.text), meetings_minutes = \(bind: minutes),
                  meetings_slots = \(bind: slots), meetings_tables = \(bind: tables) WHERE id = \(bind: eventID)
                """
            ).run()
        }
        return []
    }

    static func person(_ row: any SQLRow, prefix: String) throws -> Person {
        Person(
            id: try row.int("\(prefix)id"), name: try row.string("\(prefix)name"),
            organisation: try row.optionalString("\(prefix)organisation_name"),
            kind: try row.optionalString("\(prefix)actor_kind").flatMap(ActorKind.init(rawValue:)))
    }

    /// Confirmed participants who agreed to appear in the list (names and organisations only).
    func people(eventID: Int) async throws -> [Person] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT id, name, organisation_name, actor_kind, organisation_id FROM registrations
                WHERE event_id = \(bind: eventID) AND status = 'confirme' AND listed = 1 ORDER BY name, id
                """
            ).all().map { row in
                var person = try Self.person(row, prefix: "")
                person.organisationID = try row.optionalInt("organisation_id")
                return person
            }
        }
    }

    func availability(registrationID: Int) async throws -> [Bool]? {
        try await database.withConnection { db in
            try await db.raw("SELECT meeting_availability FROM registrations WHERE id = \(bind: registrationID)")
                .first()?
                .optionalString("meeting_availability").map { $0.map { $0 == "1" } }
        }
    }

    func saveAvailability(registrationID: Int, slots: [Bool]) async throws {
        try await database.withConnection { db in
            let text: String? = slots.allSatisfy { $0 } ? nil : String(slots.map { $0 ? "1" : "0" })
            try await db.raw(
                "UPDATE registrations SET meeting_availability = \(bind: text) WHERE id = \(bind: registrationID)"
            ).run()
        }
    }

    static let requestColumns: SQLQueryString = """
        SELECT m.id, m.message, m.status, m.slot, m.table_no, m.announced,
          a.id AS a_id, a.name AS a_name, a.organisation_name AS a_organisation_name, a.actor_kind AS a_actor_kind,
          b.id AS b_id, b.name AS b_name, b.organisation_name AS b_organisation_name, b.actor_kind AS b_actor_kind
        FROM meeting_requests m JOIN registrations a ON a.id = m.requester_id JOIN registrations b ON b.id = m.invitee_id
        """

    static func decode(_ row: any SQLRow) throws -> Request {
        Request(
            id: try row.int("id"), requester: try person(row, prefix: "a_"), invitee: try person(row, prefix: "b_"),
            message: try row.optionalString("message"),
            status: try row.code(Status.self, "status", in: "meeting_requests"), slot: try row.optionalInt("slot"),
            table: try row.optionalInt("table_no"),
            announced: try row.int("announced") != 0)
    }

    /// A participant's requests, sent and received.
    func requests(registrationID: Int) async throws -> [Request] {
        try await database.withConnection { db in
            try await db.raw(
                Self.requestColumns
                    + " WHERE m.requester_id = \(bind: registrationID) OR m.invitee_id = \(bind: registrationID) ORDER BY m.slot, m.id"
            )
            .all().map(Self.decode)
        }
    }

    func allRequests(eventID: Int) async throws -> [Request] {
        try await database.withConnection { db in
            try await db.raw(
                Self.requestColumns + " WHERE m.event_id = \(bind: eventID) ORDER BY m.slot, m.table_no, m.id"
            ).all().map(Self.decode)
        }
    }

    /// A request from one participant to another: both confirmed, allowed by the mode, the
    /// invitee listed (they agreed to be seen), no open request between them already.
    func request(event: RencontreEvent, from requester: Registration, to inviteeID: Int, message: String?) async throws
    {
        let settings = try await settings(eventID: event.id)
        guard settings.enabled else {
            throw AppError.notFound("Cette rencontre n'organise pas de rendez-vous individuels.")
        }
        guard requester.status == .confirmed else {
            throw AppError(.conflict, "Les rendez-vous sont ouverts aux inscriptions confirmées.")
        }
        if let message, message.count > 500 { throw AppError.badRequest("Le message fait au plus 500 caractères.") }
        try await database.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    SELECT id, actor_kind FROM registrations WHERE id = \(bind: inviteeID) AND event_id = \(bind: event.id) AND status = 'confirme' AND listed = 1
                    """
                ).first(), inviteeID != requester.id
            else { throw AppError.notFound("Cette personne n'est pas dans la liste des participants.") }
            guard
                settings.mode.allows(
                    requester.actorKind, try row.optionalString("actor_kind").flatMap(ActorKind.init(rawValue:)))
            else {
                throw AppError(
                    .conflict, "À cette rencontre, les rendez-vous réunissent une association et une entreprise.")
            }
            if try await db.raw(
                """
                SELECT id FROM meeting_requests WHERE event_id = \(bind: event.id) AND status IN ('demande', 'acceptee')
                AND ((requester_id = \(bind: requester.id) AND invitee_id = \(bind: inviteeID)) OR (requester_id = \(bind: inviteeID) AND invitee_id = \(bind: requester.id)))
                """
            ).first() != nil {
                throw AppError(.conflict, "Une demande de rendez-vous existe déjà entre vous.")
            }
            let now = nowSeconds()
            try await db.raw(
                "DELETE FROM meeting_requests WHERE event_id = \(bind: event.id) AND requester_id = \(bind: requester.id) AND invitee_id = \(bind: inviteeID)"
            ).run()
            try await db.raw(
                """
                INSERT INTO meeting_requests (event_id, requester_id, invitee_id, message, status, created_at, updated_at)
                VALUES (\(bind: event.id), \(bind: requester.id), \(bind: inviteeID), \(bind: message), 'demande', \(bind: now), \(bind: now))
                """
            ).run()
        }
    }

    /// The invitee accepts or declines. An acceptance after the schedule was announced is
    /// placed at once around the announced meetings, when a slot and a table allow it.
    func answer(requestID: Int, invitee: Registration, event: RencontreEvent, accept: Bool) async throws {
        try await database.transaction { db in
            guard
                try await db.raw(
                    """
                    UPDATE meeting_requests SET status = \(bind: accept ? Status.accepted.rawValue : Status.declined.rawValue), updated_at = \(bind: nowSeconds())
                    WHERE id = \(bind: requestID) AND invitee_id = \(bind: invitee.id) AND status = 'demande' RETURNING id
                    """
                ).first() != nil
            else {
                try await Self.requireRequest(requestID, of: invitee.id, on: db)
                throw AppError(.conflict, "Cette demande n'attend plus de réponse.")
            }
        }
        if accept,
            try await database.withConnection({ db in
                try await db.raw(
                    "SELECT id FROM meeting_requests WHERE event_id = \(bind: event.id) AND announced = 1 LIMIT 1"
                ).first() != nil
            })
        {
            _ = try await schedule(event: event, announceNew: true)
        }
    }

    /// Either side cancels: the slot and table are freed (the others do not move).
    func cancel(requestID: Int, by registrationID: Int) async throws {
        try await database.withConnection { db in
            guard
                try await db.raw(
                    """
                    UPDATE meeting_requests SET status = 'annulee', slot = NULL, table_no = NULL, announced = 0, updated_at = \(bind: nowSeconds())
                    WHERE id = \(bind: requestID) AND (requester_id = \(bind: registrationID) OR invitee_id = \(bind: registrationID)) AND status IN ('demande', 'acceptee')
                    RETURNING id
                    """
                ).first() != nil
            else {
                try await Self.requireRequest(requestID, of: registrationID, on: db)
                throw AppError(.conflict, "Ce rendez-vous ne peut plus être annulé.")
            }
        }
    }

    /// A request that is not this participant's (or does not exist) is not found, whatever
    /// its state: 404, not the 409 of a request that no longer waits.
    static func requireRequest(_ requestID: Int, of registrationID: Int, on db: any SQLDatabase) async throws {
        guard
            try await db.raw(
                """
                SELECT id FROM meeting_requests WHERE id = \(bind: requestID) AND (requester_id = \(bind: registrationID) OR invitee_id = \(bind: registrationID))
                """
            ).first() != nil
        else { throw AppError.notFound("Cette demande de rendez-vous n'existe pas.") }
    }

    /// What the scheduler works from: the accepted requests (with the placement of the
    /// announced ones) and the participants' availability; `fingerprint` names all of it, to
    /// tell whether anything changed between the computation and its writing.
    struct Inputs: Equatable {
        var ids: [Int] = []
        var meetings: [MeetingScheduler.Meeting] = []
        var requestIDs: [Int] = []
        var fixed: [Int: MeetingScheduler.Placement] = [:]
        var availability: [[Bool]]? = nil
        var fingerprint = ""

        static func == (a: Inputs, b: Inputs) -> Bool { a.fingerprint == b.fingerprint }
    }

    static func inputs(eventID: Int, slots: Int, on db: any SQLDatabase) async throws -> Inputs {
        var inputs = Inputs()
        var index: [Int: Int] = [:]
        func participant(_ id: Int) -> Int {
            if let i = index[id] { return i }
            index[id] = inputs.ids.count
            inputs.ids.append(id)
            return inputs.ids.count - 1
        }
        var fingerprint: [String] = []
        for row in try await db.raw(
            """
            SELECT id, requester_id, invitee_id, slot, table_no, announced FROM meeting_requests
            WHERE event_id = \(bind: eventID) AND status = 'acceptee' ORDER BY id
            """
        ).all() {
            let e = inputs.meetings.count
            let (requester, invitee) = (try row.int("requester_id"), try row.int("invitee_id"))
            inputs.meetings.append(.init(participant(requester), participant(invitee)))
            inputs.requestIDs.append(try row.int("id"))
            let announced = try row.int("announced") != 0
            let (slot, table) = (try row.optionalInt("slot"), try row.optionalInt("table_no"))
            if announced, let slot, let table {
                inputs.fixed[e] = .init(slot: slot, table: table - 1)  // stored from 1, as printed
            }
            fingerprint.append(
                "\(inputs.requestIDs[e]):\(requester)-\(invitee)" + (announced ? "@\(slot ?? -1)/\(table ?? -1)" : ""))
        }
        var availability: [[Bool]] = Array(repeating: Array(repeating: true, count: slots), count: inputs.ids.count)
        var restricted = false
        for row in try await db.raw(
            """
            SELECT id, meeting_availability FROM registrations WHERE event_id = \(bind: eventID) AND meeting_availability IS NOT NULL ORDER BY id
            """
        ).all() {
            guard let i = index[try row.int("id")], let text = try row.optionalString("meeting_availability") else {
                continue
            }
            restricted = true
            let flags = Array(text)
            availability[i] = (0..<slots).map { $0 < flags.count ? flags[$0] == "1" : true }
            fingerprint.append("a\(try row.int("id"))=\(text)")
        }
        inputs.availability = restricted ? availability : nil
        inputs.fingerprint = fingerprint.joined(separator: ",")
        return inputs
    }

    /// Runs the scheduler on the accepted meetings: announced ones keep their slot and
    /// table, the others are placed anew (or left without a slot). `announceNew`: the newly
    /// placed ones are announced at once (late acceptances), with a message to both sides.
    ///
    /// The computation (seconds for a big rencontre) runs outside any transaction, so it
    /// never holds the database's write lock; the placements are then written in a short
    /// transaction that first reads the inputs again: when a request or an availability
    /// changed meanwhile, the computation starts over (three times at most, then a 409
    /// asking to run it again).
    func schedule(event: RencontreEvent, announceNew: Bool = false) async throws -> MeetingScheduler.Result {
        let settings = try await settings(eventID: event.id)
        guard settings.enabled, settings.scheduled else {
            throw AppError(.conflict, "Réglez d'abord l'heure de début, le nombre de créneaux et de tables.")
        }
        let mail = registrations.mailer(event)
        for _ in 0..<3 {
            let inputs = try await database.withConnection { db in
                try await Self.inputs(eventID: event.id, slots: settings.slots, on: db)
            }
            let (result, upper, minimum) = Self.compute(inputs, settings: settings)
            if let written = try await write(
                result, upper: upper, minimum: minimum, inputs: inputs, event: event, settings: settings,
                announceNew: announceNew, mail: mail)
            {
                return written
            }
        }
        throw AppError(
            .conflict,
            "Les demandes de rendez-vous changent sans cesse pendant le calcul du planning : relancez-le dans un instant."
        )
    }

    static func compute(_ inputs: Inputs, settings: Settings) -> (
        result: MeetingScheduler.Result, upper: Int, minimum: Int
    ) {
        let (ids, meetings, fixed) = (inputs.ids, inputs.meetings, inputs.fixed)
        let problem = MeetingScheduler.Problem(
            participants: ids.count, meetings: meetings, slots: settings.slots, tables: settings.tables,
            availability: inputs.availability, fixed: fixed)
        // Associations ↔ companies, everyone available, nothing announced: the edge
        // colouring places every meeting in the fewest slots there can be, when they fit.
        let minimum = MeetingScheduler.slotLowerBound(
            participants: ids.count, meetings: meetings, tables: settings.tables)
        var result = MeetingScheduler.schedule(problem)
        var upper = result.bound
        if fixed.isEmpty && inputs.availability == nil && minimum <= settings.slots && result.scheduled < meetings.count
            && MeetingScheduler.isBipartite(participants: ids.count, meetings: meetings)
        {
            result = MeetingScheduler.minimumSlots(participants: ids.count, meetings: meetings, tables: settings.tables)
            upper = meetings.count
        }
        return (result, upper, minimum)
    }

    /// Writes a schedule computed from `inputs`, or returns nil without writing when the
    /// inputs changed since.
    func write(
        _ result: MeetingScheduler.Result, upper: Int, minimum: Int, inputs: Inputs, event: RencontreEvent,
        settings: Settings,
        announceNew: Bool, mail: RegistrationService.Mailer
    ) async throws -> MeetingScheduler.Result? {
        try await database.transaction { db in
            guard try await Self.inputs(eventID: event.id, slots: settings.slots, on: db) == inputs else { return nil }
            var newlyPlaced: [Int] = []
            for (e, placement) in result.placements.enumerated() where inputs.fixed[e] == nil {
                try await db.raw(
                    "UPDATE meeting_requests SET slot = \(bind: placement?.slot), table_no = \(bind: placement.map { $0.table + 1 }) WHERE id = \(bind: inputs.requestIDs[e])"
                ).run()
                if placement != nil { newlyPlaced.append(inputs.requestIDs[e]) }
            }
            let report =
                "\(result.scheduled) rendez-vous placés sur \(inputs.meetings.count) acceptés ; aucun planning ne peut en placer plus de \(upper)"
                + (result.scheduled >= upper ? " : optimum atteint" : "")
                + ". \(result.gaps) créneau(x) libre(s) entre deux rendez-vous, tous participants confondus."
                + " Sans contrainte de disponibilité, il faudrait au moins \(minimum) créneau(x)."
            try await db.raw("UPDATE events SET meetings_report = \(bind: report) WHERE id = \(bind: event.id)").run()
            if announceNew && !newlyPlaced.isEmpty {
                for id in newlyPlaced { try await Self.announce(requestID: id, settings: settings, mail: mail, on: db) }
            }
            return result
        }
    }

    /// Announces every placed meeting not yet announced: one message to each side.
    func announce(event: RencontreEvent) async throws -> Int {
        let settings = try await settings(eventID: event.id)
        let mail = registrations.mailer(event)
        return try await database.transaction { db in
            let ids = try await db.raw(
                """
                SELECT id FROM meeting_requests WHERE event_id = \(bind: event.id) AND status = 'acceptee' AND slot IS NOT NULL AND announced = 0 ORDER BY id
                """
            ).all().map { try $0.int("id") }
            for id in ids { try await Self.announce(requestID: id, settings: settings, mail: mail, on: db) }
            return ids.count
        }
    }

    static func announce(requestID: Int, settings: Settings, mail: RegistrationService.Mailer, on db: any SQLDatabase)
        async throws
    {
        try await db.raw("UPDATE meeting_requests SET announced = 1 WHERE id = \(bind: requestID)").run()
        guard let row = try await db.raw(requestColumns + " WHERE m.id = \(bind: requestID)").first() else { return }
        let request = try decode(row)
        guard let slot = request.slot, let table = request.table else { return }
        for (me, other) in [(request.requester, request.invitee), (request.invitee, request.requester)] {
            guard
                let email = try await db.raw("SELECT email FROM registrations WHERE id = \(bind: me.id)").first()?
                    .string("email")
            else { continue }
            try await mail.send(
                "rendez-vous", to: email, registrationID: me.id, subject: "Votre rendez-vous avec \(other.name)",
                lines: [
                    "Bonjour \(me.name),", "",
                    "Votre rendez-vous avec \(other.name)\(other.organisation.map { " (\($0))" } ?? "") aura lieu de \(settings.label(slot)), table \(table).",
                    "Votre programme et vos rendez-vous sont sur votre page personnelle :",
                    try await mail.newLink(registrationID: me.id, on: db),
                    "", "Les liens reçus auparavant restent valables."
                ], on: db)
        }
    }
}
