import AlliancesCore
import SQLKit

extension RegistrationStore {
    /// A lab's rencontres (not drafts) starting between two days (`YYYY-MM-DD`, both
    /// included), their confirmed registrations and the people checked in at the door.
    func labFigures(labID: Int, fromDay: String, toDay: String, on db: any SQLDatabase) async throws
        -> (events: Int, registrations: Int, attendees: Int)
    {
        let row = try await db.raw(
            """
            SELECT COUNT(DISTINCT e.id) AS events,
              COUNT(CASE WHEN r.status = \(bind: SeatStatus.confirmed.rawValue) THEN 1 END) AS registrations,
              COUNT(r.checked_in_at) AS attendees
            FROM events e LEFT JOIN registrations r ON r.event_id = e.id
            WHERE e.lab_id = \(bind: labID) AND e.status <> \(bind: EventStatus.draft.rawValue)
              AND e.starts_at >= \(bind: fromDay) AND e.starts_at < \(bind: toDay + "T99")
            """
        ).first()
        return (try row?.int("events") ?? 0, try row?.int("registrations") ?? 0, try row?.int("attendees") ?? 0)
    }
}
