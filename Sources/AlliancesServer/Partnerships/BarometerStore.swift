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

    static let employer: SQLQueryString = "CASE WHEN o.headcount_band IS NOT NULL AND o.headcount_band NOT IN ('', 'NN', '00') THEN 1 ELSE 0 END"

    static func cell(_ row: any SQLRow) throws -> ActorCell? {
        guard try row.int("active") == 1 else { return nil }
        let band = try row.optionalString("headcount_band")
        return ActorCell(kind: ActorKind(rawValue: try row.string("kind")) ?? .association,
                         size: try row.optionalString("size_class").flatMap(SizeClass.init(rawValue:)),
                         departement: try row.optionalString("departement_code"),
                         employer: band.map { !["", "NN", "00"].contains($0) } ?? false)
    }

    /// Today's active population grouped by cell (one pass over an index), the lab's
    /// partnerships with their parties, and the survey answers.
    public func data(labID: Int, on db: any SQLDatabase) async throws -> BarometerData {
        var population: [ActorCell: Int] = [:]
        let grouped: SQLQueryString = """
            SELECT o.kind, o.size_class, o.departement_code, \(Self.employer) AS employer, COUNT(*) AS n
            FROM organisations o WHERE o.lab_id = \(bind: labID) AND o.active = 1
            GROUP BY o.kind, o.size_class, o.departement_code, \(Self.employer)
            """
        for row in try await db.raw(grouped).all() {
            let cell = ActorCell(kind: ActorKind(rawValue: try row.string("kind")) ?? .association,
                                 size: try row.optionalString("size_class").flatMap(SizeClass.init(rawValue:)),
                                 departement: try row.optionalString("departement_code"), employer: try row.int("employer") == 1)
            population[cell, default: 0] += try row.int("n")
        }
        var parties: [Int: [PartnershipFact.Party]] = [:]
        for row in try await db.raw("""
            SELECT pp.partnership_id, pp.organisation_id, o.kind, o.size_class, o.departement_code, o.headcount_band, o.active
            FROM partnership_parties pp JOIN partnerships p ON p.id = pp.partnership_id JOIN organisations o ON o.id = pp.organisation_id
            WHERE p.lab_id = \(bind: labID)
            """).all() {
            parties[try row.int("partnership_id"), default: []].append(.init(organisationID: try row.int("organisation_id"), cell: try Self.cell(row)))
        }
        var partnerships: [PartnershipFact] = []
        for row in try await db.raw("""
            SELECT id, modes, themes, stage, started_on, ended_on, euros, hours, people_reached, jobs FROM partnerships WHERE lab_id = \(bind: labID)
            """).all() {
            let id = try row.int("id")
            guard let start = CalendarDate.number(try row.string("started_on")) else { continue }
            partnerships.append(PartnershipFact(
                id: id, parties: parties[id] ?? [], modes: ModeSet(ListingStore.codes(try row.string("modes"), as: PartnershipMode.self)),
                themes: ThemeSet(ListingStore.codes(try row.string("themes"), as: Theme.self)),
                stage: PartnershipStage(rawValue: try row.string("stage")) ?? .firstMeeting, start: start,
                end: try row.optionalString("ended_on").flatMap(CalendarDate.number), euros: try row.optionalInt("euros") ?? 0,
                hours: try row.optionalInt("hours") ?? 0, peopleReached: try row.optionalInt("people_reached") ?? 0, jobs: try row.optionalInt("jobs") ?? 0))
        }
        let survey = try await db.raw("""
            SELECT s.organisation_id, s.year, s.partnerships, s.modes, o.kind, o.size_class, o.departement_code, o.headcount_band, o.active
            FROM survey_answers s JOIN organisations o ON o.id = s.organisation_id WHERE s.lab_id = \(bind: labID)
            """).all().map { row in
            SurveyAnswer(organisationID: try row.int("organisation_id"), cell: try Self.cell(row), year: try row.int("year"),
                         partnerships: try row.int("partnerships"), modes: ModeSet(ListingStore.codes(try row.string("modes"), as: PartnershipMode.self)))
        }
        return BarometerData(population: population, partnerships: partnerships, survey: survey)
    }

    // MARK: Survey

    public struct Answer: Sendable, Equatable {
        public let year: Int
        public let partnerships: Int
        public let modes: [PartnershipMode]
        public let answeredAt: Int
    }

    public func answers(organisationID: Int, on db: any SQLDatabase) async throws -> [Answer] {
        try await db.raw("SELECT year, partnerships, modes, answered_at FROM survey_answers WHERE organisation_id = \(bind: organisationID) ORDER BY year DESC").all().map { row in
            Answer(year: try row.int("year"), partnerships: try row.int("partnerships"),
                   modes: ListingStore.codes(try row.string("modes"), as: PartnershipMode.self), answeredAt: try row.int("answered_at"))
        }
    }

    /// One answer per organisation and year: a new answer replaces the previous one.
    public func saveAnswer(labID: Int, organisationID: Int, year: Int, partnerships: Int, modes: [PartnershipMode], userID: Int?, on db: any SQLDatabase) async throws {
        let now = nowSeconds()
        let framed = ListingStore.framed(modes)
        let existing = try await db.raw("SELECT id FROM survey_answers WHERE organisation_id = \(bind: organisationID) AND year = \(bind: year)").first()
        if let id = try existing?.int("id") {
            try await db.raw("""
                UPDATE survey_answers SET partnerships = \(bind: partnerships), modes = \(bind: framed), answered_by = \(bind: userID), answered_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
        } else {
            try await db.raw("""
                INSERT INTO survey_answers (lab_id, organisation_id, year, partnerships, modes, answered_by, answered_at)
                VALUES (\(bind: labID), \(bind: organisationID), \(bind: year), \(bind: partnerships), \(bind: framed), \(bind: userID), \(bind: now))
                """).run()
        }
        try await PartnershipStore.bumpVersion(labID: labID, on: db)
    }

    // MARK: References

    public func references(on db: any SQLDatabase) async throws -> [StoredReference] {
        try await db.raw("SELECT id, key, label, percent, source, year, cited FROM barometer_references ORDER BY cited, key, id").all().map { row in
            StoredReference(id: try row.int("id"), figure: ReferenceFigure(
                key: try row.string("key"), label: try row.string("label"), percent: try row.decode(column: "percent", as: Double.self),
                source: try row.string("source"), year: try row.int("year"), cited: try row.int("cited") == 1))
        }
    }

    public func saveReference(id: Int?, _ f: ReferenceFigure, on db: any SQLDatabase) async throws {
        if let id {
            try await db.raw("""
                UPDATE barometer_references SET key = \(bind: f.key), label = \(bind: f.label), percent = \(bind: f.percent), source = \(bind: f.source),
                  year = \(bind: f.year), cited = \(bind: f.cited ? 1 : 0), updated_at = \(bind: nowSeconds()) WHERE id = \(bind: id)
                """).run()
        } else {
            try await db.raw("""
                INSERT INTO barometer_references (key, label, percent, source, year, cited, updated_at)
                VALUES (\(bind: f.key), \(bind: f.label), \(bind: f.percent), \(bind: f.source), \(bind: f.year), \(bind: f.cited ? 1 : 0), \(bind: nowSeconds()))
                """).run()
        }
    }

    public func deleteReference(id: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM barometer_references WHERE id = \(bind: id)").run()
    }
}
