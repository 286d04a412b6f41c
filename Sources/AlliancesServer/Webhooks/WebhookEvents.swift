import AlliancesCore
import Crypto
import Foundation
import SQLKit

/// Announces a change to the lab's webhook subscriptions: called by a service inside the
/// transaction of the change, so an event is queued exactly when the change is committed
/// (rolled back with it otherwise) and is never lost when a receiver is down.
enum WebhookEvents {
    struct Payload: Encodable {
        let id: String
        let type: String
        let created_at: Int
        let lab: String
        let data: Object
    }

    /// The object concerned, by reference: its kind, its id, and where the API serves it
    /// (read with the receiver's own token, so that access rules apply).
    struct Object: Encodable {
        let object: String
        let id: Int
        let path: String?
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func payload(
        type: WebhookEventType, eventID: String, labSlug: String, object: String, id: Int, path: String?, at now: Int
    ) throws -> String {
        let data = try encoder.encode(
            Payload(
                id: eventID, type: type.rawValue, created_at: now, lab: labSlug,
                data: Object(object: object, id: id, path: path)))
        return String(decoding: data, as: UTF8.self)
    }

    static func newEventID() -> String { "evt_" + Tokens.random().prefix(24) }

    /// Queues `type` about `object` `id` for every subscription of the lab that chose it,
    /// and for the personal subscriptions (that chose it) of the people in `audience`, as
    /// their accounts are now. One cheap query when nobody subscribed to it.
    static func emit(
        _ type: WebhookEventType, labID: Int, object: String, id: Int, path: (String) -> String? = { _ in nil },
        audience: WebhookAudience = .nobody, on db: any SQLDatabase, now: Int = nowSeconds()
    ) async throws {
        let store = WebhookStore()
        guard try await store.wants(labID: labID, type: type, on: db),
            let lab = try await LabStore().find(id: labID, on: db)
        else { return }
        let eventID = newEventID()
        let body = try payload(
            type: type, eventID: eventID, labSlug: lab.slug, object: object, id: id, path: path(lab.slug), at: now)
        try await store.fanOut(labID: labID, type: type, eventID: eventID, payload: body, at: now, on: db)
        guard audience != .nobody else { return }
        var owners: [Int: UserRecord?] = [:]
        for subscription in try await store.personal(wanting: type, on: db) {
            guard let ownerID = subscription.ownerID else { continue }
            if owners[ownerID] == nil { owners[ownerID] = try await AccountStore().user(id: ownerID, on: db) }
            guard let owner = owners[ownerID] ?? nil,
                audience.reaches(
                    labID: owner.labID, organisationID: owner.organisationID, email: owner.email,
                    active: owner.isActive)
            else { continue }
            try await store.insert(
                subscriptionID: subscription.id, type: type, eventID: eventID, payload: body, at: now, on: db)
        }
    }
}

extension WebhookEvents {
    /// A registration's event, for the subscriptions of the event's lab (a network-wide
    /// event has no lab, so no subscription hears of it).
    /// The person registered (`email`) also hears of it through their own subscriptions.
    static func registration(
        _ type: WebhookEventType, event: RencontreEvent, registrationID: Int, email: String, on db: any SQLDatabase
    ) async throws {
        guard let labID = event.labID else { return }
        try await emit(
            type, labID: labID, object: "registration", id: registrationID,
            path: { _ in "/api/v1/events/\(event.slug)/registrations" }, audience: .person(email: email), on: db)
    }
}

/// The `Alliances-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256>` of
/// `"<t>.<body>"` with the subscription's secret, as Stripe signs its webhooks. The receiver
/// recomputes it and refuses a timestamp older than five minutes (a replayed request).
enum WebhookSignature {
    static func sign(secret: String, timestamp: Int, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` signs `body` with `secret` within `tolerance` seconds of `now`
    /// (compared in constant time): what a receiver does, written once here for the tests
    /// and docs/API.md.
    static func verify(header: String, secret: String, body: String, now: Int, tolerance: Int = 300) -> Bool {
        var timestamp: Int?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int(pair[1]) } else if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now - timestamp) <= tolerance else { return false }
        let expected = Array(sign(secret: secret, timestamp: timestamp, body: body).utf8)
        return signatures.contains { signature in
            let given = Array("t=\(timestamp),v1=\(signature)".utf8)
            guard given.count == expected.count else { return false }
            return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
