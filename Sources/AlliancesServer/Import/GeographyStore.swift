import AlliancesCore
import SQLKit

/// All SQL of the reference geography the imports write: `regions`, `departements`,
/// `communes` (names, parents, coordinates). Every method takes the connection to run on.
struct GeographyStore: Sendable {
    func regionName(code: String, on db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT name FROM regions WHERE code = \(bind: code)").first()?.string("name")
    }

    func saveRegion(code: String, name: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            "INSERT INTO regions (code, name) VALUES (\(bind: code), \(bind: name)) ON CONFLICT (code) DO UPDATE SET name = excluded.name"
        ).run()
    }

    func regionCodes(on db: any SQLDatabase) async throws -> Set<String> {
        Set(try await db.raw("SELECT code FROM regions").all().map { try $0.string("code") })
    }

    /// A département as stored: (name, region code).
    func departement(code: String, on db: any SQLDatabase) async throws -> (name: String, regionCode: String)? {
        try await db.raw("SELECT name, region_code FROM departements WHERE code = \(bind: code)").first().map {
            (try $0.string("name"), try $0.string("region_code"))
        }
    }

    func saveDepartement(code: String, name: String, regionCode: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO departements (code, name, region_code) VALUES (\(bind: code), \(bind: name), \(bind: regionCode))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, region_code = excluded.region_code
            """
        ).run()
    }

    struct StoredCommune: Sendable {
        let name: String
        let departementCode: String
        let parentCode: String?
    }

    func communes(codes: [String], on db: any SQLDatabase) async throws -> [String: StoredCommune] {
        guard !codes.isEmpty else { return [:] }
        var stored: [String: StoredCommune] = [:]
        for row in try await db.raw(
            "SELECT code, name, departement_code, parent_code FROM communes WHERE code IN (\(binds: codes))"
        ).all() {
            stored[try row.string("code")] = StoredCommune(
                name: try row.string("name"), departementCode: try row.string("departement_code"),
                parentCode: try row.optionalString("parent_code"))
        }
        return stored
    }

    /// Writes communes (new or changed), in one statement.
    func saveCommunes(_ communes: [COGCommune], on db: any SQLDatabase) async throws {
        guard !communes.isEmpty else { return }
        let values: [SQLQueryString] = communes.map { commune in
            "(\(bind: commune.code), \(bind: commune.name), \(bind: TextNormalisation.fold(commune.name)), \(bind: commune.departementCode), \(bind: commune.parentCode))"
        }
        try await db.raw(
            "INSERT INTO communes (code, name, name_folded, departement_code, parent_code) VALUES "
                + values.joined(separator: ", ")
                + " ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_folded = excluded.name_folded, departement_code = excluded.departement_code, parent_code = excluded.parent_code"
        ).run()
    }

    /// Stored coordinates of these communes (nil when unknown).
    func coordinates(codes: [String], on db: any SQLDatabase) async throws -> [String: (
        latitude: Double?, longitude: Double?
    )] {
        guard !codes.isEmpty else { return [:] }
        var stored: [String: (latitude: Double?, longitude: Double?)] = [:]
        for row in try await db.raw(
            "SELECT code, latitude, longitude FROM communes WHERE code IN (\(binds: codes))"
        ).all() {
            stored[try row.string("code")] = (try row.optionalDouble("latitude"), try row.optionalDouble("longitude"))
        }
        return stored
    }

    func saveCoordinates(code: String, latitude: Double, longitude: Double, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE communes SET latitude = \(bind: latitude), longitude = \(bind: longitude) WHERE code = \(bind: code)"
        ).run()
    }

    /// Every known commune with its département.
    func communeDepartements(on db: any SQLDatabase) async throws -> [String: String] {
        var map: [String: String] = [:]
        for row in try await db.raw("SELECT code, departement_code FROM communes").all() {
            map[try row.string("code")] = try row.string("departement_code")
        }
        return map
    }
}
