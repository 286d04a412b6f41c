import AlliancesCore
import AlliancesServer
import ArgumentParser
import Logging

struct ImportRNA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rna",
        abstract: "Import associations from an RNA file (waldec or the older import file, ';'-separated) into a lab.",
        discussion:
            "RNA files exclude départements 57, 67 and 68, whose associations are found in SIRENE (legal category 9260)."
    )
    @OptionGroup var options: ImportOptions
    @OptionGroup var scope: ScopeOptions
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) { database in
            let lab = try await scope.requiredLab(on: database)
            return try await options.importer(database).importRNA(
                path: file, lab: lab, departements: try scope.perimeter())
        }
        options.report(summary, file: file)
    }
}
