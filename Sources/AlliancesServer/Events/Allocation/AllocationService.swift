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
    let store = AllocationStore()

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
            guard let settings = try await store.settings(eventID: eventID, on: db) else {
                throw AppError.notFound("Cet événement n'existe pas.")
            }
            return settings
        }
    }

    func saveSettings(eventID: Int, mode: WorkshopMode, deadline: LocalDateTime?) async throws {
        try await database.transaction { db in
            try await store.saveSettings(eventID: eventID, mode: mode, deadline: deadline, on: db)
        }
    }

    /// Whether participants may still change their ranking.
    static func choicesOpen(_ settings: Settings, now: LocalDateTime = LocalDateTime.now()) -> Bool {
        settings.mode == .ranked && settings.publishedAt == nil && (settings.deadline.map { now < $0 } ?? true)
    }

    func choices(registrationID: Int) async throws -> [Int: Int] {
        try await database.withConnection { db in try await store.choices(registrationID: registrationID, on: db) }
    }

    /// Replaces a participant's ranking (validated by the caller).
    func saveChoices(registrationID: Int, ranks: [Int: Int]) async throws {
        try await database.transaction { db in
            try await store.replaceChoices(registrationID: registrationID, ranks: ranks, on: db)
        }
    }

    /// How many confirmed participants ranked at least one workshop.
    func rankedCount(eventID: Int) async throws -> Int {
        try await database.withConnection { db in try await store.rankedCount(eventID: eventID, on: db) }
    }

    /// Per workshop, how many ranked it first (the demand the organiser compares with seats).
    func firstChoices(eventID: Int) async throws -> [Int: Int] {
        try await database.withConnection { db in try await store.firstChoices(eventID: eventID, on: db) }
    }

    func locks(eventID: Int) async throws -> [(registrationID: Int, sessionID: Int)] {
        try await database.withConnection { db in try await store.locks(eventID: eventID, on: db) }
    }

    /// Locks a participant in a workshop (replacing a lock in the same slot).
    func lock(eventID: Int, registrationID: Int, session: EventSession, sessions: [EventSession]) async throws {
        let sameSlot = sessions.filter { $0.capacity != nil && $0.startsAt == session.startsAt }.map(\.id)
        try await database.transaction { db in
            guard let found = try await RegistrationStore().contact(id: registrationID, eventID: eventID, on: db)
            else {
                throw RegistrationService.notInEvent
            }
            guard found.status == .confirmed else {
                throw AppError(.conflict, "Seules les inscriptions confirmées peuvent être placées.")
            }
            try await store.lock(
                eventID: eventID, registrationID: registrationID, sessionID: session.id, replacing: sameSlot, on: db)
        }
    }

    func unlock(eventID: Int, registrationID: Int, sessionID: Int) async throws {
        try await database.withConnection { db in
            try await store.unlock(eventID: eventID, registrationID: registrationID, sessionID: sessionID, on: db)
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
        let (participants, rankings, locked) = try await database.withConnection { db in
            (
                try await store.confirmedParticipants(eventID: eventID, on: db),
                try await store.confirmedChoices(eventID: eventID, on: db),
                try await store.locks(eventID: eventID, on: db)
            )
        }
        let index = Dictionary(uniqueKeysWithValues: participants.enumerated().map { ($1, $0) })
        var ranked = [[(workshop: Int, slot: Int, rank: Int)]](repeating: [], count: participants.count)
        for choice in rankings {
            guard let p = index[choice.registrationID], let w = workshopOf[choice.sessionID] else { continue }
            ranked[p].append((w, workshops[w].slot, choice.rank))
        }
        let choices = ranked.map { $0.sorted { ($0.slot, $0.rank) < ($1.slot, $1.rank) }.map(\.workshop) }
        var locks: [WorkshopAllocation.Problem.Lock] = []
        for lock in locked {
            guard let p = index[lock.registrationID], let w = workshopOf[lock.sessionID] else { continue }
            locks.append(.init(participant: p, workshop: w))
        }
        return Prepared(
            problem: .init(workshops: workshops, choices: choices, locked: locks, placeUnranked: placeUnranked),
            participants: participants, sessions: sessionIDs)
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
        let placements = Self.placements(of: result, prepared)
        let now = nowSeconds()
        return try await database.transaction { db in
            let runID = try await store.insertRun(
                eventID: eventID, objective: objective, placeUnranked: placeUnranked,
                participants: prepared.participants.count, result: result, durationMs: ms, userID: userID, at: now,
                placements: placements, on: db)
            return try await store.run(id: runID, eventID: eventID, on: db)!
        }
    }

    /// The result as rows: each participant's workshops with the rank they typed (per slot)
    /// and whether an organiser locked it.
    static func placements(of result: WorkshopAllocation.Result, _ prepared: Prepared) -> [AllocationPlacement] {
        let lockedSet = Set(prepared.problem.locked.map { [$0.participant, $0.workshop] })
        var rankOf: [[Int]: Int] = [:]
        for (p, choices) in prepared.problem.choices.enumerated() {
            var counter: [Int: Int] = [:]
            for w in choices {
                counter[prepared.problem.workshops[w].slot, default: 0] += 1
                rankOf[[p, w]] = counter[prepared.problem.workshops[w].slot]
            }
        }
        var rows: [AllocationPlacement] = []
        for (p, slots) in result.assignment.enumerated() {
            for w in slots.values.sorted() {
                rows.append(
                    AllocationPlacement(
                        registrationID: prepared.participants[p], sessionID: prepared.sessions[w],
                        rank: rankOf[[p, w]], locked: lockedSet.contains([p, w])))
            }
        }
        return rows
    }

    func runs(eventID: Int) async throws -> [AllocationRun] {
        try await database.withConnection { db in try await store.runs(eventID: eventID, on: db) }
    }

    func placements(runID: Int) async throws -> [AllocationPlacement] {
        try await database.withConnection { db in try await store.placements(runID: runID, on: db) }
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
            guard try await store.run(id: runID, eventID: event.id, on: db) != nil else {
                throw AppError.notFound("Cette répartition n'existe pas.")
            }
            let placements = try await store.placements(runID: runID, on: db).map {
                (registration: $0.registrationID, session: $0.sessionID)
            }
            var load: [Int: Int] = [:]
            for p in placements { load[p.session, default: 0] += 1 }
            for s in workshops where load[s.id, default: 0] > (s.capacity ?? 0) {
                throw AppError(
                    .conflict,
                    "« \(s.title) » n'a plus que \(s.capacity ?? 0) places pour \(load[s.id, default: 0]) personnes placées : relancez la répartition."
                )
            }
            try await store.publish(
                runID: runID, eventID: event.id, workshops: workshops.map(\.id), placements: placements, load: load,
                at: nowSeconds(), on: db)
            var byPerson: [Int: [Int]] = [:]
            for p in placements { byPerson[p.registration, default: []].append(p.session) }
            let people = RegistrationStore()
            for (registration, mine) in byPerson.sorted(by: { $0.key < $1.key }) {
                guard let person = try await people.contact(id: registration, eventID: event.id, on: db) else {
                    continue
                }
                let lines = mine.compactMap { titles[$0] }.sorted().map { "- \($0)" }
                try await mail.send(
                    "ateliers", to: person.email, registrationID: registration, subject: "Vos ateliers",
                    lines: [
                        "Bonjour \(person.name),", "", "La répartition des ateliers est faite. Les vôtres :"
                    ] + lines + [
                        "", "Votre programme et votre agenda (.ics) sont sur votre page personnelle :",
                        try await mail.newLink(registrationID: registration, on: db), "",
                        RegistrationMessages.earlierLinksStillWork
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
