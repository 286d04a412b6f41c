import AlliancesCore
import AlliancesServer
import ArgumentParser
import Logging

struct ImportSireneLegalUnits: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sirene-unites-legales",
        abstract: "Step 2 of SIRENE: read StockUniteLegale; units with a head office in the lab become organisations.",
        discussion: """
            Kind from the legal category (92xx associations, 9260 associations of local law in Alsace-Moselle, 93xx foundations,
            72xx/734x local authorities, other 7xxx public bodies, 8xxx and ESS-flagged units ESS structures, others companies).
            Size from categorieEntreprise (group level) when present, else from the headcount band; see docs/IMPORTS.md.
            """
    )
    @OptionGroup var options: ImportOptions
    @Option(help: "The lab.") var lab: String
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let slug = lab
        let summary = try await options.db.run(logger: makeLogger()) { database in
            try await options.importer(database).importSireneLegalUnits(
                path: file, lab: try await findLab(slug, on: database))
        }
        options.report(summary, file: file)
    }
}
