import AlliancesCore
import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import SQLKit

/// Sends due webhook deliveries: a POST of the JSON payload, signed, to the subscription's
/// URL; a 2xx answer within 10 s is a delivery, anything else a failure tried again later
/// (`WebhookRetry`). A delivery still failing after 24 h is given up and its subscription
/// paused, and its owner told by e-mail; nothing is deleted. Counted in
/// `alliances_webhook_deliveries_total{result}`.
struct WebhookWorker: Sendable {
    let database: Database
    let client: HTTPClient
    /// `--webhooks-allow-private-addresses`: also call this machine and private networks.
    let allowPrivateAddresses: Bool
    let logger: Logger

    static let userAgent = "Alliances-Webhooks/1"

    /// An HTTP client that never follows redirects (a redirect could point at a private
    /// address the subscription check refused) and waits 5 s to connect, 10 s to read.
    static func makeClient() -> HTTPClient {
        let configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(10)))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// One round: returns how many deliveries were accepted by their receivers. Deliveries
    /// of different subscriptions go out at once; one subscription's, one at a time.
    @discardableResult
    func deliverDue(now: Int? = nil) async throws -> Int {
        let now = now ?? nowSeconds()
        let store = WebhookStore()
        let due = try await database.write { db in try await store.claimDue(now: now, limit: 50, on: db) }
        guard !due.isEmpty else { return 0 }
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            for claimed in due { group.addTask { try await deliver(claimed, now: now) } }
            var accepted = 0
            for try await ok in group where ok { accepted += 1 }
            return accepted
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    func deliver(_ claimed: WebhookStore.Claimed, now: Int) async throws -> Bool {
        let store = WebhookStore()
        let delivery = claimed.delivery
        var status: Int?
        var failure: String?
        do {
            status = try await post(delivery, to: claimed.url, secret: claimed.secret, now: now)
            if let status, !(200..<300).contains(status) { failure = "Réponse HTTP \(status)" }
        } catch let error as Failure {
            failure = error.description
        } catch {
            failure = SecretRedaction.redact(String(describing: error))
        }
        guard let failure else {
            try await database.write { db in
                try await store.markDelivered(delivery.id, status: status ?? 200, at: now, on: db)
            }
            Counter(label: "alliances_webhook_deliveries_total", dimensions: [("result", "ok")]).increment()
            return true
        }
        let attempts = delivery.attempts + 1
        let next = now + WebhookRetry.delay(afterAttempts: attempts)
        if now >= delivery.deadline {
            try await giveUp(delivery, status: status, failure: failure, now: now)
            Counter(label: "alliances_webhook_deliveries_total", dimensions: [("result", "given_up")]).increment()
        } else {
            try await database.write { db in
                try await store.markFailed(delivery.id, status: status, error: failure, at: now, next: next, on: db)
            }
            Counter(label: "alliances_webhook_deliveries_total", dimensions: [("result", "failed")]).increment()
        }
        logger.warning(
            "Webhook delivery \(delivery.id) (subscription \(delivery.subscriptionID), \(delivery.type.rawValue)) failed: \(failure); attempt \(attempts)"
        )
        return false
    }

    /// The delivery is given up, its subscription paused with the reason, and the owner
    /// told (through the outbox), in one transaction.
    func giveUp(_ delivery: WebhookDelivery, status: Int?, failure: String, now: Int) async throws {
        let store = WebhookStore()
        let reason =
            "Mis en pause le \(frenchDateTime(now)) : aucun envoi accepté pendant 24 h (dernière erreur : \(failure))."
        try await database.transaction { db in
            try await store.markFailed(delivery.id, status: status, error: failure, at: now, next: nil, on: db)
            try await store.pause(id: delivery.subscriptionID, reason: reason, on: db)
            guard let subscription = try await store.subscription(id: delivery.subscriptionID, on: db),
                let ownerID = subscription.ownerID, let owner = try await AccountStore().user(id: ownerID, on: db),
                owner.isActive, let lab = try await LabStore().find(id: subscription.labID, on: db)
            else { return }
            try await OutboxStore().enqueue(
                to: owner.email, subject: "Webhook « \(subscription.name) » mis en pause",
                body: """
                    Bonjour,

                    L'abonnement webhook « \(subscription.name) » du labo \(lab.name) est en pause : \
                    l'adresse \(subscription.url) n'a accepté aucun envoi pendant 24 heures \
                    (dernière erreur : \(failure)).

                    Les événements ne sont pas perdus : ils attendent. Une fois le service de réception \
                    réparé, réactivez l'abonnement depuis la page « Webhooks » du labo : ils seront \
                    envoyés dans l'ordre.
                    """,
                kind: "webhook-paused", eventID: nil, registrationID: nil, on: db)
        }
    }

    /// POSTs the payload; the answer's status. Refuses an address that resolves to this
    /// machine or a private network unless allowed.
    func post(_ delivery: WebhookDelivery, to url: String, secret: String, now: Int) async throws -> Int {
        guard let target = WebhookTarget(url) else { throw Failure("Adresse invalide") }
        if !allowPrivateAddresses {
            if !target.https { throw Failure("Adresse http:// refusée : https:// requis") }
            let addresses = await Self.resolve(target.host)
            if addresses.isEmpty { throw Failure("Nom inconnu : \(target.host)") }
            if addresses.contains(where: WebhookTarget.isPrivate(address:)) {
                throw Failure("L'adresse désigne ce serveur ou un réseau privé : envoi refusé")
            }
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "Alliances-Event", value: delivery.type.rawValue)
        request.headers.add(name: "Alliances-Delivery", value: String(delivery.id))
        request.headers.add(
            name: "Alliances-Signature",
            value: WebhookSignature.sign(secret: secret, timestamp: now, body: delivery.payload))
        request.body = .bytes(ByteBuffer(string: delivery.payload))
        let response = try await client.execute(request, timeout: .seconds(15))
        // The body is not kept: read and dropped, so the connection can be reused.
        for try await _ in response.body {}
        return Int(response.status.code)
    }

    /// The addresses `host` resolves to (a literal address is itself). `getaddrinfo` blocks,
    /// up to the resolver's timeouts: it runs on Dispatch's global queue, as NIO's own
    /// resolver does, never on the thread pool that database and file work share.
    static func resolve(_ host: String) async -> [String] {
        if host.contains(":") || host.split(separator: ".").allSatisfy({ UInt8($0) != nil }) { return [host] }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: lookUp(host)) }
        }
    }

    private static func lookUp(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let current = node {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                current.pointee.ai_addr, current.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0,
                NI_NUMERICHOST) == 0
            {
                addresses.append(
                    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            node = current.pointee.ai_next
        }
        return addresses
    }

    /// Deliveries sent or given up more than 30 days ago leave the log.
    @discardableResult
    func purge(now: Int = nowSeconds()) async throws -> Int {
        try await database.write { db in try await WebhookStore().purge(before: now - 30 * 86_400, on: db) }
    }
}

/// Runs the worker every two seconds until shutdown (an event reaches its receiver within
/// about two seconds of the change), and purges the log hourly.
struct WebhookService: Service {
    let worker: WebhookWorker

    func run() async throws {
        var lastPurge = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await BackgroundJob.run("webhook-delivery") { try await worker.deliverDue() }
            if nowSeconds() - lastPurge >= 3600 {
                lastPurge = nowSeconds()
                await BackgroundJob.run("webhook-purge") { try await worker.purge() }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(2)) }
        }
        try? await worker.client.shutdown()
    }
}
