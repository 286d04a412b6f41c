import AlliancesCore
@testable import AlliancesServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing

@Suite struct ClientAddressTests {
    func resolve(
        _ peer: String?, _ trusted: String, xff: [String] = [], forwarded: [String] = [],
        header: ClientAddressResolver.Header = .xForwardedFor
    ) throws -> String {
        let blocks = try AddressBlock.list(trusted).get()
        var headers = HTTPFields()
        for value in xff { headers.append(HTTPField(name: HTTPField.Name("X-Forwarded-For")!, value: value)) }
        for value in forwarded { headers.append(HTTPField(name: HTTPField.Name("Forwarded")!, value: value)) }
        return ClientAddressResolver(trusted: blocks, header: header).resolve(peer: peer, headers: headers)
    }

    @Test func test_the_peer_is_the_client_unless_it_is_a_trusted_proxy() throws {
        // No trusted proxy: whatever a client writes in the header is ignored.
        #expect(try resolve("203.0.113.9", "", xff: ["198.51.100.1"]) == "203.0.113.9")
        // A peer outside the list is not believed either.
        #expect(try resolve("203.0.113.9", "10.0.0.0/8", xff: ["198.51.100.1"]) == "203.0.113.9")
        // Behind the proxy: the hop the proxy appended, not what the client wrote before it.
        #expect(try resolve("10.0.0.2", "10.0.0.0/8", xff: ["6.6.6.6, 198.51.100.1"]) == "198.51.100.1")
        #expect(try resolve("10.0.0.2", "10.0.0.0/8", xff: ["6.6.6.6", "198.51.100.1"]) == "198.51.100.1")
        // Two proxies: the rightmost untrusted hop.
        #expect(
            try resolve("10.0.0.2", "10.0.0.0/8, 192.168.1.1", xff: ["6.6.6.6, 198.51.100.1, 192.168.1.1"])
                == "198.51.100.1")
        // A trusted peer without a header is itself the client.
        #expect(try resolve("127.0.0.1", "127.0.0.1", xff: []) == "127.0.0.1")
        // Garbage left of a trusted hop stops the walk at that hop.
        #expect(try resolve("10.0.0.2", "10.0.0.0/8", xff: ["pas-une-adresse, 10.0.0.7"]) == "10.0.0.7")
        // IPv6, with brackets and ports; IPv4-mapped peers read as IPv4.
        #expect(try resolve("::ffff:127.0.0.1", "127.0.0.1", xff: ["[2001:db8::1]:4711"]) == "2001:db8::1")
        #expect(try resolve("::1", "::1", xff: ["2001:DB8:0:0::1"]) == "2001:db8::1")
        #expect(try resolve("127.0.0.1", "127.0.0.0/8", xff: ["198.51.100.1:443"]) == "198.51.100.1")
        // RFC 7239, only when it is the configured header.
        #expect(
            try resolve(
                "10.0.0.2", "10.0.0.0/8", forwarded: ["for=6.6.6.6, for=\"[2001:db8::7]:80\";proto=https"],
                header: .forwarded) == "2001:db8::7")
        #expect(
            try resolve(
                "10.0.0.2", "10.0.0.0/8", xff: ["198.51.100.1"], forwarded: ["for=6.6.6.6"], header: .xForwardedFor)
                == "198.51.100.1")
        #expect(
            try resolve("10.0.0.2", "10.0.0.0/8", xff: ["198.51.100.1"], forwarded: ["for=6.6.6.6"], header: .forwarded)
                == "6.6.6.6")
        #expect(try resolve(nil, "10.0.0.0/8", xff: ["198.51.100.1"]) == "unknown")
    }

    @Test func test_address_blocks() throws {
        let block = try #require(AddressBlock("192.168.0.0/23"))
        #expect(block.contains(try #require(IPAddress("192.168.1.255"))))
        #expect(!block.contains(try #require(IPAddress("192.168.2.0"))))
        #expect(!block.contains(try #require(IPAddress("::1"))))
        #expect(try #require(AddressBlock("fd00::/8")).contains(try #require(IPAddress("fd12:3456::1"))))
        #expect(try #require(AddressBlock("0.0.0.0/0")).contains(try #require(IPAddress("8.8.8.8"))))
        #expect(try #require(AddressBlock("::ffff:10.0.0.0/104")).contains(try #require(IPAddress("10.1.2.3"))))
        #expect(AddressBlock("10.0.0.0/33") == nil)
        #expect(AddressBlock("example.org") == nil)
        if case .failure(let error) = AddressBlock.list("127.0.0.1, proxy.local") {
            #expect(error.entry == "proxy.local")
        } else {
            Issue.record("accepted a host name")
        }
        #expect(try #require(IPAddress("127.0.0.2")).isLoopback)
        #expect(try #require(IPAddress("::1")).isLoopback)
        #expect(!(try #require(IPAddress("10.0.0.1")).isLoopback))
    }
}

@Suite struct LoginThrottleTests {
    static func services(_ database: Database) -> Services {
        Services(database: database, configuration: TestApp.configuration(database))
    }

    @Test(arguments: TestEngine.available)
    func test_parallel_wrong_passwords_evaluate_no_more_hashes_than_the_limit(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let services = Self.services(database)
            let limit = services.configuration.loginAttemptsLimit
            let outcomes = try await withThrowingTaskGroup(of: LoginService.Outcome.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await services.login.login(
                            email: "fac@alsace.example", password: "essai-incorrect", address: "198.51.100.7")
                    }
                }
                var all: [LoginService.Outcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(services.passwordChecks.count <= limit)
            #expect(outcomes.filter { $0 == .wrongCredentials }.count == services.passwordChecks.count)
            #expect(outcomes.filter { if case .throttled = $0 { true } else { false } }.count >= 40 - limit)
            // Attempts that arrive together may all be refused (each counts the others in
            // flight); one after the other, the address still gets no more than the limit.
            for _ in 0..<limit {
                _ = try await services.login.login(
                    email: "fac@alsace.example", password: "essai-incorrect", address: "198.51.100.7")
            }
            #expect(services.passwordChecks.count <= limit)
            // Even the right password is refused from that address for a while...
            let blocked = try await services.login.login(
                email: "fac@alsace.example", password: TestApp.password, address: "198.51.100.7")
            guard case .throttled(let retryAfter) = blocked else { Issue.record("not throttled: \(blocked)"); return }
            #expect(retryAfter > 0 && retryAfter <= services.configuration.loginWindow)
            // ...but the owner signs in from anywhere else.
            let owner = try await services.login.login(
                email: "fac@alsace.example", password: TestApp.password, address: "203.0.113.20")
            guard case .signedIn = owner else { Issue.record("owner locked out: \(owner)"); return }
            #expect(services.passwordChecks.count <= limit + 1)
        }
    }

    @Test(arguments: TestEngine.available)
    func test_one_address_can_only_try_so_many_accounts(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            let services = Self.services(database)
            let limit = services.configuration.loginAddressLimit
            for n in 0..<limit {
                #expect(
                    try await services.login.login(
                        email: "personne\(n)@exemple.fr", password: "essai-incorrect", address: "198.51.100.8")
                        == .wrongCredentials)
            }
            guard
                case .throttled = try await services.login.login(
                    email: "autre@exemple.fr", password: "essai-incorrect", address: "198.51.100.8")
            else {
                Issue.record("address not throttled"); return
            }
            #expect(
                try await services.login.login(
                    email: "autre@exemple.fr", password: "essai-incorrect", address: "198.51.100.9")
                    == .wrongCredentials)
            // A correct password leaves nothing behind: an account's owner is never counted.
            try await TestApp.user(database, email: "membre@alsace.example", role: .facilitator, lab: "alsace")
            for _ in 0..<10 {
                guard
                    case .signedIn = try await services.login.login(
                        email: "membre@alsace.example", password: TestApp.password, address: "198.51.100.10")
                else {
                    Issue.record("correct logins counted as failures"); return
                }
            }
            // Kept: the failures, each under its (account, address) and its address.
            #expect(
                try await TestApp.count(database, "SELECT COUNT(*) AS n FROM throttle_hits WHERE at > 0") == 2
                    * (limit + 1))
            // Subjects are hashed: no e-mail or address in clear.
            let subjects = try await database.withConnection { db in
                try await db.raw("SELECT subject FROM throttle_hits").all().map { try $0.string("subject") }
            }
            #expect(subjects.allSatisfy { !$0.contains("@") && !$0.contains("198.51") })
        }
    }

    @Test(arguments: TestEngine.available)
    func test_a_throttled_login_answers_429_with_retry_after_in_french(engine: TestEngine) async throws {
        try await TestApp.run(engine) { client, database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            let browser = Browser(client)
            for _ in 0..<5 {
                #expect(try await browser.login("fac@alsace.example", "essai-incorrect").status == .unauthorized)
            }
            let blocked = try await browser.login("fac@alsace.example")
            #expect(blocked.status == .tooManyRequests)
            #expect(
                blocked.body.contains("Trop de tentatives de connexion échouées depuis votre adresse. Réessayez dans"))
            let retry = try #require(blocked.headers[.retryAfter].flatMap { Int($0) })
            #expect(retry > 0 && retry <= 15 * 60)
        }
    }

    /// Behind a reverse proxy on loopback: the attacker's and the owner's addresses come
    /// from the proxy's header, so locking one out leaves the other alone.
    @Test(arguments: TestEngine.available)
    func test_behind_a_trusted_proxy_each_client_is_throttled_apart(engine: TestEngine) async throws {
        try await withTestDatabase(engine, demo: true) { database in
            try await TestApp.user(database, email: "fac@alsace.example", role: .facilitator, lab: "alsace")
            var configuration = TestApp.configuration(database)
            configuration.trustedProxies = try AddressBlock.list("127.0.0.1, ::1").get()
            let app = Application(
                router: buildRouter(configuration: configuration, database: database),
                configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestDatabase.logger)
            try await app.test(.live) { (client: any TestClientProtocol) async throws -> Void in
                let attacker = Browser(client)
                attacker.extraHeaders = [HTTPField.Name("X-Forwarded-For")!: "6.6.6.6, 198.51.100.66"]
                for _ in 0..<5 {
                    #expect(try await attacker.login("fac@alsace.example", "essai-incorrect").status == .unauthorized)
                }
                #expect(try await attacker.login("fac@alsace.example").status == .tooManyRequests)
                // Changing what the client itself writes left of the proxy's hop changes nothing.
                attacker.extraHeaders = [HTTPField.Name("X-Forwarded-For")!: "7.7.7.7, 198.51.100.66"]
                #expect(try await attacker.login("fac@alsace.example").status == .tooManyRequests)
                let owner = Browser(client)
                owner.extraHeaders = [HTTPField.Name("X-Forwarded-For")!: "203.0.113.5"]
                #expect(try await owner.login("fac@alsace.example").status == .seeOther)
            }
        }
    }
}
