import Foundation
/// How the server runs; built from the command line and the environment.
public struct AppConfiguration: Sendable {
    public var hostname: String
    public var port: Int
    public var database: DatabaseLocation
    public var siteName: String
    /// Mark cookies Secure even when the public URL is not https (HTTPS ends elsewhere).
    public var secureCookies: Bool
    /// Cookies are `Secure` and `__Host-` whenever the site is public over HTTPS: not a flag
    /// to remember.
    public var cookies: CookieNames {
        CookieNames(secure: secureCookies || publicURL.lowercased().hasPrefix("https://"))
    }
    /// Failed logins allowed per (account, client address) in `loginWindow` seconds.
    public var loginAttemptsLimit: Int
    /// Failed logins allowed per client address, whatever the accounts, in the same window.
    public var loginAddressLimit: Int = 20
    public var loginWindow: Int
    /// Reverse proxies whose forwarding header names the client (`--trusted-proxy`); the
    /// socket's peer is the client otherwise.
    public var trustedProxies: [AddressBlock] = []
    /// A Bearer token that opens `/metrics` from elsewhere than this machine (`--metrics-token`).
    public var metricsToken: String?
    /// Requests one API token may make per minute on this instance (`--api-requests-per-minute`).
    public var apiRequestsPerMinute = 1_200
    /// Seconds a token's lookup is kept by this instance (`--api-token-memo-seconds`; 0: none).
    /// A revocation here takes effect at once; a revocation, deactivation or role change made
    /// through another instance, within this delay (`ApiTokens.Memo`).
    public var apiTokenMemoSeconds = 5
    /// Requests to `/api/` one client address may make per minute on this instance, with or
    /// without a token (`--api-requests-per-address-per-minute`).
    public var apiRequestsPerAddressPerMinute = 6_000
    /// Webhooks may also call this machine and private networks
    /// (`--webhooks-allow-private-addresses`): for tests and a receiver on the same host.
    public var webhooksAllowPrivateAddresses = false
    /// Guest registrations accepted per client address, event and hour.
    public var guestRegistrationsPerHour = 10
    /// Seconds a guest's seat is held until the e-mailed link is followed (`--guest-hold`).
    public var guestHold = 2 * 3600
    /// Seconds after an event's end its private links keep working (`--registration-link-grace`).
    public var registrationLinkGrace = 30 * 86_400
    /// How long one server-sent events stream of a projector lasts before the browser
    /// reconnects (seconds).
    public var projectorStreamSeconds = 60
    /// Seconds an invitation link stays valid (`--invitation-lifetime`).
    public var invitationLifetime = 7 * 86_400
    /// Seconds a message's body (and its `.eml` file) is kept after it was queued
    /// (`--mail-retention`); the delivery record stays.
    public var mailRetention = 30 * 86_400
    /// Retention of personal data, in days (docs/PRIVACY.md), applied daily by housekeeping.
    public var retention = RetentionPolicy()
    /// Seconds a password-reset link stays valid.
    public var passwordResetLifetime = 3600
    /// The header those proxies set.
    public var forwardedHeader: ClientAddressResolver.Header = .xForwardedFor
    /// Where invitation links point to (e.g. https://alliances.example.org).
    public var publicURL: String
    /// Bcrypt cost; lowered in tests only.
    public var bcryptCost: UInt8
    /// Where uploaded register files and their rejects are kept.
    public var dataDirectory: String
    /// Largest register file accepted by the web upload.
    public var maxUploadBytes: Int
    /// Largest document attached to a partnership (a signed agreement, a report).
    public var maxDocumentBytes: Int
    /// How long the upload request waits for a web import to finish before sending the
    /// facilitator to its live progress page.
    public var importWaitSeconds: Double = 2
    /// How outbox messages leave: `.eml` files under the data folder by default.
    public var mailTransport: MailTransport
    public var mailFrom: String
    /// One log line per request (`RequestLogMiddleware`); tests and benchmarks turn it off.
    public var logRequests = false
    /// Backups the server takes by itself (`serve --backup-dir`), if any.
    public var backups: BackupSchedule?

    public init(
        hostname: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation,
        siteName: String = "Alliances", secureCookies: Bool = false, loginAttemptsLimit: Int = 5,
        loginWindow: Int = 15 * 60, publicURL: String? = nil, bcryptCost: UInt8 = 12,
        dataDirectory: String = "./alliances-data", maxUploadBytes: Int = 512 * 1024 * 1024,
        maxDocumentBytes: Int = 20 * 1024 * 1024,
        mailTransport: MailTransport? = nil, mailFrom: String = "Alliances <ne-pas-repondre@alliances.invalid>"
    ) {
        self.mailTransport =
            mailTransport ?? .files(directory: (dataDirectory as NSString).appendingPathComponent("outbox"))
        self.mailFrom = mailFrom
        self.dataDirectory = dataDirectory
        self.maxUploadBytes = maxUploadBytes
        self.maxDocumentBytes = maxDocumentBytes
        self.hostname = hostname
        self.port = port
        self.database = database
        self.siteName = siteName
        self.secureCookies = secureCookies
        self.loginAttemptsLimit = loginAttemptsLimit
        self.loginWindow = loginWindow
        self.publicURL = publicURL ?? "http://\(hostname):\(port)"
        self.bcryptCost = bcryptCost
    }
}

/// `serve --backup-dir DIR --backup-every 24h --backup-keep 14`.
public struct BackupSchedule: Sendable, Equatable {
    public var directory: String
    /// Seconds between two backups.
    public var every: Int
    /// Archives kept; older ones are deleted after a good backup.
    public var keep: Int

    public init(directory: String, every: Int = 86_400, keep: Int = 14) {
        self.directory = directory
        self.every = every
        self.keep = keep
    }
}

/// How long personal data is kept (`serve --retain-…`), in days.
public struct RetentionPolicy: Sendable, Equatable {
    /// Dietary needs (health data, GDPR Art. 9), after the event's end.
    public var dietaryDays = 30
    /// Cancelled or never confirmed guest registrations, after their last change.
    public var unconfirmedGuestDays = 7
    /// Audit log entries.
    public var auditDays = 365

    public init(dietaryDays: Int = 30, unconfirmedGuestDays: Int = 7, auditDays: Int = 365) {
        self.dietaryDays = dietaryDays
        self.unconfirmedGuestDays = unconfirmedGuestDays
        self.auditDays = auditDays
    }
}
