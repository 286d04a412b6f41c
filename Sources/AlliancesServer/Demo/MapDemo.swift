import AlliancesCore
import SQLKit

/// Rough outlines of the Bas-Rhin and the Haut-Rhin (about twenty points each, drawn for
/// the demo from the départements' well-known limits: the Rhine, the Lauter, the Vosges
/// crest, the Swiss border), so the demo map works before any GeoJSON is imported.
/// `alliances import geojson` replaces them with official contours.
struct MapDemo: DemoContributor {
    let name = "map"

    static let basRhin: [(lon: Double, lat: Double)] = [
        (6.94, 48.90), (7.05, 49.00), (7.25, 48.98), (7.35, 48.95), (7.45, 49.00), (7.64, 49.06), (7.95, 49.04),
        (8.23, 48.97),
        (8.15, 48.90), (8.05, 48.78), (7.90, 48.65), (7.80, 48.52), (7.75, 48.40), (7.68, 48.25), (7.60, 48.12),
        (7.42, 48.23),
        (7.20, 48.31), (7.10, 48.40), (7.17, 48.51), (7.25, 48.70), (7.15, 48.75), (7.05, 48.80), (6.94, 48.90)
    ]
    static let hautRhin: [(lon: Double, lat: Double)] = [
        (7.20, 48.31), (7.42, 48.23), (7.60, 48.12), (7.58, 47.95), (7.55, 47.80), (7.55, 47.62), (7.59, 47.58),
        (7.50, 47.50),
        (7.40, 47.44), (7.20, 47.43), (7.10, 47.50), (7.02, 47.55), (6.95, 47.68), (6.85, 47.82), (6.90, 47.95),
        (7.00, 48.10),
        (7.08, 48.20), (7.20, 48.31)
    ]

    func load(into db: any SQLDatabase, context: DemoContext) async throws {
        let store = BoundaryStore()
        try await store.save(
            AreaShape(code: "67", name: "Bas-Rhin", rings: [Self.basRhin]), level: .departement, on: db)
        try await store.save(
            AreaShape(code: "68", name: "Haut-Rhin", rings: [Self.hautRhin]), level: .departement, on: db)
    }
}
