import AlliancesCore
import SQLKit

/// All SQL of the lunch table plan: `lunch_seats`, and the event's table size.
struct LunchStore: Sendable {
    struct SeatRow: Sendable, Equatable {
        let registrationID: Int
        let table: Int
        let region: String?
    }

    func seats(eventID: Int, on db: any SQLDatabase) async throws -> [SeatRow] {
        try await db.raw(
            """
            SELECT registration_id, table_no, region FROM lunch_seats WHERE event_id = \(bind: eventID)
            ORDER BY table_no, registration_id
            """
        ).all().map(Self.decode)
    }

    /// The two people's seats at this event's lunch (fewer when an id is of nobody here).
    func seats(eventID: Int, registrations ids: (Int, Int), on db: any SQLDatabase) async throws -> [SeatRow] {
        try await db.raw(
            """
            SELECT registration_id, table_no, region FROM lunch_seats
            WHERE event_id = \(bind: eventID) AND registration_id IN (\(bind: ids.0), \(bind: ids.1))
            """
        ).all().map(Self.decode)
    }

    /// A participant's table number, once the plan is composed.
    func table(registrationID: Int, on db: any SQLDatabase) async throws -> Int? {
        try await db.raw("SELECT table_no FROM lunch_seats WHERE registration_id = \(bind: registrationID)")
            .first()?.int("table_no")
    }

    func tableSize(eventID: Int, on db: any SQLDatabase) async throws -> Int? {
        try await db.raw("SELECT lunch_table_size FROM events WHERE id = \(bind: eventID)").first()?
            .optionalInt("lunch_table_size")
    }

    /// Replaces the event's plan: `tables[n]` seats its people at table n + 1.
    func replacePlan(
        eventID: Int, tableSize: Int, tables: [(registrations: [Int], region: String?)], on db: any SQLDatabase
    ) async throws {
        try await db.raw("UPDATE events SET lunch_table_size = \(bind: tableSize) WHERE id = \(bind: eventID)").run()
        try await db.raw("DELETE FROM lunch_seats WHERE event_id = \(bind: eventID)").run()
        for (number, table) in tables.enumerated() {
            for registrationID in table.registrations {
                try await db.raw(
                    """
                    INSERT INTO lunch_seats (event_id, registration_id, table_no, region)
                    VALUES (\(bind: eventID), \(bind: registrationID), \(bind: number + 1), \(bind: table.region))
                    """
                ).run()
            }
        }
    }

    func move(eventID: Int, registrationID: Int, to seat: SeatRow, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE lunch_seats SET table_no = \(bind: seat.table), region = \(bind: seat.region)
            WHERE event_id = \(bind: eventID) AND registration_id = \(bind: registrationID)
            """
        ).run()
    }

    static func decode(_ row: any SQLRow) throws -> SeatRow {
        SeatRow(
            registrationID: try row.int("registration_id"), table: try row.int("table_no"),
            region: try row.optionalString("region"))
    }
}
