import AlliancesCore
import SQLKit

/// Regions, départements (reference data built in) and communes (filled by imports and the demo).
struct CreateGeography: Migration {
    let version = 1
    let name = "create-geography"

    func prepare(on db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await ddl(
            [
                "CREATE TABLE regions (code TEXT PRIMARY KEY, name TEXT NOT NULL)",
                """
                CREATE TABLE departements (
                    code TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    region_code TEXT NOT NULL REFERENCES regions(code)
                )
                """,
                """
                CREATE TABLE communes (
                    code TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    name_folded TEXT NOT NULL,
                    departement_code TEXT NOT NULL REFERENCES departements(code),
                    parent_code TEXT,
                    latitude DOUBLE PRECISION,
                    longitude DOUBLE PRECISION
                )
                """,
                "CREATE INDEX communes_by_departement ON communes (departement_code, name_folded)",
                "CREATE INDEX communes_by_name ON communes (name_folded)"
            ], on: db, engine: engine)
        for region in ReferenceGeography.regions {
            try await db.raw("INSERT INTO regions (code, name) VALUES (\(bind: region.code), \(bind: region.name))")
                .run()
        }
        for dep in ReferenceGeography.departements {
            try await db.raw(
                "INSERT INTO departements (code, name, region_code) VALUES (\(bind: dep.code), \(bind: dep.name), \(bind: dep.regionCode))"
            ).run()
        }
    }
}
