import AlliancesCore
@testable import AlliancesServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import Testing

/// Collects every line logged through it, as the process's standard error would show them.
final class CapturedLog: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }
    func append(_ line: String) { lines.withLockedValue { $0.append(line) } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let extra = (event.metadata ?? [:]).merging(metadata) { a, _ in a }.map { "\($0.key)=\($0.value)" }.sorted()
                .joined(separator: " ")
            log.append("\(event.level) \(event.message) \(extra)")
        }
    }
}

struct QuotedTokenError: Error, CustomStringConvertible {
    let token: String
    var description: String { "constraint failed for value '\(token)'" }
}

@Suite struct LogSecrecyTests {
    @Test func test_redaction_masks_tokens_and_keeps_ordinary_text() {
        let token = Tokens.random()
        let line =
            "GET /evenements/rencontre-des-pionniers-des-alliances-2015/inscription/\(token) for marie.dupont@example.org"
        let redacted = SecretRedaction.redact(line)
        #expect(!redacted.contains(token))
        #expect(
            redacted
                == "GET /evenements/rencontre-des-pionniers-des-alliances-2015/inscription/[secret] for marie.dupont@example.org"
        )
        #expect(SecretRedaction.redact("Réunion du 12/03/2015, 42 inscrits") == "Réunion du 12/03/2015, 42 inscrits")
    }

    @Test func test_the_process_log_handler_masks_messages_and_metadata() {
        let log = CapturedLog()
        let token = Tokens.random()
        let logger = Logger(label: "test") { _ in RedactingLogHandler(CapturedLog.Handler(log: log)) }
        logger.warning(
            "link /invitation/\(token) refused",
            metadata: ["path": .string("/x/\(token)"), "nested": .array([.stringConvertible(token)])])
        #expect(log.text.contains("link /invitation/[secret] refused"))
        #expect(!log.text.contains(token))
    }

    /// An unexpected error on a path holding a token, whose text quotes the token (as a
    /// database error quotes a value), logs neither: the error middleware masks both even
    /// under a handler that does not redact.
    @Test(arguments: TestEngine.available)
    func test_an_error_on_a_tokened_path_logs_no_token(engine: TestEngine) async throws {
        try await withTestDatabase(engine) { database in
            let log = CapturedLog()
            let logger = Logger(label: "test") { _ in CapturedLog.Handler(log: log) }
            let router = buildRouter(configuration: TestApp.configuration(database), database: database)
            router.get("/essai/:jeton") { _, context -> Response in
                throw QuotedTokenError(token: try context.parameters.require("jeton"))
            }
            let app = Application(router: router, configuration: .init(), logger: logger)
            let token = Tokens.random()
            try await app.test(.router) { client in
                let response = try await client.execute(uri: "/essai/\(token)", method: .get)
                #expect(response.status == .internalServerError)
                #expect(!String(buffer: response.body).contains(token))
            }
            #expect(log.text.contains("Unexpected error on GET /essai/[secret]"))
            #expect(log.text.contains("constraint failed for value '[secret]'"))
            #expect(!log.text.contains(token))
        }
    }
}

/// Background work never fails silently: each failure is counted per job in /metrics.
@Suite struct BackgroundFailureTests {
    static func count(_ job: String) -> Double {
        var buffer: [UInt8] = []
        AppMetrics.registry.emit(into: &buffer)
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n")
            .first { $0.hasPrefix("alliances_background_failures_total{job=\"\(job)\"}") }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } ?? 0
    }

    @Test(arguments: TestEngine.available)
    func test_a_failing_background_round_is_counted_and_the_next_one_works(engine: TestEngine) async throws {
        AppMetrics.bootstrap()
        try await withTestDatabase(engine) { database in
            let worker = OutboxWorker(
                database: database, transport: .files(directory: NSTemporaryDirectory()), from: "x@alliances.invalid",
                logger: TestDatabase.logger)
            let job = "essai-\(engine)"
            let before = Self.count(job)
            // The outbox table is gone for a moment, as with a database that cannot be read.
            try await database.withConnection { db in try await db.raw("ALTER TABLE outbox RENAME TO outbox_away").run()
            }
            #expect(await BackgroundJob.run(job) { try await worker.deliverDue() } == nil)
            #expect(Self.count(job) == before + 1)
            try await database.withConnection { db in try await db.raw("ALTER TABLE outbox_away RENAME TO outbox").run()
            }
            #expect(await BackgroundJob.run(job) { try await worker.deliverDue() } == 0)
            #expect(Self.count(job) == before + 1)
        }
    }
}

/// One line per request: id, method, route pattern, status, duration; never the path's token.
@Suite struct RequestLogTests {
    @Test func test_each_request_is_logged_once_by_its_route_pattern() async throws {
        try await withTestDatabase(.sqlite, demo: true) { database in
            let log = CapturedLog()
            let logger = Logger(label: "test") { _ in CapturedLog.Handler(log: log) }
            var configuration = TestApp.configuration(database)
            configuration.logRequests = true
            let router = buildRouter(configuration: configuration, database: database)
            let app = Application(router: router, configuration: .init(), logger: logger)
            let token = Tokens.random()
            try await app.test(.router) { client in
                let page = try await client.execute(uri: "/evenements/alliances-2027", method: .get)
                #expect(page.status == .ok)
                let id = try #require(page.headers[HTTPField.Name("X-Request-Id")!])
                #expect(log.text.contains("info GET /evenements/{event} 200 "))
                #expect(log.text.contains("request_id=\(id)"))
                let missing = try await client.execute(
                    uri: "/evenements/alliances-2027/inscription/\(token)", method: .get)
                #expect(missing.status == .notFound)
            }
            let lines = log.text.split(separator: "\n").filter { $0.contains("request_id=") }
            #expect(lines.count == 2, "one line per request")
            #expect(lines.last?.contains("GET /evenements/{event}/inscription/{token} 404 ") == true)
            #expect(!log.text.contains(token))
        }
    }
}

@Suite struct JSONLogTests {
    /// Every character a message may hold comes out as valid JSON, read back as written.
    @Test func test_json_lines_escape_what_json_requires() throws {
        var line = "{"
        JSONLogHandler.append("message", to: &line)
        line += ":"
        let text = "Réunion « 2015 »\n\t\"cité\" \\ \u{01} fin"
        JSONLogHandler.append(text, to: &line)
        line += "}"
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        #expect(object?["message"] == text)
        #expect(JSONLogHandler.timestamp().count == "2026-12-06T19:13:46.123Z".count)
    }
}
