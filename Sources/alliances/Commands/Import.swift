import AlliancesServer
import ArgumentParser

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import the official registers: INSEE COG geography, commune coordinates, RNA associations.",
        discussion: """
            Import the COG in this order: cog-regions, cog-departements, cog-communes, then communes-coordinates and rna.
            SIRENE: sirene-etablissements first (it finds the head offices inside the lab), then sirene-unites-legales.
            Rows that cannot be used are written to FILE.rejets.csv (line, reason, raw line) and the import goes on.
            Imports are idempotent: the same file twice changes nothing; a newer file updates what changed.
            """,
        subcommands: [
            ImportRegions.self, ImportDepartements.self, ImportCommunes.self, ImportCoordinates.self, ImportRNA.self,
            ImportSireneEstablishments.self, ImportSireneLegalUnits.self, ImportGeoJSON.self
        ]
    )
}
