import AlliancesServer
import ArgumentParser
import Foundation
import Logging

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations (safe to run again).")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let report = try await db.run(logger: logger, migrate: false) { database in
            try await Migrator(database: database, logger: logger).migrate()
        }
        if report.applied.isEmpty {
            print("Database is up to date (\(report.alreadyApplied) migrations).")
        } else {
            print("Applied \(report.applied.count) migration(s): \(report.applied.joined(separator: ", ")).")
        }
    }
}
