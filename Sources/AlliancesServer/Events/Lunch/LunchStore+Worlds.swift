import AlliancesCore
import SQLKit

/// How the worlds mixed at lunch, for the synthesis.
extension LunchStore {
    /// Per table of the plan, its confirmed participants by world (nil: not given).
    func worlds(eventID: Int, on db: any SQLDatabase) async throws -> [Int: [ActorKind?: Int]] {
        var tables: [Int: [ActorKind?: Int]] = [:]
        for row in try await db.raw(
            """
            SELECT l.table_no, r.actor_kind, COUNT(*) AS n FROM lunch_seats l JOIN registrations r ON r.id = l.registration_id
            WHERE l.event_id = \(bind: eventID) AND r.status = 'confirme' GROUP BY l.table_no, r.actor_kind
            """
        ).all() {
            tables[try row.int("table_no"), default: [:]][
                try row.optionalCode(ActorKind.self, "actor_kind", in: "registrations")] = try row.int("n")
        }
        return tables
    }
}
