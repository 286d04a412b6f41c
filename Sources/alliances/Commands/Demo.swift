import AlliancesCore
import AlliancesServer
import ArgumentParser
import Foundation
import Logging

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the demo territory into an empty database, and optionally many synthetic organisations."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Also generate this many fictional organisations (for benchmarks).") var synthetic: Int = 0
    @Option(help: "Lab receiving the synthetic organisations.") var lab: String = "alsace"
    @Option(help: "Also generate this many fictional offers, for the recommender's benchmarks.") var offers: Int = 0
    @Option(help: "Also generate this many fictional needs.") var needs: Int = 0
    @Option(help: "Also generate this many fictional partnerships, for the barometer's benchmarks.") var partnerships:
        Int = 0
    @Option(help: "Also generate this many fictional published experience sheets, for the library's benchmarks.")
    var sheets: Int = 0
    @Option(name: .customLong("data-dir"), help: "Folder for the demo's files (the library's tools).")
    var dataDirectory = "./alliances-data"

    func run() async throws {
        guard synthetic >= 0, synthetic <= 5_000_000 else {
            throw ValidationError("--synthetic must be between 0 and 5000000.")
        }
        guard (0...1_000_000).contains(offers), (0...1_000_000).contains(needs),
            (0...1_000_000).contains(partnerships)
                || !(0...1_000_000).contains(sheets)
        else {
            throw ValidationError("--offers, --needs, --partnerships and --sheets must be between 0 and 1000000.")
        }
        let (offers, needs, partnerships, sheets) = (self.offers, self.needs, self.partnerships, self.sheets)
        let total = synthetic
        let lab = self.lab
        let dataDirectory = self.dataDirectory
        try await db.run(logger: makeLogger()) { database in
            if let notes = try await DemoLoader.loadIfEmpty(
                database: database, logger: makeLogger(), dataDirectory: dataDirectory)
            {
                notes.forEach { print($0) }
            } else {
                print("The database already has labs: demo data not loaded again.")
            }
            if total > 0 {
                let start = Date()
                try await SyntheticData.generate(count: total, labSlug: lab, database: database) { done in
                    if done % 10_000 == 0 || done == total {
                        print("Synthetic organisations: \(done)/\(total) (\(Int(Double(done) / Double(total) * 100))%)")
                    }
                }
                print(String(format: "Generated %d organisations in %.1f s.", total, Date().timeIntervalSince(start)))
            }
            if offers + needs > 0 {
                let start = Date()
                try await SyntheticData.generateListings(offers: offers, needs: needs, labSlug: lab, database: database)
                print(
                    String(
                        format: "Generated %d offers and %d needs in %.1f s.", offers, needs,
                        Date().timeIntervalSince(start)))
            }
            if partnerships > 0 {
                let start = Date()
                try await SyntheticData.generatePartnerships(count: partnerships, labSlug: lab, database: database)
                print(
                    String(
                        format: "Generated %d partnerships in %.1f s.", partnerships, Date().timeIntervalSince(start)))
            }
            if sheets > 0 {
                let start = Date()
                try await SyntheticData.generateSheets(count: sheets, labSlug: lab, database: database)
                print(
                    String(format: "Generated %d experience sheets in %.1f s.", sheets, Date().timeIntervalSince(start))
                )
            }
            if total + offers + needs + partnerships + sheets > 0 {
                // A bulk load leaves the planner's statistics behind; refresh them as autovacuum would later.
                try await database.withConnection { db in try await db.raw("ANALYZE").run() }
            }
        }
    }
}
