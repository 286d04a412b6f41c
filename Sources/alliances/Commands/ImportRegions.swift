import AlliancesCore
import AlliancesServer
import ArgumentParser
import Logging

struct ImportRegions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cog-regions", abstract: "Import INSEE COG regions (REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE).")
    @OptionGroup var options: ImportOptions
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) {
            try await options.importer($0).importRegions(path: file)
        }
        options.report(summary, file: file)
    }
}
