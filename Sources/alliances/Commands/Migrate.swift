import AlliancesServer
import ArgumentParser
import Foundation
import Logging

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Apply pending database migrations (safe to run again; on SQLite a copy of the database is taken first).")
    @OptionGroup var db: DatabaseOptions
    @Flag(name: .customLong("dry-run"), help: "List the pending migrations; change nothing.") var dryRun = false

    func run() async throws {
        let logger = makeLogger()
        if dryRun {
            let status = try await db.run(logger: logger, migrate: false) { database in
                try await Migrator(database: database, logger: logger).status()
            }
            if !status.unknown.isEmpty {
                throw CommandFailure(
                    "The database has migration(s) \(status.unknown.map(String.init).joined(separator: ", ")), unknown to this version of Alliances (it knows up to \(MigrationStatus.latest)): a newer Alliances used it."
                )
            }
            if status.pending.isEmpty {
                print("Database is up to date (schema \(status.schemaVersion)); nothing to apply.")
            } else {
                print(
                    "\(status.pending.count) pending migration(s) (schema \(status.schemaVersion) → \(MigrationStatus.latest)):"
                )
                for migration in status.pending { print("  \(migration.version) \(migration.name)") }
            }
            return
        }
        let (report, copy) = try await db.run(logger: logger, migrate: false) { database in
            let copy = try await UpgradeSafety.backupBeforeMigrating(database: database, logger: logger)
            return (try await Migrator(database: database, logger: logger).migrate(), copy)
        }
        if let copy { print("Copied the database to \(copy) first.") }
        if report.applied.isEmpty {
            print("Database is up to date (\(report.alreadyApplied) migrations).")
        } else {
            print("Applied \(report.applied.count) migration(s): \(report.applied.joined(separator: ", ")).")
        }
    }
}
