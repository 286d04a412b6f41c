import AlliancesCore
import SQLKit

/// What restitution reads of registrations: who may take part in a workshop, and who came
/// from which world.
extension RegistrationStore {
    /// Confirmed registrations holding a confirmed seat in the session: those who may be
    /// named rapporteurs.
    func sessionParticipants(sessionID: Int, on db: any SQLDatabase) async throws -> [(
        id: Int, name: String, organisation: String?
    )] {
        try await db.raw(
            """
            SELECT r.id, r.name, r.organisation_name FROM session_registrations sr JOIN registrations r ON r.id = sr.registration_id
            WHERE sr.session_id = \(bind: sessionID) AND sr.status = 'confirme' AND r.status = 'confirme' ORDER BY r.name, r.id
            """
        ).all().map { (try $0.int("id"), try $0.string("name"), try $0.optionalString("organisation_name")) }
    }

    /// The directory organisation of a confirmed registration of the event whose
    /// organisation name folds to `folded` (a commitment naming it).
    func organisationNamed(folded: String, eventID: Int, on db: any SQLDatabase) async throws -> [(
        name: String, organisationID: Int
    )] {
        try await db.raw(
            """
            SELECT DISTINCT organisation_name, organisation_id FROM registrations
            WHERE event_id = \(bind: eventID) AND status = 'confirme' AND organisation_id IS NOT NULL AND organisation_name IS NOT NULL
            """
        ).all().map { (try $0.string("organisation_name"), try $0.int("organisation_id")) }.filter {
            TextNormalisation.fold($0.name) == folded
        }
    }

    /// Confirmed participants per world (their actor kind; nil when not given), for the
    /// event (`sessionID` nil) and per session where they held a confirmed seat.
    func worlds(eventID: Int, on db: any SQLDatabase) async throws -> [Int?: [ActorKind?: Int]] {
        var counts: [Int?: [ActorKind?: Int]] = [:]
        for row in try await db.raw(
            """
            SELECT actor_kind, COUNT(*) AS n FROM registrations WHERE event_id = \(bind: eventID) AND status = 'confirme'
            GROUP BY actor_kind
            """
        ).all() {
            counts[nil, default: [:]][try row.optionalCode(ActorKind.self, "actor_kind", in: "registrations")] =
                try row.int("n")
        }
        for row in try await db.raw(
            """
            SELECT sr.session_id, r.actor_kind, COUNT(*) AS n FROM session_registrations sr
            JOIN registrations r ON r.id = sr.registration_id JOIN event_sessions s ON s.id = sr.session_id
            WHERE s.event_id = \(bind: eventID) AND sr.status = 'confirme' AND r.status = 'confirme'
            GROUP BY sr.session_id, r.actor_kind
            """
        ).all() {
            counts[try row.int("session_id"), default: [:]][
                try row.optionalCode(ActorKind.self, "actor_kind", in: "registrations")] = try row.int("n")
        }
        return counts
    }
}
