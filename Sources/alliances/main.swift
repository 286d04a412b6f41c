import AlliancesCore
import AlliancesServer
import ArgumentParser
import Foundation
import Logging
import Synchronization

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
            if migrate {
                try await Migrator(database: database, logger: logger).migrate()
                // Indexes an interrupted bulk import left dropped are built again.
                try await RegisterImporter.ensureIndexes(database: database)
            }
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

let logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info

/// Every logger of the process writes to standard error through `RedactingLogHandler`, so
/// no token reaches a log (bootstrapped once, before the first logger is made).
let loggingBootstrap: Void = RedactingLogHandler.bootstrap(level: logLevel)

func makeLogger(_ label: String = "alliances") -> Logger {
    _ = loggingBootstrap
    var logger = Logger(label: label)
    logger.logLevel = logLevel
    return logger
}

@main
struct Alliances: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alliances",
        abstract: "Alliances: the open platform of territorial partnership labs.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Import.self, Allocate.self, Admin.self, BenchHello.self],
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
    @Option(name: .customLong("data-dir"), help: "Folder for uploaded register files and their rejects.") var dataDirectory = "./alliances-data"
    @Option(name: .customLong("max-upload-mb"), help: "Largest register file accepted by the web import page, in MiB.") var maxUploadMB = 512
    @Option(name: .customLong("max-document-mb"), help: "Largest document attached to a partnership (PDF, image, office file), in MiB.") var maxDocumentMB = 20
    @Option(name: .customLong("sendmail"), help: "Send messages with this sendmail-compatible command (e.g. \"/usr/bin/msmtp -t\" or \"/usr/sbin/sendmail -t -i\"); default: .eml files in DATA-DIR/outbox.")
    var sendmail: String?
    @Option(name: .customLong("mail-from"), help: "Sender of the messages.") var mailFrom = "Alliances <ne-pas-repondre@alliances.invalid>"
    @Option(name: .customLong("trusted-proxy"), help: "Reverse proxies whose forwarding header names the client: CIDR blocks or addresses, comma-separated, e.g. 127.0.0.1,::1 (also ALLIANCES_TRUSTED_PROXIES). Without it the socket's peer is the client.")
    var trustedProxies: [String] = []
    @Option(name: .customLong("guest-hold"), help: "How long a guest's seat is held until the link e-mailed to them is followed, then offered to the waiting list (e.g. 2h, 90m).")
    var guestHold: String = "2h"

    @Option(name: .customLong("invitation-lifetime"), help: "How long an invitation link stays valid (e.g. 7d, 48h).")
    var invitationLifetime: String = "7d"

    @Option(name: .customLong("registration-link-grace"), help: "How long after a rencontre's end its participants' private links keep working (e.g. 30d).")
    var registrationLinkGrace: String = "30d"

    @Option(name: .customLong("mail-retention"), help: "How long a message's text (and its .eml file) is kept; the delivery record stays (e.g. 30d).")
    var mailRetention: String = "30d"
    @Option(name: .customLong("metrics-token"), help: "A token that opens /metrics to a scraper on another machine (Authorization: Bearer TOKEN); also ALLIANCES_METRICS_TOKEN. Without it, /metrics answers only on this machine.")
    var metricsToken: String?

    @Option(name: .customLong("forwarded-header"), help: "The header the trusted proxies set: x-forwarded-for (nginx, Caddy, Traefik, HAProxy) or forwarded (RFC 7239).")
    var forwardedHeader: String = "x-forwarded-for"

    /// The trusted proxies from the option and the environment, or a message naming the bad entry.
    func proxies() throws -> [AddressBlock] {
        let texts = trustedProxies + [ProcessInfo.processInfo.environment["ALLIANCES_TRUSTED_PROXIES"] ?? ""]
        var blocks: [AddressBlock] = []
        for text in texts {
            switch AddressBlock.list(text) {
            case .success(let found): blocks += found
            case .failure(let error): throw ValidationError("--trusted-proxy: \(error)")
            }
        }
        return blocks
    }

    func run() async throws {
        let logger = makeLogger()
        let proxies = try proxies()
        guard let header = ClientAddressResolver.Header(rawValue: forwardedHeader.lowercased()) else {
            throw ValidationError("--forwarded-header: x-forwarded-for or forwarded, not « \(forwardedHeader) ».")
        }
        guard maxUploadMB > 0 else { throw ValidationError("--max-upload-mb must be positive.") }
        guard maxDocumentMB > 0 else { throw ValidationError("--max-document-mb must be positive.") }
        var transport: MailTransport?
        if let sendmail {
            let command = sendmail.split(separator: " ").map(String.init)
            guard let program = command.first, FileManager.default.isExecutableFile(atPath: program) else {
                throw ValidationError("--sendmail: \(sendmail.split(separator: " ").first.map(String.init) ?? "") is not an executable file (give its full path).")
            }
            transport = .sendmail(command: command)
        }
        var configuration = AppConfiguration(hostname: hostname, port: port, database: db.location,
                                             secureCookies: secureCookies, publicURL: publicURL,
                                             dataDirectory: dataDirectory, maxUploadBytes: maxUploadMB * 1024 * 1024, maxDocumentBytes: maxDocumentMB * 1024 * 1024,
                                             mailTransport: transport, mailFrom: mailFrom)
        guard let hold = DurationText.seconds(guestHold) else { throw ValidationError("--guest-hold: a duration such as 2h or 90m, not « \(guestHold) ».") }
        configuration.guestHold = hold
        for (option, text, keyPath) in [("--invitation-lifetime", invitationLifetime, \AppConfiguration.invitationLifetime),
                                         ("--registration-link-grace", registrationLinkGrace, \AppConfiguration.registrationLinkGrace),
                                         ("--mail-retention", mailRetention, \AppConfiguration.mailRetention)] {
            guard let seconds = DurationText.seconds(text) else { throw ValidationError("\(option): a duration such as 7d or 48h, not « \(text) ».") }
            configuration[keyPath: keyPath] = seconds
        }
        configuration.trustedProxies = proxies
        configuration.forwardedHeader = header
        configuration.metricsToken = metricsToken ?? ProcessInfo.processInfo.environment["ALLIANCES_METRICS_TOKEN"]
        if let token = configuration.metricsToken, token.count < 20 {
            throw ValidationError("--metrics-token: at least 20 characters (e.g. openssl rand -base64 32), not \(token.count).")
        }
        if !proxies.isEmpty { logger.info("Client addresses read from \(header.rawValue) when the peer is one of: \(proxies.map(\.description).joined(separator: ", "))") }
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
    @Option(help: "Also generate this many fictional offers, for the recommender's benchmarks.") var offers: Int = 0
    @Option(help: "Also generate this many fictional needs.") var needs: Int = 0
    @Option(help: "Also generate this many fictional partnerships, for the barometer's benchmarks.") var partnerships: Int = 0

    func run() async throws {
        guard synthetic >= 0, synthetic <= 5_000_000 else { throw ValidationError("--synthetic must be between 0 and 5000000.") }
        guard (0...1_000_000).contains(offers), (0...1_000_000).contains(needs), (0...1_000_000).contains(partnerships) else {
            throw ValidationError("--offers, --needs and --partnerships must be between 0 and 1000000.")
        }
        let (offers, needs, partnerships) = (self.offers, self.needs, self.partnerships)
        let total = synthetic
        let lab = self.lab
        try await db.run(logger: makeLogger()) { database in
            if let notes = try await DemoLoader.loadIfEmpty(database: database, logger: makeLogger()) {
                notes.forEach { print($0) }
            } else {
                print("The database already has labs: demo data not loaded again.")
            }
            if total > 0 {
                let start = Date()
                try await SyntheticData.generate(count: total, labSlug: lab, database: database) { done in
                    if done % 10_000 == 0 || done == total {
                        print("Synthetic organisations: \(done)/\(total) (\(Int(Double(done) / Double(total) * 100))%)")
                    }
                }
                print(String(format: "Generated %d organisations in %.1f s.", total, Date().timeIntervalSince(start)))
            }
            if offers + needs > 0 {
                let start = Date()
                try await SyntheticData.generateListings(offers: offers, needs: needs, labSlug: lab, database: database)
                print(String(format: "Generated %d offers and %d needs in %.1f s.", offers, needs, Date().timeIntervalSince(start)))
            }
            if partnerships > 0 {
                let start = Date()
                try await SyntheticData.generatePartnerships(count: partnerships, labSlug: lab, database: database)
                print(String(format: "Generated %d partnerships in %.1f s.", partnerships, Date().timeIntervalSince(start)))
            }
            if total + offers + needs + partnerships > 0 {
                // A bulk load leaves the planner's statistics behind; refresh them as autovacuum would later.
                try await database.withConnection { db in try await db.raw("ANALYZE").run() }
            }
        }
    }
}

struct Allocate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Allocate an event's workshops from the participants' ranked choices (exact, capacities respected).",
        discussion: """
            Same as the organiser's page /evenements/SLUG/repartition: participants rank the workshops \
            of each slot on their personal page; this computes the allocation, records it with its \
            figures (profile, first-choice share, worst rank, unassigned, waste), and publishes it \
            to the participants' agendas with --publish.
            """
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Slug of the event.") var event: String
    @Option(help: "\"rang\": as many first choices as possible, then second… (default); \"rang2\": least sum of squared ranks.") var objective = "rang"
    @Flag(name: .customLong("place-unranked"), help: "Also place participants who ranked nothing, last, where most seats remain.") var placeUnranked = false
    @Flag(help: "Publish the result: workshop registrations replaced, agendas updated, one message per placed participant.") var publish = false
    @Option(name: .customLong("public-url"), help: "Public address of the site, for the links in messages.") var publicURL = "http://127.0.0.1:8080"

    func run() async throws {
        let (slug, objective, placeUnranked, publish, publicURL) = (event, self.objective, self.placeUnranked, self.publish, self.publicURL)
        let report = try await db.run(logger: makeLogger()) { database in
            do {
                return try await AllocationCommand.run(database: database, eventSlug: slug, objective: objective, placeUnranked: placeUnranked, publish: publish,
                                                       publicURL: publicURL) { line in print(line) }
            } catch let error as AppError {
                throw ValidationError(error.message)
            }
        }
        print(report)
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

// MARK: Imports

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import the official registers: INSEE COG geography, commune coordinates, RNA associations.",
        discussion: """
        Import the COG in this order: cog-regions, cog-departements, cog-communes, then communes-coordinates and rna.
        SIRENE: sirene-etablissements first (it finds the head offices inside the lab), then sirene-unites-legales.
        Rows that cannot be used are written to FILE.rejets.csv (line, reason, raw line) and the import goes on.
        Imports are idempotent: the same file twice changes nothing; a newer file updates what changed.
        """,
        subcommands: [ImportRegions.self, ImportDepartements.self, ImportCommunes.self, ImportCoordinates.self, ImportRNA.self,
                      ImportSireneEstablishments.self, ImportSireneLegalUnits.self, ImportGeoJSON.self]
    )
}

struct ImportGeoJSON: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geojson",
        abstract: "Import département or commune outlines for the map (GeoJSON FeatureCollection of Polygon/MultiPolygon).",
        discussion: "The INSEE code is read from the property named by --code-property, else code, INSEE_DEP, INSEE_COM, code_insee, insee, DEP, COM or codgeo; a 2–3 character code is a département, 5 a commune. Outlines are simplified (--tolerance, in degrees) and replace earlier ones with the same code."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Property holding the INSEE code.") var codeProperty: String?
    @Option(help: "Property holding the name.") var nameProperty: String?
    @Option(help: "Simplification tolerance in degrees (0.0005 ≈ 50 m).") var tolerance: Double = 0.0005
    @Argument(help: "GeoJSON file.") var file: String

    func run() async throws {
        guard (0...1).contains(tolerance) else { throw ValidationError("--tolerance must be between 0 and 1 degree.") }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
        let (codeProperty, nameProperty, tolerance) = (self.codeProperty, self.nameProperty, self.tolerance)
        let summary = try await db.run(logger: makeLogger()) { database in
            try await BoundaryStore.importGeoJSON(data: data, database: database, codeProperty: codeProperty, nameProperty: nameProperty, tolerance: tolerance)
        }
        print("Import of \(file): \(summary)")
    }
}

struct ImportOptions: ParsableArguments {
    @OptionGroup var db: DatabaseOptions
    @Flag(help: "Print only the summary.") var quiet = false

    func importer(_ database: Database) -> RegisterImporter {
        var importer = RegisterImporter(database: database)
        if !quiet { importer.progress = ProgressPrinter.make() }
        return importer
    }

    func report(_ summary: ImportSummary, file: String) {
        if !quiet, isatty(STDOUT_FILENO) != 0 { print("") }
        print("Import of \(file): \(summary)")
        if summary.rejected > 0 { print("Rejected rows: \(RegisterImporter.rejectsPath(for: file))") }
    }
}

/// A live progress line on a terminal; a plain line every 5 seconds otherwise.
enum ProgressPrinter {
    static func make() -> @Sendable (ImportProgress) -> Void {
        let terminal = isatty(STDOUT_FILENO) != 0
        let last = LastPrint()
        return { progress in
            let now = progress.elapsed
            guard terminal || last.due(now) else { return }
            let share = progress.totalBytes > 0 ? Double(progress.bytesRead) / Double(progress.totalBytes) : 0
            let rate = now > 0 ? Double(progress.rows) / now : 0
            let eta = share > 0 ? now / share - now : 0
            let line = String(format: "%d rows, %.0f rows/s, %.0f%% read, about %.0f s left", progress.rows, rate, share * 100, eta)
            if terminal {
                let width = 30
                let filled = Int(share * Double(width))
                print("\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + line, terminator: "")
                fflush(nil)  // all streams; naming `stdout` is not concurrency-safe
            } else {
                print(line)
            }
        }
    }

    final class LastPrint: Sendable {
        private let value = Mutex(-5.0)
        func due(_ now: Double) -> Bool {
            value.withLock { last in
                guard now - last >= 5 else { return false }
                last = now
                return true
            }
        }
    }
}

struct ImportRegions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cog-regions", abstract: "Import INSEE COG regions (REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE).")
    @OptionGroup var options: ImportOptions
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) { try await options.importer($0).importRegions(path: file) }
        options.report(summary, file: file)
    }
}

struct ImportDepartements: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cog-departements", abstract: "Import INSEE COG départements (DEP,REG,CHEFLIEU,TNCC,NCC,NCCENR,LIBELLE).")
    @OptionGroup var options: ImportOptions
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) { try await options.importer($0).importDepartements(path: file) }
        options.report(summary, file: file)
    }
}

/// `--lab` or `--departements`: the territory whose rows are kept.
struct ScopeOptions: ParsableArguments {
    @Option(help: "Keep only rows inside this lab's perimeter.") var lab: String?
    @Option(help: "Keep only rows in these départements (e.g. 67,68).") var departements: String?

    func perimeter() throws -> Perimeter? {
        guard let departements else { return nil }
        switch Perimeter.parse(departements) {
        case .success(let perimeter): return perimeter
        case .failure(.unknownDepartements(let codes)): throw ValidationError("Unknown département code(s): \(codes.joined(separator: ", ")).")
        }
    }

    func lab(on database: Database) async throws -> Lab? {
        guard let lab else { return nil }
        return try await findLab(lab, on: database)
    }

    /// For imports whose rows belong to a lab: `--lab` must be given.
    func requiredLab(on database: Database) async throws -> Lab {
        guard let lab else { throw CommandFailure("--lab is required: imported organisations belong to a lab.") }
        return try await findLab(lab, on: database)
    }
}

func findLab(_ slug: String, on database: Database) async throws -> Lab {
    guard let found = try await database.withConnection({ try await LabStore().find(slug: slug, on: $0) }) else {
        throw CommandFailure("Unknown lab \(slug).")
    }
    return found
}

struct ImportCommunes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cog-communes",
        abstract: "Import INSEE COG communes (2019–2022 or 2023+ headers); municipal arrondissements are linked to their commune."
    )
    @OptionGroup var options: ImportOptions
    @OptionGroup var scope: ScopeOptions
    @Flag(name: .customLong("include-associated"), help: "Also import associated and delegated communes (COMA, COMD).") var includeAssociated = false
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) { database in
            var perimeter = try scope.perimeter()
            if let lab = try await scope.lab(on: database), !lab.perimeter.isNational { perimeter = perimeter ?? lab.perimeter }
            return try await options.importer(database).importCommunes(path: file, departements: perimeter, includeAssociated: includeAssociated)
        }
        options.report(summary, file: file)
    }
}

struct ImportCoordinates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "communes-coordinates", abstract: "Set commune latitude and longitude from a CSV file.")
    @OptionGroup var options: ImportOptions
    @Option(name: .customLong("code-column"), help: "Column holding the INSEE commune code.") var codeColumn = "code_commune_insee"
    @Option(name: .customLong("latitude-column"), help: "Column holding the latitude (decimal degrees, WGS 84).") var latitudeColumn = "latitude"
    @Option(name: .customLong("longitude-column"), help: "Column holding the longitude (decimal degrees, WGS 84).") var longitudeColumn = "longitude"
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        var columns = RegisterImporter.CoordinateColumns()
        columns.code = codeColumn
        columns.latitude = latitudeColumn
        columns.longitude = longitudeColumn
        let chosen = columns
        let summary = try await options.db.run(logger: makeLogger()) { try await options.importer($0).importCoordinates(path: file, columns: chosen) }
        options.report(summary, file: file)
    }
}

struct ImportRNA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rna",
        abstract: "Import associations from an RNA file (waldec or the older import file, ';'-separated) into a lab.",
        discussion: "RNA files exclude départements 57, 67 and 68, whose associations are found in SIRENE (legal category 9260)."
    )
    @OptionGroup var options: ImportOptions
    @OptionGroup var scope: ScopeOptions
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) { database in
            let lab = try await scope.requiredLab(on: database)
            return try await options.importer(database).importRNA(path: file, lab: lab, departements: try scope.perimeter())
        }
        options.report(summary, file: file)
    }
}

struct ImportSireneEstablishments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sirene-etablissements",
        abstract: "Step 1 of SIRENE: read StockEtablissement (geocoded or not) and keep the head offices inside the lab."
    )
    @OptionGroup var options: ImportOptions
    @OptionGroup var scope: ScopeOptions
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let summary = try await options.db.run(logger: makeLogger()) { database in
            let lab = try await scope.requiredLab(on: database)
            return try await options.importer(database).importSireneEstablishments(path: file, lab: lab, departements: try scope.perimeter())
        }
        options.report(summary, file: file)
    }
}

struct ImportSireneLegalUnits: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sirene-unites-legales",
        abstract: "Step 2 of SIRENE: read StockUniteLegale; units with a head office in the lab become organisations.",
        discussion: """
        Kind from the legal category (92xx associations, 9260 associations of local law in Alsace-Moselle, 93xx foundations,
        72xx/734x local authorities, other 7xxx public bodies, 8xxx and ESS-flagged units ESS structures, others companies).
        Size from categorieEntreprise (group level) when present, else from the headcount band; see docs/IMPORTS.md.
        """
    )
    @OptionGroup var options: ImportOptions
    @Option(help: "The lab.") var lab: String
    @Argument(help: "CSV file.") var file: String

    func run() async throws {
        let slug = lab
        let summary = try await options.db.run(logger: makeLogger()) { database in
            try await options.importer(database).importSireneLegalUnits(path: file, lab: try await findLab(slug, on: database))
        }
        options.report(summary, file: file)
    }
}
