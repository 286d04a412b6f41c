import AlliancesCore
import SQLKit

/// All SQL of workshop allocation: the event's workshop settings, participants' rankings
/// (`workshop_choices`), organisers' locks (`allocation_locks`), runs and their placements
/// (`allocation_runs`, `allocation_placements`), and the publication of a run.
struct AllocationStore: Sendable {
    func settings(eventID: Int, on db: any SQLDatabase) async throws -> AllocationService.Settings? {
        try await db.raw(
            "SELECT workshop_mode, choices_deadline, allocation_published_at FROM events WHERE id = \(bind: eventID)"
        ).first().map { row in
            AllocationService.Settings(
                mode: try row.code(WorkshopMode.self, "workshop_mode", in: "events"),
                deadline: try row.optionalString("choices_deadline").flatMap(LocalDateTime.init),
                publishedAt: try row.optionalInt("allocation_published_at"))
        }
    }

    func saveSettings(eventID: Int, mode: WorkshopMode, deadline: LocalDateTime?, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE events SET workshop_mode = \(bind: mode.rawValue), choices_deadline = \(bind: deadline?.text) WHERE id = \(bind: eventID)"
        ).run()
        try await EventStore.bump(eventID: eventID, on: db)
    }

    // MARK: Rankings

    /// A participant's ranks, by session.
    func choices(registrationID: Int, on db: any SQLDatabase) async throws -> [Int: Int] {
        var ranks: [Int: Int] = [:]
        for row in try await db.raw(
            "SELECT session_id, rank FROM workshop_choices WHERE registration_id = \(bind: registrationID)"
        ).all() {
            ranks[try row.int("session_id")] = try row.int("rank")
        }
        return ranks
    }

    func replaceChoices(registrationID: Int, ranks: [Int: Int], on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM workshop_choices WHERE registration_id = \(bind: registrationID)").run()
        for (session, rank) in ranks.sorted(by: { $0.key < $1.key }) {
            try await db.raw(
                "INSERT INTO workshop_choices (registration_id, session_id, rank) VALUES (\(bind: registrationID), \(bind: session), \(bind: rank))"
            ).run()
        }
    }

    /// Every ranking of the event's confirmed participants: (registration, session, rank).
    func confirmedChoices(eventID: Int, on db: any SQLDatabase) async throws -> [(
        registrationID: Int, sessionID: Int, rank: Int
    )] {
        try await db.raw(
            """
            SELECT c.registration_id, c.session_id, c.rank FROM workshop_choices c JOIN registrations r ON r.id = c.registration_id
            WHERE r.event_id = \(bind: eventID) AND r.status = 'confirme'
            """
        ).all().map { (try $0.int("registration_id"), try $0.int("session_id"), try $0.int("rank")) }
    }

    /// How many confirmed participants ranked at least one workshop.
    func rankedCount(eventID: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(DISTINCT c.registration_id) AS n FROM workshop_choices c JOIN registrations r ON r.id = c.registration_id
            WHERE r.event_id = \(bind: eventID) AND r.status = 'confirme'
            """
        ).first()?.int("n") ?? 0
    }

    /// Per workshop, how many confirmed participants ranked it first.
    func firstChoices(eventID: Int, on db: any SQLDatabase) async throws -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for row in try await db.raw(
            """
            SELECT c.session_id, COUNT(*) AS n FROM workshop_choices c JOIN registrations r ON r.id = c.registration_id
            WHERE r.event_id = \(bind: eventID) AND r.status = 'confirme' AND c.rank = 1 GROUP BY c.session_id
            """
        ).all() {
            counts[try row.int("session_id")] = try row.int("n")
        }
        return counts
    }

    /// The event's confirmed participants, by id.
    func confirmedParticipants(eventID: Int, on db: any SQLDatabase) async throws -> [Int] {
        try await db.raw(
            "SELECT id FROM registrations WHERE event_id = \(bind: eventID) AND status = 'confirme' ORDER BY id"
        ).all().map { try $0.int("id") }
    }

    // MARK: Locks

    func locks(eventID: Int, on db: any SQLDatabase) async throws -> [(registrationID: Int, sessionID: Int)] {
        try await db.raw(
            "SELECT registration_id, session_id FROM allocation_locks WHERE event_id = \(bind: eventID) ORDER BY registration_id, session_id"
        ).all().map { (try $0.int("registration_id"), try $0.int("session_id")) }
    }

    /// Locks a participant in a session, removing their locks in the `replacing` sessions.
    func lock(eventID: Int, registrationID: Int, sessionID: Int, replacing: [Int], on db: any SQLDatabase)
        async throws
    {
        for other in replacing {
            try await db.raw(
                "DELETE FROM allocation_locks WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: other)"
            ).run()
        }
        try await db.raw(
            "INSERT INTO allocation_locks (event_id, registration_id, session_id) VALUES (\(bind: eventID), \(bind: registrationID), \(bind: sessionID))"
        ).run()
    }

    func unlock(eventID: Int, registrationID: Int, sessionID: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "DELETE FROM allocation_locks WHERE event_id = \(bind: eventID) AND registration_id = \(bind: registrationID) AND session_id = \(bind: sessionID)"
        ).run()
    }

    // MARK: Runs

    /// Records a run and its placements; returns the run's id.
    func insertRun(
        eventID: Int, objective: WorkshopAllocation.Objective, placeUnranked: Bool, participants: Int,
        result: WorkshopAllocation.Result, durationMs: Int, userID: Int?, at now: Int,
        placements: [AllocationPlacement], on db: any SQLDatabase
    ) async throws -> Int {
        guard
            let row = try await db.raw(
                """
                INSERT INTO allocation_runs (event_id, objective, place_unranked, participants, profile, unassigned, waste, placed_without_choice,
                  proven_optimal, cost, lower_bound, duration_ms, created_by, created_at)
                VALUES (\(bind: eventID), \(bind: objective.code), \(bind: placeUnranked ? 1 : 0), \(bind: participants),
                  \(bind: result.profile.map(String.init).joined(separator: ",")), \(bind: result.unassigned), \(bind: result.waste),
                  \(bind: result.placedWithoutChoice), \(bind: result.provenOptimal ? 1 : 0), \(bind: String(describing: result.cost)),
                  \(bind: String(describing: result.lowerBound)), \(bind: durationMs), \(bind: userID), \(bind: now))
                RETURNING id
                """
            ).first()
        else { throw DatabaseError(description: "allocation run insert returned no id") }
        let runID = try row.int("id")
        // 150 rows of 5 values per statement: within SQLite's variable limit.
        var chunk = placements[...]
        while !chunk.isEmpty {
            let rows = chunk.prefix(150)
            chunk = chunk.dropFirst(150)
            var query: SQLQueryString =
                "INSERT INTO allocation_placements (run_id, registration_id, session_id, rank, locked) VALUES "
            for (i, p) in rows.enumerated() {
                if i > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(
                    "(\(bind: runID), \(bind: p.registrationID), \(bind: p.sessionID), \(bind: p.rank), \(bind: p.locked ? 1 : 0))"
                        as SQLQueryString)
            }
            try await db.raw(query).run()
        }
        return runID
    }

    static func decodeRun(_ row: any SQLRow) throws -> AllocationRun {
        AllocationRun(
            id: try row.int("id"),
            objective: WorkshopAllocation.Objective(code: try row.string("objective")) ?? .rankMaximal,
            placeUnranked: try row.int("place_unranked") != 0, participants: try row.int("participants"),
            profile: try row.string("profile").split(separator: ",").compactMap { Int($0) },
            unassigned: try row.int("unassigned"),
            waste: try row.int("waste"), placedWithoutChoice: try row.int("placed_without_choice"),
            provenOptimal: try row.int("proven_optimal") != 0,
            cost: try row.string("cost"), lowerBound: try row.string("lower_bound"),
            durationMs: try row.int("duration_ms"),
            createdAt: try row.int("created_at"), publishedAt: try row.optionalInt("published_at"))
    }

    /// The run, if it is one of the event's.
    func run(id: Int, eventID: Int, on db: any SQLDatabase) async throws -> AllocationRun? {
        try await db.raw("SELECT * FROM allocation_runs WHERE id = \(bind: id) AND event_id = \(bind: eventID)").first()
            .map(Self.decodeRun)
    }

    func runs(eventID: Int, on db: any SQLDatabase) async throws -> [AllocationRun] {
        try await db.raw(
            "SELECT * FROM allocation_runs WHERE event_id = \(bind: eventID) ORDER BY id DESC LIMIT 20"
        ).all().map(Self.decodeRun)
    }

    func placements(runID: Int, on db: any SQLDatabase) async throws -> [AllocationPlacement] {
        try await db.raw(
            "SELECT registration_id, session_id, rank, locked FROM allocation_placements WHERE run_id = \(bind: runID) ORDER BY registration_id, session_id"
        ).all().map {
            AllocationPlacement(
                registrationID: try $0.int("registration_id"), sessionID: try $0.int("session_id"),
                rank: try $0.optionalInt("rank"), locked: try $0.int("locked") != 0)
        }
    }

    /// Publishing: the workshops' registrations become exactly the run's placements, their
    /// seat counters are set to `load`, and the run is the event's published one.
    func publish(
        runID: Int, eventID: Int, workshops: [Int], placements: [(registration: Int, session: Int)],
        load: [Int: Int], at now: Int, on db: any SQLDatabase
    ) async throws {
        for s in workshops {
            try await db.raw("DELETE FROM session_registrations WHERE session_id = \(bind: s)").run()
        }
        for p in placements {
            try await db.raw(
                """
                INSERT INTO session_registrations (session_id, registration_id, status, created_at, updated_at)
                VALUES (\(bind: p.session), \(bind: p.registration), 'confirme', \(bind: now), \(bind: now))
                """
            ).run()
        }
        for s in workshops {
            try await db.raw(
                "UPDATE event_sessions SET seats_taken = \(bind: load[s, default: 0]) WHERE id = \(bind: s)"
            ).run()
        }
        try await db.raw("UPDATE allocation_runs SET published_at = NULL WHERE event_id = \(bind: eventID)").run()
        try await db.raw("UPDATE allocation_runs SET published_at = \(bind: now) WHERE id = \(bind: runID)").run()
        try await db.raw("UPDATE events SET allocation_published_at = \(bind: now) WHERE id = \(bind: eventID)").run()
        try await EventStore.bump(eventID: eventID, on: db)
    }
}
