import AlliancesServer
import ArgumentParser
import Foundation
import Logging

struct ImportGeoJSON: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geojson",
        abstract:
            "Import département or commune outlines for the map (GeoJSON FeatureCollection of Polygon/MultiPolygon).",
        discussion:
            "The INSEE code is read from the property named by --code-property, else code, INSEE_DEP, INSEE_COM, code_insee, insee, DEP, COM or codgeo; a 2–3 character code is a département, 5 a commune. Outlines are simplified (--tolerance, in degrees) and replace earlier ones with the same code."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Property holding the INSEE code.") var codeProperty: String?
    @Option(help: "Property holding the name.") var nameProperty: String?
    @Option(help: "Simplification tolerance in degrees (0.0005 ≈ 50 m).") var tolerance: Double = 0.0005
    @Argument(help: "GeoJSON file.") var file: String

    func run() async throws {
        guard (0...1).contains(tolerance) else { throw ValidationError("--tolerance must be between 0 and 1 degree.") }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("Cannot read \(file).")
        }
        let (codeProperty, nameProperty, tolerance) = (self.codeProperty, self.nameProperty, self.tolerance)
        let summary = try await db.run(logger: makeLogger()) { database in
            try await BoundaryStore.importGeoJSON(
                data: data, database: database, codeProperty: codeProperty, nameProperty: nameProperty,
                tolerance: tolerance)
        }
        print("Import of \(file): \(summary)")
    }
}
