import AlliancesCore
import SQLKit

/// An introduction (mise en relation) between two organisations of a lab.
public struct Introduction: Sendable, Equatable {
    public let id: Int
    public let labID: Int
    public let organisationA: Int
    public let organisationAName: String
    public let organisationB: Int
    public let organisationBName: String
    public private(set) var needID: Int?
    public private(set) var needTitle: String?
    public private(set) var offerID: Int?
    public private(set) var offerTitle: String?
    /// Who may see the linked need and offer (their organisation, status, visibility).
    let needAccess: ListingAccess?
    let offerAccess: ListingAccess?
    public var state: IntroductionState
    public let requestMessage: String?
    public var messageA: String?
    public var messageB: String?
    public let createdAt: Int
    public var updatedAt: Int
    /// The experience sheet it was asked from, if any.
    public var sheetID: Int? = nil

    public var status: IntroductionStatus { state.status }

    func organisation(_ side: IntroductionSide) -> (id: Int, name: String) {
        side == .a ? (organisationA, organisationAName) : (organisationB, organisationBName)
    }

    struct ListingAccess: Sendable, Equatable {
        let organisationID: Int
        let status: ListingStatus
        let visibility: ListingVisibility
    }

    /// The introduction as `viewer` may be shown it: a linked need or offer the viewer may
    /// not see (the other side's draft, a withdrawn one) is left out, title and id.
    func shown(to viewer: Viewer?) -> Introduction {
        func visible(_ access: ListingAccess?) -> Bool {
            guard let access else { return true }
            return Permissions.canSeeListing(
                viewer, labID: labID, organisationID: access.organisationID, status: access.status,
                visibility: access.visibility)
        }
        var copy = self
        if !visible(needAccess) { copy.needID = nil; copy.needTitle = nil }
        if !visible(offerAccess) { copy.offerID = nil; copy.offerTitle = nil }
        return copy
    }
}

public struct IntroductionEvent: Sendable, Equatable {
    public let at: Int
    public let userName: String?
    public let organisationName: String?
    public let action: String
    public let status: IntroductionStatus
    public let note: String?
}

/// All SQL of introductions, their history, and the outcomes the recommender learns from.
public struct IntroductionStore: Sendable {
    public init() {}

    static let select = """
        SELECT i.id, i.lab_id, i.organisation_a, oa.name AS name_a, i.organisation_b, ob.name AS name_b,
          i.need_id, n.title AS need_title, n.organisation_id AS need_organisation, n.status AS need_status, n.visibility AS need_visibility,
          i.offer_id, f.title AS offer_title, f.organisation_id AS offer_organisation, f.status AS offer_status, f.visibility AS offer_visibility,
          i.status, i.answer_a, i.answer_b,
          i.request_message, i.message_a, i.message_b, i.created_at, i.updated_at, i.sheet_id
        FROM introductions i
        JOIN organisations oa ON oa.id = i.organisation_a
        JOIN organisations ob ON ob.id = i.organisation_b
        LEFT JOIN listings n ON n.id = i.need_id
        LEFT JOIN listings f ON f.id = i.offer_id
        WHERE
        """

    /// A linked listing's access fields; an unknown status or visibility is refused, never
    /// read as a default (it would decide who sees the title).
    static func access(_ row: any SQLRow, _ prefix: String) throws -> Introduction.ListingAccess? {
        guard let organisation = try row.optionalInt("\(prefix)_organisation") else { return nil }
        let rawStatus = try row.string("\(prefix)_status"), rawVisibility = try row.string("\(prefix)_visibility")
        guard let status = ListingStatus(rawValue: rawStatus),
            let visibility = ListingVisibility(rawValue: rawVisibility)
        else {
            throw DatabaseError(
                description:
                    "listings: unknown status « \(rawStatus) » or visibility « \(rawVisibility) » linked to an introduction"
            )
        }
        return .init(organisationID: organisation, status: status, visibility: visibility)
    }

    static func decode(_ row: any SQLRow) throws -> Introduction {
        Introduction(
            id: try row.int("id"), labID: try row.int("lab_id"), organisationA: try row.int("organisation_a"),
            organisationAName: try row.string("name_a"), organisationB: try row.int("organisation_b"),
            organisationBName: try row.string("name_b"),
            needID: try row.optionalInt("need_id"), needTitle: try row.optionalString("need_title"),
            offerID: try row.optionalInt("offer_id"), offerTitle: try row.optionalString("offer_title"),
            needAccess: try access(row, "need"), offerAccess: try access(row, "offer"),
            state: IntroductionState(
                status: try row.code(IntroductionStatus.self, "status", in: "introductions"),
                answerA: try row.optionalCode(IntroductionAnswer.self, "answer_a", in: "introductions"),
                answerB: try row.optionalCode(IntroductionAnswer.self, "answer_b", in: "introductions")),
            requestMessage: try row.optionalString("request_message"), messageA: try row.optionalString("message_a"),
            messageB: try row.optionalString("message_b"), createdAt: try row.int("created_at"),
            updatedAt: try row.int("updated_at"), sheetID: try row.optionalInt("sheet_id"))
    }

    public func find(id: Int, labID: Int, on db: any SQLDatabase) async throws -> Introduction? {
        try await db.raw("\(unsafeRaw: Self.select) i.id = \(bind: id) AND i.lab_id = \(bind: labID)").first().map(
            Self.decode)
    }

    /// The lab's introductions in the given statuses, most recently changed first;
    /// `olderThan` keeps those unchanged since that time.
    public func list(
        labID: Int, statuses: [IntroductionStatus]? = nil, olderThan: Int? = nil, limit: Int = 100,
        on db: any SQLDatabase
    ) async throws -> [Introduction] {
        var clause: SQLQueryString = "i.lab_id = \(bind: labID)"
        if let statuses {
            clause += " AND i.status IN (\(unsafeRaw: statuses.map { "'\($0.rawValue)'" }.joined(separator: ", ")))"
        }
        if let olderThan { clause += " AND i.updated_at < \(bind: olderThan)" }
        return try await db.raw(
            "\(unsafeRaw: Self.select) " + clause + " ORDER BY i.updated_at DESC, i.id DESC LIMIT \(literal: limit)"
        ).all().map(Self.decode)
    }

    /// One page of the lab's introductions (or of an organisation's, as its inbox shows
    /// them), most recently changed first, after the last one of the previous page: rows
    /// changed meanwhile move to the top rather than repeat or vanish in the middle.
    public func page(
        labID: Int, organisationID: Int?, after: (updatedAt: Int, id: Int)?, limit: Int, on db: any SQLDatabase
    ) async throws -> [Introduction] {
        var clause: SQLQueryString = "i.lab_id = \(bind: labID)"
        if let organisationID {
            clause +=
                " AND (i.organisation_a = \(bind: organisationID) OR (i.organisation_b = \(bind: organisationID) AND i.status <> 'demandee'))"
        }
        if let after {
            clause +=
                " AND (i.updated_at < \(bind: after.updatedAt) OR (i.updated_at = \(bind: after.updatedAt) AND i.id < \(bind: after.id)))"
        }
        return try await db.raw(
            "\(unsafeRaw: Self.select) " + clause + " ORDER BY i.updated_at DESC, i.id DESC LIMIT \(literal: limit)"
        ).all().map(Self.decode)
    }

    /// What an organisation's members see: introductions it is part of, except requests
    /// made by the other side that the lab has not proposed yet.
    public func inbox(labID: Int, organisationID: Int, limit: Int = 200, on db: any SQLDatabase) async throws
        -> [Introduction]
    {
        try await db.raw(
            """
            \(unsafeRaw: Self.select) i.lab_id = \(bind: labID)
            AND (i.organisation_a = \(bind: organisationID) OR (i.organisation_b = \(bind: organisationID) AND i.status <> 'demandee'))
            ORDER BY i.updated_at DESC, i.id DESC LIMIT \(literal: limit)
            """
        ).all().map(Self.decode)
    }

    public func create(
        labID: Int, organisationA: Int, organisationB: Int, needID: Int?, offerID: Int?, state: IntroductionState,
        requestMessage: String?, messageA: String?, messageB: String?, userID: Int?, sheetID: Int? = nil,
        on db: any SQLDatabase
    ) async throws -> Int {
        let now = nowSeconds()
        let row = try await db.raw(
            """
            INSERT INTO introductions (lab_id, organisation_a, organisation_b, need_id, offer_id, status, answer_a, answer_b,
              request_message, message_a, message_b, requested_by, proposed_by, created_at, updated_at, sheet_id)
            VALUES (\(bind: labID), \(bind: organisationA), \(bind: organisationB), \(bind: needID), \(bind: offerID),
              \(bind: state.status.rawValue), \(bind: state.answerA?.rawValue), \(bind: state.answerB?.rawValue), \(bind: requestMessage),
              \(bind: messageA), \(bind: messageB), \(bind: state.status == .requested ? userID : nil),
              \(bind: state.status == .requested ? nil : userID), \(bind: now), \(bind: now), \(bind: sheetID))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else {
            throw DatabaseError(description: "introduction insert returned no id")
        }
        return id
    }

    public func save(_ introduction: Introduction, proposedBy: Int? = nil, on db: any SQLDatabase) async throws {
        var query: SQLQueryString = """
            UPDATE introductions SET status = \(bind: introduction.state.status.rawValue), answer_a = \(bind: introduction.state.answerA?.rawValue),
              answer_b = \(bind: introduction.state.answerB?.rawValue), message_a = \(bind: introduction.messageA),
              message_b = \(bind: introduction.messageB), updated_at = \(bind: nowSeconds())
            """
        if let proposedBy { query += ", proposed_by = \(bind: proposedBy)" }
        query += " WHERE id = \(bind: introduction.id) AND lab_id = \(bind: introduction.labID)"
        try await db.raw(query).run()
    }

    /// Moves an introduction's dates back (the demo's "proposed ten days ago").
    func backdate(id: Int, bySeconds seconds: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE introductions SET created_at = created_at - \(bind: seconds), updated_at = updated_at - \(bind: seconds) WHERE id = \(bind: id)"
        ).run()
    }

    public func addEvent(
        introductionID: Int, userID: Int?, organisationID: Int?, action: String, status: IntroductionStatus,
        note: String?, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO introduction_events (introduction_id, at, user_id, organisation_id, action, status, note)
            VALUES (\(bind: introductionID), \(bind: nowSeconds()), \(bind: userID), \(bind: organisationID), \(bind: action), \(bind: status.rawValue), \(bind: note))
            """
        ).run()
    }

    public func events(introductionID: Int, on db: any SQLDatabase) async throws -> [IntroductionEvent] {
        try await db.raw(
            """
            SELECT e.at, u.name AS user_name, o.name AS organisation_name, e.action, e.status, e.note
            FROM introduction_events e LEFT JOIN users u ON u.id = e.user_id LEFT JOIN organisations o ON o.id = e.organisation_id
            WHERE e.introduction_id = \(bind: introductionID) ORDER BY e.at, e.id
            """
        ).all().map { row in
            IntroductionEvent(
                at: try row.int("at"), userName: try row.optionalString("user_name"),
                organisationName: try row.optionalString("organisation_name"), action: try row.string("action"),
                status: try row.code(IntroductionStatus.self, "status", in: "introduction_events"),
                note: try row.optionalString("note"))
        }
    }

    // MARK: Feedback and outcomes

    public func saveFeedback(
        labID: Int, userID: Int, source: MatchProfile.Subject, sourceOrganisation: Int,
        candidate: MatchProfile.Subject, relevant: Bool, on db: any SQLDatabase
    ) async throws {
        let (sourceKind, sourceID) = Self.code(source)
        let (candidateKind, candidateID) = Self.code(candidate)
        try await db.raw(
            """
            DELETE FROM recommendation_feedback WHERE user_id = \(bind: userID) AND source_kind = \(bind: sourceKind)
            AND source_id = \(bind: sourceID) AND candidate_kind = \(bind: candidateKind) AND candidate_id = \(bind: candidateID)
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO recommendation_feedback (lab_id, user_id, source_kind, source_id, source_organisation, candidate_kind, candidate_id, relevant, created_at)
            VALUES (\(bind: labID), \(bind: userID), \(bind: sourceKind), \(bind: sourceID), \(bind: sourceOrganisation),
              \(bind: candidateKind), \(bind: candidateID), \(bind: relevant ? 1 : 0), \(bind: nowSeconds()))
            """
        ).run()
    }

    static func code(_ subject: MatchProfile.Subject) -> (String, Int) {
        switch subject {
        case .organisation(let id): ("organisation", id)
        case .listing(let id, let kind): (kind.rawValue, id)
        }
    }

    static func subject(kind: String, id: Int) -> MatchProfile.Subject? {
        if kind == "organisation" { return .organisation(id: id) }
        return ListingKind(rawValue: kind).map { .listing(id: id, kind: $0) }
    }

    /// How the lab's users judged the recommendations: (relevant, not relevant).
    public func feedbackTotals(labID: Int, on db: any SQLDatabase) async throws -> (relevant: Int, notRelevant: Int) {
        let row = try await db.raw(
            """
            SELECT CAST(COALESCE(SUM(relevant), 0) AS BIGINT) AS yes, COUNT(*) AS n FROM recommendation_feedback WHERE lab_id = \(bind: labID)
            """
        ).first()
        let yes = try row?.int("yes") ?? 0
        return (yes, (try row?.int("n") ?? 0) - yes)
    }

    /// What the recommender should know for recommendations to `organisationID`.
    public func outcomes(labID: Int, organisationID: Int, on db: any SQLDatabase) async throws -> OutcomeBook {
        var book = OutcomeBook()
        for row in try await db.raw(
            """
            SELECT organisation_a, organisation_b, COUNT(*) AS n FROM introductions
            WHERE lab_id = \(bind: labID) AND status = 'declinee' AND (organisation_a = \(bind: organisationID) OR organisation_b = \(bind: organisationID))
            GROUP BY organisation_a, organisation_b
            """
        ).all() {
            book.declinedPairs[.init(try row.int("organisation_a"), try row.int("organisation_b")), default: 0] +=
                try row.int("n")
        }
        for row in try await db.raw(
            """
            SELECT organisation_id, COUNT(*) AS n FROM (
              SELECT organisation_a AS organisation_id FROM introductions WHERE lab_id = \(bind: labID) AND status IN ('rencontre-faite', 'partenariat')
              UNION ALL
              SELECT organisation_b AS organisation_id FROM introductions WHERE lab_id = \(bind: labID) AND status IN ('rencontre-faite', 'partenariat')
            ) s GROUP BY organisation_id
            """
        ).all() {
            book.successes[try row.int("organisation_id")] = try row.int("n")
        }
        for row in try await db.raw(
            """
            SELECT candidate_kind, candidate_id, MIN(relevant) AS relevant FROM recommendation_feedback
            WHERE lab_id = \(bind: labID) AND source_organisation = \(bind: organisationID) GROUP BY candidate_kind, candidate_id
            """
        ).all() {
            guard let subject = Self.subject(kind: try row.string("candidate_kind"), id: try row.int("candidate_id"))
            else { continue }
            let key = OutcomeBook.FeedbackKey(sourceOrganisation: organisationID, candidate: subject)
            if try row.int("relevant") == 0 { book.notRelevant.insert(key) } else { book.relevant.insert(key) }
        }
        return book
    }

    /// This user's marks on recommendations for a source, by candidate.
    public func marks(userID: Int, source: MatchProfile.Subject, on db: any SQLDatabase) async throws -> [MatchProfile
        .Subject: Bool]
    {
        let (kind, id) = Self.code(source)
        var marks: [MatchProfile.Subject: Bool] = [:]
        for row in try await db.raw(
            """
            SELECT candidate_kind, candidate_id, relevant FROM recommendation_feedback
            WHERE user_id = \(bind: userID) AND source_kind = \(bind: kind) AND source_id = \(bind: id)
            """
        ).all() {
            if let subject = Self.subject(kind: try row.string("candidate_kind"), id: try row.int("candidate_id")) {
                marks[subject] = try row.bool("relevant")
            }
        }
        return marks
    }
}
