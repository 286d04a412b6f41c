import AlliancesCore
import SQLKit

/// What register imports read and write in `organisations`: rows found by their natural
/// key (RNA number, SIREN, SIRET), the fingerprint of what the register said, and the
/// register's fields of one organisation. The bulk path's inserts go through `BulkInsert`
/// or `SQLiteBulkConnection` with `RegisterImporter.insertColumns`.
extension OrganisationStore {
    /// Whether the lab holds an organisation with this natural key column set.
    func hasAny(labID: Int, keyColumn: String, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "SELECT id FROM organisations WHERE lab_id = \(bind: labID) AND \(ident: keyColumn) IS NOT NULL LIMIT 1"
        ).first() != nil
    }

    /// Organisations of every lab.
    func countAll(on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT count(*) AS n FROM organisations").first()?.int("n") ?? 0
    }

    /// The lab's organisations with these values of `keyColumn`: value → (id, fingerprint).
    func byRegisterKey(labID: Int, keyColumn: String, values: [String], on db: any SQLDatabase) async throws
        -> [String: (id: Int, fingerprint: String?)]
    {
        guard !values.isEmpty else { return [:] }
        var found: [String: (id: Int, fingerprint: String?)] = [:]
        for row in try await db.raw(
            "SELECT id, \(ident: keyColumn) AS natural_key, register_fingerprint FROM organisations WHERE lab_id = \(bind: labID) AND \(ident: keyColumn) IN (\(binds: values))"
        ).all() {
            found[try row.string("natural_key")] = (try row.int("id"), try row.optionalString("register_fingerprint"))
        }
        return found
    }

    /// Which organisation of the lab holds each of these values of a unique column.
    func owners(labID: Int, column: String, values: [String], on db: any SQLDatabase) async throws -> [String: Int] {
        guard !values.isEmpty else { return [:] }
        var owners: [String: Int] = [:]
        for row in try await db.raw(
            "SELECT id, \(ident: column) AS value FROM organisations WHERE lab_id = \(bind: labID) AND \(ident: column) IN (\(binds: values))"
        ).all() {
            owners[try row.string("value")] = try row.int("id")
        }
        return owners
    }

    /// Writes the register's fields of one organisation. A description or website already
    /// present (perhaps edited on the platform) is kept; identifiers and coordinates the
    /// file leaves out are kept.
    func updateFromRegister(
        id: Int, row: RegisterOrganisation, nameFolded: String, departement: String?, source: String,
        fingerprint: String, now: Int, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            UPDATE organisations SET name = \(bind: row.name), name_folded = \(bind: nameFolded),
              acronym = \(bind: row.acronym), kind = \(bind: row.kind.rawValue), siren = COALESCE(\(bind: row.siren), siren),
              siret = COALESCE(\(bind: row.siret), siret), rna_id = COALESCE(\(bind: row.rnaId), rna_id),
              latitude = COALESCE(\(bind: row.latitude), latitude), longitude = COALESCE(\(bind: row.longitude), longitude),
              description = COALESCE(description, \(bind: row.description)), website = COALESCE(website, \(bind: row.website)),
              commune_code = \(bind: row.communeCode), departement_code = \(bind: departement), active = \(bind: row.active ? 1 : 0),
              size_class = \(bind: row.sizeClass?.rawValue), headcount_band = \(bind: row.headcountBand?.rawValue),
              legal_category = \(bind: row.legalCategory), ess = \(bind: row.ess.map { $0 ? 1 : 0 }),
              created_on = \(bind: row.createdOn), closed_on = \(bind: row.closedOn), source = \(bind: source),
              register_fingerprint = \(bind: fingerprint), imported_at = \(bind: now), updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// The bulk connection's statements (prepared once, SQLite only): whether a SIRET is
    /// held in the lab, and the lab's version bump (`LabStore.bumpVersion`'s statement).
    static let siretHeldStatement = "SELECT 1 FROM organisations WHERE lab_id = ? AND siret = ?"
    static let bumpLabStatement = "UPDATE labs SET data_version = data_version + 1 WHERE id = ?"
}
