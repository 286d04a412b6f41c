import AlliancesCore
import AlliancesServer
import ArgumentParser
import Foundation
import Logging

/// Options every command shares: where the database is.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "Path of the SQLite database file. Ignored when DATABASE_URL is set (PostgreSQL).")
    var database: String = "./alliances.sqlite"

    var location: DatabaseLocation {
        DatabaseLocation.resolve(sqlitePath: database, environment: ProcessInfo.processInfo.environment)
    }

    /// Opens and migrates the database, runs `body`, and always closes the pool. Errors
    /// come out as one readable line.
    func run<T: Sendable>(logger: Logger, migrate: Bool = true, _ body: (Database) async throws -> T) async throws -> T {
        let database: Database
        do {
            database = try Database(location: location, logger: logger)
        } catch {
            throw CommandFailure(DatabaseError.explain(error))
        }
        do {
            if migrate { try await Migrator(database: database, logger: logger).migrate() }
            let value = try await body(database)
            await database.shutdown()
            return value
        } catch let error as ValidationError {
            await database.shutdown()
            throw error
        } catch {
            await database.shutdown()
            throw CommandFailure(DatabaseError.explain(error))
        }
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func makeLogger(_ label: String = "alliances") -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
    return logger
}

@main
struct Alliances: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alliances",
        abstract: "Alliances: the open platform of territorial partnership labs.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Admin.self, BenchHello.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the web server (migrates the database and loads the demo data into an empty one first)."
    )

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Address to listen on.") var hostname: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Flag(name: .customLong("no-demo"), help: "Do not load the demo data into an empty database.") var noDemo = false
    @Option(name: .customLong("public-url"), help: "Public address of the site, used in invitation links (default http://HOSTNAME:PORT).")
    var publicURL: String?
    @Flag(name: .customLong("secure-cookies"), help: "Mark cookies Secure (when served over HTTPS behind a proxy).") var secureCookies = false

    func run() async throws {
        let logger = makeLogger()
        let configuration = AppConfiguration(hostname: hostname, port: port, database: db.location,
                                             secureCookies: secureCookies, publicURL: publicURL)
        try await db.run(logger: logger) { database in
            if !noDemo, let notes = try await DemoLoader.loadIfEmpty(database: database, logger: logger) {
                for note in notes { logger.info("\(note)") }
            }
            logger.info("Alliances on \(db.location.redacted), http://\(hostname):\(port)")
            // The database service of the application closes the pool once requests have drained.
            try await buildApplication(configuration: configuration, database: database, logger: logger).runService()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations (safe to run again).")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let report = try await db.run(logger: logger, migrate: false) { database in
            try await Migrator(database: database, logger: logger).migrate()
        }
        if report.applied.isEmpty {
            print("Database is up to date (\(report.alreadyApplied) migrations).")
        } else {
            print("Applied \(report.applied.count) migration(s): \(report.applied.joined(separator: ", ")).")
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the demo territory into an empty database, and optionally many synthetic organisations."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Also generate this many fictional organisations (for benchmarks).") var synthetic: Int = 0
    @Option(help: "Lab receiving the synthetic organisations.") var lab: String = "alsace"

    func run() async throws {
        guard synthetic >= 0, synthetic <= 5_000_000 else { throw ValidationError("--synthetic must be between 0 and 5000000.") }
        let total = synthetic
        let lab = self.lab
        try await db.run(logger: makeLogger()) { database in
            if let notes = try await DemoLoader.loadIfEmpty(database: database, logger: makeLogger()) {
                notes.forEach { print($0) }
            } else {
                print("The database already has labs: demo data not loaded again.")
            }
            guard total > 0 else { return }
            let start = Date()
            try await SyntheticData.generate(count: total, labSlug: lab, database: database) { done in
                if done % 10_000 == 0 || done == total {
                    print("Synthetic organisations: \(done)/\(total) (\(Int(Double(done) / Double(total) * 100))%)")
                }
            }
            print(String(format: "Generated %d organisations in %.1f s.", total, Date().timeIntervalSince(start)))
        }
    }
}

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Administration tasks.", subcommands: [CreateUser.self, CreateLab.self])
}

struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create an account (e.g. the first network admin). The password is read from ALLIANCES_PASSWORD or the first line of standard input."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "E-mail address (the login).") var email: String
    @Option(help: "Display name.") var name: String = "Administrateur"
    @Option(help: "Role: admin, facilitateur or membre.") var role: String = "admin"
    @Option(help: "Lab slug, for a facilitator.") var lab: String?
    @Option(help: "Organisation id, for a member.") var organisation: Int?

    func run() async throws {
        guard EmailAddress.isValid(EmailAddress.normalise(email)) else { throw ValidationError("Invalid e-mail address: \(email)") }
        guard let role = Role(rawValue: role) else { throw ValidationError("Unknown role \(role): use admin, facilitateur or membre.") }
        var password = ProcessInfo.processInfo.environment["ALLIANCES_PASSWORD"]
        if password == nil || password!.isEmpty { password = readLine(strippingNewline: true) }
        guard let password, !password.isEmpty else { throw ValidationError("No password: set ALLIANCES_PASSWORD or pipe it on standard input.") }
        if let problem = Passwords.problem(password, confirmation: nil) { throw ValidationError(problem) }
        let email = self.email, name = self.name, lab = self.lab, organisation = self.organisation
        let id = try await db.run(logger: makeLogger()) { database in
            let hash = try await Passwords.hash(password, cost: 12)
            return try await database.transaction { conn -> Int in
                var labID: Int?
                var organisationID: Int?
                switch role {
                case .admin: break
                case .facilitator:
                    guard let slug = lab, let found = try await LabStore().find(slug: slug, on: conn) else {
                        throw CommandFailure("A facilitator needs --lab with an existing lab slug.")
                    }
                    labID = found.id
                case .member:
                    guard let organisation, try await OrganisationStore().exists(id: organisation, on: conn) else {
                        throw CommandFailure("A member needs --organisation with an existing organisation id.")
                    }
                    organisationID = organisation
                }
                do {
                    return try await AccountStore().createUser(email: email, name: name, passwordHash: hash, role: role,
                                                               labID: labID, organisationID: organisationID, on: conn)
                } catch let error as AccountError {
                    throw CommandFailure(error.description)
                }
            }
        }
        print("Created account \(id) for \(EmailAddress.normalise(email)) (\(role.label)).")
    }
}

struct CreateLab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-lab",
        abstract: "Create a territory space (lab) covering a region, some départements, or the whole country."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Name of the lab.") var name: String
    @Option(help: "URL identifier (lowercase, digits, hyphens); derived from the name when omitted.") var slug: String?
    @Option(help: "INSEE region code (e.g. 44 for Grand Est).") var region: String?
    @Option(help: "Comma-separated département codes (e.g. 67,68).") var departements: String?

    func run() async throws {
        let draft: LabDraft
        switch LabDraft.validate(name: name, slug: slug, description: nil, region: region, departements: departements) {
        case .failure(let errors): throw ValidationError(errors.errors.map(\.message).joined(separator: " "))
        case .success(let value): draft = value
        }
        let lab = try await db.run(logger: makeLogger()) { database in
            try await database.transaction { conn in
                if try await LabStore().find(slug: draft.slug, on: conn) != nil {
                    throw CommandFailure("A lab with the slug \(draft.slug) already exists.")
                }
                return try await LabStore().create(slug: draft.slug, name: draft.name, description: nil, perimeter: draft.perimeter,
                                                   regionCode: draft.regionCode, on: conn)
            }
        }
        print("Lab \(lab.slug): \(lab.name), \(lab.perimeter.label).")
    }
}

/// Serves only GET /hello, without Alliances' middleware or database: the framework's
/// ceiling for the benchmarks (BENCHMARKS.md).
struct BenchHello: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-hello", abstract: "Serve a bare hello route (benchmark reference).", shouldDisplay: false)
    @Option var hostname: String = "127.0.0.1"
    @Option var port: Int = 8081

    func run() async throws {
        try await buildHelloApplication(hostname: hostname, port: port, logger: makeLogger()).runService()
    }
}
