import AlliancesCore
import SQLKit

/// A personal API token as "Mon compte" lists it (never the token itself).
public struct ApiToken: Sendable, Equatable {
    public let id: Int
    public let userID: Int
    public let name: String
    public let scope: ApiScope
    public let createdAt: Int
    public let expiresAt: Int
    public let lastUsedAt: Int?
    public let revokedAt: Int?

    public func isUsable(at now: Int) -> Bool { revokedAt == nil && expiresAt > now }
}

/// All SQL of `api_tokens`.
struct ApiTokenStore: Sendable {
    static func decode(_ row: any SQLRow) throws -> ApiToken {
        ApiToken(
            id: try row.int("id"), userID: try row.int("user_id"), name: try row.string("name"),
            scope: try row.code(ApiScope.self, "scope", in: "api_tokens"), createdAt: try row.int("created_at"),
            expiresAt: try row.int("expires_at"), lastUsedAt: try row.optionalInt("last_used_at"),
            revokedAt: try row.optionalInt("revoked_at"))
    }

    static let columns = "id, user_id, name, scope, created_at, expires_at, last_used_at, revoked_at"

    func insert(
        userID: Int, name: String, hash: String, scope: ApiScope, at now: Int, expiresAt: Int, on db: any SQLDatabase
    ) async throws -> Int {
        let row = try await db.raw(
            """
            INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at, expires_at)
            VALUES (\(bind: userID), \(bind: name), \(bind: hash), \(bind: scope.rawValue), \(bind: now), \(bind: expiresAt))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else { throw DatabaseError(description: "api_tokens insert returned no id") }
        return id
    }

    func tokens(userID: Int, on db: any SQLDatabase) async throws -> [ApiToken] {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM api_tokens WHERE user_id = \(bind: userID) ORDER BY id DESC"
        ).all().map(Self.decode)
    }

    func activeCount(userID: Int, at now: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(*) AS n FROM api_tokens
            WHERE user_id = \(bind: userID) AND revoked_at IS NULL AND expires_at > \(bind: now)
            """
        ).first()?.int("n") ?? 0
    }

    func find(hash: String, on db: any SQLDatabase) async throws -> ApiToken? {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM api_tokens WHERE token_hash = \(bind: hash)"
        ).first().map(Self.decode)
    }

    /// Revokes the user's own token; false when it is not theirs or already revoked.
    func revoke(id: Int, userID: Int, at now: Int, on db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE api_tokens SET revoked_at = \(bind: now)
            WHERE id = \(bind: id) AND user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    func touch(id: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    /// Tokens expired or revoked more than `before` ago go (retention, docs/PRIVACY.md).
    func purge(before: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            DELETE FROM api_tokens WHERE expires_at < \(bind: before) OR revoked_at < \(bind: before) RETURNING id
            """
        ).all().count
    }

    /// The account's tokens for its GDPR export (never the hash).
    func personalRows(userID: Int, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            """
            SELECT name, scope, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
            WHERE user_id = \(bind: userID) ORDER BY id
            """
        ).all()
    }
}
