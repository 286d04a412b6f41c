import AlliancesCore
import AlliancesServer
import ArgumentParser
import Foundation
import Logging

struct CreateLab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-lab",
        abstract: "Create a territory space (lab) covering a region, some départements, or the whole country."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Name of the lab.") var name: String
    @Option(help: "URL identifier (lowercase, digits, hyphens); derived from the name when omitted.") var slug: String?
    @Option(help: "INSEE region code (e.g. 44 for Grand Est).") var region: String?
    @Option(help: "Comma-separated département codes (e.g. 67,68).") var departements: String?

    func run() async throws {
        let draft: LabDraft
        switch LabDraft.validate(name: name, slug: slug, description: nil, region: region, departements: departements) {
        case .failure(let errors): throw ValidationError(errors.errors.map(\.message).joined(separator: " "))
        case .success(let value): draft = value
        }
        let lab = try await db.run(logger: makeLogger()) { database in
            try await database.transaction { conn in
                if try await LabStore().find(slug: draft.slug, on: conn) != nil {
                    throw CommandFailure("A lab with the slug \(draft.slug) already exists.")
                }
                return try await LabStore().create(
                    slug: draft.slug, name: draft.name, description: nil, perimeter: draft.perimeter,
                    regionCode: draft.regionCode, on: conn)
            }
        }
        print("Lab \(lab.slug): \(lab.name), \(lab.perimeter.label).")
    }
}
