import AlliancesCore
import AlliancesServer
import ArgumentParser
import Logging

struct ImportCommunes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cog-communes",
        abstract:
            "Import INSEE COG communes (2019–2022 or 2023+ headers); municipal arrondissements are linked to their commune."
    )
    @OptionGroup var options: ImportOptions
    @OptionGroup var scope: ScopeOptions
    @Flag(name: .customLong("include-associated"), help: "Also import associated and delegated communes (COMA, COMD).")
    var includeAssociated = false
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) { database in
            var perimeter = try scope.perimeter()
            if let lab = try await scope.lab(on: database), !lab.perimeter.isNational {
                perimeter = perimeter ?? lab.perimeter
            }
            return try await options.importer(database).importCommunes(
                path: file, departements: perimeter, includeAssociated: includeAssociated)
        }
        options.report(summary, file: file)
    }
}
