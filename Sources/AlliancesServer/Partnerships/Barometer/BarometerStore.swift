import AlliancesCore
import SQLKit

/// A reference figure as stored (the network's, editable by its admins).
public struct StoredReference: Sendable, Equatable {
    public let id: Int
    public var figure: ReferenceFigure
}

/// The SQL of the barometer: what it is computed from, the survey and the references.
public struct BarometerStore: Sendable {
    public init() {}

    static func employer(_ band: String?) -> Bool { band.map { !["", "NN", "00"].contains($0) } ?? false }

    /// The cell of a row with `kind`, `size_class`, `departement_code`, `headcount_band`.
    static func actorCell(_ row: any SQLRow) throws -> ActorCell {
        ActorCell(
            kind: try row.code(ActorKind.self, "kind", in: "organisations"),
            size: try row.optionalCode(SizeClass.self, "size_class", in: "organisations"),
            departement: try row.optionalString("departement_code"),
            employer: employer(try row.optionalString("headcount_band")))
    }

    /// The same with `active`: a closed organisation has no cell (outside the population).
    static func cell(_ row: any SQLRow) throws -> ActorCell? {
        try row.int("active") == 1 ? try actorCell(row) : nil
    }

    /// Splits on one ASCII byte, keeping empty fields (without the grapheme-cluster work of
    /// `split(separator: Character)`, ten times slower on these lines).
    static func split(_ text: Substring, on byte: UInt8, maxSplits: Int = .max) -> [Substring] {
        var fields: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == byte && fields.count < maxSplits {
                fields.append(Substring(utf8[start..<index]))
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        fields.append(Substring(utf8[start..<utf8.endIndex]))
        return fields
    }

    /// Rows packed as `a|b|c` lines and aggregated 64 buckets at a time
    /// (`stringAggregate`), so tens of thousands of rows cross the driver as 64.
    static func packedLines(_ db: any SQLDatabase, line: SQLQueryString, from: SQLQueryString, bucket: String)
        async throws -> [Substring]
    {
        let query: SQLQueryString =
            "SELECT " + db.stringAggregate(line, separator: "\n") + " AS packed " + from
            + " GROUP BY \(unsafeRaw: bucket) % 64"
        var lines: [Substring] = []
        for row in try await db.raw(query).all() {
            guard let text = try row.optionalString("packed") else { continue }
            lines.append(contentsOf: Self.split(text[...], on: UInt8(ascii: "\n")))
        }
        return lines
    }

    /// Today's active population grouped by cell, the lab's partnerships with their
    /// parties' cells, and the survey answers.
    ///
    /// The population is one `GROUP BY` in the order of the `organisations_barometer`
    /// index (so the engine aggregates as it scans, without sorting), the employer flag
    /// derived here from the band. Partnerships and parties come back packed
    /// (`packedLines`), because each row read through the driver costs about 8 µs, a
    /// hundred times what the engine needs to produce it: 20,000 partnerships and 44,000
    /// parties read row by row took about 400 ms, packed about 100 ms (BENCHMARKS.md).
    /// Every packed field is a code, a date, a number or a comma-framed list: none holds a
    /// `|` or a line break.
    ///
    /// With `previous` (data read at partnership version `since`, the directory unchanged
    /// since), only the partnerships written after that version are read, with their
    /// parties and cells, and merged in; the population is kept and the survey read again.
    /// The version is read first, so the data holds at least every write up to it.
    public func data(labID: Int, previous: (data: BarometerData, since: Int)? = nil, on db: any SQLDatabase)
        async throws -> (data: BarometerData, partnershipVersion: Int)
    {
        let version =
            try await db.raw("SELECT partnership_version FROM labs WHERE id = \(bind: labID)").first()?.int(
                "partnership_version") ?? 0
        let changed: SQLQueryString = previous.map { "p.version > \(bind: $0.since)" } ?? "1 = 1"
        var population: [ActorCell: Int] = previous?.data.population ?? [:]
        if previous == nil {
            for row in try await db.raw(
                """
                SELECT o.kind, o.size_class, o.departement_code, o.headcount_band, COUNT(*) AS n
                FROM organisations o WHERE o.lab_id = \(bind: labID) AND o.active = 1
                GROUP BY o.kind, o.size_class, o.departement_code, o.headcount_band
                """
            ).all() {
                let cell = try Self.actorCell(row)
                population[cell, default: 0] += try row.int("n")
            }
        }
        // The cells of the organisations that are parties, grouped by cell: a scan of the
        // lab's organisations in index order, instead of 44,000 lookups by id.
        var cellOf: [Int: ActorCell?] = [:]
        for row in try await db.raw(
            """
            SELECT o.kind, o.size_class, o.departement_code, o.headcount_band, o.active,
              \(db.stringAggregate("CAST(o.id AS TEXT)", separator: ",")) AS ids
            FROM organisations o WHERE o.lab_id = \(bind: labID)
              AND o.id IN (SELECT pp.organisation_id FROM partnership_parties pp JOIN partnerships p ON p.id = pp.partnership_id
                           WHERE p.lab_id = \(bind: labID) AND \(changed))
            GROUP BY o.active, o.kind, o.size_class, o.departement_code, o.headcount_band
            """
        ).all() {
            let cell = try Self.cell(row)
            for id in Self.split(try row.string("ids")[...], on: UInt8(ascii: ",")) {
                if let id = Int(id) { cellOf[id] = cell }
            }
        }
        var parties: [Int: [PartnershipFact.Party]] = [:]
        for line in try await Self.packedLines(
            db, line: "pp.partnership_id || '|' || pp.organisation_id",
            from: """
                FROM partnership_parties pp JOIN partnerships p ON p.id = pp.partnership_id WHERE p.lab_id = \(bind: labID) AND \(changed)
                """, bucket: "pp.partnership_id")
        {
            let f = Self.split(line, on: UInt8(ascii: "|"))
            guard f.count == 2, let partnership = Int(f[0]), let organisation = Int(f[1]),
                let cell = cellOf[organisation]
            else { continue }
            parties[partnership, default: []].append(.init(organisationID: organisation, cell: cell))
        }
        var partnerships: [PartnershipFact] = []
        var modeSets = Memo<ModeSet> { ModeSet(ListingStore.codes(String($0), as: PartnershipMode.self)) }
        var themeSets = Memo<ThemeSet> { ThemeSet(ListingStore.codes(String($0), as: Theme.self)) }
        for line in try await Self.packedLines(
            db,
            line: """
                p.id || '|' || p.modes || '|' || p.themes || '|' || p.stage || '|' || p.started_on || '|' || COALESCE(p.ended_on, '') || '|'
                  || COALESCE(p.euros, 0) || '|' || COALESCE(p.hours, 0) || '|' || COALESCE(p.people_reached, 0) || '|' || COALESCE(p.jobs, 0)
                """, from: "FROM partnerships p WHERE p.lab_id = \(bind: labID) AND " + changed, bucket: "p.id")
        {
            let f = Self.split(line, on: UInt8(ascii: "|"))
            guard f.count == 10, let id = Int(f[0]), let start = CalendarDate.number(f[4]) else { continue }
            partnerships.append(
                PartnershipFact(
                    id: id, parties: parties[id] ?? [], modes: modeSets.value(f[1]), themes: themeSets.value(f[2]),
                    stage: PartnershipStage(rawValue: String(f[3])) ?? .firstMeeting, start: start,
                    end: f[5].isEmpty ? nil : CalendarDate.number(f[5]),
                    euros: Int(f[6]) ?? 0, hours: Int(f[7]) ?? 0, peopleReached: Int(f[8]) ?? 0, jobs: Int(f[9]) ?? 0))
        }
        if let previous {
            let fresh = Set(partnerships.map(\.id))
            partnerships += previous.data.partnerships.filter { !fresh.contains($0.id) }
        }
        partnerships.sort { $0.id < $1.id }
        let survey = try await db.raw(
            """
            SELECT s.organisation_id, s.year, s.partnerships, s.modes, o.kind, o.size_class, o.departement_code, o.headcount_band, o.active
            FROM survey_answers s JOIN organisations o ON o.id = s.organisation_id WHERE s.lab_id = \(bind: labID)
            """
        ).all().map { row in
            SurveyAnswer(
                organisationID: try row.int("organisation_id"), cell: try Self.cell(row), year: try row.int("year"),
                partnerships: try row.int("partnerships"),
                modes: ModeSet(ListingStore.codes(try row.string("modes"), as: PartnershipMode.self)))
        }
        return (BarometerData(population: population, partnerships: partnerships, survey: survey), version)
    }

    // MARK: Survey

    public struct Answer: Sendable, Equatable {
        public let year: Int
        public let partnerships: Int
        public let modes: [PartnershipMode]
        public let answeredAt: Int
    }

    public func answers(organisationID: Int, on db: any SQLDatabase) async throws -> [Answer] {
        try await db.raw(
            "SELECT year, partnerships, modes, answered_at FROM survey_answers WHERE organisation_id = \(bind: organisationID) ORDER BY year DESC"
        ).all().map { row in
            Answer(
                year: try row.int("year"), partnerships: try row.int("partnerships"),
                modes: ListingStore.codes(try row.string("modes"), as: PartnershipMode.self),
                answeredAt: try row.int("answered_at"))
        }
    }

    /// One answer per organisation and year: a new answer replaces the previous one.
    public func saveAnswer(
        labID: Int, organisationID: Int, year: Int, partnerships: Int, modes: [PartnershipMode], userID: Int?,
        on db: any SQLDatabase
    ) async throws {
        let now = nowSeconds()
        let framed = ListingStore.framed(modes)
        let existing = try await db.raw(
            "SELECT id FROM survey_answers WHERE organisation_id = \(bind: organisationID) AND year = \(bind: year)"
        ).first()
        if let id = try existing?.int("id") {
            try await db.raw(
                """
                UPDATE survey_answers SET partnerships = \(bind: partnerships), modes = \(bind: framed), answered_by = \(bind: userID), answered_at = \(bind: now)
                WHERE id = \(bind: id)
                """
            ).run()
        } else {
            try await db.raw(
                """
                INSERT INTO survey_answers (lab_id, organisation_id, year, partnerships, modes, answered_by, answered_at)
                VALUES (\(bind: labID), \(bind: organisationID), \(bind: year), \(bind: partnerships), \(bind: framed), \(bind: userID), \(bind: now))
                """
            ).run()
        }
        try await PartnershipStore.bumpVersion(labID: labID, on: db)
    }

    // MARK: References

    public func references(on db: any SQLDatabase) async throws -> [StoredReference] {
        try await db.raw(
            "SELECT id, key, label, percent, source, year, cited FROM barometer_references ORDER BY cited, key, id"
        ).all().map { row in
            StoredReference(
                id: try row.int("id"),
                figure: ReferenceFigure(
                    key: try row.string("key"), label: try row.string("label"),
                    percent: try row.decode(column: "percent", as: Double.self),
                    source: try row.string("source"), year: try row.int("year"), cited: try row.int("cited") == 1))
        }
    }

    public func saveReference(id: Int?, _ f: ReferenceFigure, on db: any SQLDatabase) async throws {
        if let id {
            try await db.raw(
                """
                UPDATE barometer_references SET key = \(bind: f.key), label = \(bind: f.label), percent = \(bind: f.percent), source = \(bind: f.source),
                  year = \(bind: f.year), cited = \(bind: f.cited ? 1 : 0), updated_at = \(bind: nowSeconds()) WHERE id = \(bind: id)
                """
            ).run()
        } else {
            try await db.raw(
                """
                INSERT INTO barometer_references (key, label, percent, source, year, cited, updated_at)
                VALUES (\(bind: f.key), \(bind: f.label), \(bind: f.percent), \(bind: f.source), \(bind: f.year), \(bind: f.cited ? 1 : 0), \(bind: nowSeconds()))
                """
            ).run()
        }
    }

    func referenceExists(id: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT id FROM barometer_references WHERE id = \(bind: id)").first() != nil
    }

    public func deleteReference(id: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM barometer_references WHERE id = \(bind: id)").run()
    }
}

/// A value parsed once per distinct text (a lab has a few hundred combinations of modes or
/// themes across tens of thousands of partnerships).
struct Memo<Value> {
    private var values: [Substring: Value] = [:]
    let parse: (Substring) -> Value

    init(_ parse: @escaping (Substring) -> Value) { self.parse = parse }

    mutating func value(_ text: Substring) -> Value {
        if let known = values[text] { return known }
        let value = parse(text)
        values[text] = value
        return value
    }
}
