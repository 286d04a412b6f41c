import Crypto
import Foundation
import SQLKit

/// Sliding-window limits shared by every app instance: each attempt is a row of
/// `throttle_hits`, under a bucket (what is limited) and a subject (who: a client address,
/// an account and an address), stored as a hash.
///
/// An attempt is reserved before the work it guards (a password check, a registration):
/// its row is written on its own (committed at once), then the rows of its subject in the
/// window are counted. The k-th attempt to commit counts at least k rows, so however many
/// arrive together no more than `limit` of them go on: there is no window between a check
/// and a write for parallel attempts to pass through (attempts arriving together may even
/// all be refused, each counting the others in flight). A refused attempt's row is removed,
/// so refusals do not extend a lock-out; a reservation whose work did not count as a
/// failure (a correct password) is released.
struct Throttle: Sendable {
    struct Rule: Sendable, Equatable {
        let bucket: String
        let limit: Int
        /// Seconds.
        let window: Int
    }

    enum Decision: Sendable, Equatable {
        /// Go on; the reservations to release if the attempt turns out not to count.
        case allowed(reservations: [Int])
        /// Refused; the client may try again in that many seconds.
        case refused(retryAfter: Int)
    }

    static func subject(_ key: String) -> String {
        Hex.string(SHA256.hash(data: Data(key.utf8)).prefix(16))
    }

    /// Reserves one attempt under each rule; refused as soon as one rule is over its limit
    /// (then nothing stays reserved). Run it through `Database.write`, not in a transaction:
    /// each row must be committed before it is counted.
    func reserve(_ checks: [(rule: Rule, key: String)], now: Int = nowSeconds(), on db: any SQLDatabase) async throws
        -> Decision
    {
        var reserved: [Int] = []
        for (rule, key) in checks {
            let subject = Self.subject(key)
            guard
                let id = try await db.raw(
                    """
                    INSERT INTO throttle_hits (bucket, subject, at) VALUES (\(bind: rule.bucket), \(bind: subject), \(bind: now)) RETURNING id
                    """
                ).first()?.int("id")
            else { throw DatabaseError(description: "throttle insert returned no id") }
            reserved.append(id)
            let row = try await db.raw(
                """
                SELECT COUNT(*) AS n, MIN(at) AS oldest FROM throttle_hits
                WHERE bucket = \(bind: rule.bucket) AND subject = \(bind: subject) AND at > \(bind: now - rule.window)
                """
            ).first()
            let count = try row?.int("n") ?? 0
            if count > rule.limit {
                try await release(reserved, on: db)
                let oldest = try row?.optionalInt("oldest") ?? now
                return .refused(retryAfter: max(1, oldest + rule.window - now))
            }
        }
        return .allowed(reservations: reserved)
    }

    func release(_ reservations: [Int], on db: any SQLDatabase) async throws {
        guard !reservations.isEmpty else { return }
        try await db.raw("DELETE FROM throttle_hits WHERE id IN (\(SQLList(reservations.map { SQLBind($0) })))").run()
    }

    /// Hits older than every window (housekeeping).
    func purge(before: Int, on db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM throttle_hits WHERE at <= \(bind: before)").run()
    }

    /// Minutes, in French, for messages ("dans 3 minutes").
    static func frenchDelay(_ seconds: Int) -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n > 1 ? "s" : "")" }
        if seconds < 60 { return plural(seconds, "seconde") }
        if seconds % 86_400 == 0 { return plural(seconds / 86_400, "jour") }
        if seconds % 3_600 == 0 { return plural(seconds / 3_600, "heure") }
        return plural((seconds + 59) / 60, "minute")
    }
}
