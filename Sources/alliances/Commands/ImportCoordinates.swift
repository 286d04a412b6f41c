import AlliancesCore
import AlliancesServer
import ArgumentParser
import Logging

struct ImportCoordinates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communes-coordinates", abstract: "Set commune latitude and longitude from a CSV file.")
    @OptionGroup var options: ImportOptions
    @Option(name: .customLong("code-column"), help: "Column holding the INSEE commune code.") var codeColumn =
        "code_commune_insee"
    @Option(name: .customLong("latitude-column"), help: "Column holding the latitude (decimal degrees, WGS 84).")
    var latitudeColumn = "latitude"
    @Option(name: .customLong("longitude-column"), help: "Column holding the longitude (decimal degrees, WGS 84).")
    var longitudeColumn = "longitude"
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        var columns = RegisterImporter.CoordinateColumns()
        columns.code = codeColumn
        columns.latitude = latitudeColumn
        columns.longitude = longitudeColumn
        let chosen = columns
        let summary = try await options.db.run(logger: makeLogger()) {
            try await options.importer($0).importCoordinates(path: file, columns: chosen)
        }
        options.report(summary, file: file)
    }
}
