import Foundation
import Logging

/// What `backup` wrote.
public struct BackupReport: Sendable {
    public let path: String
    public let bytes: Int
    public let manifest: BackupManifest
}

/// What `restore` put back, and what it moved aside to make room.
public struct RestoreReport: Sendable {
    public let manifest: BackupManifest
    /// Former database files and data folder, renamed `….before-restore-STAMP`, never deleted.
    public let movedAside: [String]
    /// Migrations this binary will apply at the next start (a backup of an older version).
    public let pendingMigrations: Int
}

/// Backups and restores of a whole installation: the database and the data folder
/// (documents, uploaded register files, the outbox) in one `.tar.gz` with a manifest
/// (docs/DEPLOYMENT.md).
///
/// - SQLite: `VACUUM INTO` copies the live database in one read transaction while the
///   server goes on writing (WAL), so the copy is consistent and compact.
/// - PostgreSQL: a repeatable-read transaction exports its snapshot, counts the rows in it,
///   and `pg_dump --snapshot` dumps exactly that snapshot.
///
/// The database is copied first, then the data files: a file a row names is written before
/// the row commits, so every file the copy names is in the archive.
public struct BackupService: Sendable {
    let database: Database
    let logger: Logger
    let store = BackupStore()

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Writes one archive at `output` (never over an existing file): first `output.partial`,
    /// renamed when complete, so a crash never leaves a file that looks like a backup.
    /// Paths in `excluding` (a backup folder inside the data folder) are left out.
    public func backup(to output: String, dataDirectory: String?, excluding: [String] = []) async throws
        -> BackupReport
    {
        let files = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let folder = target.deletingLastPathComponent()
        guard files.fileExists(atPath: folder.path) else {
            throw BackupFailure("The folder of \(output) does not exist.")
        }
        guard !files.fileExists(atPath: target.path) else {
            throw BackupFailure("\(output) already exists: a backup never replaces a file; give another name.")
        }
        guard let tar = ExternalCommand.find("tar") else {
            throw BackupFailure("tar is not installed (Debian: apt install tar).")
        }
        let staging = folder.appendingPathComponent(".alliances-backup-\(UUID().uuidString)")
        try files.createDirectory(at: staging, withIntermediateDirectories: false)
        defer { try? files.removeItem(at: staging) }

        var manifest =
            switch database.engine {
            case .sqlite: try await snapshotSQLite(into: staging)
            case .postgres: try await snapshotPostgres(into: staging)
            }
        if let dataDirectory, files.fileExists(atPath: dataDirectory) {
            let (into, skipped) = (staging.appendingPathComponent("data"), excluding + [staging.path, target.path])
            manifest.files += try await ExternalCommand.offloaded {
                try Self.stage(data: dataDirectory, into: into, excluding: skipped)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: staging.appendingPathComponent("manifest.json"))

        let partial = target.path + ".partial"
        try? files.removeItem(atPath: partial)
        do {
            try await ExternalCommand.run(tar, ["-czf", partial, "-C", staging.path, "."])
            try files.moveItem(atPath: partial, toPath: target.path)
        } catch {
            try? files.removeItem(atPath: partial)
            throw BackupFailure("Cannot write \(output): \(error)")
        }
        let bytes = (try? files.attributesOfItem(atPath: target.path))?[.size] as? Int ?? 0
        return BackupReport(path: target.path, bytes: bytes, manifest: manifest)
    }

    func snapshotSQLite(into staging: URL) async throws -> BackupManifest {
        let file = staging.appendingPathComponent("database.sqlite").path
        let store = self.store
        try await database.withConnection { db in try await store.vacuumInto(path: file, on: db) }
        // Counted in the copy itself: the live database has moved on meanwhile.
        let copy = try Database(location: .sqlite(path: file), logger: logger, maxConnectionsPerEventLoop: 1)
        let counted: ([String: Int], Int)
        do {
            counted = try await copy.withConnection { db in
                (try await store.counts(engine: .sqlite, on: db), try await store.schemaVersion(on: db))
            }
            try await copy.checkpoint()
            await copy.shutdown()
        } catch {
            await copy.shutdown()
            throw error
        }
        return try await Self.manifest(engine: .sqlite, file: file, tables: counted.0, schemaVersion: counted.1)
    }

    /// The manifest of a database copy written at `file` (its name in the archive is the
    /// file's name), the copy's digest taken off the server's threads.
    static func manifest(engine: DatabaseEngine, file: String, tables: [String: Int], schemaVersion: Int)
        async throws -> BackupManifest
    {
        let digest = try await ExternalCommand.offloaded { try BackupManifest.digest(path: file) }
        let name = (file as NSString).lastPathComponent
        return BackupManifest(
            createdAt: nowSeconds(), schemaVersion: schemaVersion, engine: engine.rawValue, database: name,
            tables: tables, files: [.init(path: name, bytes: digest.bytes, sha256: digest.sha256)])
    }

    func snapshotPostgres(into staging: URL) async throws -> BackupManifest {
        guard case .postgres(let url) = database.location else { throw BackupFailure("Not a PostgreSQL database.") }
        guard let pgDump = ExternalCommand.find("pg_dump") else {
            throw BackupFailure(
                "pg_dump is not installed: install PostgreSQL's client tools of the server's major version (Debian: apt install postgresql-client)."
            )
        }
        let environment = try PostgresClientEnvironment.make(url: url)
        let file = staging.appendingPathComponent("database.pgdump").path
        let (store, schemas) = (self.store, database.searchPath ?? [])
        // The transaction stays open while pg_dump reads its exported snapshot.
        let (counts, version) = try await database.transaction { db in
            let snapshot = try await store.exportSnapshot(on: db)
            let counts = try await store.counts(engine: .postgres, on: db)
            let version = try await store.schemaVersion(on: db)
            try await ExternalCommand.run(
                pgDump,
                ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(snapshot)", "--file=\(file)"]
                    + schemas.map { "--schema=\($0)" },
                environment: environment)
            return (counts, version)
        }
        return try await Self.manifest(engine: .postgres, file: file, tables: counts, schemaVersion: version)
    }

    /// Links (or copies, across file systems) every regular file of the data folder into
    /// `target`, with its digest. Symbolic links are left out: the data folder holds none,
    /// and following one could copy a file from outside it.
    static func stage(data directory: String, into target: URL, excluding: [String]) throws -> [BackupManifest.File] {
        let files = FileManager.default
        let root = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        let excluded = Set(
            excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey]
        guard let walker = files.enumerator(at: root, includingPropertiesForKeys: keys) else { return [] }
        var staged: [BackupManifest.File] = []
        for case let url as URL in walker {
            let path = url.standardizedFileURL.path
            if excluded.contains(path) {
                walker.skipDescendants()
                continue
            }
            let values = try? url.resourceValues(forKeys: Set(keys))
            guard values?.isSymbolicLink != true, values?.isRegularFile == true, path.hasPrefix(root.path + "/"),
                !url.lastPathComponent.hasSuffix(".partial")
            else { continue }
            let relative = String(path.dropFirst(root.path.count + 1))
            let copy = target.appendingPathComponent(relative)
            try files.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            do {
                try files.linkItem(at: url, to: copy)
            } catch {
                // Gone since it was listed (a message purged): nothing to keep.
                guard files.fileExists(atPath: url.path) else { continue }
                try files.copyItem(at: url, to: copy)
            }
            let digest = try BackupManifest.digest(path: copy.path)
            staged.append(.init(path: "data/" + relative, bytes: digest.bytes, sha256: digest.sha256))
        }
        return staged
    }
}

extension BackupService {
    /// Restores `input` into `location` (and its data folder into `dataDirectory`):
    /// extracts it beside the target, checks every checksum and the schema version, refuses
    /// a target that holds data unless `force` (then the SQLite file and the data folder
    /// are renamed aside, never deleted; PostgreSQL's tables are replaced), restores, and
    /// counts every table again against the manifest. Stop the server first.
    public static func restore(
        from input: String, to location: DatabaseLocation, searchPath: [String]? = nil, dataDirectory: String?,
        force: Bool, logger: Logger
    ) async throws -> RestoreReport {
        let files = FileManager.default
        guard files.isReadableFile(atPath: input) else { throw BackupFailure("Cannot read \(input).") }
        guard let tar = ExternalCommand.find("tar") else {
            throw BackupFailure("tar is not installed (Debian: apt install tar).")
        }
        let work: URL
        switch location {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent()
            guard files.fileExists(atPath: folder.path) else {
                throw BackupFailure("The folder of \(path) does not exist.")
            }
            work = folder.appendingPathComponent(".alliances-restore-\(UUID().uuidString)")
        case .postgres:
            work = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
                "alliances-restore-\(UUID().uuidString)")
        }
        try files.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: work) }
        do {
            try await ExternalCommand.run(tar, ["-xzf", input, "-C", work.path, "--no-same-owner"])
        } catch {
            throw BackupFailure("\(input) is not an archive Alliances can open: \(error)")
        }
        let engine = location.engine
        let manifest = try await ExternalCommand.offloaded { try checked(work: work, input: input, engine: engine) }

        // What is there already.
        var occupied: [String] = []
        switch location {
        case .sqlite(let path):
            let size = (try? files.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
            if size > 0 { occupied.append("the database \(path)") }
        case .postgres:
            let database = try Database(
                location: location, logger: logger, maxConnectionsPerEventLoop: 1, searchPath: searchPath)
            let tables = try await withShutdown(database) {
                try await database.withConnection { try await BackupStore().tables(engine: .postgres, on: $0) }
            }
            if !tables.isEmpty { occupied.append("the PostgreSQL database (\(tables.count) tables)") }
        }
        let dataOccupied = dataDirectory.map(Self.holdsFiles) ?? false
        if let dataDirectory, dataOccupied { occupied.append("the data folder \(dataDirectory)") }
        guard occupied.isEmpty || force else {
            throw BackupFailure(
                "Nothing was changed: \(occupied.joined(separator: " and ")) already holds data. Add --force to replace it (SQLite files and the data folder are kept beside it, renamed ….before-restore-…; PostgreSQL's tables are replaced)."
            )
        }

        let stamp = Self.stamp()
        var movedAside: [String] = []
        func moveAside(_ path: String) throws {
            guard files.fileExists(atPath: path) else { return }
            let aside = "\(path).before-restore-\(stamp)"
            try files.moveItem(atPath: path, toPath: aside)
            movedAside.append(aside)
        }
        let archived = work.appendingPathComponent(manifest.database).path
        switch location {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm"] { try moveAside(path + suffix) }
            try files.moveItem(atPath: archived, toPath: path)
        case .postgres(let url):
            guard let pgRestore = ExternalCommand.find("pg_restore") else {
                throw BackupFailure(
                    "pg_restore is not installed: install PostgreSQL's client tools of the server's major version (Debian: apt install postgresql-client)."
                )
            }
            let environment = try PostgresClientEnvironment.make(url: url)
            do {
                try await ExternalCommand.run(
                    pgRestore,
                    [
                        "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                        "--dbname=\(environment["PGDATABASE"] ?? "")"
                    ]
                        + (force ? ["--clean", "--if-exists"] : []) + [archived],
                    environment: environment)
            } catch {
                throw BackupFailure("The database was not restored (nothing was changed): \(error)")
            }
        }
        if let dataDirectory {
            if dataOccupied { try moveAside(dataDirectory) }
            let root = URL(fileURLWithPath: dataDirectory)
            for file in manifest.dataFiles {
                let destination = root.appendingPathComponent(String(file.path.dropFirst("data/".count)))
                try files.createDirectory(
                    at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try files.moveItem(at: work.appendingPathComponent(file.path), to: destination)
            }
        }

        // Counted again: the restored tables must hold what the snapshot held.
        let restored = try Database(
            location: location, logger: logger, maxConnectionsPerEventLoop: 1, searchPath: searchPath)
        let (counts, integrity, seats, status) = try await withShutdown(restored) {
            let (counts, integrity, seats) = try await restored.withConnection { db in
                let store = BackupStore()
                let counts = try await store.counts(engine: restored.engine, on: db)
                let integrity = restored.engine == .sqlite ? try await store.integrityCheck(on: db) : "ok"
                let seats = counts["registrations"] == nil ? 0 : try await store.seatMismatches(on: db)
                return (counts, integrity, seats)
            }
            return (counts, integrity, seats, try await Migrator(database: restored, logger: logger).status())
        }
        guard integrity == "ok" else {
            throw BackupFailure("The restored database fails its integrity check: \(integrity)")
        }
        let differences = manifest.tables.keys.sorted().filter { counts[$0] != manifest.tables[$0] }
        guard differences.isEmpty else {
            throw BackupFailure(
                "The restored tables do not hold what the backup counted: "
                    + differences.prefix(5).map { "\($0) \(counts[$0] ?? 0) instead of \(manifest.tables[$0] ?? 0)" }
                    .joined(separator: ", "))
        }
        guard seats == 0 else {
            throw BackupFailure(
                "The restored database counts seats that no registration holds (\(seats) events or sessions).")
        }
        return RestoreReport(manifest: manifest, movedAside: movedAside, pendingMigrations: status.pending.count)
    }

    /// Reads the manifest and checks it before anything is changed: its format, its schema
    /// version against this binary, its engine against the target, and every file's size
    /// and checksum.
    static func checked(work: URL, input: String, engine: DatabaseEngine) throws -> BackupManifest {
        let files = FileManager.default
        guard let data = files.contents(atPath: work.appendingPathComponent("manifest.json").path),
            let manifest = try? JSONDecoder().decode(BackupManifest.self, from: data)
        else {
            throw BackupFailure("\(input) has no readable manifest.json: it is not an Alliances backup.")
        }
        guard manifest.format == BackupManifest.currentFormat else {
            throw BackupFailure("\(input) is in backup format \(manifest.format), which this version cannot read.")
        }
        guard manifest.schemaVersion <= MigrationStatus.latest else {
            throw BackupFailure(
                "\(input) comes from a newer Alliances (schema \(manifest.schemaVersion); this one knows up to \(MigrationStatus.latest)): install that version or a newer one to restore it."
            )
        }
        guard manifest.engine == engine.rawValue else {
            let hint =
                engine == .postgres
                ? "unset DATABASE_URL and give --database" : "set DATABASE_URL to a PostgreSQL database"
            throw BackupFailure("\(input) holds a \(manifest.engine) database: to restore it, \(hint).")
        }
        guard manifest.files.contains(where: { $0.path == manifest.database }) else {
            throw BackupFailure("\(input) does not list its database file.")
        }
        for file in manifest.files {
            let parts = file.path.split(separator: "/")
            guard !file.path.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else {
                throw BackupFailure("\(input) names a file outside the archive: \(file.path).")
            }
            let path = work.appendingPathComponent(file.path).path
            let attributes = try? files.attributesOfItem(atPath: path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else {
                throw BackupFailure("\(input) is incomplete: \(file.path) is missing.")
            }
            let digest = try BackupManifest.digest(path: path)
            guard digest.bytes == file.bytes, digest.sha256 == file.sha256 else {
                throw BackupFailure(
                    "\(input) is damaged: \(file.path) does not match its checksum. Nothing was changed.")
            }
        }
        return manifest
    }

    static func holdsFiles(_ directory: String) -> Bool {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return false }
        for case let relative as String in walker {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: (directory as NSString).appendingPathComponent(relative), isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                return true
            }
        }
        return false
    }

    static func stamp(_ seconds: Int = nowSeconds()) -> String {
        stampFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// `YYYYMMDD-HHMMSS` in UTC: the time in the names of archives and of files moved aside.
    static func stampFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter
    }

    static func withShutdown<T: Sendable>(_ database: Database, _ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            await database.shutdown()
            return value
        } catch {
            await database.shutdown()
            throw error
        }
    }
}

extension DatabaseLocation {
    public var engine: DatabaseEngine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }
}
