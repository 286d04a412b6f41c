import AlliancesCore
import Metrics
import NIOConcurrencyHelpers
import SQLKit

/// Counts the password hashes the server evaluates (bcrypt costs ~0.2 s of a core each):
/// what login throttling bounds, exported as `alliances_password_checks_total`.
final class PasswordChecks: Sendable {
    private let evaluated = NIOLockedValueBox(0)
    private let metric = Counter(label: "alliances_password_checks_total")

    var count: Int { evaluated.withLockedValue { $0 } }

    func verify(_ password: String, hash: String) async throws -> Bool {
        evaluated.withLockedValue { $0 += 1 }
        metric.increment()
        return try await Passwords.verify(password, hash: hash)
    }
}

/// Signing in with an e-mail and a password, throttled per client address and per
/// (account, client address): an attack on one account from one address locks out that
/// address for that account only, never the owner signing in from elsewhere, and a
/// client can only try so many passwords in all. Each attempt is reserved before its hash
/// is checked (see `Throttle`), so parallel attempts cannot pass the limits; a correct
/// password releases its reservation, a wrong one keeps it as a failure.
struct LoginService: Sendable {
    let database: Database
    let accounts: AccountStore
    let checks: PasswordChecks
    let perAccountAndAddress: Throttle.Rule
    let perAddress: Throttle.Rule
    let bcryptCost: UInt8

    init(database: Database, accounts: AccountStore, checks: PasswordChecks, configuration: AppConfiguration) {
        self.database = database
        self.accounts = accounts
        self.checks = checks
        bcryptCost = configuration.bcryptCost
        perAccountAndAddress = .init(
            bucket: "login-account-address", limit: configuration.loginAttemptsLimit, window: configuration.loginWindow)
        perAddress = .init(
            bucket: "login-address", limit: configuration.loginAddressLimit, window: configuration.loginWindow)
    }

    enum Outcome: Sendable, Equatable {
        case signedIn(userID: Int)
        case wrongCredentials
        case throttled(retryAfter: Int)
        /// The password was right but the account is deactivated.
        case deactivated
    }

    func login(email rawEmail: String, password: String, address: String) async throws -> Outcome {
        let email = EmailAddress.normalise(rawEmail)
        let throttle = Throttle()
        let decision = try await database.write { db in
            try await throttle.reserve([(perAccountAndAddress, "\(email)|\(address)"), (perAddress, address)], on: db)
        }
        guard case .allowed(let reservations) = decision else {
            try await audit(.loginThrottled, email: email, address: address)
            if case .refused(let retryAfter) = decision { return .throttled(retryAfter: retryAfter) }
            return .wrongCredentials
        }
        let credentials = try await database.withConnection { db in try await accounts.credentials(email: email, on: db)
        }
        // Checked against a fixed hash when the account does not exist, so that timing does
        // not tell which addresses have accounts.
        let valid =
            try await checks.verify(password, hash: credentials?.passwordHash ?? Passwords.decoyHash(cost: bcryptCost))
            && credentials != nil
        guard valid, let userID = credentials?.id else {
            try await audit(.loginFailed, email: email, address: address)
            return .wrongCredentials
        }
        let user = try await database.withConnection { db in try await accounts.user(id: userID, on: db) }
        guard let user, user.isActive else {
            try await audit(.loginFailed, email: email, address: address)
            return .deactivated
        }
        try await database.transaction { db in
            try await throttle.release(reservations, on: db)
            try await accounts.recordLogin(userID: userID, on: db)
            try await AuditLog.record(
                .loginSucceeded, by: userID, lab: user.labID, target: "user:\(userID)", subject: userID,
                address: address, on: db)
        }
        return .signedIn(userID: userID)
    }

    /// A refused login is recorded against the account it named, when there is one; an
    /// address without an account is not kept (it may be anybody's typo).
    private func audit(_ action: AuditAction, email: String, address: String) async throws {
        try await database.write { db in
            let user = try await accounts.user(email: email, on: db)
            try await AuditLog.record(
                action, by: nil, lab: user?.labID, target: user.map { "user:\($0.id)" } ?? "compte inconnu",
                subject: user?.id, address: address, on: db)
        }
    }
}
