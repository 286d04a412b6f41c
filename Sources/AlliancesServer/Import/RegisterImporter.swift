import AlliancesCore
import Foundation
import Logging
import SQLKit

/// Imports the official registers (INSEE COG, RNA) into the database.
///
/// Rows stream from the file through the parser into batches of `batchSize`; each batch
/// is one transaction, so an import killed half-way leaves whole batches only, and
/// running the same command again completes it (upserts by natural key: COG code, RNA
/// number). Unusable rows go to a rejects CSV beside the file and the import goes on.
public struct RegisterImporter: Sendable {
    public let database: Database
    public var batchSize = 1000
    public var progress: @Sendable (ImportProgress) -> Void = { _ in }
    /// Called after each committed batch; tests throw from it to simulate a killed import.
    var afterBatch: (@Sendable (ImportSummary) throws -> Void)?

    public init(database: Database) { self.database = database }

    /// Where rejected rows go: `FILE.rejets.csv` next to the imported file.
    public static func rejectsPath(for path: String) -> String { path + ".rejets.csv" }

    // MARK: Generic loop

    enum RowOutcome {
        case kept
        /// Not wanted here (e.g. an associated commune), not an error.
        case skipped
        case outsidePerimeter
    }

    func run(path: String, requiredColumns: [String],
                     map: (inout FieldReader) throws(RejectReason) -> RowOutcome,
                     flush: (inout ImportSummary) async throws -> Void) async throws -> ImportSummary {
        let start = Date()
        var summary = ImportSummary()
        let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let rejects = RejectsFile(path: Self.rejectsPath(for: path))
        try? FileManager.default.removeItem(atPath: rejects.path)
        let separator = try Self.detectSeparator(path: path)
        let file = CSVFile(path: path, separator: separator)
        var pending = 0
        let report = progress
        _ = try await file.read(requiredColumns: requiredColumns, onRecord: { header, record in
            summary.read += 1
            var fields = FieldReader(header: header, record: record)
            if record.unterminatedQuote {
                summary.rejected += 1
                try rejects.add(line: record.line, reason: "guillemet ouvrant sans guillemet fermant", raw: record.raw(separator: separator))
                return
            }
            do throws(RejectReason) {
                switch try map(&fields) {
                case .kept: pending += 1
                case .skipped: summary.skipped += 1
                case .outsidePerimeter: summary.outsidePerimeter += 1
                }
            } catch {
                summary.rejected += 1
                try rejects.add(line: record.line, reason: error.message, raw: record.raw(separator: separator))
            }
            if fields.usedFallback { summary.encodingFallbacks += 1 }
            if pending >= batchSize {
                try await flush(&summary)
                pending = 0
                try afterBatch?(summary)
            }
        }, onProgress: { bytes in
            report(ImportProgress(rows: summary.read, bytesRead: bytes, totalBytes: total, elapsed: Date().timeIntervalSince(start)))
        })
        try await flush(&summary)
        try rejects.close()
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// The separator is whichever of `;`, `,` and tab is most frequent on the first line.
    static func detectSeparator(path: String) throws -> UInt8 {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ImportError("Cannot open \(path).") }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 64 * 1024) ?? Data()
        let firstLine = head.prefix { $0 != 10 && $0 != 13 }
        let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 9]
        return candidates.max { a, b in firstLine.filter { $0 == a }.count < firstLine.filter { $0 == b }.count } ?? UInt8(ascii: ",")
    }

    // MARK: COG

    public func importRegions(path: String) async throws -> ImportSummary {
        var batch: [Region] = []
        return try await run(path: path, requiredColumns: COGFormat.regionColumns, map: { fields throws(RejectReason) in
            batch.append(try COGFormat.region(&fields))
            return .kept
        }, flush: { summary in
            let rows = batch
            batch.removeAll()
            guard !rows.isEmpty else { return }
            try await database.transaction { db in
                for region in rows {
                    if let existing = try await db.raw("SELECT name FROM regions WHERE code = \(bind: region.code)").first() {
                        if try existing.string("name") == region.name { summary.unchanged += 1; continue }
                        summary.updated += 1
                    } else {
                        summary.created += 1
                    }
                    try await db.raw("INSERT INTO regions (code, name) VALUES (\(bind: region.code), \(bind: region.name)) ON CONFLICT (code) DO UPDATE SET name = excluded.name").run()
                }
            }
        })
    }

    public func importDepartements(path: String) async throws -> ImportSummary {
        let regions = try await database.withConnection { db in
            Set(try await db.raw("SELECT code FROM regions").all().map { try $0.string("code") })
        }
        var batch: [Departement] = []
        return try await run(path: path, requiredColumns: COGFormat.departementColumns, map: { fields throws(RejectReason) in
            let dep = try COGFormat.departement(&fields)
            guard regions.contains(dep.regionCode) else { throw RejectReason("région inconnue : \(dep.regionCode) (importez d'abord les régions)") }
            batch.append(dep)
            return .kept
        }, flush: { summary in
            let rows = batch
            batch.removeAll()
            guard !rows.isEmpty else { return }
            try await database.transaction { db in
                for dep in rows {
                    let existing = try await db.raw("SELECT name, region_code FROM departements WHERE code = \(bind: dep.code)").first()
                    if let existing {
                        if try existing.string("name") == dep.name && existing.string("region_code") == dep.regionCode { summary.unchanged += 1; continue }
                        summary.updated += 1
                    } else {
                        summary.created += 1
                    }
                    try await db.raw("""
                        INSERT INTO departements (code, name, region_code) VALUES (\(bind: dep.code), \(bind: dep.name), \(bind: dep.regionCode))
                        ON CONFLICT (code) DO UPDATE SET name = excluded.name, region_code = excluded.region_code
                        """).run()
                }
            }
        })
    }

    public func importCommunes(path: String, departements: Perimeter?, includeAssociated: Bool = false) async throws -> ImportSummary {
        var batch: [COGCommune] = []
        return try await run(path: path, requiredColumns: COGFormat.communeColumns, map: { fields throws(RejectReason) in
            guard let commune = try COGFormat.commune(&fields, includeAssociated: includeAssociated) else { return .skipped }
            if let departements, !departements.contains(departement: commune.departementCode) {
                return .outsidePerimeter
            }
            batch.append(commune)
            return .kept
        }, flush: { summary in
            let rows = batch
            batch.removeAll()
            guard !rows.isEmpty else { return }
            try await database.transaction { db in
                let codes = rows.map(\.code)
                var existing: [String: String] = [:]
                for row in try await db.raw("SELECT code, name, departement_code, parent_code FROM communes WHERE code IN (\(binds: codes))").all() {
                    existing[try row.string("code")] = "\(try row.string("name"))|\(try row.string("departement_code"))|\(try row.optionalString("parent_code") ?? "")"
                }
                var values: [SQLQueryString] = []
                for commune in rows {
                    let fingerprint = "\(commune.name)|\(commune.departementCode)|\(commune.parentCode ?? "")"
                    switch existing[commune.code] {
                    case nil: summary.created += 1
                    case fingerprint?: summary.unchanged += 1; continue
                    default: summary.updated += 1
                    }
                    existing[commune.code] = fingerprint
                    values.append("(\(bind: commune.code), \(bind: commune.name), \(bind: TextNormalisation.fold(commune.name)), \(bind: commune.departementCode), \(bind: commune.parentCode))")
                }
                guard !values.isEmpty else { return }
                try await db.raw("INSERT INTO communes (code, name, name_folded, departement_code, parent_code) VALUES "
                    + values.joined(separator: ", ")
                    + " ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_folded = excluded.name_folded, departement_code = excluded.departement_code, parent_code = excluded.parent_code").run()
            }
        })
    }

    public struct CoordinateColumns: Sendable {
        public var code = "code_commune_insee"
        public var latitude = "latitude"
        public var longitude = "longitude"
        public init() {}
    }

    /// Sets latitude/longitude of known communes. Unknown codes are rejected (import the COG first).
    public func importCoordinates(path: String, columns: CoordinateColumns) async throws -> ImportSummary {
        let known = try await communeDepartements()
        var batch: [(code: String, lat: Double, lon: Double)] = []
        return try await run(path: path, requiredColumns: [columns.code, columns.latitude, columns.longitude], map: { fields throws(RejectReason) in
            guard let code = fields(columns.code)?.uppercased(), CommuneCode.isWellFormed(code) else { throw RejectReason("code INSEE absent ou mal formé") }
            guard known[code] != nil else { throw RejectReason("commune inconnue : \(code) (importez d'abord le COG)") }
            guard let lat = fields(columns.latitude).flatMap({ Double($0.replacingOccurrences(of: ",", with: ".")) }),
                  let lon = fields(columns.longitude).flatMap({ Double($0.replacingOccurrences(of: ",", with: ".")) }),
                  (-90...90).contains(lat), (-180...180).contains(lon) else {
                throw RejectReason("latitude ou longitude absente ou hors limites")
            }
            batch.append((code, lat, lon))
            return .kept
        }, flush: { summary in
            let rows = batch
            batch.removeAll()
            guard !rows.isEmpty else { return }
            try await database.transaction { db in
                var current: [String: (Double?, Double?)] = [:]
                for row in try await db.raw("SELECT code, latitude, longitude FROM communes WHERE code IN (\(binds: rows.map(\.code)))").all() {
                    current[try row.string("code")] = (try row.optionalDouble("latitude"), try row.optionalDouble("longitude"))
                }
                for row in rows {
                    if let existing = current[row.code], existing.0 == row.lat, existing.1 == row.lon { summary.unchanged += 1; continue }
                    summary.updated += 1
                    current[row.code] = (row.lat, row.lon)
                    try await db.raw("UPDATE communes SET latitude = \(bind: row.lat), longitude = \(bind: row.lon) WHERE code = \(bind: row.code)").run()
                }
            }
        })
    }

    /// Every known commune with its département, loaded once per import.
    func communeDepartements() async throws -> [String: String] {
        try await database.withConnection { db in
            var map: [String: String] = [:]
            for row in try await db.raw("SELECT code, departement_code FROM communes").all() {
                map[try row.string("code")] = try row.string("departement_code")
            }
            return map
        }
    }
}
