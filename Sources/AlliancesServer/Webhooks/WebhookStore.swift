import AlliancesCore
import Foundation
import SQLKit

/// Whose subscriptions: a lab's (its facilitators manage them) or one person's, in a lab.
struct WebhookScope: Sendable, Equatable {
    let labID: Int
    /// The person whose own subscriptions these are; nil for the lab's.
    var personalOf: Int? = nil

    var condition: SQLQueryString {
        guard let personalOf else { return "lab_id = \(bind: labID) AND personal = 0" }
        return "lab_id = \(bind: labID) AND personal = 1 AND owner_user_id = \(bind: personalOf)"
    }
}

/// All SQL of webhooks: subscriptions, and their deliveries (queue and log at once).
struct WebhookStore: Sendable {
    static func eventsColumn(_ events: [WebhookEventType]) -> String {
        "|" + events.map(\.rawValue).joined(separator: "|") + "|"
    }

    static func decodeSubscription(_ row: any SQLRow) throws -> WebhookSubscription {
        WebhookSubscription(
            id: try row.int("id"), labID: try row.int("lab_id"), ownerID: try row.optionalInt("owner_user_id"),
            name: try row.string("name"), url: try row.string("url"),
            events: try row.string("events").split(separator: "|").compactMap {
                WebhookEventType(rawValue: String($0))
            },
            active: try row.int("active") == 1, pausedReason: try row.optionalString("paused_reason"),
            createdAt: try row.int("created_at"), personal: try row.int("personal") == 1)
    }

    static func decodeDelivery(_ row: any SQLRow) throws -> WebhookDelivery {
        WebhookDelivery(
            id: try row.int("id"), subscriptionID: try row.int("subscription_id"), eventID: try row.string("event_id"),
            type: WebhookEventType(rawValue: try row.string("event_type")) ?? .ping, payload: try row.string("payload"),
            createdAt: try row.int("created_at"), attempts: try row.int("attempts"),
            nextAttemptAt: try row.int("next_attempt_at"), deadline: try row.int("deadline_at"),
            deliveredAt: try row.optionalInt("delivered_at"), givenUpAt: try row.optionalInt("given_up_at"),
            lastStatus: try row.optionalInt("last_status"), lastError: try row.optionalString("last_error"))
    }

    static let subscriptionColumns =
        "id, lab_id, owner_user_id, name, url, events, active, paused_reason, created_at, personal"

    func insert(
        scope: WebhookScope, ownerID: Int, draft: WebhookSubscriptionDraft, secret: String, at now: Int,
        on db: any SQLDatabase
    ) async throws -> Int {
        try await db.raw(
            """
            INSERT INTO webhook_subscriptions (lab_id, owner_user_id, name, url, events, secret, created_at, personal)
            VALUES (\(bind: scope.labID), \(bind: ownerID), \(bind: draft.name), \(bind: draft.url), \(bind: Self.eventsColumn(draft.events)), \(bind: secret), \(bind: now), \(bind: scope.personalOf == nil ? 0 : 1))
            RETURNING id
            """
        ).first().map { try $0.int("id") } ?? 0
    }

    func count(_ scope: WebhookScope, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM webhook_subscriptions WHERE \(scope.condition)").first()
            .map { try $0.int("n") } ?? 0
    }

    func subscriptions(_ scope: WebhookScope, on db: any SQLDatabase) async throws -> [WebhookSubscription] {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.subscriptionColumns) FROM webhook_subscriptions WHERE \(scope.condition) ORDER BY id"
        ).all().map(Self.decodeSubscription)
    }

    /// The subscription `id` in the scope, or nil (another lab's or person's id is nil too).
    func subscription(id: Int, _ scope: WebhookScope, on db: any SQLDatabase) async throws -> WebhookSubscription? {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.subscriptionColumns) FROM webhook_subscriptions WHERE id = \(bind: id) AND \(scope.condition)"
        ).first().map(Self.decodeSubscription)
    }

    /// The personal subscriptions, of every lab, that chose `type` (few: one query before
    /// their owners are asked whether the event concerns them).
    func personal(wanting type: WebhookEventType, on db: any SQLDatabase) async throws -> [WebhookSubscription] {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.subscriptionColumns) FROM webhook_subscriptions WHERE personal = 1 AND events LIKE \(bind: "%|" + type.rawValue + "|%") ORDER BY id"
        ).all().map(Self.decodeSubscription)
    }

    /// Whether a subscription of the lab, or a personal one anywhere, chose `type`.
    func wants(labID: Int, type: WebhookEventType, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "SELECT 1 AS found FROM webhook_subscriptions WHERE (lab_id = \(bind: labID) OR personal = 1) AND events LIKE \(bind: "%|" + type.rawValue + "|%") LIMIT 1"
        ).first() != nil
    }

    func subscription(id: Int, on db: any SQLDatabase) async throws -> WebhookSubscription? {
        try await db.raw(
            "SELECT \(unsafeRaw: Self.subscriptionColumns) FROM webhook_subscriptions WHERE id = \(bind: id)"
        ).first().map(Self.decodeSubscription)
    }

    func delete(id: Int, _ scope: WebhookScope, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "DELETE FROM webhook_deliveries WHERE subscription_id = \(bind: id) AND subscription_id IN (SELECT id FROM webhook_subscriptions WHERE \(scope.condition))"
        ).run()
        return try await db.raw(
            "DELETE FROM webhook_subscriptions WHERE id = \(bind: id) AND \(scope.condition) RETURNING id"
        ).first() != nil
    }

    /// A person's own subscriptions and their deliveries, at the erasure of their account.
    func erasePersonal(userID: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "DELETE FROM webhook_deliveries WHERE subscription_id IN (SELECT id FROM webhook_subscriptions WHERE personal = 1 AND owner_user_id = \(bind: userID))"
        ).run()
        try await db.raw(
            "DELETE FROM webhook_subscriptions WHERE personal = 1 AND owner_user_id = \(bind: userID)"
        ).run()
    }

    /// Reactivates a paused subscription: what waited, and what was given up, is sent again
    /// in order, each with a new 24-hour window.
    func reactivate(id: Int, _ scope: WebhookScope, at now: Int, on db: any SQLDatabase) async throws -> Bool {
        guard
            try await db.raw(
                "UPDATE webhook_subscriptions SET active = 1, paused_reason = NULL WHERE id = \(bind: id) AND \(scope.condition) RETURNING id"
            ).first() != nil
        else { return false }
        try await db.raw(
            """
            UPDATE webhook_deliveries SET given_up_at = NULL, next_attempt_at = \(bind: now), deadline_at = \(bind: now + WebhookRetry.window)
            WHERE subscription_id = \(bind: id) AND delivered_at IS NULL
            """
        ).run()
        return true
    }

    func pause(id: Int, reason: String, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE webhook_subscriptions SET active = 0, paused_reason = \(bind: reason) WHERE id = \(bind: id)"
        ).run()
    }

    /// One delivery per subscription of the lab (not the personal ones) that chose `type` (paused ones too: what
    /// happens while a receiver is paused waits for it). Returns how many.
    @discardableResult
    func fanOut(
        labID: Int, type: WebhookEventType, eventID: String, payload: String, at now: Int, on db: any SQLDatabase
    ) async throws -> Int {
        try await db.raw(
            """
            INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload, created_at, next_attempt_at, deadline_at)
            SELECT id, \(bind: eventID), \(bind: type.rawValue), \(bind: payload), \(bind: now), \(bind: now), \(bind: now + WebhookRetry.window)
            FROM webhook_subscriptions WHERE lab_id = \(bind: labID) AND personal = 0 AND events LIKE \(bind: "%|" + type.rawValue + "|%")
            RETURNING id
            """
        ).all().count
    }

    func insert(
        subscriptionID: Int, type: WebhookEventType, eventID: String, payload: String, at now: Int,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload, created_at, next_attempt_at, deadline_at)
            VALUES (\(bind: subscriptionID), \(bind: eventID), \(bind: type.rawValue), \(bind: payload), \(bind: now), \(bind: now), \(bind: now + WebhookRetry.window))
            """
        ).run()
    }

    func deliveries(subscriptionID: Int, limit: Int, on db: any SQLDatabase) async throws -> [WebhookDelivery] {
        try await db.raw(
            "SELECT * FROM webhook_deliveries WHERE subscription_id = \(bind: subscriptionID) ORDER BY id DESC LIMIT \(literal: limit)"
        ).all().map(Self.decodeDelivery)
    }

    func pendingCount(subscriptionID: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE subscription_id = \(bind: subscriptionID) AND delivered_at IS NULL AND given_up_at IS NULL"
        ).first().map { try $0.int("n") } ?? 0
    }

    /// The oldest waiting delivery of each active subscription, when due, leased for two
    /// minutes by a conditional update (two instances never send the same one). Only the
    /// oldest: a subscription's events arrive in the order they happened. Each comes with
    /// where to send it and the secret to sign it with, read by the same query.
    func claimDue(now: Int, limit: Int, on db: any SQLDatabase) async throws -> [Claimed] {
        var claimed: [Claimed] = []
        for row in try await db.raw(
            """
            SELECT d.*, s.url AS target_url, s.secret AS target_secret FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
            WHERE s.active = 1 AND d.delivered_at IS NULL AND d.given_up_at IS NULL AND d.next_attempt_at <= \(bind: now)
            AND d.id = (SELECT MIN(p.id) FROM webhook_deliveries p WHERE p.subscription_id = d.subscription_id AND p.delivered_at IS NULL AND p.given_up_at IS NULL)
            ORDER BY d.id LIMIT \(literal: limit)
            """
        ).all() {
            let delivery = try Self.decodeDelivery(row)
            let leased = try await db.raw(
                """
                UPDATE webhook_deliveries SET next_attempt_at = \(bind: now + 120)
                WHERE id = \(bind: delivery.id) AND delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= \(bind: now) RETURNING id
                """
            ).first()
            if leased != nil {
                claimed.append(
                    Claimed(
                        delivery: delivery, url: try row.string("target_url"), secret: try row.string("target_secret")))
            }
        }
        return claimed
    }

    struct Claimed: Sendable {
        let delivery: WebhookDelivery
        let url: String
        let secret: String
    }

    func markDelivered(_ id: Int, status: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE webhook_deliveries SET delivered_at = \(bind: now), attempts = attempts + 1, last_attempt_at = \(bind: now),
            last_status = \(bind: status), last_error = NULL WHERE id = \(bind: id)
            """
        ).run()
    }

    func markFailed(
        _ id: Int, status: Int?, error: String, at now: Int, next: Int?, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = \(bind: now), last_status = \(bind: status),
            last_error = \(bind: String(error.prefix(500))), next_attempt_at = \(bind: next ?? now),
            given_up_at = \(bind: next == nil ? now : nil) WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Deliveries sent or given up before `cutoff` go (the log keeps 30 days).
    func purge(before cutoff: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            DELETE FROM webhook_deliveries WHERE (delivered_at IS NOT NULL AND delivered_at < \(bind: cutoff))
            OR (given_up_at IS NOT NULL AND given_up_at < \(bind: cutoff)) RETURNING id
            """
        ).all().count
    }
}

/// The subscriptions an account made, for the GDPR export (never their secret); on the
/// account's erasure the database clears their owner (`ON DELETE SET NULL`).
extension WebhookStore {
    func personalRows(userID: Int, on db: any SQLDatabase) async throws -> [any SQLRow] {
        try await db.raw(
            "SELECT id, lab_id, name, url, events, active, created_at, personal FROM webhook_subscriptions WHERE owner_user_id = \(bind: userID) ORDER BY id"
        ).all()
    }
}
