import Foundation

/// Runs the system tools a backup leans on: `tar` (every Linux server has GNU tar, and an
/// archive it writes opens anywhere, also without Alliances) and PostgreSQL's own `pg_dump`
/// and `pg_restore` (the only consistent, version-tolerant way to copy a PostgreSQL
/// database). Secrets go through the environment, never the command line (`ps` shows it).
///
/// Nothing here holds a thread the server needs while a tool runs or a large file is read:
/// the wait is a termination handler, and file work (`offloaded`) runs on a thread of its
/// own, not on Swift's cooperative pool nor on the NIO pool SQLite's queries use, both
/// only as wide as the machine's cores.
enum ExternalCommand {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The full path of `name` on `PATH` (then PostgreSQL's Debian folders), or nil.
    static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        if let versions = try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            folders += versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }.map {
                "/usr/lib/postgresql/\($0)/bin"
            }
        }
        return folders.map { ($0 as NSString).appendingPathComponent(name) }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs `executable` with `arguments` and waits for it to exit; throws with the end of
    /// its error output when it exits with a failure status or is killed.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        // A file, not a pipe: a chatty tool cannot fill a pipe nobody reads and hang.
        let errorPath = NSTemporaryDirectory() + "alliances-\(UUID().uuidString).stderr"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        defer { try? errors.close() }
        process.standardError = errors
        let name = (executable as NSString).lastPathComponent
        let (reason, status): (Process.TerminationReason, Int32) = try await withCheckedThrowingContinuation {
            continuation in
            // Set before the process starts, so that a quick exit is not missed.
            process.terminationHandler = { done in
                continuation.resume(returning: (done.terminationReason, done.terminationStatus))
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(
                    throwing: Failure(description: "Cannot run \(executable): \(error.localizedDescription)"))
            }
        }
        guard reason == .exit, status == 0 else {
            let text = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw Failure(
                description:
                    "\(name) failed (status \(status)): \(text.suffix(600).trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
    }

    /// Runs blocking file work (hashing a database file, linking the data folder) on a
    /// thread of its own and returns its result.
    static func offloaded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            thread.name = "alliances-file-work"
            thread.start()
        }
    }
}
/// libpq's environment for a `DATABASE_URL` in PostgresKit's form: libpq does not know
/// PostgresKit's `tlsmode`, and the password must not appear in a command line.
enum PostgresClientEnvironment {
    static func make(url: String) throws -> [String: String] {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme),
            let host = components.host
        else {
            throw ExternalCommand.Failure(
                description: "DATABASE_URL is not a PostgreSQL URL (postgres://user:password@host:port/database).")
        }
        var environment: [String: String] = ["PGHOST": host, "PGPORT": String(components.port ?? 5432)]
        if let user = components.user { environment["PGUSER"] = user }
        if let password = components.password { environment["PGPASSWORD"] = password }
        let database = String(components.path.drop { $0 == "/" })
        environment["PGDATABASE"] = database.isEmpty ? (components.user ?? "postgres") : database
        let query = components.queryItems ?? []
        let tls = query.first { ["tlsmode", "sslmode"].contains($0.name) }?.value ?? "prefer"
        environment["PGSSLMODE"] =
            ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"].contains(tls)
            ? tls : "prefer"
        return environment
    }
}
