import Foundation
import Logging

/// An upgrade never runs its migrations on the only copy of a SQLite database: when
/// migrations are pending on a database that has a schema already, a copy is taken beside
/// it first (`alliances.sqlite.before-upgrade-v25-YYYYMMDD-HHMMSS`). The copy is kept until
/// a later start finds the schema current (the upgraded version ran and restarted), then
/// removed. PostgreSQL: `alliances backup` before upgrading (docs/DEPLOYMENT.md).
public enum UpgradeSafety {
    static let marker = ".before-upgrade-v"

    /// Takes the copy when it is due; returns its path, or nil when nothing was pending.
    public static func backupBeforeMigrating(database: Database, logger: Logger) async throws -> String? {
        guard case .sqlite(let path) = database.location else { return nil }
        let status = try await Migrator(database: database, logger: logger).status()
        guard !status.recorded.isEmpty, !status.pending.isEmpty, status.unknown.isEmpty else { return nil }
        let copy = "\(path)\(marker)\(status.schemaVersion)-\(BackupService.stamp())"
        do {
            try await database.withConnection { db in try await BackupStore().vacuumInto(path: copy, on: db) }
        } catch {
            try? FileManager.default.removeItem(atPath: copy)
            throw BackupFailure(
                "Migrations were not applied: the copy of the database taken before them failed (\(error)). Free some disk space beside \(path) and start again."
            )
        }
        logger.notice(
            "Copied the database to \(copy) before applying \(status.pending.count) migration(s) (schema \(status.schemaVersion) → \(MigrationStatus.latest)); it is removed at the next start"
        )
        return copy
    }

    /// The copies taken before earlier upgrades of the SQLite file at `path`.
    public static func copies(of path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = url.lastPathComponent + marker
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Removes them, once a start has found the schema current; returns what it removed.
    @discardableResult
    public static func removeCopies(of location: DatabaseLocation, logger: Logger) -> [String] {
        guard case .sqlite(let path) = location else { return [] }
        let removed = copies(of: path).filter { (try? FileManager.default.removeItem(atPath: $0)) != nil }
        for copy in removed { logger.info("Removed \(copy), taken before the last upgrade") }
        return removed
    }
}
