import AlliancesCore
import SQLKit

/// All SQL of one-to-one meetings: the event's meeting settings and report, participants'
/// availability (`registrations.meeting_availability`) and the requests with their slot and
/// table (`meeting_requests`).
struct MeetingStore: Sendable {
    typealias Person = MeetingService.Person
    typealias Request = MeetingService.Request
    typealias Settings = MeetingService.Settings

    // MARK: Settings

    func settings(eventID: Int, on db: any SQLDatabase) async throws -> Settings? {
        try await db.raw(
            """
            SELECT meetings_mode, meetings_start, meetings_minutes, meetings_slots, meetings_tables, meetings_report FROM events WHERE id = \(bind: eventID)
            """
        ).first().map { row in
            Settings(
                mode: try row.code(MeetingMode.self, "meetings_mode", in: "events"),
                start: try row.optionalString("meetings_start").flatMap(LocalDateTime.init),
                minutes: try row.int("meetings_minutes"), slots: try row.int("meetings_slots"),
                tables: try row.int("meetings_tables"),
                report: try row.optionalString("meetings_report"))
        }
    }

    func saveSettings(
        eventID: Int, mode: MeetingMode, start: LocalDateTime?, minutes: Int, slots: Int, tables: Int,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            UPDATE events SET meetings_mode = \(bind: mode.rawValue), meetings_start = \(bind: start?.text), meetings_minutes = \(bind: minutes),
              meetings_slots = \(bind: slots), meetings_tables = \(bind: tables) WHERE id = \(bind: eventID)
            """
        ).run()
    }

    func saveReport(eventID: Int, report: String, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE events SET meetings_report = \(bind: report) WHERE id = \(bind: eventID)").run()
    }

    // MARK: Participants

    static func person(_ row: any SQLRow, prefix: String) throws -> Person {
        Person(
            id: try row.int("\(prefix)id"), name: try row.string("\(prefix)name"),
            organisation: try row.optionalString("\(prefix)organisation_name"),
            kind: try row.optionalCode(ActorKind.self, "\(prefix)actor_kind", in: "registrations"))
    }

    /// Confirmed participants who agreed to appear in the list (names and organisations only).
    func listedPeople(eventID: Int, on db: any SQLDatabase) async throws -> [Person] {
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

    /// A confirmed, listed participant of the event (one may ask them for a meeting).
    func listedPerson(id: Int, eventID: Int, on db: any SQLDatabase) async throws -> Person? {
        try await db.raw(
            """
            SELECT id, name, organisation_name, actor_kind FROM registrations
            WHERE id = \(bind: id) AND event_id = \(bind: eventID) AND status = 'confirme' AND listed = 1
            """
        ).first().map { try Self.person($0, prefix: "") }
    }

    /// The slots a participant is available for, as typed ("1" free, "0" not); nil: all.
    func availability(registrationID: Int, on db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT meeting_availability FROM registrations WHERE id = \(bind: registrationID)")
            .first()?.optionalString("meeting_availability")
    }

    func saveAvailability(registrationID: Int, text: String?, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE registrations SET meeting_availability = \(bind: text) WHERE id = \(bind: registrationID)"
        ).run()
    }

    /// Every restricted availability of the event's participants: (registration, text).
    func restrictedAvailabilities(eventID: Int, on db: any SQLDatabase) async throws -> [(id: Int, text: String)] {
        try await db.raw(
            """
            SELECT id, meeting_availability FROM registrations WHERE event_id = \(bind: eventID) AND meeting_availability IS NOT NULL ORDER BY id
            """
        ).all().compactMap { row in
            guard let text = try row.optionalString("meeting_availability") else { return nil }
            return (try row.int("id"), text)
        }
    }

    // MARK: Requests

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
            status: try row.code(MeetingService.Status.self, "status", in: "meeting_requests"),
            slot: try row.optionalInt("slot"), table: try row.optionalInt("table_no"),
            announced: try row.int("announced") != 0)
    }

    /// A participant's requests, sent and received.
    func requests(registrationID: Int, on db: any SQLDatabase) async throws -> [Request] {
        try await db.raw(
            Self.requestColumns
                + " WHERE m.requester_id = \(bind: registrationID) OR m.invitee_id = \(bind: registrationID) ORDER BY m.slot, m.id"
        ).all().map(Self.decode)
    }

    func requests(eventID: Int, on db: any SQLDatabase) async throws -> [Request] {
        try await db.raw(
            Self.requestColumns + " WHERE m.event_id = \(bind: eventID) ORDER BY m.slot, m.table_no, m.id"
        ).all().map(Self.decode)
    }

    func request(id: Int, on db: any SQLDatabase) async throws -> Request? {
        try await db.raw(Self.requestColumns + " WHERE m.id = \(bind: id)").first().map(Self.decode)
    }

    /// Whether a request between the two waits or was accepted, whoever asked.
    func openRequestExists(eventID: Int, between a: Int, and b: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT id FROM meeting_requests WHERE event_id = \(bind: eventID) AND status IN ('demande', 'acceptee')
            AND ((requester_id = \(bind: a) AND invitee_id = \(bind: b)) OR (requester_id = \(bind: b) AND invitee_id = \(bind: a)))
            """
        ).first() != nil
    }

    /// A new request (an earlier declined or cancelled one from the same requester is replaced).
    /// The new request's id.
    func ask(
        eventID: Int, requesterID: Int, inviteeID: Int, message: String?, at now: Int, on db: any SQLDatabase
    ) async throws -> Int {
        try await db.raw(
            "DELETE FROM meeting_requests WHERE event_id = \(bind: eventID) AND requester_id = \(bind: requesterID) AND invitee_id = \(bind: inviteeID)"
        ).run()
        let row = try await db.raw(
            """
            INSERT INTO meeting_requests (event_id, requester_id, invitee_id, message, status, created_at, updated_at)
            VALUES (\(bind: eventID), \(bind: requesterID), \(bind: inviteeID), \(bind: message), 'demande', \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else {
            throw DatabaseError(description: "meeting_requests insert returned no id")
        }
        return id
    }

    /// The invitee's answer to a waiting request; false when none waits.
    func answer(requestID: Int, inviteeID: Int, accept: Bool, at now: Int, on db: any SQLDatabase) async throws -> Bool
    {
        let status = accept ? MeetingService.Status.accepted : .declined
        return try await db.raw(
            """
            UPDATE meeting_requests SET status = \(bind: status.rawValue), updated_at = \(bind: now)
            WHERE id = \(bind: requestID) AND invitee_id = \(bind: inviteeID) AND status = 'demande' RETURNING id
            """
        ).first() != nil
    }

    /// Either side cancels a waiting or accepted request; false when there is none.
    func cancel(requestID: Int, by registrationID: Int, at now: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            UPDATE meeting_requests SET status = 'annulee', slot = NULL, table_no = NULL, announced = 0, updated_at = \(bind: now)
            WHERE id = \(bind: requestID) AND (requester_id = \(bind: registrationID) OR invitee_id = \(bind: registrationID)) AND status IN ('demande', 'acceptee')
            RETURNING id
            """
        ).first() != nil
    }

    /// Whether the request is the participant's, sent or received.
    func isParty(requestID: Int, registrationID: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            """
            SELECT id FROM meeting_requests WHERE id = \(bind: requestID) AND (requester_id = \(bind: registrationID) OR invitee_id = \(bind: registrationID))
            """
        ).first() != nil
    }

    /// Whether the participant is the one the request was sent to.
    func isInvitee(requestID: Int, registrationID: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "SELECT id FROM meeting_requests WHERE id = \(bind: requestID) AND invitee_id = \(bind: registrationID)"
        ).first() != nil
    }

    func anyAnnounced(eventID: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "SELECT id FROM meeting_requests WHERE event_id = \(bind: eventID) AND announced = 1 LIMIT 1"
        ).first() != nil
    }

    // MARK: Scheduling

    struct Accepted: Sendable {
        let id: Int
        let requesterID: Int
        let inviteeID: Int
        let slot: Int?
        /// As printed, from 1.
        let table: Int?
        let announced: Bool
    }

    func accepted(eventID: Int, on db: any SQLDatabase) async throws -> [Accepted] {
        try await db.raw(
            """
            SELECT id, requester_id, invitee_id, slot, table_no, announced FROM meeting_requests
            WHERE event_id = \(bind: eventID) AND status = 'acceptee' ORDER BY id
            """
        ).all().map {
            Accepted(
                id: try $0.int("id"), requesterID: try $0.int("requester_id"), inviteeID: try $0.int("invitee_id"),
                slot: try $0.optionalInt("slot"), table: try $0.optionalInt("table_no"),
                announced: try $0.int("announced") != 0)
        }
    }

    /// Places a request (`table` from 1, as printed) or takes it off the schedule (nil).
    func place(requestID: Int, slot: Int?, table: Int?, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE meeting_requests SET slot = \(bind: slot), table_no = \(bind: table) WHERE id = \(bind: requestID)"
        ).run()
    }

    /// Placed meetings not announced yet.
    func placedUnannounced(eventID: Int, on db: any SQLDatabase) async throws -> [Int] {
        try await db.raw(
            """
            SELECT id FROM meeting_requests WHERE event_id = \(bind: eventID) AND status = 'acceptee' AND slot IS NOT NULL AND announced = 0 ORDER BY id
            """
        ).all().map { try $0.int("id") }
    }

    func markAnnounced(requestID: Int, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE meeting_requests SET announced = 1 WHERE id = \(bind: requestID)").run()
    }
}
