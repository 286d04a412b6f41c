import SQLKit

/// An account's own rows, for the GDPR export and erasure. Password and link hashes are
/// never exported.
extension AccountStore {
    func personalRows(userID: Int, on db: any SQLDatabase) async throws -> (
        account: [any SQLRow], links: [any SQLRow]
    ) {
        let account = try await db.raw(
            """
            SELECT u.id, u.email, u.name, u.role, l.name AS lab, o.name AS organisation, u.created_at, u.last_login_at,
              u.deactivated_at, u.deactivation_reason
            FROM users u LEFT JOIN labs l ON l.id = u.lab_id LEFT JOIN organisations o ON o.id = u.organisation_id
            WHERE u.id = \(bind: userID)
            """
        ).all()
        let links = try await db.raw(
            "SELECT purpose, new_email, created_at, expires_at, used_at FROM account_tokens WHERE user_id = \(bind: userID) ORDER BY id"
        ).all()
        return (account, links)
    }

    func invitationRows(email: String, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            "SELECT id, email, role, created_at, expires_at, accepted_at, revoked_at FROM invitations WHERE email = \(bind: email) ORDER BY id"
        ).all()
    }

    /// Erasure: the account goes (its sessions, links and feedback with it; what it
    /// published stays, without an author), and the invitations sent to the address.
    func erase(userID: Int?, email: String, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM invitations WHERE email = \(bind: email)").run()
        try await db.raw("DELETE FROM account_tokens WHERE new_email = \(bind: email)").run()
        if let userID {
            try await db.raw("DELETE FROM users WHERE id = \(bind: userID)").run()
        }
    }
}
