import AlliancesCore
import SQLKit

/// What a single-use account link is for.
enum AccountTokenPurpose: String, Sendable {
    case passwordReset = "reinitialisation"
    case emailChange = "changement-email"
    case erasure = "effacement"
}

/// The account lifecycle: names, passwords, e-mails, roles, deactivation, single-use
/// links, invitations resent or revoked, and the accounts list with paging and search.
extension AccountStore {
    func rename(userID: Int, name: String, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET name = \(bind: name) WHERE id = \(bind: userID)").run()
    }

    func setPassword(userID: Int, hash: String, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: userID)").run()
    }

    func passwordHash(userID: Int, on db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT password_hash FROM users WHERE id = \(bind: userID)").first()?.string("password_hash")
    }

    /// False when the address belongs to another account meanwhile.
    func setEmail(userID: Int, email: String, on db: any SQLDatabase) async throws -> Bool {
        if let other = try await credentials(email: email, on: db), other.id != userID { return false }
        try await db.raw("UPDATE users SET email = \(bind: email) WHERE id = \(bind: userID)").run()
        return true
    }

    /// A role change keeps the account's place: a facilitator runs `labID`, a member belongs
    /// to `organisationID`, an admin neither.
    func setRole(userID: Int, role: Role, labID: Int?, organisationID: Int?, on db: any SQLDatabase) async throws {
        if role == .member, let organisationID {
            try await addMembership(userID: userID, organisationID: organisationID, on: db)
        }
        try await db.raw(
            """
            UPDATE users SET role = \(bind: role.rawValue), lab_id = \(bind: role == .facilitator ? labID : nil),
              organisation_id = \(bind: role == .member ? organisationID : nil) WHERE id = \(bind: userID)
            """
        ).run()
    }

    func deactivate(userID: Int, reason: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE users SET deactivated_at = \(bind: nowSeconds()), deactivation_reason = \(bind: reason) WHERE id = \(bind: userID)"
        ).run()
    }

    func reactivate(userID: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE users SET deactivated_at = NULL, deactivation_reason = NULL WHERE id = \(bind: userID)"
        ).run()
    }

    func user(email: String, on db: any SQLDatabase) async throws -> UserRecord? {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.userColumns) FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.email = \(bind: EmailAddress.normalise(email))"
        ).first().map(Self.decodeUser)
    }

    /// One page of a lab's accounts (every account for `labID` nil), by name, filtered by a
    /// part of the name or e-mail.
    func users(labID: Int?, matching query: String?, limit: Int, offset: Int, on db: any SQLDatabase) async throws
        -> (users: [UserRecord], total: Int)
    {
        var conditions: SQLQueryString = "WHERE 1 = 1"
        if let labID {
            // Facilitators of the lab, and members of any of its organisations.
            conditions += """
                 AND (u.lab_id = \(bind: labID) OR o.lab_id = \(bind: labID) OR EXISTS (
                  SELECT 1 FROM memberships m JOIN organisations mo ON mo.id = m.organisation_id
                  WHERE m.user_id = u.id AND mo.lab_id = \(bind: labID)))
                """
        }
        if let query, !query.isEmpty {
            let pattern =
                "%" + query.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
                + "%"
            conditions += " AND (LOWER(u.name) LIKE \(bind: pattern) OR LOWER(u.email) LIKE \(bind: pattern))"
        }
        let from: SQLQueryString = "FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id "
        let total = try await db.raw("SELECT COUNT(*) AS n " + from + conditions).first()?.int("n") ?? 0
        let users = try await db.raw(
            "SELECT \(unsafeRaw: Self.userColumns) " + from + conditions
                + " ORDER BY u.name, u.id LIMIT \(literal: limit) OFFSET \(literal: offset)"
        ).all().map(Self.decodeUser)
        return (users, total)
    }

    // MARK: Single-use links

    /// A new link for `purpose`; the earlier unused ones of the same purpose stop working.
    func issueToken(
        _ purpose: AccountTokenPurpose, userID: Int, newEmail: String? = nil, validFor seconds: Int,
        on db: any SQLDatabase
    ) async throws -> String {
        let now = nowSeconds()
        try await db.raw(
            "UPDATE account_tokens SET used_at = \(bind: now) WHERE user_id = \(bind: userID) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL"
        ).run()
        let token = Tokens.random()
        try await db.raw(
            """
            INSERT INTO account_tokens (purpose, token_hash, user_id, new_email, created_at, expires_at)
            VALUES (\(bind: purpose.rawValue), \(bind: Self.hash(token)), \(bind: userID), \(bind: newEmail), \(bind: now), \(bind: now + seconds))
            """
        ).run()
        return token
    }

    enum TokenState: Sendable, Equatable {
        case valid(id: Int, userID: Int, newEmail: String?)
        case used
        case expired
        case unknown
    }

    func token(_ token: String, purpose: AccountTokenPurpose, now: Int = nowSeconds(), on db: any SQLDatabase)
        async throws -> TokenState
    {
        guard token.utf8.count == 43,
            let row = try await db.raw(
                "SELECT id, user_id, new_email, expires_at, used_at FROM account_tokens WHERE token_hash = \(bind: Self.hash(token)) AND purpose = \(bind: purpose.rawValue)"
            ).first()
        else { return .unknown }
        if try row.optionalInt("used_at") != nil { return .used }
        if try row.int("expires_at") <= now { return .expired }
        return .valid(
            id: try row.int("id"), userID: try row.int("user_id"), newEmail: try row.optionalString("new_email"))
    }

    /// Marks a link used; false when it was used meanwhile (two tabs).
    func useToken(id: Int, on db: any SQLDatabase) async throws -> Bool {
        try await !db.raw(
            "UPDATE account_tokens SET used_at = \(bind: nowSeconds()) WHERE id = \(bind: id) AND used_at IS NULL RETURNING id"
        ).all().isEmpty
    }

    // MARK: Invitations

    func invitation(id: Int, on db: any SQLDatabase) async throws -> InvitationRecord? {
        try await db.raw(
            "SELECT id, email, role, lab_id, organisation_id, expires_at, accepted_at, revoked_at, created_at FROM invitations WHERE id = \(bind: id)"
        ).first().map(Self.decodeInvitation)
    }

    /// The lab an invitation is for: its own, or its organisation's.
    func invitationLab(id: Int, on db: any SQLDatabase) async throws -> Int? {
        try await db.raw(
            "SELECT COALESCE(i.lab_id, o.lab_id) AS lab_id FROM invitations i LEFT JOIN organisations o ON o.id = i.organisation_id WHERE i.id = \(bind: id)"
        ).first()?.optionalInt("lab_id")
    }

    /// A new link for a pending invitation, valid `seconds` from now; the old link stops working.
    func renewInvitation(id: Int, validFor seconds: Int, on db: any SQLDatabase) async throws -> String? {
        let token = Tokens.random()
        let now = nowSeconds()
        let rows = try await db.raw(
            """
            UPDATE invitations SET token_hash = \(bind: Self.hash(token)), expires_at = \(bind: now + seconds)
            WHERE id = \(bind: id) AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id
            """
        ).all()
        return rows.isEmpty ? nil : token
    }

    func revokeInvitation(id: Int, on db: any SQLDatabase) async throws -> Bool {
        try await !db.raw(
            "UPDATE invitations SET revoked_at = \(bind: nowSeconds()) WHERE id = \(bind: id) AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id"
        ).all().isEmpty
    }
}

/// A member's organisations: several memberships, one organisation acted for at a time.
extension AccountStore {
    struct Membership: Sendable, Equatable {
        let organisationID: Int
        let name: String
        let labID: Int
    }

    func memberships(userID: Int, on db: any SQLDatabase) async throws -> [Membership] {
        try await db.raw(
            """
            SELECT o.id, o.name, o.lab_id FROM memberships m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.user_id = \(bind: userID) ORDER BY o.name, o.id
            """
        ).all().map {
            Membership(organisationID: try $0.int("id"), name: try $0.string("name"), labID: try $0.int("lab_id"))
        }
    }

    /// False when the account was a member already.
    @discardableResult
    func addMembership(userID: Int, organisationID: Int, on db: any SQLDatabase) async throws -> Bool {
        try await !db.raw(
            """
            INSERT INTO memberships (user_id, organisation_id, created_at) VALUES (\(bind: userID), \(bind: organisationID), \(bind: nowSeconds()))
            ON CONFLICT (user_id, organisation_id) DO NOTHING RETURNING user_id
            """
        ).all().isEmpty
    }

    /// Removes a membership; an account acting for that organisation then acts for another
    /// of its organisations. False when it was its only one (deactivate the account instead).
    func removeMembership(userID: Int, organisationID: Int, on db: any SQLDatabase) async throws -> Bool {
        let all = try await memberships(userID: userID, on: db)
        guard all.contains(where: { $0.organisationID == organisationID }), all.count > 1 else { return false }
        try await db.raw(
            "DELETE FROM memberships WHERE user_id = \(bind: userID) AND organisation_id = \(bind: organisationID)"
        ).run()
        if let next = all.first(where: { $0.organisationID != organisationID }) {
            try await db.raw(
                "UPDATE users SET organisation_id = \(bind: next.organisationID) WHERE id = \(bind: userID) AND organisation_id = \(bind: organisationID)"
            ).run()
        }
        return true
    }

    /// The organisation a member acts for, among theirs. False when it is not one of theirs.
    func actFor(userID: Int, organisationID: Int, on db: any SQLDatabase) async throws -> Bool {
        guard try await memberships(userID: userID, on: db).contains(where: { $0.organisationID == organisationID })
        else { return false }
        try await db.raw(
            "UPDATE users SET organisation_id = \(bind: organisationID) WHERE id = \(bind: userID) AND role = 'membre'"
        ).run()
        return true
    }
}
