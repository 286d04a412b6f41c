import AlliancesCore
import Foundation
import SQLKit

extension RegisterImporter {
    /// Step 1 of a SIRENE import: keeps the head offices inside the lab's perimeter.
    public func importSireneEstablishments(path: String, lab: Lab, departements: Perimeter? = nil) async throws
        -> ImportSummary
    {
        let communes = try await communeDepartements()
        return try await run(
            path: path, requiredColumns: SireneFormat.establishmentColumns,
            map: { fields throws(RejectReason) -> RowOutcome<SireneFormat.HeadOffice> in
                guard let office = try SireneFormat.headOffice(&fields) else { return .skipped }
                if try Self.outsidePerimeter(
                    commune: office.communeCode, communes: communes, lab: lab, departements: departements)
                {
                    return .outsidePerimeter
                }
                return .keep(office)
            },
            write: { rows in
                var summary = ImportSummary()
                let sirene = SireneStore()
                try await database.transaction { db in
                    var stored: [String: String] = [:]
                    for (siren, office) in try await sirene.headOffices(
                        labID: lab.id, sirens: rows.map(\.siren), on: db)
                    {
                        stored[siren] =
                            "\(office.siret)|\(office.communeCode)|\(office.active ? 1 : 0)|\(office.latitude ?? .nan)|\(office.longitude ?? .nan)"
                    }
                    var changed: [SireneFormat.HeadOffice] = []
                    for office in rows {
                        let incoming =
                            "\(office.siret)|\(office.communeCode)|\(office.active ? 1 : 0)|\(office.latitude ?? .nan)|\(office.longitude ?? .nan)"
                        guard Self.tally(&summary, stored: stored[office.siren], incoming: incoming) else { continue }
                        stored[office.siren] = incoming
                        if !office.active { summary.inactive += 1 }
                        changed.append(office)
                    }
                    try await sirene.save(changed, labID: lab.id, on: db)
                }
                return summary
            })
    }

    /// Step 2: the legal units whose head office is in the lab become organisations
    /// (companies, associations of local law 9260, public bodies...). An association
    /// already imported from the RNA is matched by its RNA number and completed.
    public func importSireneLegalUnits(path: String, lab: Lab) async throws -> ImportSummary {
        let offices = try await database.withConnection { db in
            try await SireneStore().headOffices(labID: lab.id, on: db)
        }
        guard !offices.isEmpty else {
            throw ImportError(
                "No SIRENE head office is known for lab \(lab.slug): import the establishment file first (alliances import sirene-etablissements --lab \(lab.slug) FILE)."
            )
        }
        let communes = try await communeDepartements()
        // A legal unit may be an association the RNA already brought: every batch looks its
        // keys up (no `seen` shortcut), only the indexes follow the bulk rule.
        return try await withBulkLoad(path: path, lab: lab, keyColumn: "siren") { _ in
            try await run(
                path: path, requiredColumns: SireneFormat.legalUnitColumns,
                map: { fields throws(RejectReason) -> RowOutcome<RegisterOrganisation> in
                    guard let siren = fields("siren"), let office = offices[siren] else { return .outsidePerimeter }
                    return .keep(try SireneFormat.legalUnit(&fields, headOffice: office))
                },
                prepare: { rows in
                    UpsertBatch(
                        rows, key: \.siren, source: "sirene", lab: lab, communes: communes, engine: database.engine)
                },
                write: { batch in
                    try await upsert(batch, keyColumn: "siren")
                })
        }
    }
}
