import AlliancesCore
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle
import SQLKit

/// How messages leave the outbox: `.eml` files in a folder (the default, for development
/// and for sites that pick them up), or a `sendmail`-compatible command (msmtp, postfix,
/// exim from Debian) that reads the message on its standard input.
public enum MailTransport: Sendable, Equatable {
    case files(directory: String)
    case sendmail(command: [String])
}

/// Delivers due messages through the configured transport.
public struct OutboxWorker: Sendable {
    let database: Database
    let transport: MailTransport
    let from: String
    let logger: Logger

    /// Seconds a message's body is kept (`--mail-retention`).
    let retention: Int
    public init(
        database: Database, transport: MailTransport, from: String, logger: Logger, retention: Int = 30 * 86_400
    ) {
        self.database = database
        self.transport = transport
        self.from = from
        self.logger = logger
        self.retention = retention
    }

    /// Erases the bodies, and the `.eml` files, of messages older than the retention
    /// period; returns how many.
    @discardableResult
    public func purge(now: Int? = nil) async throws -> Int {
        let now = now ?? nowSeconds()
        let ids = try await database.write { db in
            try await OutboxStore().purge(before: now - retention, now: now, on: db)
        }
        if case .files(let directory) = transport {
            for id in ids {
                let path = (directory as NSString).appendingPathComponent("message-\(id).eml")
                if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            }
        }
        return ids.count
    }

    /// One round: returns how many messages were sent.
    @discardableResult
    public func deliverDue(now: Int? = nil) async throws -> Int {
        let now = now ?? nowSeconds()
        let store = OutboxStore()
        let due = try await database.withConnection { db in try await store.claimDue(now: now, limit: 50, on: db) }
        var sent = 0
        for message in due {
            do {
                try await deliver(message)
                try await database.withConnection { db in try await store.markSent(message.id, on: db) }
                sent += 1
            } catch {
                let reason = SecretRedaction.redact("\(error)")
                BackgroundJob.failed("outbox-message", "message \(message.id), retried later", error)
                try await database.withConnection { db in
                    try await store.markFailed(message.id, attempts: message.attempts, error: reason, now: now, on: db)
                }
            }
        }
        return sent
    }

    /// Writing to a command that already exited raises SIGPIPE, which would end the whole
    /// server: it is ignored (once, process-wide, as servers do) so the write fails instead.
    static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    func deliver(_ message: OutboxMessage) async throws {
        let raw = Self.rfc5322(message, from: from)
        switch transport {
        case .files(let directory):
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = (directory as NSString).appendingPathComponent("message-\(message.id).eml")
            try Data(raw.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        case .sendmail(let command):
            Self.ignoreBrokenPipes
            try await NIOThreadPool.singleton.runIfActive {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: command[0])
                process.arguments = Array(command.dropFirst())
                let input = Pipe()
                process.standardInput = input
                process.standardOutput = FileHandle.nullDevice
                let errors = Pipe()
                process.standardError = errors
                try process.run()
                // The throwing write: a command that exits early (broken pipe) is a failed
                // delivery to retry, not a crash.
                var writeError: (any Error)?
                do { try input.fileHandleForWriting.write(contentsOf: Data(raw.utf8)) } catch { writeError = error }
                try? input.fileHandleForWriting.close()
                process.waitUntilExit()
                if let writeError, process.terminationStatus == 0 { throw writeError }
                guard process.terminationStatus == 0 else {
                    let text = String(data: errors.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8) ?? ""
                    throw DatabaseError(
                        description:
                            "\(command[0]) exited with status \(process.terminationStatus): \(text.prefix(300))")
                }
            }
        }
    }

    /// A plain-text UTF-8 message; the subject as an RFC 2047 encoded word.
    static func rfc5322(_ message: OutboxMessage, from: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let subject = "=?UTF-8?B?\(Data(message.subject.utf8).base64EncodedString())?="
        let body = message.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
            of: "\n", with: "\r\n")
        return [
            "From: \(from)", "To: \(message.to)", "Subject: \(subject)",
            "Date: \(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(message.createdAt))))",
            "Message-ID: <outbox-\(message.id)-\(message.createdAt)@alliances>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body
        ].joined(separator: "\r\n") + "\r\n"
    }
}

/// Runs the worker every few seconds until shutdown.
struct OutboxService: Service {
    let worker: OutboxWorker

    func run() async throws {
        var lastPurge = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // A message's own failure is retried with backoff inside; this counts a round that
            // could not even read the outbox (the database unreachable), tried again in 5 s.
            await BackgroundJob.run("outbox-delivery") { try await worker.deliverDue() }
            if nowSeconds() - lastPurge >= 3600 {
                // Retried in an hour when it fails: nothing is lost by waiting.
                lastPurge = nowSeconds()
                await BackgroundJob.run("outbox-purge") { try await worker.purge() }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(5)) }
        }
    }
}
