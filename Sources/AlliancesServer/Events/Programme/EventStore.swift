import AlliancesCore
import SQLKit

public struct RencontreEvent: Sendable, Equatable {
    public let id: Int
    public let slug: String
    public let labID: Int?
    public var title: String
    public var acronym: String?
    public var description: String?
    public var startsAt: LocalDateTime
    public var endsAt: LocalDateTime
    public var venue: String?
    public var address: String?
    public var organisers: String?
    public var status: EventStatus
    public var capacity: Int?
    public var seatsTaken: Int
    public var offerHours: Int
    /// Bumped by every write that changes the event's public pages.
    public var dataVersion: Int = 0
}

public struct EventSession: Sendable, Equatable {
    public let id: Int
    public let eventID: Int
    public var kind: SessionKind
    public var title: String
    public var startsAt: LocalDateTime
    public var endsAt: LocalDateTime
    public var room: String?
    public var track: String?
    public var capacity: Int?
    public var seatsTaken: Int
    public var description: String?
    public var questions: [String]

    public var seatsLeft: Int? { capacity.map { max(0, $0 - seatsTaken) } }
}

public struct EventSpeaker: Sendable, Equatable {
    public let id: Int
    public var name: String
    public var role: String?
    public var organisationName: String?
    public var organisationID: Int?
    public var bio: String?
}

/// A speaker's part in a session ("intervenant", "animatrice", "grand témoin").
public struct SessionSpeaker: Sendable, Equatable {
    public let sessionID: Int
    public let speaker: EventSpeaker
    public let role: String
}

/// All SQL of events, sessions and speakers.
public struct EventStore: Sendable {
    public init() {}

    static func decodeEvent(_ row: any SQLRow) throws -> RencontreEvent {
        RencontreEvent(
            id: try row.int("id"), slug: try row.string("slug"), labID: try row.optionalInt("lab_id"),
            title: try row.string("title"),
            acronym: try row.optionalString("acronym"), description: try row.optionalString("description"),
            startsAt: LocalDateTime(try row.string("starts_at"))
                ?? LocalDateTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0),
            endsAt: LocalDateTime(try row.string("ends_at"))
                ?? LocalDateTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0),
            venue: try row.optionalString("venue"), address: try row.optionalString("address"),
            organisers: try row.optionalString("organisers"),
            status: try row.code(EventStatus.self, "status", in: "events"), capacity: try row.optionalInt("capacity"),
            seatsTaken: try row.int("seats_taken"), offerHours: try row.int("offer_hours"),
            dataVersion: try row.int("data_version"))
    }

    /// Marks the event's public pages as changed; call in the writing transaction.
    public static func bump(eventID: Int, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE events SET data_version = data_version + 1 WHERE id = \(bind: eventID)").run()
    }

    public static func bump(sessionID: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE events SET data_version = data_version + 1 WHERE id = (SELECT event_id FROM event_sessions WHERE id = \(bind: sessionID))"
        ).run()
    }

    static func decodeSession(_ row: any SQLRow) throws -> EventSession {
        EventSession(
            id: try row.int("id"), eventID: try row.int("event_id"),
            kind: try row.code(SessionKind.self, "kind", in: "event_sessions"),
            title: try row.string("title"),
            startsAt: LocalDateTime(try row.string("starts_at"))
                ?? LocalDateTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0),
            endsAt: LocalDateTime(try row.string("ends_at"))
                ?? LocalDateTime(year: 1970, month: 1, day: 1, hour: 0, minute: 0),
            room: try row.optionalString("room"), track: try row.optionalString("track"),
            capacity: try row.optionalInt("capacity"),
            seatsTaken: try row.int("seats_taken"), description: try row.optionalString("description"),
            questions: (try row.optionalString("questions") ?? "").split(separator: "\n").map(String.init))
    }

    public func event(slug: String, on db: any SQLDatabase) async throws -> RencontreEvent? {
        try await db.raw("SELECT * FROM events WHERE slug = \(bind: slug)").first().map(Self.decodeEvent)
    }

    public func event(id: Int, on db: any SQLDatabase) async throws -> RencontreEvent? {
        try await db.raw("SELECT * FROM events WHERE id = \(bind: id)").first().map(Self.decodeEvent)
    }

    public func publicEvents(on db: any SQLDatabase) async throws -> [RencontreEvent] {
        try await db.raw("SELECT * FROM events WHERE status <> 'brouillon' ORDER BY starts_at DESC, id").all().map(
            Self.decodeEvent)
    }

    public func sessions(eventID: Int, on db: any SQLDatabase) async throws -> [EventSession] {
        try await db.raw("SELECT * FROM event_sessions WHERE event_id = \(bind: eventID) ORDER BY starts_at, room, id")
            .all().map(Self.decodeSession)
    }

    public func session(id: Int, eventID: Int, on db: any SQLDatabase) async throws -> EventSession? {
        try await db.raw("SELECT * FROM event_sessions WHERE id = \(bind: id) AND event_id = \(bind: eventID)").first()
            .map(Self.decodeSession)
    }

    /// A session by its id alone (a follow-up names only its session).
    public func session(id: Int, on db: any SQLDatabase) async throws -> EventSession? {
        try await db.raw("SELECT * FROM event_sessions WHERE id = \(bind: id)").first().map(Self.decodeSession)
    }

    /// Every speaker of the event with their sessions, in programme order.
    public func sessionSpeakers(eventID: Int, on db: any SQLDatabase) async throws -> [SessionSpeaker] {
        try await db.raw(
            """
            SELECT ss.session_id, ss.role AS part, sp.id, sp.name, sp.role, sp.organisation_name, sp.organisation_id, sp.bio
            FROM session_speakers ss JOIN event_speakers sp ON sp.id = ss.speaker_id JOIN event_sessions s ON s.id = ss.session_id
            WHERE s.event_id = \(bind: eventID) ORDER BY s.starts_at, ss.session_id, ss.position
            """
        ).all().map { row in
            SessionSpeaker(
                sessionID: try row.int("session_id"),
                speaker: EventSpeaker(
                    id: try row.int("id"), name: try row.string("name"), role: try row.optionalString("role"),
                    organisationName: try row.optionalString("organisation_name"),
                    organisationID: try row.optionalInt("organisation_id"),
                    bio: try row.optionalString("bio")), role: try row.string("part"))
        }
    }

    // MARK: Writes (demo and organiser pages)

    public func createEvent(
        slug: String, labID: Int?, title: String, acronym: String?, description: String?, startsAt: LocalDateTime,
        endsAt: LocalDateTime, venue: String?, address: String?, organisers: String?, status: EventStatus,
        capacity: Int?, offerHours: Int = 48, on db: any SQLDatabase
    ) async throws -> Int {
        let now = nowSeconds()
        let row = try await db.raw(
            """
            INSERT INTO events (slug, lab_id, title, acronym, description, starts_at, ends_at, venue, address, organisers, status, capacity, offer_hours,
              created_at, updated_at)
            VALUES (\(bind: slug), \(bind: labID), \(bind: title), \(bind: acronym), \(bind: description), \(bind: startsAt.text), \(bind: endsAt.text),
              \(bind: venue), \(bind: address), \(bind: organisers), \(bind: status.rawValue), \(bind: capacity), \(bind: offerHours), \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else { throw DatabaseError(description: "event insert returned no id") }
        return id
    }

    public func createSession(
        eventID: Int, kind: SessionKind, title: String, startsAt: LocalDateTime, endsAt: LocalDateTime, room: String?,
        track: String?, capacity: Int?, description: String?, questions: [String], on db: any SQLDatabase
    ) async throws -> Int {
        let now = nowSeconds()
        let row = try await db.raw(
            """
            INSERT INTO event_sessions (event_id, kind, title, starts_at, ends_at, room, track, capacity, description, questions, created_at, updated_at)
            VALUES (\(bind: eventID), \(bind: kind.rawValue), \(bind: title), \(bind: startsAt.text), \(bind: endsAt.text), \(bind: room), \(bind: track),
              \(bind: capacity), \(bind: description), \(bind: questions.isEmpty ? nil : questions.joined(separator: "\n")), \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else { throw DatabaseError(description: "session insert returned no id") }
        try await Self.bump(eventID: eventID, on: db)
        return id
    }

    public func createSpeaker(
        eventID: Int, name: String, role: String?, organisationName: String?, organisationID: Int?, bio: String?,
        on db: any SQLDatabase
    ) async throws -> Int {
        let row = try await db.raw(
            """
            INSERT INTO event_speakers (event_id, name, role, organisation_name, organisation_id, bio)
            VALUES (\(bind: eventID), \(bind: name), \(bind: role), \(bind: organisationName), \(bind: organisationID), \(bind: bio)) RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else { throw DatabaseError(description: "speaker insert returned no id") }
        return id
    }

    public func addSpeaker(sessionID: Int, speakerID: Int, role: String, position: Int, on db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            "INSERT INTO session_speakers (session_id, speaker_id, role, position) VALUES (\(bind: sessionID), \(bind: speakerID), \(bind: role), \(bind: position))"
        ).run()
    }
}

extension EventStore {
    public func updateEvent(id: Int, draft: EventDraft, labID: Int?, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE events SET slug = \(bind: draft.slug), lab_id = \(bind: labID), title = \(bind: draft.title), acronym = \(bind: draft.acronym),
              description = \(bind: draft.description), starts_at = \(bind: draft.startsAt.text), ends_at = \(bind: draft.endsAt.text),
              venue = \(bind: draft.venue), address = \(bind: draft.address), organisers = \(bind: draft.organisers), status = \(bind: draft.status.rawValue),
              capacity = \(bind: draft.capacity), offer_hours = \(bind: draft.offerHours), updated_at = \(bind: nowSeconds()),
              data_version = data_version + 1
            WHERE id = \(bind: id)
            """
        ).run()
    }

    public func updateSession(id: Int, draft: SessionDraft, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE event_sessions SET kind = \(bind: draft.kind.rawValue), title = \(bind: draft.title), starts_at = \(bind: draft.startsAt.text),
              ends_at = \(bind: draft.endsAt.text), room = \(bind: draft.room), track = \(bind: draft.track), capacity = \(bind: draft.capacity),
              description = \(bind: draft.description), questions = \(bind: draft.questions.isEmpty ? nil : draft.questions.joined(separator: "\n")),
              updated_at = \(bind: nowSeconds())
            WHERE id = \(bind: id)
            """
        ).run()
        try await Self.bump(sessionID: id, on: db)
    }

    public func deleteSession(id: Int, eventID: Int, on db: any SQLDatabase) async throws {
        try await Self.bump(eventID: eventID, on: db)
        try await db.raw("DELETE FROM event_sessions WHERE id = \(bind: id) AND event_id = \(bind: eventID)").run()
        // Speakers who spoke nowhere else go with it.
        try await db.raw(
            "DELETE FROM event_speakers WHERE event_id = \(bind: eventID) AND id NOT IN (SELECT speaker_id FROM session_speakers)"
        ).run()
    }

    /// Replaces a session's speakers; a speaker already known to the event by name is reused
    /// (and their role and organisation updated).
    public func replaceSpeakers(sessionID: Int, eventID: Int, speakers: [SessionDraft.Speaker], on db: any SQLDatabase)
        async throws
    {
        try await Self.bump(eventID: eventID, on: db)
        try await db.raw("DELETE FROM session_speakers WHERE session_id = \(bind: sessionID)").run()
        for (position, speaker) in speakers.enumerated() {
            let id: Int
            if let row = try await db.raw(
                "SELECT id FROM event_speakers WHERE event_id = \(bind: eventID) AND name = \(bind: speaker.name)"
            ).first() {
                id = try row.int("id")
                try await db.raw(
                    "UPDATE event_speakers SET role = \(bind: speaker.role), organisation_name = \(bind: speaker.organisation), bio = \(bind: speaker.bio) WHERE id = \(bind: id)"
                ).run()
            } else {
                let organisationID =
                    try await speaker.organisation.asyncMap { name in
                        try await OrganisationStore().id(namedExactly: name, on: db)
                    } ?? nil
                id = try await createSpeaker(
                    eventID: eventID, name: speaker.name, role: speaker.role, organisationName: speaker.organisation,
                    organisationID: organisationID, bio: speaker.bio, on: db)
            }
            try await db.raw(
                "INSERT INTO session_speakers (session_id, speaker_id, role, position) VALUES (\(bind: sessionID), \(bind: id), \(bind: speaker.part), \(bind: position)) ON CONFLICT DO NOTHING"
            ).run()
        }
        try await db.raw(
            "DELETE FROM event_speakers WHERE event_id = \(bind: eventID) AND id NOT IN (SELECT speaker_id FROM session_speakers)"
        ).run()
    }
}

/// The seat counters of events and sessions. No overbooking: a seat is claimed only by
/// `UPDATE … SET seats_taken = seats_taken + 1 WHERE id = ? AND (capacity IS NULL OR
/// seats_taken < capacity) RETURNING id`, inside the transaction that writes the
/// registration. PostgreSQL re-checks the condition on the locked row when concurrent
/// transactions update it; SQLite runs write transactions one at a time (`BEGIN
/// IMMEDIATE`). Either way the counter cannot pass the capacity, whatever the number of
/// app instances.
extension EventStore {
    enum Seats: String, Sendable {
        case event = "events"
        case session = "event_sessions"
    }

    /// Claims one seat; false when full.
    static func claimSeat(_ table: Seats, id: Int, on db: any SQLDatabase) async throws -> Bool {
        let claimed =
            try await db.raw(
                """
                UPDATE \(unsafeRaw: table.rawValue) SET seats_taken = seats_taken + 1
                WHERE id = \(bind: id) AND (capacity IS NULL OR seats_taken < capacity) RETURNING id
                """
            ).first() != nil
        if claimed { try await bump(table, id: id, on: db) }
        return claimed
    }

    static func releaseSeat(_ table: Seats, id: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE \(unsafeRaw: table.rawValue) SET seats_taken = seats_taken - 1 WHERE id = \(bind: id) AND seats_taken > 0"
        ).run()
        try await bump(table, id: id, on: db)
    }

    /// The seats left are on the public pages: their cache must see the change.
    static func bump(_ table: Seats, id: Int, on db: any SQLDatabase) async throws {
        switch table {
        case .event: try await bump(eventID: id, on: db)
        case .session: try await bump(sessionID: id, on: db)
        }
    }

    /// Events taking place on a day (`yyyy-MM-dd`) whose registrations are open or closed.
    /// Who sees the event's synthesis (restitution).
    func synthesisVisibility(eventID: Int, on db: any SQLDatabase) async throws -> SynthesisVisibility {
        try await db.raw("SELECT synthesis_visibility FROM events WHERE id = \(bind: eventID)").first()?.code(
            SynthesisVisibility.self, "synthesis_visibility", in: "events") ?? .lab
    }

    func setSynthesisVisibility(_ visibility: SynthesisVisibility, eventID: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE events SET synthesis_visibility = \(bind: visibility.rawValue) WHERE id = \(bind: eventID)"
        ).run()
        try await Self.bump(eventID: eventID, on: db)
    }

    func eventsStarting(on day: String, on db: any SQLDatabase) async throws -> [RencontreEvent] {
        try await db.raw(
            "SELECT * FROM events WHERE starts_at LIKE \(bind: day + "%") AND status IN ('inscriptions-ouvertes', 'inscriptions-closes')"
        ).all().map(Self.decodeEvent)
    }
}

/// What other capabilities ask about events.
extension EventStore {
    /// The events a partnership of the lab may cite: the lab's and the network's, latest first.
    func choices(labID: Int, limit: Int, on db: any SQLDatabase) async throws -> [(id: Int, title: String)] {
        try await db.raw(
            """
            SELECT id, title FROM events WHERE lab_id = \(bind: labID) OR lab_id IS NULL
            ORDER BY starts_at DESC, id LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map { (id: try $0.int("id"), title: try $0.string("title")) }
    }

    /// Whether the event is the lab's or the network's.
    func isVisible(eventID: Int, toLab labID: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "SELECT id FROM events WHERE id = \(bind: eventID) AND (lab_id = \(bind: labID) OR lab_id IS NULL)"
        ).first() != nil
    }
}

/// Retention asks which events ended before a time.
extension EventStore {
    func endedBefore(_ cutoff: Int, on db: any SQLDatabase) async throws -> [Int] {
        try await db.raw("SELECT * FROM events").all().map(Self.decodeEvent).filter {
            Paris.seconds($0.endsAt) < cutoff
        }.map(\.id)
    }
}
