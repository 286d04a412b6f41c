import AlliancesCore
import SQLKit

/// All SQL of check-in: a registration's arrival (`registrations.checked_in_at`) and
/// presence in sessions (`session_checkins`).
struct CheckInStore: Sendable {
    /// Registrations of the event (not cancelled) with this check-in code or a folded name
    /// matching the `LIKE` pattern.
    func lookup(eventID: Int, code: String, namePattern: String, on db: any SQLDatabase) async throws
        -> [Registration]
    {
        try await db.raw(
            """
            SELECT * FROM registrations WHERE event_id = \(bind: eventID) AND status <> 'annule'
            AND (checkin_code = \(bind: code) OR LOWER(name) LIKE \(bind: namePattern))
            ORDER BY name, id LIMIT 30
            """
        ).all().map(RegistrationStore.decode)
    }

    /// The first arrival counts; later scans change nothing.
    func markArrived(registrationID: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE registrations SET checked_in_at = COALESCE(checked_in_at, \(bind: now)) WHERE id = \(bind: registrationID)"
        ).run()
    }

    func markPresent(registrationID: Int, sessionID: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO session_checkins (session_id, registration_id, at) VALUES (\(bind: sessionID), \(bind: registrationID), \(bind: now))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }

    func arrivals(eventID: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(bind: eventID) AND checked_in_at IS NOT NULL"
        ).first()?.int("n") ?? 0
    }

    func confirmed(eventID: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            "SELECT COUNT(*) AS n FROM registrations WHERE event_id = \(bind: eventID) AND status = 'confirme'"
        ).first()?.int("n") ?? 0
    }

    /// People present per session of the event.
    func presence(eventID: Int, on db: any SQLDatabase) async throws -> [Int: Int] {
        var sessions: [Int: Int] = [:]
        for row in try await db.raw(
            """
            SELECT c.session_id, COUNT(*) AS n FROM session_checkins c JOIN event_sessions s ON s.id = c.session_id
            WHERE s.event_id = \(bind: eventID) GROUP BY c.session_id
            """
        ).all() {
            sessions[try row.int("session_id")] = try row.int("n")
        }
        return sessions
    }
}
