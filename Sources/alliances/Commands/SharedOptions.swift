import AlliancesCore
import AlliancesServer
import ArgumentParser
import Foundation
import Logging
import Synchronization

/// Options every command shares: where the database is.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the SQLite database file. Ignored when DATABASE_URL is set (PostgreSQL).")
    var database: String = "./alliances.sqlite"

    var location: DatabaseLocation {
        DatabaseLocation.resolve(sqlitePath: database, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens and migrates the database (on SQLite, copying it first when migrations are
    /// pending: `UpgradeSafety`), runs `body`, and always closes the pool. Errors come out as
    /// one readable line. `removeUpgradeCopies`: the server, once it finds the schema current,
    /// removes the copies taken before an earlier upgrade.
    func run<T: Sendable>(
        logger: Logger, migrate: Bool = true, removeUpgradeCopies: Bool = false, _ body: (Database) async throws -> T
    ) async throws -> T {
        let database: Database
        do {
            database = try Database(location: location, logger: logger)
        } catch {
            throw CommandFailure(DatabaseError.explain(error))
        }
        do {
            if migrate {
                let copy = try await UpgradeSafety.backupBeforeMigrating(database: database, logger: logger)
                try await Migrator(database: database, logger: logger).migrate()
                if copy == nil && removeUpgradeCopies { UpgradeSafety.removeCopies(of: location, logger: logger) }
                // Indexes an interrupted bulk import left dropped are built again.
                try await RegisterImporter.ensureIndexes(database: database)
            }
            let value = try await body(database)
            await database.shutdown()
            return value
        } catch let error as ValidationError {
            await database.shutdown()
            throw error
        } catch let error as CommandFailure {
            await database.shutdown()
            throw error
        } catch let failure as BackupFailure {
            await database.shutdown()
            throw CommandFailure(failure.description)
        } catch {
            await database.shutdown()
            throw CommandFailure(DatabaseError.explain(error))
        }
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

let logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info

/// Every logger of the process writes to standard error through `RedactingLogHandler`, so
/// no token reaches a log (bootstrapped once, before the first logger is made).
let loggingBootstrap: Void = RedactingLogHandler.bootstrap(level: logLevel, format: logFormat.withLock { $0 })

/// `serve --log-format` (or `LOG_FORMAT`), set before the first logger is made.
let logFormat = Mutex(LogFormat(rawValue: ProcessInfo.processInfo.environment["LOG_FORMAT"] ?? "") ?? .text)

func makeLogger(_ label: String = "alliances") -> Logger {
    _ = loggingBootstrap
    var logger = Logger(label: label)
    logger.logLevel = logLevel
    return logger
}

struct ImportOptions: ParsableArguments {
    @OptionGroup var db: DatabaseOptions
    @Flag(help: "Print only the summary.") var quiet = false

    func importer(_ database: Database) -> RegisterImporter {
        var importer = RegisterImporter(database: database)
        if !quiet { importer.progress = ProgressPrinter.make() }
        return importer
    }

    func report(_ summary: ImportSummary, file: String) {
        if !quiet, isatty(STDOUT_FILENO) != 0 { print("") }
        print("Import of \(file): \(summary)")
        if summary.rejected > 0 { print("Rejected rows: \(RegisterImporter.rejectsPath(for: file))") }
    }
}

/// A live progress line on a terminal; a plain line every 5 seconds otherwise.
enum ProgressPrinter {
    static func make() -> @Sendable (ImportProgress) -> Void {
        let terminal = isatty(STDOUT_FILENO) != 0
        let last = LastPrint()
        return { progress in
            let now = progress.elapsed
            guard terminal || last.due(now) else { return }
            let share = progress.totalBytes > 0 ? Double(progress.bytesRead) / Double(progress.totalBytes) : 0
            let rate = now > 0 ? Double(progress.rows) / now : 0
            let eta = share > 0 ? now / share - now : 0
            let line = String(
                format: "%d rows, %.0f rows/s, %.0f%% read, about %.0f s left", progress.rows, rate, share * 100, eta)
            if terminal {
                let width = 30
                let filled = Int(share * Double(width))
                print(
                    "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
                        + line, terminator: "")
                fflush(nil)  // all streams; naming `stdout` is not concurrency-safe
            } else {
                print(line)
            }
        }
    }

    final class LastPrint: Sendable {
        private let value = Mutex(-5.0)
        func due(_ now: Double) -> Bool {
            value.withLock { last in
                guard now - last >= 5 else { return false }
                last = now
                return true
            }
        }
    }
}

/// `--lab` or `--departements`: the territory whose rows are kept.
struct ScopeOptions: ParsableArguments {
    @Option(help: "Keep only rows inside this lab's perimeter.") var lab: String?
    @Option(help: "Keep only rows in these départements (e.g. 67,68).") var departements: String?

    func perimeter() throws -> Perimeter? {
        guard let departements else { return nil }
        switch Perimeter.parse(departements) {
        case .success(let perimeter): return perimeter
        case .failure(.unknownDepartements(let codes)):
            throw ValidationError("Unknown département code(s): \(codes.joined(separator: ", ")).")
        }
    }

    func lab(on database: Database) async throws -> Lab? {
        guard let lab else { return nil }
        return try await findLab(lab, on: database)
    }

    /// For imports whose rows belong to a lab: `--lab` must be given.
    func requiredLab(on database: Database) async throws -> Lab {
        guard let lab else { throw CommandFailure("--lab is required: imported organisations belong to a lab.") }
        return try await findLab(lab, on: database)
    }
}

func findLab(_ slug: String, on database: Database) async throws -> Lab {
    guard let found = try await database.withConnection({ try await LabStore().find(slug: slug, on: $0) }) else {
        throw CommandFailure("Unknown lab \(slug).")
    }
    return found
}
