import AlliancesCore
import Crypto
import Foundation
import SQLKit

public struct UserRecord: Sendable, Equatable {
    public let id: Int
    public let email: String
    public let name: String
    public let role: Role
    public let labID: Int?
    public let organisationID: Int?
    public let organisationName: String?
    public let lastLoginAt: Int?
    public var deactivatedAt: Int? = nil
    public var deactivationReason: String? = nil
    public var isActive: Bool { deactivatedAt == nil }
}

public struct InvitationRecord: Sendable, Equatable {
    public let id: Int
    public let email: String
    public let role: Role
    public let labID: Int?
    public let organisationID: Int?
    public let expiresAt: Int
    public let acceptedAt: Int?
    public var revokedAt: Int? = nil
    public var createdAt: Int = 0
}

public struct AccountError: Error, CustomStringConvertible {
    public let description: String
}

/// Accounts, invitations and login attempts.
public struct AccountStore: Sendable {
    public init() {}

    static let userColumns = """
        u.id, u.email, u.name, u.role, COALESCE(u.lab_id, o.lab_id) AS lab_id, u.organisation_id, o.name AS organisation_name, u.last_login_at,
        u.deactivated_at, u.deactivation_reason
        """

    static func decodeUser(_ row: any SQLRow) throws -> UserRecord {
        UserRecord(
            id: try row.int("id"), email: try row.string("email"), name: try row.string("name"),
            role: try row.code(Role.self, "role", in: "users"), labID: try row.optionalInt("lab_id"),
            organisationID: try row.optionalInt("organisation_id"),
            organisationName: try row.optionalString("organisation_name"),
            lastLoginAt: try row.optionalInt("last_login_at"),
            deactivatedAt: try row.optionalInt("deactivated_at"),
            deactivationReason: try row.optionalString("deactivation_reason")
        )
    }

    public func user(id: Int, on db: any SQLDatabase) async throws -> UserRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.userColumns) FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = \(bind: id)"
        ).first().map(Self.decodeUser)
    }

    public func credentials(email: String, on db: any SQLDatabase) async throws -> (id: Int, passwordHash: String)? {
        guard
            let row = try await db.raw(
                "SELECT id, password_hash FROM users WHERE email = \(bind: EmailAddress.normalise(email))"
            ).first()
        else { return nil }
        return (try row.int("id"), try row.string("password_hash"))
    }

    /// Users of a lab: its facilitators and the members of its organisations.
    public func users(labID: Int, on db: any SQLDatabase) async throws -> [UserRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: Self.userColumns) FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
            WHERE u.lab_id = \(bind: labID) OR o.lab_id = \(bind: labID) ORDER BY u.name
            """
        ).all().map(Self.decodeUser)
    }

    public func allUsers(on db: any SQLDatabase) async throws -> [UserRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.userColumns) FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id ORDER BY u.name"
        ).all().map(Self.decodeUser)
    }

    /// Creates an account. Facilitators need a lab, members an organisation (their lab
    /// is the organisation's); admins have neither.
    public func createUser(
        email: String, name: String, passwordHash: String, role: Role, labID: Int?, organisationID: Int?,
        on db: any SQLDatabase
    ) async throws -> Int {
        let email = EmailAddress.normalise(email)
        if try await db.raw("SELECT id FROM users WHERE email = \(bind: email)").first() != nil {
            throw AccountError(description: "Un compte existe déjà pour \(email).")
        }
        let row = try await db.raw(
            """
            INSERT INTO users (email, name, password_hash, role, lab_id, organisation_id, created_at)
            VALUES (\(bind: email), \(bind: name), \(bind: passwordHash), \(bind: role.rawValue),
              \(bind: role == .facilitator ? labID : nil), \(bind: role == .member ? organisationID : nil), \(bind: nowSeconds()))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else { throw DatabaseError(description: "user insert returned no id") }
        if role == .member, let organisationID {
            try await addMembership(userID: id, organisationID: organisationID, on: db)
        }
        return id
    }

    /// The member accounts of an organisation (each membership, whichever organisation the
    /// account acts for now): (e-mail, name), for messages to it.
    func members(organisationID: Int, on db: any SQLDatabase) async throws -> [(email: String, name: String)] {
        try await db.raw(
            """
            SELECT u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organisation_id = \(bind: organisationID) AND u.role = 'membre' AND u.deactivated_at IS NULL
            """
        ).all().map { (try $0.string("email"), try $0.string("name")) }
    }

    /// The active facilitator accounts of a lab: (e-mail, name), for messages to its team.
    func facilitators(labID: Int, on db: any SQLDatabase) async throws -> [(email: String, name: String)] {
        try await db.raw(
            """
            SELECT email, name FROM users WHERE lab_id = \(bind: labID) AND role = 'facilitateur' AND deactivated_at IS NULL
            ORDER BY id
            """
        ).all().map { (try $0.string("email"), try $0.string("name")) }
    }

    public func recordLogin(userID: Int, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET last_login_at = \(bind: nowSeconds()) WHERE id = \(bind: userID)").run()
    }

    // MARK: Invitations

    static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// Creates an invitation and returns the secret token for the link; only its hash is stored.
    public func invite(
        email: String, role: Role, labID: Int?, organisationID: Int?, invitedBy: Int?,
        validFor seconds: Int = 7 * 24 * 3600, on db: any SQLDatabase
    ) async throws -> String {
        let token = Tokens.random()
        let now = nowSeconds()
        try await db.raw(
            """
            INSERT INTO invitations (token_hash, email, role, lab_id, organisation_id, invited_by, created_at, expires_at)
            VALUES (\(bind: Self.hash(token)), \(bind: EmailAddress.normalise(email)), \(bind: role.rawValue), \(bind: labID),
              \(bind: organisationID), \(bind: invitedBy), \(bind: now), \(bind: now + seconds))
            """
        ).run()
        return token
    }

    static func decodeInvitation(_ row: any SQLRow) throws -> InvitationRecord {
        InvitationRecord(
            id: try row.int("id"), email: try row.string("email"),
            role: try row.code(Role.self, "role", in: "invitations"),
            labID: try row.optionalInt("lab_id"), organisationID: try row.optionalInt("organisation_id"),
            expiresAt: try row.int("expires_at"), acceptedAt: try row.optionalInt("accepted_at"),
            revokedAt: try row.optionalInt("revoked_at"), createdAt: try row.int("created_at")
        )
    }

    public func invitation(token: String, on db: any SQLDatabase) async throws -> InvitationRecord? {
        try await db.raw(
            "SELECT id, email, role, lab_id, organisation_id, expires_at, accepted_at, revoked_at, created_at FROM invitations WHERE token_hash = \(bind: Self.hash(token))"
        ).first().map(Self.decodeInvitation)
    }

    /// Invitations neither accepted nor revoked, the expired ones too (shown as such).
    public func pendingInvitations(labID: Int?, on db: any SQLDatabase) async throws -> [InvitationRecord] {
        let filter: SQLQueryString = labID.map { "AND (i.lab_id = \(bind: $0) OR o.lab_id = \(bind: $0))" } ?? ""
        return try await db.raw(
            """
            SELECT i.id, i.email, i.role, i.lab_id, i.organisation_id, i.expires_at, i.accepted_at, i.revoked_at, i.created_at FROM invitations i
            LEFT JOIN organisations o ON o.id = i.organisation_id
            WHERE i.accepted_at IS NULL AND i.revoked_at IS NULL
            """ + " " + filter + " ORDER BY i.created_at DESC"
        ).all().map(Self.decodeInvitation)
    }

    /// Marks the invitation used; false when it was used meanwhile (two tabs, two clicks).
    public func markAccepted(invitationID: Int, on db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw(
            "UPDATE invitations SET accepted_at = \(bind: nowSeconds()) WHERE id = \(bind: invitationID) AND accepted_at IS NULL RETURNING id"
        ).all()
        return !rows.isEmpty
    }
}
