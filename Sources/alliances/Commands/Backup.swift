import AlliancesServer
import ArgumentParser
import Foundation

/// `alliances backup`: one archive of the database and the data folder, taken while the
/// server runs (docs/DEPLOYMENT.md).
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Write one archive (.tar.gz) with a consistent copy of the database, the data folder and a manifest (schema version, rows per table, checksums). Safe while the server runs."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The archive to write (never over an existing file).") var output: String
    @Option(name: .customLong("data-dir"), help: "The server's data folder (documents, uploads, outbox).")
    var dataDirectory = "./alliances-data"

    func run() async throws {
        let (output, dataDirectory) = (self.output, self.dataDirectory)
        let logger = makeLogger()
        let report = try await db.run(logger: logger, migrate: false) { database in
            do {
                return try await BackupService(database: database, logger: logger).backup(
                    to: output, dataDirectory: dataDirectory)
            } catch let failure as BackupFailure {
                throw CommandFailure(failure.description)
            }
        }
        let manifest = report.manifest
        print(
            "Wrote \(report.path): \(report.bytes) bytes; \(manifest.engine) schema \(manifest.schemaVersion), \(manifest.tables.count) tables, \(manifest.rows) rows, \(manifest.dataFiles.count) data files."
        )
    }
}

/// `alliances restore`: puts an archive back, after checking it whole.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Restore an archive written by `alliances backup`: checks its checksums and schema version first, refuses a target holding data unless --force, and counts every table again afterwards. Stop the server first."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The archive to restore.") var input: String
    @Option(name: .customLong("data-dir"), help: "The data folder to restore into.")
    var dataDirectory = "./alliances-data"
    @Flag(
        help:
            "Replace a target that holds data: the SQLite file and the data folder are renamed ….before-restore-…, PostgreSQL's tables are replaced."
    )
    var force = false

    func run() async throws {
        let report: RestoreReport
        do {
            report = try await BackupService.restore(
                from: input, to: db.location, dataDirectory: dataDirectory, force: force, logger: makeLogger())
        } catch let failure as BackupFailure {
            throw CommandFailure(failure.description)
        } catch {
            throw CommandFailure(DatabaseError.explain(error))
        }
        let manifest = report.manifest
        print(
            "Restored \(input) (taken \(Date(timeIntervalSince1970: TimeInterval(manifest.createdAt)).formatted(.iso8601))) into \(db.location.redacted): schema \(manifest.schemaVersion), \(manifest.tables.count) tables, \(manifest.rows) rows, all counts checked; \(manifest.dataFiles.count) data files into \(dataDirectory)."
        )
        for path in report.movedAside { print("Kept the former \(path)") }
        if report.pendingMigrations > 0 {
            print(
                "\(report.pendingMigrations) migration(s) will be applied at the next start (the backup is of an older version)."
            )
        }
    }
}
