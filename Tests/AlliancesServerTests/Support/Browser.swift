import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SQLKit

/// A minimal browser over Hummingbird's in-process test client: it keeps cookies and
/// puts the CSRF token into forms, as a real browser with our pages would.
final class Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    /// Sent with every request (e.g. a proxy's X-Forwarded-For).
    var extraHeaders: HTTPFields = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var location: String? { headers[.location] }
        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// The CSRF token of the last page that had a form, and the cookies it was made for.
    var csrfToken: String?
    var tokenCookies: [String: String] = [:]
    var csrf: String { csrfToken ?? "" }

    /// A page with a form is loaded when the browser has no token for its current cookies
    /// (never visited, or signed in or out since), as a person always loads a page before
    /// posting.
    func refreshTokenIfNeeded() async throws {
        if csrfToken == nil || tokenCookies != cookies { try await get("/connexion") }
    }

    @discardableResult
    func request(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: ByteBuffer? = nil)
        async throws -> Page
    {
        var headers = headers
        for field in extraHeaders { headers.append(field) }
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            cookies[String(pair[0])] = String(pair[1])
        }
        let body = String(buffer: response.body)
        if let range = body.range(of: #"name="_csrf" value="[^"]+""#, options: .regularExpression) {
            csrfToken = String(body[range].dropFirst(#"name="_csrf" value=""#.count).dropLast())
            tokenCookies = cookies
        }
        return Page(status: response.status, headers: response.headers, body: body)
    }

    @discardableResult
    func get(_ path: String) async throws -> Page { try await request(.get, path) }

    /// Posts a form; the CSRF token of the last page is added unless `csrf` is false.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> Page {
        try await refreshTokenIfNeeded()
        var all = fields
        if csrf { all.append(("_csrf", self.csrf)) }
        let body = all.map { "\(URLEncoding.component($0.0))=\(URLEncoding.component($0.1))" }.joined(separator: "&")
        return try await request(
            .post, path, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
    }

    @discardableResult
    func json(
        _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, contentType: String = "application/json"
    ) async throws -> Page {
        try await request(
            method, path, headers: body == nil ? [:] : [.contentType: contentType],
            body: body.map { ByteBuffer(string: $0) })
    }

    @discardableResult
    func login(_ email: String, _ password: String = TestApp.password) async throws -> Page {
        try await post("/connexion", [("email", email), ("password", password)])
    }
}

enum TestApp {
    static let password = "mot-de-passe-de-test"

    /// Tests change accounts and tokens in the database directly and expect the next
    /// request to see it: no memo of token lookups (`ApiTokenMemoTests` tests the memo).
    static func configuration(_ database: Database) -> AppConfiguration {
        var configuration = AppConfiguration(database: database.location, bcryptCost: 4)
        configuration.apiTokenMemoSeconds = 0
        return configuration
    }

    /// Runs `body` against an in-process app on a fresh database with the demo data.
    static func run(
        _ engine: TestEngine, demo: Bool = true,
        configure: @escaping @Sendable (inout AppConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (any TestClientProtocol, Database) async throws -> Void
    ) async throws {
        try await withTestDatabase(engine, demo: demo) { database in
            var configuration = configuration(database)
            configure(&configuration)
            let router = buildRouter(configuration: configuration, database: database)
            let app = Application(router: router, configuration: .init(), logger: TestDatabase.logger)
            try await app.test(.router) { client in try await body(client, database) }
        }
    }

    /// Creates an account directly in the database.
    @discardableResult
    static func user(_ database: Database, email: String, role: Role, lab: String? = nil, organisation: Int? = nil)
        async throws -> Int
    {
        let hash = try await Passwords.hash(password, cost: 4)
        return try await database.transaction { db in
            let labID = try await lab.asyncMap { try await LabStore().find(slug: $0, on: db)?.id }
            return try await AccountStore().createUser(
                email: email, name: "Test \(role.rawValue)", passwordHash: hash, role: role,
                labID: labID ?? nil, organisationID: organisation, on: db)
        }
    }

    /// A browser logged in as a new account of that role.
    static func browser(
        _ client: any TestClientProtocol, _ database: Database, email: String, role: Role, lab: String? = nil
    ) async throws -> Browser {
        try await user(database, email: email, role: role, lab: lab)
        let browser = Browser(client)
        try await browser.login(email)
        return browser
    }

    static func organisationID(_ database: Database, named name: String) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw("SELECT id FROM organisations WHERE name = \(bind: name)").first()!.decode(
                column: "id", as: Int.self)
        }
    }

    /// The path of the last link starting with `prefix` in a message queued to `email`.
    static func lastLink(_ database: Database, to email: String, prefix: String) async throws -> String? {
        let bodies = try await database.withConnection { db in
            try await OutboxStore().messages(to: email, on: db).map(\.body)
        }
        let pattern = NSRegularExpression.escapedPattern(for: prefix) + "[A-Za-z0-9_-]{43}"
        for body in bodies.reversed() {
            if let range = body.range(of: pattern, options: .regularExpression) { return String(body[range]) }
        }
        return nil
    }

    static func count(_ database: Database, _ sql: String) async throws -> Int {
        try await database.withConnection { db in
            try await db.raw(SQLQueryString(sql)).first()!.decode(column: "n", as: Int.self)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
