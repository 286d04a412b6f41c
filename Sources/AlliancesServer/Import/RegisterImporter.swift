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
    public var batchSize = 5000
    /// Estimated rows (file size / 250 bytes) from which an organisations import that is
    /// the lab's first drops and rebuilds the secondary indexes (`withBulkLoad`).
    public var bulkThreshold = 50_000
    /// Bytes read at a time (about 300 RNA rows): a batch is handed over as soon as it is
    /// full, not when the rest of a larger read is parsed.
    static let chunkSize = 64 * 1024
    public var progress: @Sendable (ImportProgress) -> Void = { _ in }
    /// Called after each committed batch; tests throw from it to simulate a killed import.
    var afterBatch: (@Sendable (ImportSummary) async throws -> Void)?

    public init(database: Database) { self.database = database }

    /// Where rejected rows go: `FILE.rejets.csv` next to the imported file.
    public static func rejectsPath(for path: String) -> String { path + ".rejets.csv" }

    // MARK: Generic loop

    enum RowOutcome<Row> {
        case keep(Row)
        /// Not wanted here (e.g. an associated commune), not an error.
        case skipped
        case outsidePerimeter
    }

    /// Reads the file, maps each record to a row (or a skip, or a reject with its reason),
    /// and hands the kept rows to `write` in batches of `batchSize`, each batch once, in
    /// order; `write` returns that batch's counts.
    func run<Row: Sendable>(
        path: String, requiredColumns: [String],
        map: (inout FieldReader) throws(RejectReason) -> RowOutcome<Row>,
        write: @escaping @Sendable ([Row]) async throws -> ImportSummary
    ) async throws -> ImportSummary {
        try await run(path: path, requiredColumns: requiredColumns, map: map, prepare: { $0 }, write: write)
    }

    /// `run` with a `prepare` step for each full batch, done by the reader in file order
    /// (fingerprints, folded names, the values to insert: whatever needs no database), so
    /// that the writes, one after the other, do only database work. Up to two batches are
    /// in flight while the next is read: they commit in file order (each write waits for
    /// the one before, and fails with it), and memory stays bounded. (Preparing beside the
    /// reader, on a third thread, was slower on two cores: BENCHMARKS.md.)
    func run<Row: Sendable, Batch: Sendable>(
        path: String, requiredColumns: [String],
        map: (inout FieldReader) throws(RejectReason) -> RowOutcome<Row>,
        prepare: ([Row]) -> Batch,
        write: @escaping @Sendable (Batch) async throws -> ImportSummary
    ) async throws -> ImportSummary {
        let start = Date()
        var summary = ImportSummary()
        let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let rejects = RejectsFile(path: Self.rejectsPath(for: path))
        try? FileManager.default.removeItem(atPath: rejects.path)
        let separator = try Self.detectSeparator(path: path)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ImportError("Cannot open \(path).") }
        defer { try? handle.close() }
        var parser = CSVParser(separator: separator)
        var header: CSVHeader?
        var bytesRead = 0
        var batch: [Row] = []
        batch.reserveCapacity(batchSize)
        func consume(_ record: CSVRecord) throws {
            guard let header else {
                let found = CSVHeader(record)
                let missing = found.missing(requiredColumns)
                guard missing.isEmpty else {
                    throw ImportError(
                        "\(path) is not in the expected format: missing column(s) \(missing.joined(separator: ", ")) (found: \(found.names.prefix(12).joined(separator: ", ")))."
                    )
                }
                header = found
                return
            }
            summary.read += 1
            if record.unterminatedQuote {
                summary.rejected += 1
                try rejects.add(
                    line: record.line, reason: "guillemet ouvrant sans guillemet fermant",
                    raw: record.raw(separator: separator))
                return
            }
            var fields = FieldReader(header: header, record: record)
            do throws(RejectReason) {
                switch try map(&fields) {
                case .keep(let row): batch.append(row)
                case .skipped: summary.skipped += 1
                case .outsidePerimeter: summary.outsidePerimeter += 1
                }
            } catch {
                summary.rejected += 1
                try rejects.add(line: record.line, reason: error.message, raw: record.raw(separator: separator))
            }
            if fields.usedFallback { summary.encodingFallbacks += 1 }
        }
        // Each record is mapped as the parser completes it, so no record outlives its
        // row; the loop suspends only to hand over full batches.
        // A write hands its batch back, so that the reader frees it (a few hundred thousand
        // strings) and the next write does not wait for that.
        var inFlight: [Task<(ImportSummary, Batch), any Error>] = []
        func settleOldest() async throws {
            let task = inFlight.removeFirst()
            summary.add(try await task.value.0)
            try await afterBatch?(summary)
        }
        func launch(_ rows: [Row]) async throws {
            if inFlight.count == 2 { try await settleOldest() }
            let previous = inFlight.last
            let prepared = prepare(rows)
            inFlight.append(
                Task {
                    if let previous { _ = try await previous.value }
                    return (try await write(prepared), prepared)
                })
        }
        do {
            while true {
                let chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
                if chunk.isEmpty {
                    try parser.finish(emit: consume)
                } else {
                    bytesRead += chunk.count
                    try parser.feed(chunk, emit: consume)
                }
                while batch.count >= batchSize {
                    let full = Array(batch.prefix(batchSize))
                    batch.removeFirst(batchSize)
                    try await launch(full)
                }
                progress(
                    ImportProgress(
                        rows: summary.read, bytesRead: bytesRead, totalBytes: total,
                        elapsed: Date().timeIntervalSince(start)))
                if chunk.isEmpty { break }
            }
            guard header != nil else { throw ImportError("\(path) is empty: no header line.") }
            if !batch.isEmpty { try await launch(batch) }
            while !inFlight.isEmpty { try await settleOldest() }
        } catch {
            // Never leave a batch being written behind: each commits or fails before we go.
            for task in inFlight { _ = await task.result }
            throw error
        }
        try rejects.close()
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Runs the read loop with the RNA rules and no database (memory and speed checks by
    /// `alliances-bench parse-async`).
    public static func parseOnly(path: String) async throws -> ImportSummary {
        // The pool never opens a connection: nothing is written.
        let database = try Database(
            location: .sqlite(
                path: FileManager.default.temporaryDirectory.appendingPathComponent("unused.sqlite").path),
            logger: .init(label: "parse"))
        var reader = RNAFormat.Reader()
        let summary = try await RegisterImporter(database: database).run(
            path: path, requiredColumns: RNAFormat.requiredColumns,
            map: { fields throws(RejectReason) -> RowOutcome<RegisterOrganisation> in
                .keep(try reader.organisation(&fields))
            }, write: { rows in ImportSummary(unchanged: rows.count) })
        await database.shutdown()
        return summary
    }

    /// Counts a row as created, updated or unchanged by comparing what is stored with
    /// what the file says; true when the row must be written.
    static func tally(_ summary: inout ImportSummary, stored: String?, incoming: String) -> Bool {
        switch stored {
        case nil: summary.created += 1; return true
        case incoming?: summary.unchanged += 1; return false
        default: summary.updated += 1; return true
        }
    }

    /// Where a row with this commune stands against the lab's perimeter (narrowed by
    /// `departements`): nil when inside; a reject when the commune is unknown.
    static func outsidePerimeter(commune: String, communes: [String: String], lab: Lab, departements: Perimeter?)
        throws(RejectReason) -> Bool
    {
        guard let dep = communes[commune] else {
            throw RejectReason("commune inconnue : \(commune) (importez d'abord le COG des communes)")
        }
        return !(lab.perimeter.contains(departement: dep) && (departements?.contains(departement: dep) ?? true))
    }

    /// The separator is whichever of `;`, `,` and tab is most frequent on the first line.
    static func detectSeparator(path: String) throws -> UInt8 {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ImportError("Cannot open \(path).") }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 64 * 1024) ?? Data()
        let firstLine = head.prefix { $0 != 10 && $0 != 13 }
        let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), 9]
        return candidates.max { a, b in firstLine.filter { $0 == a }.count < firstLine.filter { $0 == b }.count }
            ?? UInt8(ascii: ",")
    }

    // MARK: COG

    public func importRegions(path: String) async throws -> ImportSummary {
        try await run(
            path: path, requiredColumns: COGFormat.regionColumns,
            map: { fields throws(RejectReason) -> RowOutcome<Region> in
                .keep(try COGFormat.region(&fields))
            },
            write: { rows in
                var summary = ImportSummary()
                let geography = GeographyStore()
                try await database.transaction { db in
                    for region in rows {
                        let stored = try await geography.regionName(code: region.code, on: db)
                        guard Self.tally(&summary, stored: stored, incoming: region.name) else { continue }
                        try await geography.saveRegion(code: region.code, name: region.name, on: db)
                    }
                }
                return summary
            })
    }

    public func importDepartements(path: String) async throws -> ImportSummary {
        let geography = GeographyStore()
        let regions = try await database.withConnection { db in try await geography.regionCodes(on: db) }
        return try await run(
            path: path, requiredColumns: COGFormat.departementColumns,
            map: { fields throws(RejectReason) -> RowOutcome<Departement> in
                let dep = try COGFormat.departement(&fields)
                guard regions.contains(dep.regionCode) else {
                    throw RejectReason("région inconnue : \(dep.regionCode) (importez d'abord les régions)")
                }
                return .keep(dep)
            },
            write: { rows in
                var summary = ImportSummary()
                try await database.transaction { db in
                    for dep in rows {
                        let stored = try await geography.departement(code: dep.code, on: db).map {
                            "\($0.name)|\($0.regionCode)"
                        }
                        guard Self.tally(&summary, stored: stored, incoming: "\(dep.name)|\(dep.regionCode)") else {
                            continue
                        }
                        try await geography.saveDepartement(
                            code: dep.code, name: dep.name, regionCode: dep.regionCode, on: db)
                    }
                }
                return summary
            })
    }

    public func importCommunes(path: String, departements: Perimeter?, includeAssociated: Bool = false) async throws
        -> ImportSummary
    {
        try await run(
            path: path, requiredColumns: COGFormat.communeColumns,
            map: { fields throws(RejectReason) -> RowOutcome<COGCommune> in
                guard let commune = try COGFormat.commune(&fields, includeAssociated: includeAssociated) else {
                    return .skipped
                }
                if let departements, !departements.contains(departement: commune.departementCode) {
                    return .outsidePerimeter
                }
                return .keep(commune)
            },
            write: { rows in
                var summary = ImportSummary()
                let geography = GeographyStore()
                try await database.transaction { db in
                    var stored: [String: String] = [:]
                    for (code, commune) in try await geography.communes(codes: rows.map(\.code), on: db) {
                        stored[code] = "\(commune.name)|\(commune.departementCode)|\(commune.parentCode ?? "")"
                    }
                    var changed: [COGCommune] = []
                    for commune in rows {
                        let incoming = "\(commune.name)|\(commune.departementCode)|\(commune.parentCode ?? "")"
                        guard Self.tally(&summary, stored: stored[commune.code], incoming: incoming) else { continue }
                        stored[commune.code] = incoming
                        changed.append(commune)
                    }
                    try await geography.saveCommunes(changed, on: db)
                }
                return summary
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
        return try await run(
            path: path, requiredColumns: [columns.code, columns.latitude, columns.longitude],
            map: { fields throws(RejectReason) -> RowOutcome<(code: String, lat: Double, lon: Double)> in
                guard let code = fields(columns.code)?.uppercased(), CommuneCode.isWellFormed(code) else {
                    throw RejectReason("code INSEE absent ou mal formé")
                }
                guard known[code] != nil else {
                    throw RejectReason("commune inconnue : \(code) (importez d'abord le COG)")
                }
                guard
                    let lat = fields(columns.latitude).flatMap({ Double($0.replacingOccurrences(of: ",", with: ".")) }),
                    let lon = fields(columns.longitude).flatMap({ Double($0.replacingOccurrences(of: ",", with: ".")) }
                    ),
                    (-90...90).contains(lat), (-180...180).contains(lon)
                else {
                    throw RejectReason("latitude ou longitude absente ou hors limites")
                }
                return .keep((code: code, lat: lat, lon: lon))
            },
            write: { rows in
                var summary = ImportSummary()
                let geography = GeographyStore()
                try await database.transaction { db in
                    var stored: [String: String] = [:]
                    for (code, point) in try await geography.coordinates(codes: rows.map(\.code), on: db) {
                        stored[code] = "\(point.latitude ?? .nan)|\(point.longitude ?? .nan)"
                    }
                    for row in rows {
                        let incoming = "\(row.lat)|\(row.lon)"
                        guard Self.tally(&summary, stored: stored[row.code], incoming: incoming) else { continue }
                        stored[row.code] = incoming
                        try await geography.saveCoordinates(
                            code: row.code, latitude: row.lat, longitude: row.lon, on: db)
                    }
                }
                return summary
            })
    }

    /// Every known commune with its département, loaded once per import.
    func communeDepartements() async throws -> [String: String] {
        try await database.withConnection { db in try await GeographyStore().communeDepartements(on: db) }
    }
}
