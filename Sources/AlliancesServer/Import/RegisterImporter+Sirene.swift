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
                try await database.transaction { db in
                    var stored: [String: String] = [:]
                    for row in try await db.raw(
                        "SELECT siren, siret, commune_code, active, latitude, longitude FROM sirene_head_offices WHERE lab_id = \(bind: lab.id) AND siren IN (\(binds: rows.map(\.siren)))"
                    ).all() {
                        stored[try row.string("siren")] =
                            "\(try row.string("siret"))|\(try row.string("commune_code"))|\(try row.int("active"))|\(try row.optionalDouble("latitude") ?? .nan)|\(try row.optionalDouble("longitude") ?? .nan)"
                    }
                    var values: [SQLQueryString] = []
                    for office in rows {
                        let incoming =
                            "\(office.siret)|\(office.communeCode)|\(office.active ? 1 : 0)|\(office.latitude ?? .nan)|\(office.longitude ?? .nan)"
                        guard Self.tally(&summary, stored: stored[office.siren], incoming: incoming) else { continue }
                        stored[office.siren] = incoming
                        if !office.active { summary.inactive += 1 }
                        values.append(
                            "(\(bind: lab.id), \(bind: office.siren), \(bind: office.siret), \(bind: office.communeCode), \(bind: office.active ? 1 : 0), \(bind: office.latitude), \(bind: office.longitude))"
                        )
                    }
                    guard !values.isEmpty else { return }
                    try await db.raw(
                        "INSERT INTO sirene_head_offices (lab_id, siren, siret, commune_code, active, latitude, longitude) VALUES "
                            + values.joined(separator: ", ")
                            + " ON CONFLICT (lab_id, siren) DO UPDATE SET siret = excluded.siret, commune_code = excluded.commune_code, active = excluded.active, latitude = excluded.latitude, longitude = excluded.longitude"
                    ).run()
                }
                return summary
            })
    }

    /// Step 2: the legal units whose head office is in the lab become organisations
    /// (companies, associations of local law 9260, public bodies...). An association
    /// already imported from the RNA is matched by its RNA number and completed.
    public func importSireneLegalUnits(path: String, lab: Lab) async throws -> ImportSummary {
        let offices = try await database.withConnection { db -> [String: SireneFormat.HeadOffice] in
            var offices: [String: SireneFormat.HeadOffice] = [:]
            for row in try await db.raw(
                "SELECT siren, siret, commune_code, active, latitude, longitude FROM sirene_head_offices WHERE lab_id = \(bind: lab.id)"
            ).all() {
                let siren = try row.string("siren")
                offices[siren] = SireneFormat.HeadOffice(
                    siren: siren, siret: try row.string("siret"), communeCode: try row.string("commune_code"),
                    active: try row.bool("active"), latitude: try row.optionalDouble("latitude"),
                    longitude: try row.optionalDouble("longitude"))
            }
            return offices
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
