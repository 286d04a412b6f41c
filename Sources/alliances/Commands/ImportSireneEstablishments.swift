import AlliancesCore
import AlliancesServer
import ArgumentParser
import Logging

struct ImportSireneEstablishments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sirene-etablissements",
        abstract:
            "Step 1 of SIRENE: read StockEtablissement (geocoded or not) and keep the head offices inside the lab."
    )
    @OptionGroup var options: ImportOptions
    @OptionGroup var scope: ScopeOptions
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) { database in
            let lab = try await scope.requiredLab(on: database)
            return try await options.importer(database).importSireneEstablishments(
                path: file, lab: lab, departements: try scope.perimeter())
        }
        options.report(summary, file: file)
    }
}
