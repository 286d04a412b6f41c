import SQLKit

/// The lunch table plan of an event: each confirmed participant's table and the table's
/// region (NULL: several regions), kept until the organiser composes the plan again.
struct AddLunchTables: Migration {
    let version = 17
    let name = "add-lunch-tables"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "ALTER TABLE events ADD COLUMN lunch_table_size BIGINT NOT NULL DEFAULT 8",
                """
                CREATE TABLE lunch_seats (
                    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                    registration_id BIGINT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
                    table_no BIGINT NOT NULL,
                    region TEXT,
                    PRIMARY KEY (registration_id)
                )
                """,
                "CREATE INDEX lunch_seats_by_event ON lunch_seats (event_id, table_no)"
            ], on: db, engine: engine)
    }
}
