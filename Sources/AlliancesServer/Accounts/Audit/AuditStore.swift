import AlliancesCore
import SQLKit

/// One line of the audit log, with the names of the people it names as they are now
/// (an erased person's entries keep their numbers and lose their names).
public struct AuditEntry: Sendable, Equatable {
    public let id: Int
    public let at: Int
    public let actorID: Int?
    public let actorName: String?
    public let labID: Int?
    public let action: String
    public let target: String
    public let address: String?
    public let subjectID: Int?
    public let subjectName: String?

    public var label: String { AuditAction(rawValue: action)?.label ?? action }
}

/// What the log pages ask for.
public struct AuditFilter: Sendable, Equatable {
    /// nil: every lab (network admins).
    public var labID: Int?
    /// Entries by or about this account.
    public var userID: Int?
    /// Part of the name or e-mail of the actor or the subject.
    public var person: String?
    public var action: AuditAction?
    /// Seconds, inclusive bounds.
    public var from: Int?
    public var until: Int?

    public init(
        labID: Int? = nil, userID: Int? = nil, person: String? = nil, action: AuditAction? = nil, from: Int? = nil,
        until: Int? = nil
    ) {
        self.labID = labID
        self.userID = userID
        self.person = person
        self.action = action
        self.from = from
        self.until = until
    }
}

/// The audit log: append-only from the application. Its only deletions are retention
/// (`purge`) and an erasure's removal of the person's e-mail from older targets.
public struct AuditStore: Sendable {
    public init() {}

    /// Records an entry; call inside the transaction of the change it records. `target`
    /// names records by number ("user:12", "registration:40"), never by e-mail or name.
    func insert(
        action: String, by actor: Int?, lab: Int?, target: String, subject: Int?, address: String?,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO audit_log (at, user_id, lab_id, action, target, address, subject_user_id)
            VALUES (\(bind: nowSeconds()), \(bind: actor), \(bind: lab), \(bind: action), \(bind: target), \(bind: address), \(bind: subject))
            """
        ).run()
    }

    func conditions(_ filter: AuditFilter) -> SQLQueryString {
        var sql: SQLQueryString = "WHERE 1 = 1"
        if let lab = filter.labID {
            // A lab's log: entries recorded in the lab, and those about its people.
            sql += " AND (l.lab_id = \(bind: lab) OR a.lab_id = \(bind: lab) OR s.lab_id = \(bind: lab))"
        }
        if let user = filter.userID {
            sql += " AND (l.user_id = \(bind: user) OR l.subject_user_id = \(bind: user))"
        }
        if let person = filter.person, !person.isEmpty {
            let pattern =
                "%"
                + person.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(
                    of: "_", with: "") + "%"
            sql +=
                " AND (LOWER(a.name) LIKE \(bind: pattern) OR LOWER(a.email) LIKE \(bind: pattern) OR LOWER(s.name) LIKE \(bind: pattern) OR LOWER(s.email) LIKE \(bind: pattern))"
        }
        if let action = filter.action { sql += " AND l.action = \(bind: action.rawValue)" }
        if let from = filter.from { sql += " AND l.at >= \(bind: from)" }
        if let until = filter.until { sql += " AND l.at <= \(bind: until)" }
        return sql
    }

    static let from: SQLQueryString = """
        FROM audit_log l LEFT JOIN users a ON a.id = l.user_id LEFT JOIN users s ON s.id = l.subject_user_id
        """

    /// One page of entries, newest first, and the total.
    public func entries(_ filter: AuditFilter, limit: Int, offset: Int, on db: any SQLDatabase) async throws -> (
        [AuditEntry], total: Int
    ) {
        let total =
            try await db.raw("SELECT COUNT(*) AS n " + Self.from + " " + conditions(filter)).first()?.int("n") ?? 0
        let rows = try await db.raw(
            """
            SELECT l.id, l.at, l.user_id, a.name AS actor_name, l.lab_id, l.action, l.target, l.address, l.subject_user_id, s.name AS subject_name
            """ + " " + Self.from + " " + conditions(filter)
                + " ORDER BY l.at DESC, l.id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)"
        ).all()
        return (try rows.map(Self.decode), total)
    }

    static func decode(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            id: try row.int("id"), at: try row.int("at"), actorID: try row.optionalInt("user_id"),
            actorName: try row.optionalString("actor_name"), labID: try row.optionalInt("lab_id"),
            action: try row.string("action"), target: try row.string("target"),
            address: try row.optionalString("address"), subjectID: try row.optionalInt("subject_user_id"),
            subjectName: try row.optionalString("subject_name"))
    }

    /// Retention: entries older than `cutoff` go. Returns how many.
    func purge(before cutoff: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("DELETE FROM audit_log WHERE at < \(bind: cutoff) RETURNING id").all().count
    }

    /// An erasure: targets that hold the person's address or name (entries made before
    /// targets named records by number, a reason typed by a facilitator) are blanked. The
    /// entries stay, by number.
    func forget(values: [String], on db: any SQLDatabase) async throws {
        for value in values where value.count >= 3 {
            try await db.raw(
                "UPDATE audit_log SET target = 'effacé' WHERE target LIKE \(bind: "%" + value + "%")"
            ).run()
        }
    }

    /// Every entry by or about an account, for its GDPR export.
    func rows(userID: Int, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            "SELECT at, lab_id, action, target, address, user_id, subject_user_id FROM audit_log WHERE user_id = \(bind: userID) OR subject_user_id = \(bind: userID) ORDER BY at"
        ).all()
    }
}

/// The one way the application writes to the audit log.
enum AuditLog {
    static func record(
        userID: Int?, labID: Int?, action: String, target: String, subject: Int? = nil, address: String? = nil,
        on db: any SQLDatabase
    ) async throws {
        try await AuditStore().insert(
            action: action, by: userID, lab: labID, target: target, subject: subject, address: address, on: db)
    }

    static func record(
        _ action: AuditAction, by userID: Int?, lab labID: Int?, target: String, subject: Int? = nil,
        address: String? = nil, on db: any SQLDatabase
    ) async throws {
        try await AuditStore().insert(
            action: action.rawValue, by: userID, lab: labID, target: target, subject: subject, address: address,
            on: db)
    }
}
