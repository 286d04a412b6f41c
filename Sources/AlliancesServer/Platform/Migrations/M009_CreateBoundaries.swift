import SQLKit

/// Outlines of départements and communes for the offline SVG map, imported from GeoJSON
/// (simplified, as `AreaShape.encoded` text: the map needs no GIS extension on either engine).
struct CreateBoundaries: Migration {
    let version = 9
    let name = "create-boundaries"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                """
                CREATE TABLE boundaries (
                    level TEXT NOT NULL,
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    rings TEXT NOT NULL,
                    imported_at BIGINT NOT NULL,
                    PRIMARY KEY (level, code)
                )
                """
            ], on: db, engine: engine)
    }
}
