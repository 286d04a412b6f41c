import Crypto
import Foundation
import Hummingbird
import SQLKit

/// Hummingbird's key-value persistence on the application database, so that sessions
/// survive restarts and are shared by every app instance behind a load balancer. Keys (the
/// session ids of the cookies) are stored as their SHA-256: a copy of the table, a backup
/// or a log of its queries opens no session.
public struct SQLPersistDriver: PersistDriver {
    let database: Database

    public init(database: Database) { self.database = database }

    static func storedKey(_ key: String) -> String {
        Hex.string(SHA256.hash(data: Data(key.utf8)))
    }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let json = try Self.encode(value)
        let expiresAt = expires.map { nowSeconds() + Int($0.components.seconds) }
        // A signed-in session knows its account, to be listed on "Mon compte" and closed
        // with the others (a password change, a deactivation).
        let payload = value as? SessionPayload
        do {
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO sessions (session_key, value, expires_at, user_id, created_at, device)
                    VALUES (\(bind: Self.storedKey(key)), \(bind: json), \(bind: expiresAt), \(bind: payload?.userID), \(bind: nowSeconds()), \(bind: payload?.device))
                    """
                ).run()
            }
        } catch {
            throw PersistError.duplicate
        }
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let json = try Self.encode(value)
        let now = nowSeconds()
        let expiresAt = expires.map { now + Int($0.components.seconds) }
        let payload = value as? SessionPayload
        // Without a new expiry, an update keeps the one the session had.
        let keepExpiry: SQLQueryString = expiresAt == nil ? "" : ", expires_at = excluded.expires_at"
        try await database.write { db in
            try await db.raw(
                """
                INSERT INTO sessions (session_key, value, expires_at, user_id, created_at, device)
                VALUES (\(bind: Self.storedKey(key)), \(bind: json), \(bind: expiresAt), \(bind: payload?.userID), \(bind: now), \(bind: payload?.device))
                ON CONFLICT (session_key) DO UPDATE SET value = excluded.value, user_id = excluded.user_id
                """ + keepExpiry
            ).run()
        }
    }

    public func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    public func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (
        object: Object, ttl: Duration?
    )? {
        let now = nowSeconds()
        let row = try await database.withConnection { db in
            try await db.raw(
                "SELECT value, expires_at FROM sessions WHERE session_key = \(bind: Self.storedKey(key)) AND (expires_at IS NULL OR expires_at > \(bind: now))"
            ).first()
        }
        guard let row else { return nil }
        let json = try row.string("value")
        let expiresAt = try row.optionalInt("expires_at")
        do {
            let object = try JSONDecoder().decode(Object.self, from: Data(json.utf8))
            return (object, expiresAt.map { .seconds($0 - now) })
        } catch {
            throw PersistError.invalidConversion
        }
    }

    public func remove(key: String) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM sessions WHERE session_key = \(bind: Self.storedKey(key))").run()
        }
    }

    /// The open sessions of an account, newest first: the hash of each key (to close one; it
    /// opens nothing), its device and when it was opened.
    func sessions(userID: Int) async throws -> [OpenSession] {
        let now = nowSeconds()
        return try await database.withConnection { db in
            try await db.raw(
                """
                SELECT session_key, created_at, device FROM sessions
                WHERE user_id = \(bind: userID) AND (expires_at IS NULL OR expires_at > \(bind: now))
                ORDER BY created_at DESC
                """
            ).all().map {
                OpenSession(
                    id: try $0.string("session_key"), createdAt: try $0.optionalInt("created_at"),
                    device: try $0.optionalString("device"))
            }
        }
    }

    /// Closes an account's sessions but the one whose key is `except` (the browser asking);
    /// all of them when nil. Returns how many were closed.
    @discardableResult
    func close(userID: Int, except key: String?, on db: any SQLDatabase) async throws -> Int {
        let kept = key.map(Self.storedKey) ?? ""
        return try await db.raw(
            "DELETE FROM sessions WHERE user_id = \(bind: userID) AND session_key <> \(bind: kept) RETURNING session_key"
        ).all().count
    }

    /// Closes one session of an account, named by its stored hash.
    func close(userID: Int, storedKey: String, on db: any SQLDatabase) async throws -> Bool {
        try await !db.raw(
            "DELETE FROM sessions WHERE user_id = \(bind: userID) AND session_key = \(bind: storedKey) RETURNING session_key"
        ).all().isEmpty
    }

    /// Removes the sessions expired at `now`; run by housekeeping in its write.
    static func purgeExpired(now: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM sessions WHERE expires_at IS NOT NULL AND expires_at <= \(bind: now)").run()
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}

/// A session as "Mon compte" lists it.
struct OpenSession: Sendable, Equatable {
    /// The stored hash of the session's key.
    let id: String
    let createdAt: Int?
    let device: String?
}
