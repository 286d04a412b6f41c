import SQLKit

/// All SQL of `idempotency_keys`.
struct IdempotencyStore: Sendable {
    struct Entry: Sendable {
        let fingerprint: String
        /// 0 while the first request runs.
        let status: Int
        let body: String?
        let location: String?
    }

    /// Takes the key for this request; false when the account already used it.
    func claim(userID: Int, key: String, fingerprint: String, at now: Int, on db: any SQLDatabase) async throws -> Bool
    {
        let rows = try await db.raw(
            """
            INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, status, created_at)
            VALUES (\(bind: userID), \(bind: key), \(bind: fingerprint), 0, \(bind: now))
            ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    func find(userID: Int, key: String, on db: any SQLDatabase) async throws -> Entry? {
        try await db.raw(
            """
            SELECT fingerprint, status, body, location FROM idempotency_keys
            WHERE user_id = \(bind: userID) AND idempotency_key = \(bind: key)
            """
        ).first().map {
            Entry(
                fingerprint: try $0.string("fingerprint"), status: try $0.int("status"),
                body: try $0.optionalString("body"), location: try $0.optionalString("location"))
        }
    }

    func answer(
        userID: Int, key: String, status: Int, body: String, location: String?, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            UPDATE idempotency_keys SET status = \(bind: status), body = \(bind: body), location = \(bind: location)
            WHERE user_id = \(bind: userID) AND idempotency_key = \(bind: key)
            """
        ).run()
    }

    func release(userID: Int, key: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            "DELETE FROM idempotency_keys WHERE user_id = \(bind: userID) AND idempotency_key = \(bind: key)"
        ).run()
    }

    func purge(before: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM idempotency_keys WHERE created_at < \(bind: before)").run()
    }
}
