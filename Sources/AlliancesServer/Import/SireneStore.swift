import AlliancesCore
import SQLKit

/// All SQL of `sirene_head_offices`: the head offices a SIRENE establishment file leaves,
/// per lab, for the legal-unit file to place its organisations.
struct SireneStore: Sendable {
    static func decode(_ row: any SQLRow) throws -> SireneFormat.HeadOffice {
        SireneFormat.HeadOffice(
            siren: try row.string("siren"), siret: try row.string("siret"),
            communeCode: try row.string("commune_code"), active: try row.bool("active"),
            latitude: try row.optionalDouble("latitude"), longitude: try row.optionalDouble("longitude"))
    }

    /// The lab's head offices, by SIREN (only these SIRENs, when given).
    func headOffices(labID: Int, sirens: [String]? = nil, on db: any SQLDatabase) async throws -> [String:
        SireneFormat.HeadOffice]
    {
        var query: SQLQueryString =
            "SELECT siren, siret, commune_code, active, latitude, longitude FROM sirene_head_offices WHERE lab_id = \(bind: labID)"
        if let sirens {
            guard !sirens.isEmpty else { return [:] }
            query += " AND siren IN (\(binds: sirens))"
        }
        var offices: [String: SireneFormat.HeadOffice] = [:]
        for row in try await db.raw(query).all() {
            let office = try Self.decode(row)
            offices[office.siren] = office
        }
        return offices
    }

    /// Writes head offices (new or changed) of the lab, in one statement.
    func save(_ offices: [SireneFormat.HeadOffice], labID: Int, on db: any SQLDatabase) async throws {
        guard !offices.isEmpty else { return }
        let values: [SQLQueryString] = offices.map { office in
            "(\(bind: labID), \(bind: office.siren), \(bind: office.siret), \(bind: office.communeCode), \(bind: office.active ? 1 : 0), \(bind: office.latitude), \(bind: office.longitude))"
        }
        try await db.raw(
            "INSERT INTO sirene_head_offices (lab_id, siren, siret, commune_code, active, latitude, longitude) VALUES "
                + values.joined(separator: ", ")
                + " ON CONFLICT (lab_id, siren) DO UPDATE SET siret = excluded.siret, commune_code = excluded.commune_code, active = excluded.active, latitude = excluded.latitude, longitude = excluded.longitude"
        ).run()
    }
}
