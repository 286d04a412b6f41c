import AlliancesCore
import SQLKit

/// An API token as "Mon compte" or a lab's integrations page lists it (never the token
/// itself). `userID` is its owner, or for a lab's token the facilitator who made it.
public struct ApiToken: Sendable, Equatable {
    public let id: Int
    public let userID: Int
    public let name: String
    public let scopes: ApiScopes
    public let kind: ApiTokenKind
    /// The lab it acts in (nil for tokens made before labs were recorded, and for an
    /// administrator without a lab), and that lab's slug.
    public let labID: Int?
    public let labSlug: String?
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
            scopes: try scopes(row), kind: try row.code(ApiTokenKind.self, "kind", in: "api_tokens"),
            labID: try row.optionalInt("lab_id"), labSlug: try row.optionalString("lab_slug"),
            createdAt: try row.int("created_at"), expiresAt: try row.int("expires_at"),
            lastUsedAt: try row.optionalInt("last_used_at"), revokedAt: try row.optionalInt("revoked_at"))
    }

    /// `scopes`, or for a token made before scopes per capability its one `scope` for all.
    private static func scopes(_ row: any SQLRow) throws -> ApiScopes {
        guard let text = try row.optionalString("scopes") else {
            return ApiScopes(legacy: try row.code(ApiScope.self, "scope", in: "api_tokens"))
        }
        guard let scopes = ApiScopes(encoded: text) else {
            throw DatabaseError(description: "api_tokens.scopes holds an unknown value")
        }
        return scopes
    }

    static let select = """
        SELECT t.id, t.user_id, t.name, t.scope, t.scopes, t.kind, t.lab_id, l.slug AS lab_slug, t.created_at,
            t.expires_at, t.last_used_at, t.revoked_at
        FROM api_tokens t LEFT JOIN labs l ON l.id = t.lab_id
        """

    func insert(
        userID: Int, kind: ApiTokenKind, labID: Int?, name: String, hash: String, scopes: ApiScopes, at now: Int,
        expiresAt: Int, on db: any SQLDatabase
    ) async throws -> Int {
        let row = try await db.raw(
            """
            INSERT INTO api_tokens (user_id, kind, lab_id, name, token_hash, scope, scopes, created_at, expires_at)
            VALUES (\(bind: userID), \(bind: kind.rawValue), \(bind: labID), \(bind: name), \(bind: hash),
                \(bind: scopes.widest.rawValue), \(bind: scopes.encoded), \(bind: now), \(bind: expiresAt))
            RETURNING id
            """
        ).first()
        guard let id = try row?.int("id") else { throw DatabaseError(description: "api_tokens insert returned no id") }
        return id
    }

    /// A person's own tokens (not the lab tokens they made for their lab).
    func tokens(userID: Int, on db: any SQLDatabase) async throws -> [ApiToken] {
        try await db.raw(
            """
            \(unsafeRaw: Self.select) WHERE t.user_id = \(bind: userID) AND t.kind = 'personnel' ORDER BY t.id DESC
            """
        ).all().map(Self.decode)
    }

    /// A lab's integration tokens, whoever made them.
    func labTokens(labID: Int, on db: any SQLDatabase) async throws -> [ApiToken] {
        try await db.raw(
            "\(unsafeRaw: Self.select) WHERE t.lab_id = \(bind: labID) AND t.kind = 'labo' ORDER BY t.id DESC"
        ).all().map(Self.decode)
    }

    func activeCount(userID: Int, at now: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(*) AS n FROM api_tokens
            WHERE user_id = \(bind: userID) AND kind = 'personnel' AND revoked_at IS NULL AND expires_at > \(bind: now)
            """
        ).first()?.int("n") ?? 0
    }

    func activeLabCount(labID: Int, at now: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(*) AS n FROM api_tokens
            WHERE lab_id = \(bind: labID) AND kind = 'labo' AND revoked_at IS NULL AND expires_at > \(bind: now)
            """
        ).first()?.int("n") ?? 0
    }

    func find(hash: String, on db: any SQLDatabase) async throws -> ApiToken? {
        try await db.raw("\(unsafeRaw: Self.select) WHERE t.token_hash = \(bind: hash)").first().map(Self.decode)
    }

    /// Revokes the user's own personal token; false when it is not theirs or already revoked.
    func revoke(id: Int, userID: Int, at now: Int, on db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE api_tokens SET revoked_at = \(bind: now)
            WHERE id = \(bind: id) AND user_id = \(bind: userID) AND kind = 'personnel' AND revoked_at IS NULL
            RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    /// Revokes one of the lab's tokens; false when it is not the lab's or already revoked.
    func revokeLabToken(id: Int, labID: Int, at now: Int, on db: any SQLDatabase) async throws -> Bool {
        let rows = try await db.raw(
            """
            UPDATE api_tokens SET revoked_at = \(bind: now)
            WHERE id = \(bind: id) AND lab_id = \(bind: labID) AND kind = 'labo' AND revoked_at IS NULL RETURNING id
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
            SELECT name, kind, scope, scopes, created_at, expires_at, last_used_at, revoked_at FROM api_tokens
            WHERE user_id = \(bind: userID) ORDER BY id
            """
        ).all()
    }
}
