import AlliancesCore
import Foundation
import SQLKit

/// One run of the workshop allocation, as stored.
public struct AllocationRun: Sendable, Equatable {
    public let id: Int
    public let objective: WorkshopAllocation.Objective
    public let placeUnranked: Bool
    public let participants: Int
    /// How many got their 1st, 2nd… choice.
    public let profile: [Int]
    public let unassigned: Int
    public let waste: Int
    public let placedWithoutChoice: Int
    public let provenOptimal: Bool
    public let cost: String
    public let lowerBound: String
    public let durationMs: Int
    public let createdAt: Int
    public let publishedAt: Int?

    /// Participant-slots given a ranked workshop.
    public var placed: Int { profile.reduce(0, +) }
    public var ranked: Int { placed + unassigned }
    public func share(top: Int) -> Double {
        ranked == 0 ? 0 : Double(profile.prefix(top).reduce(0, +)) / Double(ranked)
    }
    public var worstRank: Int? { profile.lastIndex { $0 > 0 }.map { $0 + 1 } }
}

public struct AllocationPlacement: Sendable, Equatable {
    public let registrationID: Int
    public let sessionID: Int
    public let rank: Int?
    public let locked: Bool
}

extension WorkshopAllocation.Objective {
    var code: String { self == .rankMaximal ? "rang" : "rang2" }
    init?(code: String) {
        switch code {
        case "rang": self = .rankMaximal
        case "rang2": self = .rankSquared
        default: return nil
        }
    }
    var label: String {
        self == .rankMaximal
            ? "Le plus de premiers choix (puis de deuxièmes…)" : "Répartir les déceptions (somme des rangs au carré)"
    }
}

/// Workshops by ranked choices: settings, participants' rankings, locks, runs and their
/// publication into the session registrations (what agendas and check-in read).
struct AllocationService: Sendable {
    let database: Database
    let registrations: RegistrationService

    struct Settings: Sendable, Equatable {
        var mode: WorkshopMode
        var deadline: LocalDateTime?
        var publishedAt: Int?
    }

    /// The workshops participants choose from (sessions with a capacity), by slot.
    static func slots(_ sessions: [EventSession]) -> [(start: LocalDateTime, sessions: [EventSession])] {
        ProgrammeGrid.rows(sessions.filter { $0.capacity != nil }, start: \.startsAt, room: { $0.room ?? "" })
    }

    func settings(eventID: Int) async throws -> Settings {
        try await database.withConnection { db in
            guard
                let row = try await db.raw(
                    "SELECT workshop_mode, choices_deadline, allocation_published_at FROM events WHERE id = \(bind: eventID)"
                ).first()
            else {
                throw AppError.notFound("Cet événement n'existe pas.")
            }
            return Settings(
                mode: try row.code(WorkshopMode.self, "workshop_mode", in: "events"),
                deadline: try row.optionalString("choices_deadline").flatMap(LocalDateTime.init),
                publishedAt: try row.optionalInt("allocation_published_at"))
        }
    }

    func saveSettings(eventID: Int, mode: WorkshopMode, deadline: LocalDateTime?) async throws {
        try await database.transaction { db in
            try await db.raw(
                "UPDATE events SET workshop_mode = \(bind: mode.rawValue), choices_deadline = \(bind: deadline?.text) WHERE id = \(bind: eventID)"
            ).run()
            try await EventStore.bump(eventID: eventID, on: db)
        }
    }

    /// Whether participants may still change their ranking.
    static func choicesOpen(_ settings: Settings, now: LocalDateTime = LocalDateTime.now()) -> Bool {
        settings.mode == .ranked && settings.publishedAt == nil && (settings.deadline.map { now < $0 } ?? true)
    }

    func choices(registrationID: Int) async throws -> [Int: Int] {
        try await database.withConnection { db in
            var ranks: [Int: Int] = [:]
            for row in try await db.raw(
                "SELECT session_id, rank FROM workshop_choices WHERE registration_id = \(bind: registrationID)"
            ).all() {
                ranks[try row.int("session_id")] = try row.int("rank")
            }
            return ranks
        }
    }

    /// Replaces a participant's ranking (validated by the caller).
    func saveChoices(registrationID: Int, ranks: [Int: Int]) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM workshop_choices WHERE registration_id = \(bind: registrationID)").run()
            for (session, rank) in ranks.sorted(by: { $0.key < $1.key }) {
                try await db.raw(
                    "INSERT INTO workshop_choices (registration_id, session_id, rank) VALUES (\(bind: registrationID), \(bind: session), \(bind: rank))"
                ).run()
            }
        }
    }

    /// How many confirmed participants ranked at least one workshop.
    func rankedCount(eventID: Int) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT COUNT(DISTINCT c.registration_id) AS n FROM workshop_choices c JOIN registrations r ON r.id = c.registration_id
                WHERE r.event_id = \(bind: eventID) AND r.status = 'confirme'
                """
            ).first()?.int("n") ?? 0
        }
    }

    func locks(eventID: Int) async throws -> [(registrationID: Int, sessionID: Int)] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT registration_id, session_id FROM allocation_locks WHERE event_id = \(bind: eventID) ORDER BY registration_id, session_id"
            ).all()
                .map { (try $0.int("registration_id"), try $0.int("session_id")) }
        }
    }

    /// Locks a participant in a workshop (replacing a lock in the same slot).
    func lock(eventID: Int, registrationID: Int, session: EventSession, sessions: [EventSession]) async throws {
        let sameSlot = sessions.filter { $0.capacity != nil && $0.startsAt == session.startsAt }.map(\.id)
        try await database.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT status FROM registrations WHERE id = \(bind: registrationID) AND event_id = \(bind: eventID)"
                ).first()
            else {
                throw RegistrationService.notInEvent
            }
            guard try row.string("status") == SeatStatus.confirmed.rawValue else {
                throw AppError(.conflict, "Seules les inscriptions confirmées peuvent être placées.")
            }
            for other in sameSlot {
                try await db.raw(
                    "DELETE FROM allocation_locks WHERE registration_id = \(bind: registrationID) AND session_id = \(bind: other)"
                ).run()
            }
            try await db.raw(
                "INSERT INTO allocation_locks (event_id, registration_id, session_id) VALUES (\(bind: eventID), \(bind: registrationID), \(bind: session.id))"
            ).run()
        }
    }

    func unlock(eventID: Int, registrationID: Int, sessionID: Int) async throws {
        try await database.withConnection { db in
            try await db.raw(
                "DELETE FROM allocation_locks WHERE event_id = \(bind: eventID) AND registration_id = \(bind: registrationID) AND session_id = \(bind: sessionID)"
            ).run()
        }
    }

    /// The problem of an event as it stands: confirmed participants (by id), the workshops
    /// by slot with their capacities and repeats, the rankings, the locks.
    struct Prepared: Sendable {
        let problem: WorkshopAllocation.Problem
        let participants: [Int]  // registration ids, by participant index
        let sessions: [Int]  // session ids, by workshop index
    }

    func prepare(eventID: Int, sessions: [EventSession], placeUnranked: Bool) async throws -> Prepared {
        let slots = Self.slots(sessions)
        var workshops: [WorkshopAllocation.Workshop] = []
        var sessionIDs: [Int] = []
        let groups = WorkshopRanking.repeatGroups(
            slots.enumerated().flatMap { index, slot in slot.sessions.map { ($0.id, $0.title, index) } })
        for (index, slot) in slots.enumerated() {
            for s in slot.sessions {
                workshops.append(.init(slot: index, capacity: s.capacity ?? 0, group: groups[s.id]))
                sessionIDs.append(s.id)
            }
        }
        let workshopOf = Dictionary(uniqueKeysWithValues: sessionIDs.enumerated().map { ($1, $0) })
        return try await database.withConnection { db in
            let participants = try await db.raw(
                "SELECT id FROM registrations WHERE event_id = \(bind: eventID) AND status = 'confirme' ORDER BY id"
            ).all().map { try $0.int("id") }
            let index = Dictionary(uniqueKeysWithValues: participants.enumerated().map { ($1, $0) })
            var ranked = [[(workshop: Int, slot: Int, rank: Int)]](repeating: [], count: participants.count)
            for row in try await db.raw(
                """
                SELECT c.registration_id, c.session_id, c.rank FROM workshop_choices c JOIN registrations r ON r.id = c.registration_id
                WHERE r.event_id = \(bind: eventID) AND r.status = 'confirme'
                """
            ).all() {
                guard let p = index[try row.int("registration_id")], let w = workshopOf[try row.int("session_id")]
                else { continue }
                ranked[p].append((w, workshops[w].slot, try row.int("rank")))
            }
            let choices = ranked.map { $0.sorted { ($0.slot, $0.rank) < ($1.slot, $1.rank) }.map(\.workshop) }
            var locks: [WorkshopAllocation.Problem.Lock] = []
            for row in try await db.raw(
                "SELECT registration_id, session_id FROM allocation_locks WHERE event_id = \(bind: eventID)"
            ).all() {
                guard let p = index[try row.int("registration_id")], let w = workshopOf[try row.int("session_id")]
                else { continue }
                locks.append(.init(participant: p, workshop: w))
            }
            return Prepared(
                problem: .init(workshops: workshops, choices: choices, locked: locks, placeUnranked: placeUnranked),
                participants: participants, sessions: sessionIDs)
        }
    }

    /// Runs the allocation and records it (not published). Returns the run.
    func run(
        eventID: Int, sessions: [EventSession], objective: WorkshopAllocation.Objective, placeUnranked: Bool,
        userID: Int?,
        progress: (@Sendable (String) -> Void)? = nil
    ) async throws -> AllocationRun {
        let prepared = try await prepare(eventID: eventID, sessions: sessions, placeUnranked: placeUnranked)
        guard !prepared.sessions.isEmpty else {
            throw AppError(.conflict, "Ce programme n'a pas d'atelier avec une capacité : rien à répartir.")
        }
        progress?(
            "\(prepared.participants.count) participants, \(prepared.sessions.count) workshops, \(prepared.problem.choices.filter { !$0.isEmpty }.count) with choices: solving…"
        )
        let clock = ContinuousClock()
        let start = clock.now
        let result = WorkshopAllocation.solve(prepared.problem, objective: objective)
        let elapsed = start.duration(to: clock.now)
        let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        progress?("solved in \(ms) ms: saving…")
        let lockedSet = Set(prepared.problem.locked.map { [$0.participant, $0.workshop] })
        // Ranks as the participant typed them, per workshop index.
        var rankOf: [[Int]: Int] = [:]
        for (p, choices) in prepared.problem.choices.enumerated() {
            var counter: [Int: Int] = [:]
            for w in choices {
                counter[prepared.problem.workshops[w].slot, default: 0] += 1
                rankOf[[p, w]] = counter[prepared.problem.workshops[w].slot]
            }
        }
        let now = nowSeconds()
        return try await database.transaction { db in
            guard
                let row = try await db.raw(
                    """
                    INSERT INTO allocation_runs (event_id, objective, place_unranked, participants, profile, unassigned, waste, placed_without_choice,
                      proven_optimal, cost, lower_bound, duration_ms, created_by, created_at)
                    VALUES (\(bind: eventID), \(bind: objective.code), \(bind: placeUnranked ? 1 : 0), \(bind: prepared.participants.count),
                      \(bind: result.profile.map(String.init).joined(separator: ",")), \(bind: result.unassigned), \(bind: result.waste),
                      \(bind: result.placedWithoutChoice), \(bind: result.provenOptimal ? 1 : 0), \(bind: String(describing: result.cost)),
                      \(bind: String(describing: result.lowerBound)), \(bind: ms), \(bind: userID), \(bind: now))
                    RETURNING id
                    """
                ).first()
            else { throw DatabaseError(description: "allocation run insert returned no id") }
            let runID = try row.int("id")
            var values: [SQLQueryString] = []
            for (p, slots) in result.assignment.enumerated() {
                for w in slots.values.sorted() {
                    values.append(
                        "(\(bind: runID), \(bind: prepared.participants[p]), \(bind: prepared.sessions[w]), \(bind: rankOf[[p, w]]), \(bind: lockedSet.contains([p, w]) ? 1 : 0))"
                    )
                }
            }
            // 150 rows of 5 values per statement: within SQLite's variable limit.
            var chunk = values[...]
            while !chunk.isEmpty {
                let rows = chunk.prefix(150)
                chunk = chunk.dropFirst(150)
                var query: SQLQueryString =
                    "INSERT INTO allocation_placements (run_id, registration_id, session_id, rank, locked) VALUES "
                for (i, value) in rows.enumerated() {
                    if i > 0 { query.appendLiteral(", ") }
                    query.appendInterpolation(value)
                }
                try await db.raw(query).run()
            }
            return try await Self.run(id: runID, eventID: eventID, on: db)!
        }
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

    static func run(id: Int, eventID: Int, on db: any SQLDatabase) async throws -> AllocationRun? {
        try await db.raw("SELECT * FROM allocation_runs WHERE id = \(bind: id) AND event_id = \(bind: eventID)").first()
            .map(decodeRun)
    }

    func runs(eventID: Int) async throws -> [AllocationRun] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT * FROM allocation_runs WHERE event_id = \(bind: eventID) ORDER BY id DESC LIMIT 20"
            ).all().map(Self.decodeRun)
        }
    }

    func placements(runID: Int) async throws -> [AllocationPlacement] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT registration_id, session_id, rank, locked FROM allocation_placements WHERE run_id = \(bind: runID) ORDER BY registration_id, session_id"
            ).all().map {
                AllocationPlacement(
                    registrationID: try $0.int("registration_id"), sessionID: try $0.int("session_id"),
                    rank: try $0.optionalInt("rank"), locked: try $0.int("locked") != 0)
            }
        }
    }

    /// Publishes a run: the workshops' registrations become exactly its placements (what the
    /// personal pages, agendas and check-in show), seats counted again, and each placed
    /// participant gets a message with their workshops and a new link to their page.
    /// Refused when a workshop's capacity went below its placements since the run.
    func publish(runID: Int, event: RencontreEvent, sessions: [EventSession]) async throws {
        let mail = registrations.mailer(event)
        let workshops = sessions.filter { $0.capacity != nil }
        let titles = Dictionary(
            uniqueKeysWithValues: workshops.map {
                ($0.id, "\($0.startsAt.frenchTime) — \($0.title)\($0.room.map { ", \($0)" } ?? "")")
            })
        try await database.transaction { db in
            guard try await Self.run(id: runID, eventID: event.id, on: db) != nil else {
                throw AppError.notFound("Cette répartition n'existe pas.")
            }
            let placements = try await db.raw(
                "SELECT registration_id, session_id FROM allocation_placements WHERE run_id = \(bind: runID) ORDER BY registration_id, session_id"
            ).all()
                .map { (registration: try $0.int("registration_id"), session: try $0.int("session_id")) }
            var load: [Int: Int] = [:]
            for p in placements { load[p.session, default: 0] += 1 }
            for s in workshops where load[s.id, default: 0] > (s.capacity ?? 0) {
                throw AppError(
                    .conflict,
                    "« \(s.title) » n'a plus que \(s.capacity ?? 0) places pour \(load[s.id, default: 0]) personnes placées : relancez la répartition."
                )
            }
            let now = nowSeconds()
            for s in workshops {
                try await db.raw("DELETE FROM session_registrations WHERE session_id = \(bind: s.id)").run()
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
                    "UPDATE event_sessions SET seats_taken = \(bind: load[s.id, default: 0]) WHERE id = \(bind: s.id)"
                ).run()
            }
            try await db.raw("UPDATE allocation_runs SET published_at = NULL WHERE event_id = \(bind: event.id)").run()
            try await db.raw("UPDATE allocation_runs SET published_at = \(bind: now) WHERE id = \(bind: runID)").run()
            try await db.raw("UPDATE events SET allocation_published_at = \(bind: now) WHERE id = \(bind: event.id)")
                .run()
            try await EventStore.bump(eventID: event.id, on: db)
            var byPerson: [Int: [Int]] = [:]
            for p in placements { byPerson[p.registration, default: []].append(p.session) }
            for (registration, mine) in byPerson.sorted(by: { $0.key < $1.key }) {
                guard
                    let row = try await db.raw("SELECT name, email FROM registrations WHERE id = \(bind: registration)")
                        .first()
                else { continue }
                let lines = mine.compactMap { titles[$0] }.sorted().map { "- \($0)" }
                try await mail.send(
                    "ateliers", to: try row.string("email"), registrationID: registration, subject: "Vos ateliers",
                    lines: [
                        "Bonjour \(try row.string("name")),", "", "La répartition des ateliers est faite. Les vôtres :"
                    ] + lines + [
                        "", "Votre programme et votre agenda (.ics) sont sur votre page personnelle :",
                        try await mail.newLink(registrationID: registration, on: db), "",
                        "Les liens reçus auparavant restent valables."
                    ], on: db)
            }
        }
    }
}

/// `alliances allocate --event SLUG`: the organiser's run from the command line.
public enum AllocationCommand {
    /// Runs (and, with `publish`, publishes) the allocation of an event; returns the report.
    public static func run(
        database: Database, eventSlug: String, objective code: String, placeUnranked: Bool, publish: Bool,
        publicURL: String, progress: @escaping @Sendable (String) -> Void
    ) async throws -> String {
        guard let objective = WorkshopAllocation.Objective(code: code) else {
            throw AppError.badRequest(
                "--objective must be \"rang\" (most first choices) or \"rang2\" (sum of squared ranks).")
        }
        let store = EventStore()
        let (event, sessions) = try await database.withConnection { db -> (RencontreEvent, [EventSession]) in
            guard let event = try await store.event(slug: eventSlug, on: db) else {
                throw AppError.notFound("No event with the slug \"\(eventSlug)\".")
            }
            return (event, try await store.sessions(eventID: event.id, on: db))
        }
        let service = AllocationService(
            database: database, registrations: RegistrationService(database: database, publicURL: publicURL))
        let run = try await service.run(
            eventID: event.id, sessions: sessions, objective: objective, placeUnranked: placeUnranked, userID: nil,
            progress: progress)
        if publish { try await service.publish(runID: run.id, event: event, sessions: sessions) }
        let profile = run.profile.enumerated().map { "\($0.offset + 1): \($0.element)" }.joined(separator: ", ")
        return """
            Run \(run.id) for \(event.slug): \(run.participants) participants, profile (rank: slots) \(profile.isEmpty ? "none" : profile), \
            unassigned \(run.unassigned), placed without a choice \(run.placedWithoutChoice), waste \(run.waste).
            First choice \(String(format: "%.1f", run.share(top: 1) * 100)) %, top 3 \(String(format: "%.1f", run.share(top: 3) * 100)) %, \
            worst rank \(run.worstRank.map(String.init) ?? "none"); \(run.provenOptimal ? "proven optimal" : "cost \(run.cost), lower bound \(run.lowerBound)"); \(run.durationMs) ms.
            \(publish ? "Published: agendas updated, one message per placed participant queued." : "Not published: review it on /evenements/\(event.slug)/repartition, or run again with --publish.")
            """
    }
}

extension AllocationService {
    /// Per workshop, how many ranked it first (the demand the organiser compares with seats).
    func firstChoices(eventID: Int) async throws -> [Int: Int] {
        try await database.withConnection { db in
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
    }
}
