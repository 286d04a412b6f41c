import Crypto
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// A key the server makes on first use and keeps in `server_secrets`: the first instance
/// to need it writes 32 random bytes (`ON CONFLICT DO NOTHING`), every instance then reads
/// the same row, and keeps it in memory.
final class ServerSecret: Sendable {
    let name: String
    let database: Database
    private let cached = NIOLockedValueBox<SymmetricKey?>(nil)

    init(name: String, database: Database) {
        self.name = name
        self.database = database
    }

    func key() async throws -> SymmetricKey {
        if let key = cached.withLockedValue({ $0 }) { return key }
        let candidate = Tokens.random()
        let value = try await database.write { db in
            try await db.raw(
                """
                INSERT INTO server_secrets (name, value, created_at) VALUES (\(bind: name), \(bind: candidate), \(bind: nowSeconds()))
                ON CONFLICT (name) DO NOTHING
                """
            ).run()
            guard
                let stored = try await db.raw("SELECT value FROM server_secrets WHERE name = \(bind: name)").first()?
                    .string("value")
            else {
                throw DatabaseError(description: "server secret \(name) could not be stored")
            }
            return stored
        }
        let key = SymmetricKey(data: Data(value.utf8))
        cached.withLockedValue { $0 = key }
        return key
    }
}
