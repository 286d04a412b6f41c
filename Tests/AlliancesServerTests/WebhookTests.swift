import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SQLKit
import Testing

/// What a receiver got: each request's headers and body, in arrival order; and the status
/// it answers with, changed by the test to play a receiver that is down.
actor WebhookReceiver {
    struct Received: Sendable {
        let signature: String
        let event: String
        let delivery: String
        let body: String
    }

    private(set) var received: [Received] = []
    var answer: HTTPResponse.Status = .noContent

    func setAnswer(_ status: HTTPResponse.Status) { answer = status }

    func record(_ headers: HTTPFields, _ body: String) -> HTTPResponse.Status {
        received.append(
            Received(
                signature: headers[HTTPField.Name("Alliances-Signature")!] ?? "",
                event: headers[HTTPField.Name("Alliances-Event")!] ?? "",
                delivery: headers[HTTPField.Name("Alliances-Delivery")!] ?? "", body: body))
        return answer
    }

    /// Runs `body` with a receiver listening on a free port of 127.0.0.1 at `/hook`.
    static func with<T: Sendable>(_ body: @Sendable (String, WebhookReceiver) async throws -> T) async throws -> T {
        let receiver = WebhookReceiver()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            return Response(status: await receiver.record(request.headers, String(buffer: bytes)))
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "receiver")
        // Cancelled at the end of the test, which the server logs as an error: not one here.
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result = try await body("http://127.0.0.1:\(port)/hook", receiver)
            group.cancelAll()
            return result
        }
    }
}

/// Webhooks end to end: a facilitator subscribes a URL from the lab's page (the secret shown
/// once), a change made through the web queues a thin, signed event in the same
/// transaction, the worker delivers it in order, retries while the receiver is down, gives
/// up after 24 h by pausing the subscription and e-mailing its owner, and reactivation
/// sends what waited, in order; nothing is lost. Only the lab's facilitators see any of it.
@Suite struct WebhookTests {
    static func secret(in body: String) -> String? {
        guard let range = body.range(of: #"whsec_[A-Za-z0-9_-]{43}"#, options: .regularExpression) else { return nil }
        return String(body[range])
    }

    static func payload(_ body: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    @Test(arguments: TestEngine.available)
    func test_signed_events_arrive_in_order_and_survive_a_receiver_down(engine: TestEngine) async throws {
        try await WebhookReceiver.with { url, receiver in
            try await TestApp.run(engine, configure: { $0.webhooksAllowPrivateAddresses = true }) {
                client, database in
                try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
                try await TestApp.user(
                    database, email: "fac@reseau.example", role: .facilitator, lab: "reseau-national")
                let atelier = try await TestApp.organisationID(
                    database, named: "Atelier Numérique Solidaire de Haguenau")
                try await TestApp.user(database, email: "membre@atelier.example", role: .member, organisation: atelier)
                let facilitator = Browser(client)
                try await facilitator.login("fac@alsace.example")

                // Only the lab's facilitators (and network admins) reach the page.
                let visitor = try await Browser(client).get("/labs/alsace/webhooks")
                #expect(visitor.status == .unauthorized)
                let member = Browser(client)
                try await member.login("membre@atelier.example")
                #expect(try await member.get("/labs/alsace/webhooks").status == .forbidden)
                let other = Browser(client)
                try await other.login("fac@reseau.example")
                #expect(try await other.get("/labs/alsace/webhooks").status == .forbidden)
                #expect(try await facilitator.get("/labs/alsace/webhooks").body.contains("Nouvel abonnement"))

                // A bad form says what is wrong and makes nothing.
                let bad = try await facilitator.post(
                    "/labs/alsace/webhooks", [("webhook_name", "CRM"), ("webhook_url", "ftp://crm.example.org")])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.body.contains("Adresse non reconnue") && bad.body.contains("au moins un événement"))
                #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM webhook_subscriptions") == 0)

                // Made: its secret shown on that answer only.
                let made = try await facilitator.post(
                    "/labs/alsace/webhooks",
                    [
                        ("webhook_name", "CRM de test"), ("webhook_url", url),
                        ("webhook_events", "organisation.created"), ("webhook_events", "organisation.updated")
                    ])
                #expect(made.status == .ok && made.headers[.cacheControl] == "no-store")
                let secret = try #require(Self.secret(in: made.body))
                #expect(Self.secret(in: try await facilitator.get("/labs/alsace/webhooks").body) == nil)
                let subscriptionID = try await TestApp.count(database, "SELECT MAX(id) AS n FROM webhook_subscriptions")
                #expect(try await member.get("/labs/alsace/webhooks/\(subscriptionID)").status == .forbidden)
                #expect(
                    try await TestApp.count(
                        database, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'webhook.create'") == 1)

                // A change through the web queues one event per subscription that chose it;
                // an event nobody chose queues nothing.
                let created = try await facilitator.post(
                    "/labs/alsace/organisations/nouvelle", [("name", "Recyclerie du Ried"), ("kind", "association")])
                let organisationPath = try #require(created.location)
                let organisationID = try #require(Int(organisationPath.split(separator: "/").last ?? ""))
                #expect(
                    try await TestApp.count(database, "SELECT COUNT(*) AS n FROM webhook_deliveries") == 1)

                // The receiver is down: nothing is lost, the attempt is logged, and the next
                // event waits behind the first (order).
                await receiver.setAnswer(.internalServerError)
                let worker = WebhookWorker(
                    database: database, client: WebhookWorker.makeClient(), allowPrivateAddresses: true,
                    logger: TestDatabase.logger)
                let t0 = nowSeconds()
                #expect(try await worker.deliverDue(now: t0) == 0)
                let edited = try await facilitator.post(
                    organisationPath + "/modifier",
                    [("name", "Recyclerie du Ried (Sélestat)"), ("kind", "association")])
                #expect(edited.status == .seeOther)
                #expect(try await worker.deliverDue(now: t0 + 10) == 0, "the first waits for its retry")
                #expect(await receiver.received.count == 1)
                let log = try await facilitator.get("/labs/alsace/webhooks/\(subscriptionID)")
                #expect(log.body.contains("HTTP 500") && log.body.contains("Nouvel essai prévu"))

                // Back up: the first, then the second, each once, signed, in order.
                await receiver.setAnswer(.noContent)
                #expect(try await worker.deliverDue(now: t0 + 60) == 1)
                #expect(try await worker.deliverDue(now: t0 + 61) == 1)
                #expect(try await worker.deliverDue(now: t0 + 62) == 0)
                let received = await receiver.received
                #expect(
                    received.map(\.event) == ["organisation.created", "organisation.created", "organisation.updated"])
                for (index, item) in received.enumerated() {
                    let at = index == 0 ? t0 : t0 + 59 + index
                    #expect(WebhookSignature.verify(header: item.signature, secret: secret, body: item.body, now: at))
                    #expect(
                        !WebhookSignature.verify(
                            header: item.signature, secret: "whsec_autre", body: item.body, now: at))
                    #expect(
                        !WebhookSignature.verify(header: item.signature, secret: secret, body: item.body + " ", now: at)
                    )
                }
                #expect(
                    !WebhookSignature.verify(
                        header: received[2].signature, secret: secret, body: received[2].body, now: t0 + 3600),
                    "a replay is refused")
                let first = try Self.payload(received[1].body)
                #expect(first["type"] as? String == "organisation.created" && first["lab"] as? String == "alsace")
                let data = try #require(first["data"] as? [String: Any])
                #expect(data["id"] as? Int == organisationID && data["object"] as? String == "organisation")
                #expect(data["path"] as? String == "/api/v1/labs/alsace/organisations/\(organisationID)")
                #expect(!received[1].body.contains("Recyclerie"), "thin: the object is read through the API")
                #expect(received[0].delivery == received[1].delivery && received[1].delivery != received[2].delivery)

                // Down for 24 h: the delivery is given up, the subscription paused, its
                // owner told; later events wait; reactivation sends all, in order.
                await receiver.setAnswer(.badGateway)
                _ = try await facilitator.post(
                    organisationPath + "/modifier", [("name", "Recyclerie du Ried"), ("kind", "association")])
                #expect(try await worker.deliverDue(now: t0 + 100) == 0)
                #expect(try await worker.deliverDue(now: t0 + 100 + WebhookRetry.window) == 0)
                let paused = try await facilitator.get("/labs/alsace/webhooks/\(subscriptionID)")
                #expect(paused.body.contains("En pause") && paused.body.contains("Réactiver"))
                #expect(
                    try await TestApp.count(
                        database,
                        "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'webhook-paused' AND to_address = 'fac@alsace.example'"
                    )
                        == 1)
                _ = try await facilitator.post(
                    "/labs/alsace/organisations/nouvelle",
                    [("name", "Garage solidaire d'Erstein"), ("kind", "association")])
                await receiver.setAnswer(.ok)
                let before = await receiver.received.count
                #expect(try await worker.deliverDue(now: t0 + 200 + WebhookRetry.window) == 0, "paused")
                #expect(await receiver.received.count == before)
                let reactivated = try await facilitator.post("/labs/alsace/webhooks/\(subscriptionID)/reactiver", [])
                #expect(reactivated.status == .ok && reactivated.body.contains("Abonnement réactivé"))
                let now = nowSeconds() + 1
                #expect(try await worker.deliverDue(now: now) == 1)
                #expect(try await worker.deliverDue(now: now + 1) == 1)
                #expect(
                    await receiver.received.suffix(2).map(\.event) == ["organisation.updated", "organisation.created"])

                // A ping on demand; another lab's facilitator cannot touch it; deletion
                // removes the subscription and its log.
                _ = try await facilitator.post("/labs/alsace/webhooks/\(subscriptionID)/tester", [])
                #expect(try await worker.deliverDue(now: now + 2) == 1)
                #expect(await receiver.received.last?.event == "ping")
                #expect(
                    try await other.post("/labs/alsace/webhooks/\(subscriptionID)/supprimer", []).status == .forbidden)
                #expect(
                    try await other.post("/labs/reseau-national/webhooks/\(subscriptionID)/supprimer", []).status
                        == .notFound)
                let deleted = try await facilitator.post("/labs/alsace/webhooks/\(subscriptionID)/supprimer", [])
                #expect(deleted.status == .seeOther)
                #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM webhook_deliveries") == 0)
                try await worker.client.shutdown()
            }
        }
    }

    /// Every event a subscription can choose is queued by the use case that causes it,
    /// whichever page or API call runs it, with the path the API serves the object at.
    @Test(arguments: TestEngine.available)
    func test_each_use_case_announces_its_event(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let services = Services(database: database, configuration: TestApp.configuration(database))
            let lab = try #require(
                try await database.withConnection { db in try await LabStore().find(slug: "alsace", on: db) })
            let owner = try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let facilitator = Viewer(userID: owner, role: .facilitator, labID: lab.id, organisationID: nil)
            let draft = try WebhookSubscriptionDraft.validate(
                name: "Tout", url: "https://crm.example.org/hook",
                events: WebhookEventType.subscribable.map(\.rawValue), allowPrivateAddresses: false
            ).get()
            _ = try await services.webhooks.create(facilitator, WebhookScope(labID: lab.id), draft: draft, address: nil)
            let a = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            let b = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            let memberA = Viewer(
                userID: try await TestApp.user(database, email: "a@atelier.example", role: .member, organisation: a),
                role: .member, labID: lab.id, organisationID: a)
            let memberB = Viewer(
                userID: try await TestApp.user(database, email: "b@numeria.example", role: .member, organisation: b),
                role: .member, labID: lab.id, organisationID: b)

            // A draft is not announced; its publication is, once.
            let listing = ListingInput(
                kind: "besoin", organisationId: b, title: "Un besoin", description: "Pour le test.",
                modes: ["benevolat"], themes: ["solidarite"], status: "brouillon", visibility: "public")
            let need = try await services.marketplace.saveListing(
                lab: lab, listingID: nil, input: listing, viewer: memberB
            ).get()
            var published = listing
            published.status = "publie"
            _ = try await services.marketplace.saveListing(lab: lab, listingID: need, input: published, viewer: memberB)
            _ = try await services.marketplace.saveListing(lab: lab, listingID: need, input: published, viewer: memberB)

            // An introduction is announced when both sides have accepted.
            let introduction = try await services.marketplace.createIntroduction(
                lab: lab, viewer: memberA,
                request: .init(organisationA: a, organisationB: b, needID: need, message: "Bonjour")
            ).get()
            _ = try await services.marketplace.change(
                lab: lab, introductionID: introduction, viewer: facilitator,
                change: .propose(messageA: "Rencontrez-vous", messageB: "Rencontrez-vous"))
            _ = try await services.marketplace.change(
                lab: lab, introductionID: introduction, viewer: memberA,
                change: .answer(.accepted, note: nil, onBehalfOf: nil))
            _ = try await services.marketplace.change(
                lab: lab, introductionID: introduction, viewer: memberB,
                change: .answer(.accepted, note: nil, onBehalfOf: nil))

            let partnership = try await services.partnerships.save(
                lab: lab, id: nil,
                input: PartnershipInput(
                    title: "Atelier commun",
                    parties: [.init(organisationId: a, role: nil), .init(organisationId: b, role: nil)],
                    modes: ["mecenat-nature"], stage: "accord-formel", startDate: "2026-05-01"),
                viewer: facilitator
            ).get()

            // A rencontre of the lab, one seat: registered, waiting, cancelled, promoted, there.
            let event = try await database.transaction { db in
                let id = try await EventStore().createEvent(
                    slug: "webhooks-\(UUID().uuidString.prefix(8).lowercased())", labID: lab.id,
                    title: "Rencontre d'essai", acronym: nil, description: nil,
                    startsAt: LocalDateTime("2027-03-04T09:00")!, endsAt: LocalDateTime("2027-03-04T17:00")!,
                    venue: "Salle", address: nil, organisers: nil, status: .registrationOpen, capacity: 1,
                    offerHours: 48, on: db)
                return try await EventStore().event(id: id, on: db)!
            }
            let first = try await EventTests.register(services.registrations, event, 1)
            let second = try await EventTests.register(services.registrations, event, 2)
            #expect(second.status == .waiting)
            try await services.registrations.cancel(registrationID: first.id, event: event)
            #expect(try await services.registrations.confirmOffer(registrationID: second.id))
            #expect(
                try await services.registrations.checkIn(registrationID: second.id, eventID: event.id, sessionID: nil))

            let queued = try await database.withConnection { db in
                try await db.raw("SELECT event_type, payload FROM webhook_deliveries ORDER BY id").all().map {
                    (try $0.string("event_type"), try $0.string("payload"))
                }
            }
            #expect(
                queued.map(\.0) == [
                    "need.published", "introduction.accepted", "partnership.changed", "registration.created",
                    "registration.created", "registration.cancelled", "registration.promoted",
                    "registration.checked_in"
                ])
            let paths = try queued.map { try #require(Self.payload($0.1)["data"] as? [String: Any])["path"] as? String }
            #expect(paths[0] == "/api/v1/labs/alsace/listings/\(need)")
            #expect(paths[1] == "/api/v1/labs/alsace/introductions/\(introduction)")
            #expect(paths[2] == "/api/v1/labs/alsace/partnerships/\(partnership)")
            #expect(paths[3] == "/api/v1/events/\(event.slug)/registrations")
            let ids = Set(queued.map { try? Self.payload($0.1)["id"] as? String })
            #expect(ids.count == queued.count, "each event has its own id")

            // At delivery, a name that resolves to this machine is refused, without a
            // connection (a subscription made before its name was re-pointed).
            try await database.write { db in
                try await db.raw("UPDATE webhook_subscriptions SET url = 'https://localhost:9/hook'").run()
            }
            let worker = WebhookWorker(
                database: database, client: WebhookWorker.makeClient(), allowPrivateAddresses: false,
                logger: TestDatabase.logger)
            #expect(try await worker.deliverDue(now: nowSeconds() + 1) == 0)
            let refused = try await database.withConnection { db in
                try await WebhookStore().deliveries(subscriptionID: 1, limit: 50, on: db)
            }.first { $0.attempts == 1 }
            #expect(refused?.lastError?.contains("réseau privé") == true && refused?.lastStatus == nil)
            try await worker.client.shutdown()
        }
    }

    @Test func test_addresses_of_this_machine_and_private_networks_are_refused() {
        for url in [
            "https://localhost/x", "https://127.0.0.1/x", "https://10.1.2.3/x", "https://192.168.1.1:8443/x",
            "https://172.20.0.1/x", "https://169.254.169.254/latest", "https://[::1]/x", "https://[fd00::1]/x",
            "https://intranet.local/x", "https://0.0.0.0/x"
        ] {
            let result = WebhookSubscriptionDraft.validate(
                name: "x", url: url, events: ["ping.nope", "organisation.created"], allowPrivateAddresses: false)
            guard case .failure(let errors) = result else {
                Issue.record("\(url) accepted")
                continue
            }
            #expect(errors.message(for: "webhook_url")?.contains("réseau privé") == true, "\(url)")
        }
        for url in ["https://user:pw@crm.example.org/x", "https://crm.example.org:99999/x", "javascript:alert(1)"] {
            guard
                case .failure(let errors) = WebhookSubscriptionDraft.validate(
                    name: "x", url: url, events: ["organisation.created"], allowPrivateAddresses: false)
            else {
                Issue.record("\(url) accepted")
                continue
            }
            #expect(errors.message(for: "webhook_url")?.contains("Adresse non reconnue") == true, "\(url)")
        }
        #expect(
            (try? WebhookSubscriptionDraft.validate(
                name: "CRM", url: "http://crm.example.org/x", events: ["organisation.created"],
                allowPrivateAddresses: false
            ).get()) == nil, "http:// refused")
        let ok = try? WebhookSubscriptionDraft.validate(
            name: "CRM", url: "https://crm.example.org/alliances", events: ["need.published", "need.published"],
            allowPrivateAddresses: false
        ).get()
        #expect(ok?.events == [.needPublished])
        #expect(WebhookTarget.isPrivate(address: "8.8.8.8") == false)
        #expect(WebhookTarget.isPrivate(address: "::ffff:127.0.0.1"))
        #expect(WebhookRetry.delay(afterAttempts: 1) == 30 && WebhookRetry.delay(afterAttempts: 30) == 3600)
    }
}

/// Subscriptions through the API: the pages' rules, typed, for an integration's own token.
@Suite struct WebhookAPITests {
    @Test(arguments: TestEngine.available)
    func test_a_lab_token_manages_its_subscriptions(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let facilitator = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let atelier = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            try await TestApp.user(database, email: "membre@atelier.example", role: .member, organisation: atelier)
            let member = Browser(client)
            try await member.login("membre@atelier.example")
            let made = try await facilitator.post(
                "/labs/alsace/jetons",
                [
                    ("token_name", "CRM"), ("token_days", "30"), ("scope_webhooks", "ecriture"),
                    ("scope_annuaire", "aucun")
                ])
            let token = try #require(ApiTokenTests.token(in: made.body))
            let bare = Browser(client)
            let base = "/api/v1/labs/alsace/webhooks"
            func call(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> Browser.Page
            {
                try await ApiTokenTests.bearer(client, bare, method, path, token: token, body: body)
            }

            let plain = try await call(
                .post, base, #"{"name": "CRM", "url": "http://crm.example.org/hook", "events": ["offer.published"]}"#)
            #expect(plain.status == .unprocessableContent && plain.body.contains(#""field":"url""#))
            let unknown = try await call(
                .post, base, #"{"name": "CRM", "url": "https://crm.example.org/hook", "events": ["tout"]}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(try await TestApp.count(database, "SELECT COUNT(*) AS n FROM webhook_subscriptions") == 0)

            let created = try await call(
                .post, base,
                #"{"name": "CRM", "url": "https://crm.example.org/hook", "events": ["offer.published", "need.published"]}"#
            )
            #expect(created.status == .created && created.headers[.cacheControl] == "no-store")
            let json = try created.json()
            let secret = try #require(json["secret"] as? String)
            #expect(secret.hasPrefix("whsec_"))
            let id = try #require((json["subscription"] as? [String: Any])?["id"] as? Int)
            let listed = try await call(.get, base)
            #expect(listed.status == .ok && listed.body.contains("crm.example.org") && !listed.body.contains(secret))
            let pinged = try await call(.post, "\(base)/\(id)/ping", "{}")
            #expect(pinged.status == .accepted && pinged.body.contains(#""type":"ping""#))
            #expect(try await call(.get, "/api/v1/labs/alsace/organisations").status == .forbidden, "its scopes only")
            #expect(try await member.get(base).status == .forbidden)
            #expect(try await call(.get, "/api/v1/labs/reseau-national/webhooks").status == .forbidden)
            #expect(try await call(.delete, "\(base)/\(id)").status == .noContent)
            #expect(try await call(.get, "\(base)/\(id)").status == .notFound)
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'webhook.%'")
                    == 2)
        }
    }
}

/// A person's own subscriptions (`/labs/{lab}/mes-webhooks`, `/api/v1/labs/{lab}/my-webhooks`):
/// told only of what concerns them, seen and managed by them alone, erased with them.
@Suite struct PersonalWebhookTests {
    static func deliveries(_ database: Database, subscription: Int) async throws -> [String] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT event_type FROM webhook_deliveries WHERE subscription_id = \(bind: subscription) ORDER BY id"
            ).all().map { try $0.string("event_type") }
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_persons_own_subscription_hears_only_of_what_concerns_them(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let services = Services(database: database, configuration: TestApp.configuration(database))
            let lab = try #require(
                try await database.withConnection { db in try await LabStore().find(slug: "alsace", on: db) })
            let a = try await TestApp.organisationID(database, named: "Atelier Numérique Solidaire de Haguenau")
            let b = try await TestApp.organisationID(database, named: "Numéria Conseil (démo)")
            let c = try await TestApp.organisationID(database, named: "Culture en Partage Saverne")
            var viewers: [Viewer] = []
            var browsers: [Browser] = []
            for (email, organisation) in [("a@atelier.example", a), ("b@numeria.example", b), ("c@culture.example", c)]
            {
                let id = try await TestApp.user(
                    database, email: email, role: .member, lab: "alsace", organisation: organisation)
                viewers.append(Viewer(userID: id, role: .member, labID: lab.id, organisationID: organisation))
                let browser = Browser(client)
                try await browser.login(email)
                browsers.append(browser)
            }
            let team = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let facilitator = Viewer(
                userID: try await TestApp.count(
                    database, "SELECT id AS n FROM users WHERE email = 'fac@alsace.example'"),
                role: .facilitator, labID: lab.id, organisationID: nil)
            let every = WebhookEventType.subscribable.map { ("webhook_events", $0.rawValue) }
            func subscribe(_ browser: Browser, _ name: String) async throws -> Int {
                let made = try await browser.post(
                    "/labs/alsace/mes-webhooks",
                    [("webhook_name", name), ("webhook_url", "https://crm.example.org/\(name)")] + every)
                #expect(made.status == .ok && made.body.contains("whsec_"), "the secret is shown once")
                return try await TestApp.count(
                    database, "SELECT id AS n FROM webhook_subscriptions WHERE name = '\(name)'")
            }
            let mine = try await subscribe(browsers[0], "atelier")
            let theirs = try await subscribe(browsers[2], "culture")

            // Each sees and manages their own only; the lab's page lists the lab's only.
            #expect(
                try await browsers[0].get("/labs/alsace/mes-webhooks").body.contains("https://crm.example.org/atelier"))
            #expect(!(try await browsers[2].get("/labs/alsace/mes-webhooks").body.contains("crm.example.org/atelier")))
            #expect(try await browsers[2].get("/labs/alsace/mes-webhooks/\(mine)").status == .notFound)
            #expect(
                try await browsers[2].post("/labs/alsace/mes-webhooks/\(mine)/supprimer", []).status == .notFound)
            #expect(!(try await team.get("/labs/alsace/webhooks").body.contains("crm.example.org/atelier")))
            #expect(try await team.get("/labs/alsace/webhooks/\(mine)").status == .notFound)
            #expect(try await browsers[0].get("/labs/alsace/webhooks").status == .forbidden)
            #expect(try await Browser(client).get("/labs/alsace/mes-webhooks").status == .unauthorized)
            let listed = try await browsers[0].get("/api/v1/labs/alsace/my-webhooks")
            #expect(listed.status == .ok && listed.body.contains("crm.example.org/atelier"))
            #expect(!listed.body.contains("crm.example.org/culture"))
            #expect(try await browsers[2].get("/api/v1/labs/alsace/my-webhooks/\(mine)").status == .notFound)

            // B publishes a need (the lab's members read it: both hear of it); A and B meet
            // and become partners (only A of the two subscribers is party); C's organisation
            // changes (only C); A registers to a rencontre of the lab (only A).
            let listing = ListingInput(
                kind: "besoin", organisationId: b, title: "Un besoin", description: "Pour le test.",
                modes: ["benevolat"], themes: ["solidarite"], status: "publie", visibility: "membres")
            _ = try await services.marketplace.saveListing(
                lab: lab, listingID: nil, input: listing, viewer: viewers[1]
            ).get()
            let introduction = try await services.marketplace.createIntroduction(
                lab: lab, viewer: viewers[0],
                request: .init(organisationA: a, organisationB: b, needID: nil, message: "Bonjour")
            ).get()
            _ = try await services.marketplace.change(
                lab: lab, introductionID: introduction, viewer: facilitator,
                change: .propose(messageA: "Rencontrez-vous", messageB: "Rencontrez-vous"))
            for viewer in viewers.prefix(2) {
                _ = try await services.marketplace.change(
                    lab: lab, introductionID: introduction, viewer: viewer,
                    change: .answer(.accepted, note: nil, onBehalfOf: nil))
            }
            _ = try await services.partnerships.save(
                lab: lab, id: nil,
                input: PartnershipInput(
                    title: "Atelier commun",
                    parties: [.init(organisationId: a, role: nil), .init(organisationId: b, role: nil)],
                    modes: ["mecenat-nature"], stage: "accord-formel", startDate: "2026-05-01"),
                viewer: facilitator
            ).get()
            _ = try await services.directory.save(
                lab: lab, organisationID: c,
                input: OrganisationInput(name: "Culture en Partage Saverne", kind: "association", commune: "67437"),
                viewer: facilitator)
            let event = try await database.transaction { db in
                let id = try await EventStore().createEvent(
                    slug: "personnel-\(UUID().uuidString.prefix(8).lowercased())", labID: lab.id,
                    title: "Rencontre d'essai", acronym: nil, description: nil,
                    startsAt: LocalDateTime("2027-03-04T09:00")!, endsAt: LocalDateTime("2027-03-04T17:00")!,
                    venue: "Salle", address: nil, organisers: nil, status: .registrationOpen, capacity: 10,
                    offerHours: 48, on: db)
                return try await EventStore().event(id: id, on: db)!
            }
            _ = try await services.registrations.register(
                event: event, input: RegistrationInput(name: "Personne A", email: "A@Atelier.example"), userID: nil)
            _ = try await EventTests.register(services.registrations, event, 7)

            #expect(
                try await Self.deliveries(database, subscription: mine) == [
                    "need.published", "introduction.accepted", "partnership.changed", "registration.created"
                ])
            #expect(
                try await Self.deliveries(database, subscription: theirs) == ["need.published", "organisation.updated"])

            // At most five of one's own; the API makes them too, and deletes them.
            for n in 2...5 {
                let made = try await browsers[0].json(
                    .post, "/api/v1/labs/alsace/my-webhooks",
                    #"{"name": "n\#(n)", "url": "https://crm.example.org/n\#(n)", "events": ["need.published"]}"#)
                #expect(made.status == .created && made.location?.contains("/my-webhooks/") == true)
            }
            let sixth = try await browsers[0].json(
                .post, "/api/v1/labs/alsace/my-webhooks",
                #"{"name": "n6", "url": "https://crm.example.org/n6", "events": ["need.published"]}"#)
            #expect(sixth.status == .conflict && sixth.body.contains("Vous avez déjà 5 abonnements"))
            #expect(try await browsers[0].json(.delete, "/api/v1/labs/alsace/my-webhooks/\(mine)").status == .noContent)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE subscription_id = \(mine)") == 0)

            // Erased with the account.
            _ = try await PrivacyService(database: database).erase(
                email: "c@culture.example", by: nil, reason: "test", address: nil)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM webhook_subscriptions WHERE id = \(theirs)") == 0)
        }
    }
}
