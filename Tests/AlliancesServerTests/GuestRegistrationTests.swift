import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing

/// Public registration to a rencontre: limits per client, seats held for a while, and no
/// answer that tells whether an address is registered.
@Suite struct GuestRegistrationTests {
    static func form(_ name: String, _ email: String) -> [(String, String)] {
        [("name", name), ("email", email), ("organisation", "Association d'essai"), ("listed", "1")]
    }

    static func messages(_ database: Database, to address: String) async throws -> [OutboxMessage] {
        try await database.withConnection { db in try await OutboxStore().messages(to: address, on: db) }
    }

    @Test(arguments: TestEngine.available)
    func test_the_answer_is_the_same_for_a_new_and_an_already_registered_address(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let guest = Browser(client)
            let first = try await guest.post(
                "/evenements/alliances-2027/inscription", Self.form("Camille Essai", "camille@example.org"))
            let stranger = Browser(client)
            let again = try await stranger.post(
                "/evenements/alliances-2027/inscription", Self.form("Quelqu'un d'autre", "camille@example.org"))
            #expect(first.status == .ok && again.status == .ok)
            func answer(_ page: Browser.Page) -> String {
                let body = page.body
                guard let start = body.range(of: "<h2>"), let end = body.range(of: "</main>") else { return "" }
                return String(body[start.lowerBound..<end.lowerBound])
            }
            #expect(answer(first) == answer(again))
            #expect(!again.body.contains("déjà inscrite"))
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM registrations WHERE email = 'camille@example.org'") == 1)
            // The person gets their link again; the first one still works.
            let mails = try await Self.messages(database, to: "camille@example.org")
            #expect(mails.count == 2)
            #expect(
                mails.last?.body.contains("déjà") == true && mails.last?.body.contains("Camille Essai") == true,
                "addressed with the registered name, not the one typed")
            let links = mails.compactMap { m in
                m.body.range(of: #"/inscription/[A-Za-z0-9_-]{43}"#, options: .regularExpression).map {
                    String(m.body[$0])
                }
            }
            #expect(links.count == 2 && links[0] != links[1])
            for link in links {
                #expect(try await Browser(client).get("/evenements/alliances-2027" + link).status == .ok)
            }
            // Asked again and again, the address is not flooded: three reminders an hour.
            for _ in 0..<5 {
                try await stranger.post(
                    "/evenements/alliances-2027/inscription", Self.form("Encore", "camille@example.org"))
            }
            #expect(
                try await Self.messages(database, to: "camille@example.org").count == 1
                    + RegistrationService.linkResends.limit)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_signed_in_person_registers_with_their_own_address_only(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let member = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let form = try await member.get("/evenements/alliances-2027/inscription")
            #expect(form.body.contains("value=\"fac@alsace.example\" required readonly"))
            let done = try await member.post(
                "/evenements/alliances-2027/inscription", Self.form("Facilitatrice", "quelquun.dautre@example.org"))
            #expect(done.status == .seeOther)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM registrations WHERE email = 'quelquun.dautre@example.org'")
                    == 0)
            #expect(
                try await TestApp.count(
                    database,
                    "SELECT COUNT(*) AS n FROM registrations WHERE email = 'fac@alsace.example' AND status = 'confirme'"
                ) == 1)
            // Registering again leads to their page.
            let again = try await member.post(
                "/evenements/alliances-2027/inscription", Self.form("Facilitatrice", "fac@alsace.example"))
            #expect(again.status == .seeOther)
            let page = try await member.get(try #require(again.location))
            #expect(page.status == .ok && page.body.contains("Mon inscription"))
        }
    }

    @Test(arguments: TestEngine.available)
    func test_guests_of_one_address_are_limited_per_event(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            let guest = Browser(client)
            for n in 0..<10 {
                #expect(
                    try await guest.post(
                        "/evenements/alliances-2027/inscription", Self.form("Invité \(n)", "invite\(n)@example.org")
                    ).status == .ok)
            }
            let refused = try await guest.post(
                "/evenements/alliances-2027/inscription", Self.form("Invité 10", "invite10@example.org"))
            #expect(refused.status == .tooManyRequests)
            #expect(
                refused.body.contains("Trop d&#39;inscriptions depuis votre adresse")
                    || refused.body.contains("Trop d'inscriptions depuis votre adresse"))
            let retry = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            #expect(retry > 0 && retry <= 3600)
            #expect(
                try await TestApp.count(
                    database, "SELECT COUNT(*) AS n FROM registrations WHERE email = 'invite10@example.org'") == 0)
            // Invalid forms do not count; a signed-in person is not a guest.
            #expect(
                try await guest.post("/evenements/alliances-2027/inscription", [("name", "X")]).status
                    == .unprocessableContent)
            let member = try await TestApp.browser(
                client, database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            #expect(
                try await member.post(
                    "/evenements/alliances-2027/inscription", Self.form("Facilitatrice", "fac@alsace.example")
                ).status == .seeOther)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_an_unconfirmed_guest_seat_goes_to_the_waiting_list_after_the_hold(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            var service = RegistrationService(database: database)
            service.guestHold = 2 * 3600
            let event = try await EventTests.event(database, capacity: 1)
            let before = nowSeconds()
            let held = try await EventTests.register(service, event, 1)
            let waiting = try await EventTests.register(service, event, 2)
            #expect(held.status == .offered && waiting.status == .waiting)
            let until = try #require(try await service.list(eventID: event.id).first { $0.id == held.id }?.offeredUntil)
            #expect(until >= before + 7200 && until <= nowSeconds() + 7200)
            #expect(try await service.expireOffers(now: until - 60) == 0, "still held")
            #expect(try await service.expireOffers(now: until + 1) == 1)
            let after = try await service.list(eventID: event.id)
            #expect(after.first { $0.id == held.id }?.status == .cancelled)
            #expect(after.first { $0.id == waiting.id }?.status == .offered, "offered to the next person waiting")
        }
    }

    /// The opening of registrations: hundreds of guests at once, each from their own
    /// address, through two instances behind a trusted proxy. None is refused.
    @Test(arguments: TestEngine.available)
    func test_an_opening_from_many_addresses_is_never_refused(engine: TestEngine) async throws {
        try await withTwoInstances(engine) { first, second in
            let slug = try await EventTests.event(first, capacity: nil).slug
            @Sendable func app(_ database: Database) -> some ApplicationProtocol {
                var configuration = TestApp.configuration(database)
                configuration.trustedProxies = try! AddressBlock.list("127.0.0.1, ::1").get()
                return Application(
                    router: buildRouter(configuration: configuration, database: database),
                    configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    logger: TestDatabase.logger)
            }
            let statuses = try await app(first).test(.live) {
                (one: any TestClientProtocol) async throws -> [HTTPResponse.Status] in
                try await app(second).test(.live) {
                    (two: any TestClientProtocol) async throws -> [HTTPResponse.Status] in
                    // One browser's cookie and token, 500 client addresses, 25 connections.
                    let browser = Browser(one)
                    try await browser.get("/evenements/\(slug)/inscription")
                    let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                    let token = browser.csrf
                    let clients = [one.port, two.port].flatMap { port in
                        (0..<12).map { _ in
                            let client = TestClient(
                                host: "127.0.0.1", port: port!, configuration: .init(timeout: .seconds(120)))
                            client.connect()
                            return client
                        }
                    }
                    defer { for client in clients { Task { try? await client.shutdown() } } }
                    return try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                        for n in 0..<500 {
                            let client = clients[n % clients.count]
                            group.addTask {
                                let body = "name=Invit%C3%A9+\(n)&email=ouverture\(n)%40example.org&_csrf=\(token)"
                                let response = try await client.execute(
                                    .init(
                                        "/evenements/\(slug)/inscription", method: .post, authority: "localhost",
                                        headers: [
                                            .contentType: "application/x-www-form-urlencoded", .cookie: cookie,
                                            HTTPField.Name("X-Forwarded-For")!: "10.\(n / 250).\(n % 250).\(1 + n % 7)"
                                        ], body: ByteBuffer(string: body)))
                                return response.head.status
                            }
                        }
                        var all: [HTTPResponse.Status] = []
                        for try await status in group { all.append(status) }
                        return all
                    }
                }
            }
            #expect(statuses.count == 500)
            #expect(
                statuses.allSatisfy { $0 == .ok }, "\(Dictionary(grouping: statuses, by: \.code).mapValues(\.count))")
            #expect(
                try await TestApp.count(first, "SELECT COUNT(*) AS n FROM registrations WHERE email LIKE 'ouverture%'")
                    == 500)
        }
    }
}
