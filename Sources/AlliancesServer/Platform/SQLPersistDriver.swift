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
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let json = try Self.encode(value)
        let expiresAt = expires.map { nowSeconds() + Int($0.components.seconds) }
        do {
            try await database.write { db in
                try await db.raw(
                    "INSERT INTO sessions (session_key, value, expires_at) VALUES (\(bind: Self.storedKey(key)), \(bind: json), \(bind: expiresAt))"
                ).run()
            }
        } catch {
            throw PersistError.duplicate
        }
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let json = try Self.encode(value)
        let expiresAt = expires.map { nowSeconds() + Int($0.components.seconds) }
        try await database.write { db in
            if let expiresAt {
                try await db.raw(
                    """
                    INSERT INTO sessions (session_key, value, expires_at) VALUES (\(bind: Self.storedKey(key)), \(bind: json), \(bind: expiresAt))
                    ON CONFLICT (session_key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                    """
                ).run()
            } else {
                try await db.raw(
                    """
                    INSERT INTO sessions (session_key, value, expires_at) VALUES (\(bind: Self.storedKey(key)), \(bind: json), NULL)
                    ON CONFLICT (session_key) DO UPDATE SET value = excluded.value
                    """
                ).run()
            }
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

    /// Removes the sessions expired at `now`; run by housekeeping in its write.
    static func purgeExpired(now: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM sessions WHERE expires_at IS NOT NULL AND expires_at <= \(bind: now)").run()
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
