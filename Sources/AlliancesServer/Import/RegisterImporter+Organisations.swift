import AlliancesCore
import Foundation
import SQLKit
import SQLiteKit
import Synchronization

extension RegisterImporter {
    /// Imports associations from an RNA file (waldec or the older "import" file) into a lab.
    /// Rows are kept when their commune is in the lab's perimeter (narrowed by
    /// `departements` when given); closed associations are kept as inactive.
    public func importRNA(path: String, lab: Lab, departements: Perimeter? = nil) async throws -> ImportSummary {
        let communes = try await communeDepartements()
        var reader = RNAFormat.Reader()
        return try await withBulkLoad(path: path, lab: lab, keyColumn: "rna_id") { bulk in
            try await run(
                path: path, requiredColumns: RNAFormat.requiredColumns,
                map: { fields throws(RejectReason) -> RowOutcome<RegisterOrganisation> in
                    let organisation = try reader.organisation(&fields)
                    if try Self.outsidePerimeter(
                        commune: organisation.communeCode ?? "", communes: communes, lab: lab,
                        departements: departements)
                    {
                        return .outsidePerimeter
                    }
                    return .keep(organisation)
                },
                prepare: { rows in
                    UpsertBatch(
                        rows, key: \.rnaId, source: "rna", lab: lab, communes: communes,
                        lookup: bulk?.seen.claim(rows.compactMap(\.rnaId)), direct: bulk?.sqlite != nil,
                        engine: database.engine)
                },
                write: { batch in
                    try await upsert(batch, keyColumn: "rna_id", direct: bulk?.sqlite)
                })
        }
    }

    /// The keys a bulk load writes, claimed by its reader in file order: a key it has not
    /// claimed before cannot be in the lab yet. Held in a `KeyFilter` (16 MiB whatever the
    /// file's size), so a few keys come back as "maybe" and are looked up for nothing.
    final class SeenKeys: Sendable {
        private let keys = Mutex(KeyFilter())

        /// Records `batch` and returns those of its keys that may have been recorded before
        /// (by an earlier batch, or earlier in this one).
        func claim(_ batch: [String]) -> [String] {
            keys.withLock { keys in batch.filter { keys.insert($0) } }
        }
    }

    /// What a large first load of organisations has beyond an ordinary import.
    final class BulkLoad: Sendable {
        /// Lets the batches skip the existence query for keys this load has not written.
        let seen = SeenKeys()
        /// On SQLite (a file), a connection of its own that inserts the batches whose rows
        /// are all new with prepared statements (`SQLiteBulkConnection`).
        let sqlite: SQLiteBulkConnection?

        init(sqlite: SQLiteBulkConnection?) { self.sqlite = sqlite }
    }

    /// Runs an import of organisations. When it is a large first load (the lab holds no
    /// organisation with this natural key yet, and the file's rows outnumber the whole
    /// table), the secondary indexes are dropped for its duration and built again at the
    /// end, also when it fails, and `body` gets a `BulkLoad`. Otherwise it gets nil and
    /// nothing changes.
    func withBulkLoad(path: String, lab: Lab, keyColumn: String, _ body: (BulkLoad?) async throws -> ImportSummary)
        async throws -> ImportSummary
    {
        let estimatedRows = ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 250
        let bulk = try await database.withConnection { db in
            try await OrganisationIndexes.ensure(on: db)
            let organisations = OrganisationStore()
            guard estimatedRows >= bulkThreshold,
                try await !organisations.hasAny(labID: lab.id, keyColumn: keyColumn, on: db)
            else { return false }
            return try await organisations.countAll(on: db) < estimatedRows
        }
        guard bulk else { return try await body(nil) }
        try await database.transaction { db in try await OrganisationIndexes.drop(on: db) }
        var direct: SQLiteBulkConnection?
        do {
            if case .sqlite(let file) = database.location, !file.isEmpty, !file.hasPrefix(":memory:") {
                direct = try await SQLiteBulkConnection.open(path: file)
            }
            var result = try await body(BulkLoad(sqlite: direct))
            await direct?.close()
            let start = Date()
            try await database.transaction { db in
                try await OrganisationIndexes.rebuild(on: db, engine: database.engine)
            }
            result.seconds += Date().timeIntervalSince(start)
            return result
        } catch {
            await direct?.close()
            try? await database.transaction { db in
                try await OrganisationIndexes.rebuild(on: db, engine: database.engine)
            }
            throw error
        }
    }

    /// A batch of register rows ready for `upsert`: one row per natural key (the last wins
    /// when a key appears twice), with what needs no database worked out by the reader,
    /// off the writes' path: fingerprints, folded names, départements, the keys to look
    /// up, and the insert statement for the usual case of a bulk load, every row new.
    struct UpsertBatch: Sendable {
        struct Entry: Sendable {
            var row: RegisterOrganisation
            let fingerprint: String
            let nameFolded: String
            let departement: String?
        }
        /// Natural keys in file order, each once.
        var order: [String] = []
        var byKey: [String: Entry] = [:]
        /// Rows replaced by a later row with the same key.
        var duplicates = 0
        let now = nowSeconds()
        /// Where the rows go and what they are recorded as coming from ("rna", "sirene").
        let lab: Lab
        let source: String
        /// The keys that may already be stored: all of them, or in a bulk load those an
        /// earlier batch writes, or this one twice (the reader claims keys in file order).
        let lookup: [String]
        /// Inserts every row as the file has it, when none may be stored yet; used if all
        /// turn out to be new (a SIRET held by another organisation changes a row).
        let insertAll: BulkInsert.Statement?
        /// For `SQLiteBulkConnection`, a batch whose keys are all new and distinct (the
        /// reader claimed none twice): the rows to insert, built straight from those read,
        /// which are not keyed (`order` and `byKey` stay empty, `insertAll` nil) unless
        /// the insert cannot be made as it is (`keyed`).
        let fresh: Fresh?
        struct Fresh: Sendable {
            let inserts: BulkRows
            let incoming: [RegisterOrganisation]
            let communes: [String: String]
            let created: Int
            let inactive: Int
            let sirets: [String]
        }

        /// `lookup`: the keys that may be stored already, from a bulk load's `SeenKeys`; nil
        /// for all of them. `direct`: the rows are for `SQLiteBulkConnection`.
        init(
            _ incoming: [RegisterOrganisation], key: KeyPath<RegisterOrganisation, String?>, source: String, lab: Lab,
            communes: [String: String], lookup: [String]? = nil, direct: Bool = false, engine: DatabaseEngine
        ) {
            self.lab = lab
            self.source = source
            if direct, lookup?.isEmpty == true {
                let columns = RegisterImporter.insertColumns
                var rows = BulkRows(width: columns.count, capacity: incoming.count)
                var created = 0, inactive = 0
                var sirets: [String] = []
                for row in incoming where row[keyPath: key] != nil {
                    created += 1
                    if !row.active { inactive += 1 }
                    if let siret = row.siret { sirets.append(siret) }
                    RegisterImporter.appendInsertValues(
                        row, nameFolded: TextNormalisation.fold(row.name), lab: lab,
                        departement: row.communeCode.flatMap { communes[$0] }, source: source,
                        fingerprint: row.fingerprint, now: now, to: &rows)
                }
                self.lookup = []
                insertAll = nil
                fresh = Fresh(
                    inserts: rows, incoming: incoming, communes: communes, created: created, inactive: inactive,
                    sirets: sirets)
                return
            }
            fresh = nil
            byKey.reserveCapacity(incoming.count)
            order.reserveCapacity(incoming.count)
            for row in incoming {
                guard let value = row[keyPath: key] else { continue }
                let entry = Entry(
                    row: row, fingerprint: row.fingerprint, nameFolded: TextNormalisation.fold(row.name),
                    departement: row.communeCode.flatMap { communes[$0] })
                if byKey.updateValue(entry, forKey: value) == nil { order.append(value) } else { duplicates += 1 }
            }
            self.lookup = lookup ?? order
            guard self.lookup.isEmpty else { insertAll = nil; return }
            let columns = RegisterImporter.insertColumns
            var values: [BulkValue] = []
            values.reserveCapacity(order.count * columns.count)
            for value in order {
                let entry = byKey[value]!
                RegisterImporter.appendInsertValues(
                    entry.row, nameFolded: entry.nameFolded, lab: lab, departement: entry.departement,
                    source: source, fingerprint: entry.fingerprint, now: now, to: &values)
            }
            insertAll = BulkInsert.statement(into: "organisations", columns: columns, values: values, engine: engine)
        }

        /// A `fresh` RNA batch keyed like any other, for `upsert`'s general path.
        func keyed() -> UpsertBatch {
            guard let fresh else { return self }
            return UpsertBatch(
                fresh.incoming, key: \.rnaId, source: source, lab: lab, communes: fresh.communes, engine: .sqlite)
        }
    }

    /// Inserts new organisations and updates changed ones, by natural key, in one
    /// transaction. Only register fields are written; a description already present
    /// (perhaps edited on the platform) is kept, and themes and people are never touched.
    func upsert(_ batch: UpsertBatch, keyColumn: String, direct: SQLiteBulkConnection? = nil) async throws
        -> ImportSummary
    {
        var batch = batch
        if let fresh = batch.fresh, let direct {
            precondition(keyColumn == "rna_id", "a fresh batch is keyed by RNA number")
            if let inserted = try await insertNew(fresh, lab: batch.lab, on: direct) { return inserted }
            batch = batch.keyed()
        }
        let now = batch.now, lab = batch.lab, source = batch.source
        var summary = ImportSummary()
        summary.skipped += batch.duplicates
        let order = batch.order, byKey = batch.byKey
        guard !order.isEmpty else { return summary }
        let lookup = batch.lookup
        let logger = database.logger
        let counts = try await database.bulkTransaction {
            db, native -> (created: Int, updated: Int, unchanged: Int, inactive: Int) in
            let organisations = OrganisationStore()
            var existing = try await organisations.byRegisterKey(
                labID: lab.id, keyColumn: keyColumn, values: lookup, on: db)
            // An association known from the RNA is the same organisation as its SIRENE unit.
            if keyColumn != "rna_id" {
                let byRNA = Dictionary(
                    order.compactMap { key in byKey[key]?.row.rnaId.map { ($0, key) } },
                    uniquingKeysWith: { first, _ in first })
                let missing = byRNA.keys.filter { existing[byRNA[$0]!] == nil }
                for (rna, found) in try await organisations.byRegisterKey(
                    labID: lab.id, keyColumn: "rna_id", values: missing, on: db)
                {
                    if let key = byRNA[rna] { existing[key] = found }
                }
            }
            // A SIRET or RNA number already held by another organisation of the lab is left
            // out rather than failing the batch on the unique indexes.
            let siretOwner = try await organisations.owners(
                labID: lab.id, column: "siret", values: order.compactMap { byKey[$0]?.row.siret }, on: db)
            let rnaOwner =
                keyColumn == "rna_id"
                ? [:]
                : try await organisations.owners(
                    labID: lab.id, column: "rna_id", values: order.compactMap { byKey[$0]?.row.rnaId }, on: db)
            var created = 0, updated = 0, unchanged = 0, inactive = 0
            // New rows by key, and those not stored as the file has them (a number left out).
            var fresh: [String] = []
            var altered: [String: (row: RegisterOrganisation, fingerprint: String)] = [:]
            var claimedSirets: Set<String> = []
            var claimedRNA: Set<String> = []
            for value in order {
                guard let entry = byKey[value] else { continue }
                var row = entry.row
                let target = existing[value]?.id
                if let siret = row.siret {
                    let owner = siretOwner[siret]
                    if (owner != nil && owner != target) || !claimedSirets.insert(siret).inserted { row.siret = nil }
                }
                if let rna = row.rnaId, keyColumn != "rna_id" {
                    let owner = rnaOwner[rna]
                    if (owner != nil && owner != target) || !claimedRNA.insert(rna).inserted { row.rnaId = nil }
                }
                if !row.active { inactive += 1 }
                // What was stored is fingerprinted: a number left out changes it.
                let fingerprint =
                    row.siret == entry.row.siret && row.rnaId == entry.row.rnaId ? entry.fingerprint : row.fingerprint
                let dep = entry.departement
                if let current = existing[value] {
                    if current.fingerprint == fingerprint { unchanged += 1; continue }
                    updated += 1
                    try await organisations.updateFromRegister(
                        id: current.id, row: row, nameFolded: entry.nameFolded, departement: dep, source: source,
                        fingerprint: fingerprint, now: now, on: db)
                } else {
                    created += 1
                    fresh.append(value)
                    if fingerprint != entry.fingerprint { altered[value] = (row, fingerprint) }
                }
            }
            if let insertAll = batch.insertAll, fresh.count == order.count, altered.isEmpty {
                try await BulkInsert.run(insertAll, on: native, logger: logger)
            } else {
                var inserts: [BulkValue] = []
                inserts.reserveCapacity(fresh.count * Self.insertColumns.count)
                for value in fresh {
                    let entry = byKey[value]!
                    let (row, fingerprint) = altered[value] ?? (entry.row, entry.fingerprint)
                    Self.appendInsertValues(
                        row, nameFolded: entry.nameFolded, lab: lab, departement: entry.departement, source: source,
                        fingerprint: fingerprint, now: now, to: &inserts)
                }
                try await BulkInsert.insert(
                    into: "organisations", columns: Self.insertColumns, values: inserts, on: native, logger: logger)
            }
            if created + updated > 0 { try await LabStore.bumpVersion(labID: lab.id, on: db) }
            return (created, updated, unchanged, inactive)
        }
        summary.created += counts.created
        summary.updated += counts.updated
        summary.unchanged += counts.unchanged
        summary.inactive += counts.inactive
        return summary
    }

    /// The usual batch of an RNA bulk load, every row new, inserted through the bulk
    /// connection with prepared statements. Nil, with nothing written, when a SIRET of
    /// the batch is held already or twice in it: `upsert`'s general path settles that.
    func insertNew(_ fresh: UpsertBatch.Fresh, lab: Lab, on direct: SQLiteBulkConnection) async throws -> ImportSummary?
    {
        let sirets = fresh.sirets, rows = fresh.inserts
        guard Set(sirets).count == sirets.count else { return nil }
        let labID = lab.id
        let inserted = try await database.exclusiveWrite {
            try await direct.run { connection in
                try connection.execute("BEGIN IMMEDIATE")
                do {
                    for siret in sirets {
                        if try connection.step(
                            OrganisationStore.siretHeldStatement, [.integer(labID), .text(siret)])
                        {
                            try connection.execute("ROLLBACK")
                            return false
                        }
                    }
                    try connection.insert(into: "organisations", columns: Self.insertColumns, rows: rows)
                    try connection.step(OrganisationStore.bumpLabStatement, [.integer(labID)])
                    try connection.execute("COMMIT")
                    return true
                } catch {
                    try? connection.execute("ROLLBACK")
                    throw error
                }
            }
        }
        guard inserted else { return nil }
        var summary = ImportSummary()
        summary.created = fresh.created
        summary.inactive = fresh.inactive
        return summary
    }

    static let insertColumns = [
        "lab_id", "name", "name_folded", "acronym", "kind", "rna_id", "siren", "siret", "description", "website",
        "commune_code", "departement_code", "active", "size_class", "headcount_band", "legal_category", "ess",
        "created_on",
        "closed_on", "source", "register_fingerprint", "latitude", "longitude", "imported_at", "created_at",
        "updated_at"
    ]

    /// Appends the values of one new organisation, in `insertColumns` order.
    static func appendInsertValues(
        _ row: RegisterOrganisation, nameFolded: String, lab: Lab, departement: String?, source: String,
        fingerprint: String,
        now: Int, to values: inout some BulkValueSink
    ) {
        values.append(.integer(lab.id))
        values.append(.text(row.name))
        values.append(.text(nameFolded))
        values.append(BulkValue(row.acronym))
        values.append(.text(row.kind.rawValue))
        values.append(BulkValue(row.rnaId))
        values.append(BulkValue(row.siren))
        values.append(BulkValue(row.siret))
        values.append(BulkValue(row.description))
        values.append(BulkValue(row.website))
        values.append(BulkValue(row.communeCode))
        values.append(BulkValue(departement))
        values.append(.integer(row.active ? 1 : 0))
        values.append(BulkValue(row.sizeClass?.rawValue))
        values.append(BulkValue(row.headcountBand?.rawValue))
        values.append(BulkValue(row.legalCategory))
        values.append(BulkValue(row.ess.map { $0 ? 1 : 0 }))
        values.append(BulkValue(row.createdOn))
        values.append(BulkValue(row.closedOn))
        values.append(.text(source))
        values.append(.text(fingerprint))
        values.append(BulkValue(row.latitude))
        values.append(BulkValue(row.longitude))
        values.append(.integer(now))
        values.append(.integer(now))
        values.append(.integer(now))
    }
}
