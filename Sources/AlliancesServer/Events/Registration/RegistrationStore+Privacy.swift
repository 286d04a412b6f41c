import AlliancesCore
import SQLKit

/// A person's registrations, for "Mon compte", the GDPR export, erasure and retention.
extension RegistrationStore {
    struct Mine: Sendable, Equatable {
        let id: Int
        let eventTitle: String
        let eventSlug: String
        let status: SeatStatus
        let createdAt: Int
    }

    /// Registrations made with this address or by this account, newest first.
    func registrations(email: String, userID: Int?, on db: any SQLDatabase) async throws -> [Mine] {
        try await db.raw(
            """
            SELECT r.id, r.status, r.created_at, e.title, e.slug FROM registrations r JOIN events e ON e.id = r.event_id
            WHERE r.email = \(bind: email) OR r.user_id = \(bind: userID ?? -1) ORDER BY r.created_at DESC
            """
        ).all().map {
            Mine(
                id: try $0.int("id"), eventTitle: try $0.string("title"), eventSlug: try $0.string("slug"),
                status: try $0.code(SeatStatus.self, "status", in: "registrations"), createdAt: try $0.int("created_at")
            )
        }
    }

    /// Every column but the link's hash, with the event's title; and the workshop seats.
    func personalRows(email: String, userID: Int?, on db: any SQLDatabase) async throws -> (
        registrations: [any SQLRow], sessions: [any SQLRow]
    ) {
        let registrations = try await db.raw(
            """
            SELECT r.id, e.title AS event, r.name, r.email, r.organisation_name, r.actor_kind, r.region_code, r.dietary,
              r.listed, r.status, r.meeting_availability, r.checked_in_at, r.created_at, r.updated_at
            FROM registrations r JOIN events e ON e.id = r.event_id
            WHERE r.email = \(bind: email) OR r.user_id = \(bind: userID ?? -1) ORDER BY r.id
            """
        ).all()
        let sessions = try await db.raw(
            """
            SELECT s.registration_id, es.title AS session, s.status, s.created_at FROM session_registrations s
            JOIN event_sessions es ON es.id = s.session_id JOIN registrations r ON r.id = s.registration_id
            WHERE r.email = \(bind: email) OR r.user_id = \(bind: userID ?? -1) ORDER BY s.id
            """
        ).all()
        return (registrations, sessions)
    }

    /// (id, event, status) of the person's registrations, for an erasure.
    func ofPerson(email: String, userID: Int?, on db: any SQLDatabase) async throws -> [(
        id: Int, eventID: Int, status: SeatStatus, name: String
    )] {
        try await db.raw(
            "SELECT id, event_id, status, name FROM registrations WHERE email = \(bind: email) OR user_id = \(bind: userID ?? -1)"
        ).all().map {
            (
                try $0.int("id"), try $0.int("event_id"), try $0.code(SeatStatus.self, "status", in: "registrations"),
                try $0.string("name")
            )
        }
    }

    /// Erasure: the registration stays as an anonymous row, so that seat counts and
    /// attendance stay right; everything that said who it was goes, its links too.
    func anonymise(id: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE registrations SET name = 'Personne effacée', email = \(bind: "efface-\(id)@efface.invalid"),
              organisation_name = NULL, organisation_id = NULL, dietary = NULL, meeting_availability = NULL, listed = 0,
              user_id = NULL, updated_at = \(bind: nowSeconds()) WHERE id = \(bind: id)
            """
        ).run()
        try await db.raw("DELETE FROM registration_links WHERE registration_id = \(bind: id)").run()
    }

    /// Retention: dietary needs of these (ended) events go. Returns how many were cleared.
    func clearDietary(eventIDs: [Int], on db: any SQLDatabase) async throws -> Int {
        guard !eventIDs.isEmpty else { return 0 }
        return try await db.raw(
            "UPDATE registrations SET dietary = NULL WHERE dietary IS NOT NULL AND event_id IN (\(unsafeRaw: eventIDs.map(String.init).joined(separator: ","))) RETURNING id"
        ).all().count
    }

    /// Retention: guest registrations cancelled (by the person, the organisers, or a held
    /// seat never confirmed) before `cutoff`, never checked in, are deleted.
    func purgeCancelledGuests(before cutoff: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            DELETE FROM registrations WHERE status = 'annule' AND user_id IS NULL AND checked_in_at IS NULL
              AND updated_at < \(bind: cutoff) RETURNING id
            """
        ).all().count
    }
}
