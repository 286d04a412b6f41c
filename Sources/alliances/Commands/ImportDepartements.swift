import AlliancesCore
import AlliancesServer
import ArgumentParser
import Logging

struct ImportDepartements: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cog-departements",
        abstract: "Import INSEE COG départements (DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE).")
    @OptionGroup var options: ImportOptions
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) {
            try await options.importer($0).importDepartements(path: file)
        }
        options.report(summary, file: file)
    }
}
