import AlliancesCore
import Foundation
import SQLKit

public struct OutboxMessage: Sendable, Equatable {
    public let id: Int
    public let to: String
    public let subject: String
    public let body: String
    public let kind: String
    public let attempts: Int
    public let sentAt: Int?
    public let lastError: String?
    public let createdAt: Int
    /// When the body was erased after the retention period (`--mail-retention`).
    public let purgedAt: Int?
}

/// All SQL of the outbox.
public struct OutboxStore: Sendable {
    public init() {}

    /// Queues a message; call inside the transaction that causes it.
    public func enqueue(
        to: String, subject: String, body: String, kind: String, eventID: Int?, registrationID: Int?,
        on db: any SQLDatabase
    ) async throws {
        let now = nowSeconds()
        try await db.raw(
            """
            INSERT INTO outbox (to_address, subject, body, kind, event_id, registration_id, next_attempt_at, created_at)
            VALUES (\(bind: to), \(bind: subject), \(bind: body), \(bind: kind), \(bind: eventID), \(bind: registrationID), \(bind: now), \(bind: now))
            """
        ).run()
    }

    static func decode(_ row: any SQLRow) throws -> OutboxMessage {
        OutboxMessage(
            id: try row.int("id"), to: try row.string("to_address"), subject: try row.string("subject"),
            body: try row.string("body"),
            kind: try row.string("kind"), attempts: try row.int("attempts"), sentAt: try row.optionalInt("sent_at"),
            lastError: try row.optionalString("last_error"), createdAt: try row.int("created_at"),
            purgedAt: try row.optionalInt("purged_at"))
    }

    public func messages(eventID: Int, limit: Int = 200, on db: any SQLDatabase) async throws -> [OutboxMessage] {
        try await db.raw(
            "SELECT * FROM outbox WHERE event_id = \(bind: eventID) ORDER BY created_at DESC, id DESC LIMIT \(literal: limit)"
        ).all().map(Self.decode)
    }

    public func messages(to address: String, on db: any SQLDatabase) async throws -> [OutboxMessage] {
        try await db.raw("SELECT * FROM outbox WHERE to_address = \(bind: address) ORDER BY id").all().map(Self.decode)
    }

    /// Takes up to `limit` due messages for this worker: each is leased for five minutes by
    /// a conditional update, so two instances never send the same message twice.
    func claimDue(now: Int, limit: Int, on db: any SQLDatabase) async throws -> [OutboxMessage] {
        var claimed: [OutboxMessage] = []
        for row in try await db.raw(
            "SELECT * FROM outbox WHERE sent_at IS NULL AND purged_at IS NULL AND next_attempt_at <= \(bind: now) ORDER BY id LIMIT \(literal: limit)"
        ).all() {
            let message = try Self.decode(row)
            let leased = try await db.raw(
                """
                UPDATE outbox SET next_attempt_at = \(bind: now + 300) WHERE id = \(bind: message.id) AND sent_at IS NULL AND next_attempt_at <= \(bind: now) RETURNING id
                """
            ).first()
            if leased != nil { claimed.append(message) }
        }
        return claimed
    }

    func markSent(_ id: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE outbox SET sent_at = \(bind: nowSeconds()), attempts = attempts + 1, last_error = NULL WHERE id = \(bind: id)"
        ).run()
    }

    /// Erases the bodies of messages queued before `cutoff` (their private links with
    /// them), sent or not: a message not delivered in that time is given up. Returns the
    /// ids erased, whose `.eml` files go too.
    func purge(before cutoff: Int, now: Int, on db: any SQLDatabase) async throws -> [Int] {
        try await db.raw(
            """
            UPDATE outbox SET body = '', purged_at = \(bind: now) WHERE purged_at IS NULL AND created_at < \(bind: cutoff) RETURNING id
            """
        ).all().map { try $0.int("id") }
    }

    /// Retries with exponential backoff: 1 min, 2, 4… up to 6 hours between attempts.
    func markFailed(_ id: Int, attempts: Int, error: String, now: Int, on db: any SQLDatabase) async throws {
        let delay = min(60 * (1 << min(attempts, 9)), 6 * 3600)
        try await db.raw(
            """
            UPDATE outbox SET attempts = attempts + 1, last_error = \(bind: String(error.prefix(500))), next_attempt_at = \(bind: now + delay) WHERE id = \(bind: id)
            """
        ).run()
    }
}

/// The messages sent to a person, for the GDPR export and erasure.
extension OutboxStore {
    func personalRows(to address: String, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            "SELECT id, subject, body, kind, created_at, sent_at, purged_at FROM outbox WHERE LOWER(to_address) = \(bind: address) ORDER BY id"
        ).all()
    }

    /// Erasure: the bodies of messages to others that name the person (a meeting request,
    /// an introduction) are erased as retention would; returns their ids.
    func blank(mentioning values: [String], now: Int, on db: any SQLDatabase) async throws -> [Int] {
        var ids: [Int] = []
        for value in values where value.count >= 3 {
            ids += try await db.raw(
                "UPDATE outbox SET body = '', purged_at = \(bind: now) WHERE body LIKE \(bind: "%" + value + "%") RETURNING id"
            ).all().map { try $0.int("id") }
        }
        return ids
    }

    /// Erasure: the messages to this address go; returns their ids (their `.eml` files go too).
    func erase(to address: String, on db: any SQLDatabase) async throws -> [Int] {
        try await db.raw("DELETE FROM outbox WHERE LOWER(to_address) = \(bind: address) RETURNING id").all().map {
            try $0.int("id")
        }
    }
}
