import AlliancesCore
import Foundation
import SQLKit

/// Outlines for the map, and their import from GeoJSON.
public struct BoundaryStore: Sendable {
    public init() {}

    enum Level: String, Sendable {
        case departement, commune
    }

    func shapes(level: Level, codes: [String]?, on db: any SQLDatabase) async throws -> [AreaShape] {
        var query: SQLQueryString = "SELECT code, name, rings FROM boundaries WHERE level = \(bind: level.rawValue)"
        if let codes {
            guard !codes.isEmpty else { return [] }
            query += " AND code IN (\(SQLList(codes.map { SQLBind($0) })))"
        }
        return try await db.raw(query + " ORDER BY code").all().map {
            AreaShape.decode(code: try $0.string("code"), name: try $0.string("name"), try $0.string("rings"))
        }
    }

    func save(_ shape: AreaShape, level: Level, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO boundaries (level, code, name, rings, imported_at) VALUES (\(bind: level.rawValue), \(bind: shape.code), \(bind: shape.name), \(bind: shape.encoded), \(bind: nowSeconds()))
            ON CONFLICT (level, code) DO UPDATE SET name = excluded.name, rings = excluded.rings, imported_at = excluded.imported_at
            """
        ).run()
    }

    public struct ImportSummary: Sendable, CustomStringConvertible {
        public var saved = 0
        public var rejected: [String] = []
        public var description: String {
            "\(saved) contour(s) enregistré(s), \(rejected.count) rejeté(s)"
                + (rejected.isEmpty ? "" : " :\n" + rejected.prefix(20).joined(separator: "\n"))
        }
    }

    /// Reads a GeoJSON FeatureCollection of Polygon/MultiPolygon features with an INSEE code
    /// in their properties (`code`, `INSEE_DEP`, `INSEE_COM`, `code_insee`, `insee`, `DEP`…,
    /// or `codeProperty`), simplifies each outline and stores it. The level comes from the
    /// code: 2–3 characters a département, 5 a commune.
    public static func importGeoJSON(
        data: Data, database: Database, codeProperty: String?, nameProperty: String?, tolerance: Double
    ) async throws -> ImportSummary {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AppError.badRequest("Ce fichier n'est pas du JSON valide.")
        }
        guard let features = root["features"] as? [[String: Any]] else {
            throw AppError.badRequest(
                "Ce fichier n'est pas une FeatureCollection GeoJSON (pas de tableau « features »).")
        }
        let codeKeys =
            [codeProperty].compactMap { $0 } + [
                "code", "INSEE_DEP", "INSEE_COM", "code_insee", "insee", "DEP", "COM", "codgeo", "CODGEO"
            ]
        let nameKeys =
            [nameProperty].compactMap { $0 } + ["nom", "NOM", "name", "NOM_DEP", "NOM_COM", "libelle", "LIBELLE"]
        var summary = ImportSummary()
        var shapes: [(AreaShape, Level)] = []
        for (index, feature) in features.enumerated() {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            let code = codeKeys.lazy.compactMap { key -> String? in
                if let text = properties[key] as? String { return text }
                if let number = properties[key] as? Int { return String(number) }
                return nil
            }.first?.uppercased()
            guard let code,
                code.count == 5 ? CommuneCode.isWellFormed(code) : ReferenceGeography.departementsByCode[code] != nil
            else {
                summary.rejected.append("élément \(index + 1) : pas de code INSEE de département ou de commune reconnu")
                continue
            }
            let name =
                nameKeys.lazy.compactMap { properties[$0] as? String }.first ?? ReferenceGeography.departementsByCode[
                    code]?.name ?? code
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String,
                let coordinates = geometry["coordinates"] as? [Any]
            else {
                summary.rejected.append("élément \(index + 1) (\(code)) : pas de géométrie")
                continue
            }
            var polygons: [[Any]] = []
            switch type {
            case "Polygon": polygons = [coordinates]
            case "MultiPolygon": polygons = coordinates.compactMap { $0 as? [Any] }
            default:
                summary.rejected.append(
                    "élément \(index + 1) (\(code)) : géométrie \(type) non prise en charge (Polygon ou MultiPolygon)")
                continue
            }
            // Outer ring of each polygon only.
            let rings: [[(lon: Double, lat: Double)]] = polygons.compactMap { polygon in
                (polygon.first as? [Any])?.compactMap { point -> (lon: Double, lat: Double)? in
                    guard let pair = point as? [Any], pair.count >= 2, let lon = (pair[0] as? NSNumber)?.doubleValue,
                        let lat = (pair[1] as? NSNumber)?.doubleValue,
                        (-180...180).contains(lon), (-90...90).contains(lat)
                    else { return nil }
                    return (lon, lat)
                }
            }
            let shape = AreaShape(code: code, name: name, rings: rings).simplified(tolerance: tolerance)
            guard !shape.rings.isEmpty else {
                summary.rejected.append("élément \(index + 1) (\(code)) : contour vide ou invalide")
                continue
            }
            shapes.append((shape, code.count == 5 ? .commune : .departement))
        }
        let store = BoundaryStore()
        for chunk in stride(from: 0, to: shapes.count, by: 500) {
            try await database.transaction { db in
                for (shape, level) in shapes[chunk..<min(chunk + 500, shapes.count)] {
                    try await store.save(shape, level: level, on: db)
                }
            }
        }
        summary.saved = shapes.count
        return summary
    }
}
