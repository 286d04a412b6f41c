import AlliancesCore
import AlliancesServer
import ArgumentParser
import Foundation
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the web server (migrates the database and loads the demo data into an empty one first)."
    )

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Address to listen on.") var hostname: String = "127.0.0.1"
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Flag(name: .customLong("no-demo"), help: "Do not load the demo data into an empty database.") var noDemo = false
    @Option(
        name: .customLong("public-url"),
        help: "Public address of the site, used in invitation links (default http://HOSTNAME:PORT).")
    var publicURL: String?
    @Flag(name: .customLong("secure-cookies"), help: "Mark cookies Secure (when served over HTTPS behind a proxy).")
    var secureCookies = false
    @Option(name: .customLong("data-dir"), help: "Folder for uploaded register files and their rejects.")
    var dataDirectory = "./alliances-data"
    @Option(name: .customLong("max-upload-mb"), help: "Largest register file accepted by the web import page, in MiB.")
    var maxUploadMB = 512
    @Option(
        name: .customLong("max-document-mb"),
        help: "Largest document attached to a partnership (PDF, image, office file), in MiB.") var maxDocumentMB = 20
    @Option(
        name: .customLong("sendmail"),
        help:
            "Send messages with this sendmail-compatible command (e.g. \"/usr/bin/msmtp -t\" or \"/usr/sbin/sendmail -t -i\"); default: .eml files in DATA-DIR/outbox."
    )
    var sendmail: String?
    @Option(name: .customLong("mail-from"), help: "Sender of the messages.") var mailFrom =
        "Alliances <ne-pas-repondre@alliances.invalid>"
    @Option(
        name: .customLong("trusted-proxy"),
        help:
            "Reverse proxies whose forwarding header names the client: CIDR blocks or addresses, comma-separated, e.g. 127.0.0.1,::1 (also ALLIANCES_TRUSTED_PROXIES). Without it the socket's peer is the client."
    )
    var trustedProxies: [String] = []
    @Option(
        name: .customLong("guest-hold"),
        help:
            "How long a guest's seat is held until the link e-mailed to them is followed, then offered to the waiting list (e.g. 2h, 90m)."
    )
    var guestHold: String = "2h"

    @Option(name: .customLong("invitation-lifetime"), help: "How long an invitation link stays valid (e.g. 7d, 48h).")
    var invitationLifetime: String = "7d"

    @Option(
        name: .customLong("registration-link-grace"),
        help: "How long after a rencontre's end its participants' private links keep working (e.g. 30d).")
    var registrationLinkGrace: String = "30d"

    @Option(
        name: .customLong("mail-retention"),
        help: "How long a message's text (and its .eml file) is kept; the delivery record stays (e.g. 30d).")
    var mailRetention: String = "30d"
    @Option(
        name: .customLong("retain-dietary"),
        help: "How long dietary needs (health data) are kept after a rencontre's end (docs/PRIVACY.md).")
    var retainDietary: String = "30d"
    @Option(
        name: .customLong("retain-unconfirmed"),
        help: "How long cancelled or never confirmed guest registrations are kept.")
    var retainUnconfirmed: String = "7d"
    @Option(name: .customLong("retain-audit"), help: "How long audit log entries are kept.")
    var retainAudit: String = "365d"
    @Option(
        name: .customLong("metrics-token"),
        help:
            "A token that opens /metrics to a scraper on another machine (Authorization: Bearer TOKEN); also ALLIANCES_METRICS_TOKEN. Without it, /metrics answers only on this machine."
    )
    var metricsToken: String?
    @Option(
        name: .customLong("api-requests-per-minute"),
        help: "Requests one personal API token may make per minute on this instance; beyond, 429 with Retry-After.")
    var apiRequestsPerMinute: Int = 1_200
    @Option(
        name: .customLong("api-requests-per-address-per-minute"),
        help:
            "Requests to /api/ one client address may make per minute on this instance, with or without a token; beyond, 429 with Retry-After."
    )
    var apiRequestsPerAddressPerMinute: Int = 6_000
    @Option(
        name: .customLong("api-token-memo-seconds"),
        help:
            "Seconds an API token's lookup is kept in memory (0 to 60; 0: looked up on every request). A revocation on this instance takes effect at once; one made through another instance, within this delay."
    )
    var apiTokenMemoSeconds: Int = 5
    @Flag(
        name: .customLong("webhooks-allow-private-addresses"),
        help:
            "Let webhook subscriptions call this machine and private networks, over http:// too (tests, a receiver on the same host). Off by default: https:// to public addresses only."
    )
    var webhooksAllowPrivateAddresses = false

    @Option(
        name: .customLong("backup-dir"),
        help: "Take backups while serving, into this folder (outside the data folder is best; copy it off the machine)."
    )
    var backupDirectory: String?
    @Option(name: .customLong("backup-every"), help: "How often the server takes a backup (e.g. 24h, 6h).")
    var backupEvery: String = "24h"
    @Option(name: .customLong("backup-keep"), help: "How many of the newest backups are kept.")
    var backupKeep: Int = 14
    @Option(
        name: .customLong("log-format"),
        help: "text (for people) or json (one object per line, for log collectors); also LOG_FORMAT.")
    var logFormatText: String?
    @Flag(
        name: .customLong("no-request-log"),
        help: "Do not log one line per request (method, route, status, duration, request id).")
    var noRequestLog = false

    @Option(
        name: .customLong("forwarded-header"),
        help:
            "The header the trusted proxies set: x-forwarded-for (nginx, Caddy, Traefik, HAProxy) or forwarded (RFC 7239)."
    )
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
        if let logFormatText {
            guard let format = LogFormat(rawValue: logFormatText.lowercased()) else {
                throw ValidationError("--log-format: text or json, not « \(logFormatText) ».")
            }
            logFormat.withLock { $0 = format }
        }
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
                throw ValidationError(
                    "--sendmail: \(sendmail.split(separator: " ").first.map(String.init) ?? "") is not an executable file (give its full path)."
                )
            }
            transport = .sendmail(command: command)
        }
        var configuration = AppConfiguration(
            hostname: hostname, port: port, database: db.location,
            secureCookies: secureCookies, publicURL: publicURL,
            dataDirectory: dataDirectory, maxUploadBytes: maxUploadMB * 1024 * 1024,
            maxDocumentBytes: maxDocumentMB * 1024 * 1024,
            mailTransport: transport, mailFrom: mailFrom)
        guard let hold = DurationText.seconds(guestHold) else {
            throw ValidationError("--guest-hold: a duration such as 2h or 90m, not « \(guestHold) ».")
        }
        configuration.guestHold = hold
        for (option, text, keyPath) in [
            ("--invitation-lifetime", invitationLifetime, \AppConfiguration.invitationLifetime),
            ("--registration-link-grace", registrationLinkGrace, \AppConfiguration.registrationLinkGrace),
            ("--mail-retention", mailRetention, \AppConfiguration.mailRetention)
        ] {
            guard let seconds = DurationText.seconds(text) else {
                throw ValidationError("\(option): a duration such as 7d or 48h, not « \(text) ».")
            }
            configuration[keyPath: keyPath] = seconds
        }
        for (option, text, keyPath) in [
            ("--retain-dietary", retainDietary, \RetentionPolicy.dietaryDays),
            ("--retain-unconfirmed", retainUnconfirmed, \RetentionPolicy.unconfirmedGuestDays),
            ("--retain-audit", retainAudit, \RetentionPolicy.auditDays)
        ] {
            guard let seconds = DurationText.seconds(text), seconds >= 86_400 else {
                throw ValidationError("\(option): a duration of a day or more such as 30d, not « \(text) ».")
            }
            configuration.retention[keyPath: keyPath] = seconds / 86_400
        }
        if let backupDirectory {
            guard let every = DurationText.seconds(backupEvery), every >= 60 else {
                throw ValidationError(
                    "--backup-every: a duration of a minute or more such as 24h, not « \(backupEvery) ».")
            }
            guard (1...10_000).contains(backupKeep) else {
                throw ValidationError("--backup-keep: between 1 and 10000, not \(backupKeep).")
            }
            let schedule = BackupSchedule(directory: backupDirectory, every: every, keep: backupKeep)
            if let problem = schedule.problem(dataDirectory: dataDirectory) { throw ValidationError(problem) }
            configuration.backups = schedule
        }
        configuration.logRequests = !noRequestLog
        configuration.trustedProxies = proxies
        configuration.forwardedHeader = header
        guard apiRequestsPerMinute >= 1 else {
            throw ValidationError("--api-requests-per-minute: at least 1, not \(apiRequestsPerMinute).")
        }
        configuration.apiRequestsPerMinute = apiRequestsPerMinute
        guard apiRequestsPerAddressPerMinute >= 1 else {
            throw ValidationError(
                "--api-requests-per-address-per-minute: at least 1, not \(apiRequestsPerAddressPerMinute).")
        }
        configuration.apiRequestsPerAddressPerMinute = apiRequestsPerAddressPerMinute
        guard (0...60).contains(apiTokenMemoSeconds) else {
            throw ValidationError("--api-token-memo-seconds: from 0 to 60, not \(apiTokenMemoSeconds).")
        }
        configuration.apiTokenMemoSeconds = apiTokenMemoSeconds
        configuration.webhooksAllowPrivateAddresses = webhooksAllowPrivateAddresses
        configuration.metricsToken = metricsToken ?? ProcessInfo.processInfo.environment["ALLIANCES_METRICS_TOKEN"]
        if let token = configuration.metricsToken, token.count < 20 {
            throw ValidationError(
                "--metrics-token: at least 20 characters (e.g. openssl rand -base64 32), not \(token.count).")
        }
        if !proxies.isEmpty {
            logger.info(
                "Client addresses read from \(header.rawValue) when the peer is one of: \(proxies.map(\.description).joined(separator: ", "))"
            )
        }
        try await db.run(logger: logger, removeUpgradeCopies: true) { database in
            if !noDemo,
                let notes = try await DemoLoader.loadIfEmpty(
                    database: database, logger: logger, dataDirectory: dataDirectory)
            {
                for note in notes { logger.info("\(note)") }
            }
            logger.info("Alliances on \(db.location.redacted), http://\(hostname):\(port)")
            // The database service of the application closes the pool once requests have drained.
            try await buildApplication(configuration: configuration, database: database, logger: logger).runService()
        }
    }
}
