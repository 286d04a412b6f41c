import AlliancesCore
import Foundation
import SQLKit

/// Webhook subscriptions: a lab's, managed by its facilitators, and each person's own
/// (`WebhookScope.personalOf`), managed by them alone: created with a signing secret shown
/// once, paused by the worker after 24 h of failures, reactivated, deleted, tried with a
/// `ping`. Creation, deletion and reactivation are audited: they decide where activity is
/// announced.
struct WebhookSubscriptions: Sendable {
    let database: Database
    let store = WebhookStore()

    /// The prefix of every signing secret, so that a leaked one is recognised.
    static let secretPrefix = "whsec_"

    enum Created: Sendable, Equatable {
        case created(id: Int, secret: String)
        case tooMany
    }

    struct Listed: Sendable {
        let subscription: WebhookSubscription
        let waiting: Int
    }

    /// How many subscriptions a scope holds at most.
    static func limit(_ scope: WebhookScope) -> Int {
        scope.personalOf == nil ? WebhookSubscriptionDraft.maxPerLab : WebhookSubscriptionDraft.maxPerPerson
    }

    func create(
        _ viewer: Viewer, _ scope: WebhookScope, draft: WebhookSubscriptionDraft, address: String?,
        now: Int = nowSeconds()
    ) async throws -> Created {
        let secret = Self.secretPrefix + Tokens.random()
        return try await database.transaction { db in
            guard try await store.count(scope, on: db) < Self.limit(scope) else { return .tooMany }
            let id = try await store.insert(
                scope: scope, ownerID: viewer.userID, draft: draft, secret: secret, at: now, on: db)
            try await AuditLog.record(
                .webhookCreated, by: viewer.userID, lab: scope.labID, target: "webhook:\(id)", address: address, on: db)
            return .created(id: id, secret: secret)
        }
    }

    func list(_ scope: WebhookScope) async throws -> [Listed] {
        try await database.withConnection { db in
            var listed: [Listed] = []
            for subscription in try await store.subscriptions(scope, on: db) {
                listed.append(
                    Listed(
                        subscription: subscription,
                        waiting: try await store.pendingCount(subscriptionID: subscription.id, on: db)))
            }
            return listed
        }
    }

    /// The subscription and its 50 latest deliveries; nil when it is not in the scope.
    func detail(_ scope: WebhookScope, id: Int) async throws -> (Listed, [WebhookDelivery])? {
        try await database.withConnection { db in
            guard let subscription = try await store.subscription(id: id, scope, on: db) else { return nil }
            let waiting = try await store.pendingCount(subscriptionID: id, on: db)
            return (
                Listed(subscription: subscription, waiting: waiting),
                try await store.deliveries(subscriptionID: id, limit: 50, on: db)
            )
        }
    }

    func delete(_ viewer: Viewer, _ scope: WebhookScope, id: Int, address: String?) async throws -> Bool {
        return try await database.transaction { db in
            guard try await store.delete(id: id, scope, on: db) else { return false }
            try await AuditLog.record(
                .webhookDeleted, by: viewer.userID, lab: scope.labID, target: "webhook:\(id)", address: address, on: db)
            return true
        }
    }

    func reactivate(_ viewer: Viewer, _ scope: WebhookScope, id: Int, address: String?, now: Int = nowSeconds())
        async throws -> Bool
    {
        return try await database.transaction { db in
            guard try await store.reactivate(id: id, scope, at: now, on: db) else { return false }
            try await AuditLog.record(
                .webhookReactivated, by: viewer.userID, lab: scope.labID, target: "webhook:\(id)", address: address,
                on: db)
            return true
        }
    }

    /// Queues a `ping` for this subscription (sent in order after what waits).
    func ping(lab: Lab, _ scope: WebhookScope, id: Int, now: Int = nowSeconds()) async throws -> Bool {
        try await database.transaction { db in
            guard try await store.subscription(id: id, scope, on: db) != nil else { return false }
            let eventID = WebhookEvents.newEventID()
            let body = try WebhookEvents.payload(
                type: .ping, eventID: eventID, labSlug: lab.slug, object: "webhook", id: id, path: nil, at: now)
            try await store.insert(subscriptionID: id, type: .ping, eventID: eventID, payload: body, at: now, on: db)
            return true
        }
    }
}
