import AlliancesCore
import SQLKit

/// The use cases of an account after its creation: what "Mon compte", the forgotten
/// password pages and the facilitators' accounts page do. Each change writes its audit
/// entry and queues its messages in the same transaction.
struct AccountLifecycle: Sendable {
    let database: Database
    let sessions: SQLPersistDriver
    let publicURL: String
    let bcryptCost: UInt8
    let resetLifetime: Int
    let store = AccountStore()

    /// Reset links asked per client address and per address asked for, each hour: the
    /// form cannot flood an inbox nor probe addresses quickly.
    static let resetsPerAddress = Throttle.Rule(bucket: "password-reset-address", limit: 10, window: 3600)
    static let resetsPerEmail = Throttle.Rule(bucket: "password-reset-email", limit: 3, window: 3600)

    enum LinkProblem: Error, Equatable {
        case unknown, used, expired

        var message: String {
            switch self {
            case .unknown: "Ce lien n'est pas valide. Vérifiez qu'il a été copié en entier, ou demandez-en un nouveau."
            case .used: "Ce lien a déjà servi : il ne vaut qu'une fois. Demandez-en un nouveau si besoin."
            case .expired: "Ce lien a expiré. Demandez-en un nouveau."
            }
        }
    }

    /// What a single-use link opens: its account, the new address of an e-mail change.
    func link(_ token: String, _ purpose: AccountTokenPurpose) async throws -> Result<
        (user: UserRecord, newEmail: String?), LinkProblem
    > {
        try await database.withConnection { db in
            switch try await store.token(token, purpose: purpose, on: db) {
            case .unknown: return .failure(.unknown)
            case .used: return .failure(.used)
            case .expired: return .failure(.expired)
            case .valid(_, let userID, let newEmail):
                guard let user = try await store.user(id: userID, on: db),
                    user.isActive || purpose == .erasure
                else { return .failure(.unknown) }
                return .success((user, newEmail))
            }
        }
    }

    // MARK: Self-service

    func rename(_ viewer: Viewer, name: String, address: String) async throws {
        try await database.transaction { db in
            try await store.rename(userID: viewer.userID, name: name, on: db)
            try await AuditLog.record(
                .accountRenamed, by: viewer.userID, lab: viewer.labID, target: "user:\(viewer.userID)",
                subject: viewer.userID, address: address, on: db)
        }
    }

    /// Changes the password after checking the current one; every other session closes.
    func changePassword(
        _ viewer: Viewer, current: String, new: String, confirmation: String, keepSession: String?, address: String
    ) async throws -> ValidationErrors {
        var errors = ValidationErrors()
        let hash = try await database.withConnection { db in try await store.passwordHash(userID: viewer.userID, on: db)
        }
        guard current.utf8.count <= 1024, let hash, try await Passwords.verify(current, hash: hash) else {
            errors.add("current", "Le mot de passe actuel n'est pas le bon.")
            return errors
        }
        if let problem = Passwords.problem(new, confirmation: confirmation) { errors.add("password", problem) }
        guard errors.isEmpty else { return errors }
        let newHash = try await Passwords.hash(new, cost: bcryptCost)
        try await database.transaction { db in
            try await store.setPassword(userID: viewer.userID, hash: newHash, on: db)
            try await sessions.close(userID: viewer.userID, except: keepSession, on: db)
            try await AuditLog.record(
                .passwordChanged, by: viewer.userID, lab: viewer.labID, target: "user:\(viewer.userID)",
                subject: viewer.userID, address: address, on: db)
            if let user = try await store.user(id: viewer.userID, on: db) {
                try await OutboxStore().enqueue(
                    AccountMessages.passwordChanged(name: user.name), to: user.email, on: db)
            }
        }
        return errors
    }

    /// Sends a reset link when the address has an active account; says nothing either way.
    func requestPasswordReset(email rawEmail: String, address: String) async throws {
        let email = EmailAddress.normalise(rawEmail)
        guard EmailAddress.isValid(email) else { return }
        let decision = try await database.write { db in
            try await Throttle().reserve([(Self.resetsPerAddress, address), (Self.resetsPerEmail, email)], on: db)
        }
        guard case .allowed = decision else { return }
        try await database.transaction { db in
            guard let user = try await store.user(email: email, on: db), user.isActive else { return }
            let token = try await store.issueToken(
                .passwordReset, userID: user.id, validFor: resetLifetime, on: db)
            try await OutboxStore().enqueue(
                AccountMessages.passwordReset(
                    name: user.name, link: "\(publicURL)/mot-de-passe/\(token)", minutes: resetLifetime / 60),
                to: user.email, on: db)
            try await AuditLog.record(
                .passwordResetRequested, by: nil, lab: user.labID, target: "user:\(user.id)", subject: user.id,
                address: address, on: db)
        }
    }

    /// The account a reset link opens, or why it does not.
    func resetLink(_ token: String) async throws -> Result<UserRecord, LinkProblem> {
        try await link(token, .passwordReset).map(\.user)
    }

    enum ResetOutcome: Equatable {
        case done
        case invalid(ValidationErrors)
        case link(LinkProblem)
    }

    /// Sets a new password from a reset link, once; every session of the account closes.
    func resetPassword(token: String, password: String, confirmation: String, address: String) async throws
        -> ResetOutcome
    {
        if let problem = Passwords.problem(password, confirmation: confirmation) {
            var errors = ValidationErrors()
            errors.add("password", problem)
            return .invalid(errors)
        }
        let hash = try await Passwords.hash(password, cost: bcryptCost)
        return try await database.transaction { db in
            guard case .valid(let id, let userID, _) = try await store.token(token, purpose: .passwordReset, on: db)
            else {
                switch try await store.token(token, purpose: .passwordReset, on: db) {
                case .used: return .link(.used)
                case .expired: return .link(.expired)
                default: return .link(.unknown)
                }
            }
            guard let user = try await store.user(id: userID, on: db), user.isActive else { return .link(.unknown) }
            guard try await store.useToken(id: id, on: db) else { return .link(.used) }
            try await store.setPassword(userID: userID, hash: hash, on: db)
            try await sessions.close(userID: userID, except: nil, on: db)
            try await AuditLog.record(
                .passwordReset, by: userID, lab: user.labID, target: "user:\(userID)", subject: userID,
                address: address, on: db)
            try await OutboxStore().enqueue(AccountMessages.passwordChanged(name: user.name), to: user.email, on: db)
            return .done
        }
    }

    /// Sends a confirmation link to the new address and tells the old one.
    func requestEmailChange(_ viewer: Viewer, newEmail rawEmail: String, password: String, address: String)
        async throws -> ValidationErrors
    {
        var errors = ValidationErrors()
        let email = EmailAddress.normalise(rawEmail)
        if !EmailAddress.isValid(email) { errors.add("email", "L'adresse e-mail « \(rawEmail) » n'est pas valide.") }
        let hash = try await database.withConnection { db in try await store.passwordHash(userID: viewer.userID, on: db)
        }
        var verified = false
        if password.utf8.count <= 1024, let hash { verified = try await Passwords.verify(password, hash: hash) }
        if !verified {
            errors.add("password_email", "Le mot de passe n'est pas le bon.")
        }
        guard errors.isEmpty else { return errors }
        return try await database.transaction { db in
            var errors = errors
            guard let user = try await store.user(id: viewer.userID, on: db) else { return errors }
            if email == user.email {
                errors.add("email", "C'est déjà l'adresse de votre compte.")
                return errors
            }
            if try await store.credentials(email: email, on: db) != nil {
                // Said to the account's owner, who proved it with their password.
                errors.add("email", "Cette adresse est déjà celle d'un autre compte.")
                return errors
            }
            let token = try await store.issueToken(
                .emailChange, userID: user.id, newEmail: email, validFor: 86_400, on: db)
            let outbox = OutboxStore()
            try await outbox.enqueue(
                AccountMessages.confirmNewEmail(name: user.name, link: "\(publicURL)/compte/email/\(token)"), to: email,
                on: db)
            try await outbox.enqueue(AccountMessages.emailChangeRequested(name: user.name), to: user.email, on: db)
            try await AuditLog.record(
                .emailChangeRequested, by: user.id, lab: user.labID, target: "user:\(user.id)", subject: user.id,
                address: address, on: db)
            return errors
        }
    }

    /// Applies an e-mail change from its link, once.
    func confirmEmailChange(token: String, address: String) async throws -> Result<Void, LinkProblem> {
        try await database.transaction { db in
            switch try await store.token(token, purpose: .emailChange, on: db) {
            case .unknown: return .failure(.unknown)
            case .used: return .failure(.used)
            case .expired: return .failure(.expired)
            case .valid(let id, let userID, let newEmail):
                guard let newEmail, let user = try await store.user(id: userID, on: db), user.isActive,
                    try await store.useToken(id: id, on: db)
                else { return .failure(.used) }
                guard try await store.setEmail(userID: userID, email: newEmail, on: db) else {
                    return .failure(.used)
                }
                try await OutboxStore().enqueue(AccountMessages.emailChanged(name: user.name), to: user.email, on: db)
                try await AuditLog.record(
                    .emailChanged, by: userID, lab: user.labID, target: "user:\(userID)", subject: userID,
                    address: address, on: db)
                return .success(())
            }
        }
    }

    func closeOtherSessions(_ viewer: Viewer, keep: String?, address: String) async throws -> Int {
        try await database.transaction { db in
            let closed = try await sessions.close(userID: viewer.userID, except: keep, on: db)
            try await AuditLog.record(
                .sessionsClosed, by: viewer.userID, lab: viewer.labID, target: "user:\(viewer.userID)",
                subject: viewer.userID, address: address, on: db)
            return closed
        }
    }

    // MARK: Facilitators and network admins

    /// Deactivates an account: its sessions end at once, its content stays.
    func deactivate(userID: Int, reason: String, by actor: Viewer?, labID: Int?, address: String) async throws {
        try await database.transaction { db in
            try await store.deactivate(userID: userID, reason: reason, on: db)
            try await sessions.close(userID: userID, except: nil, on: db)
            try await AuditLog.record(
                .accountDeactivated, by: actor?.userID, lab: labID, target: "user:\(userID) — \(reason)",
                subject: userID, address: address, on: db)
            if let user = try await store.user(id: userID, on: db) {
                try await OutboxStore().enqueue(AccountMessages.deactivated(name: user.name), to: user.email, on: db)
            }
        }
    }

    func reactivate(userID: Int, by actor: Viewer?, labID: Int?, address: String) async throws {
        try await database.transaction { db in
            try await store.reactivate(userID: userID, on: db)
            try await AuditLog.record(
                .accountReactivated, by: actor?.userID, lab: labID, target: "user:\(userID)", subject: userID,
                address: address, on: db)
        }
    }

    func setRole(
        userID: Int, role: Role, labID: Int?, organisationID: Int?, by actor: Viewer, address: String
    ) async throws {
        try await database.transaction { db in
            try await store.setRole(userID: userID, role: role, labID: labID, organisationID: organisationID, on: db)
            try await AuditLog.record(
                .roleChanged, by: actor.userID, lab: labID, target: "user:\(userID) → \(role.rawValue)",
                subject: userID, address: address, on: db)
        }
    }
}

/// Erasure asked by the person: a link to their own address confirms it.
extension AccountLifecycle {
    func requestErasure(_ viewer: Viewer, address: String) async throws {
        try await database.transaction { db in
            guard let user = try await store.user(id: viewer.userID, on: db) else { return }
            let token = try await store.issueToken(.erasure, userID: user.id, validFor: 3600, on: db)
            try await OutboxStore().enqueue(
                AccountMessages.erasureConfirmation(name: user.name, link: "\(publicURL)/compte/effacement/\(token)"),
                to: user.email, on: db)
            try await AuditLog.record(
                .erasureRequested, by: user.id, lab: user.labID, target: "user:\(user.id)", subject: user.id,
                address: address, on: db)
        }
    }

    /// The account an erasure link is for (the link dies with the account it erases).
    func erasureLink(_ token: String) async throws -> Result<UserRecord, LinkProblem> {
        try await link(token, .erasure).map(\.user)
    }

    /// The new address an e-mail change link is for.
    func emailChangeLink(_ token: String) async throws -> Result<String, LinkProblem> {
        try await link(token, .emailChange).flatMap { $0.newEmail.map { .success($0) } ?? .failure(.unknown) }
    }
}

/// A member's organisations.
extension AccountLifecycle {
    /// Adds an organisation to a member account (the person is told); false when it was
    /// one of theirs already.
    func addMembership(
        userID: Int, organisationID: Int, organisationName: String, by actor: Viewer, labID: Int,
        address: String
    ) async throws -> Bool {
        try await database.transaction { db in
            guard try await store.addMembership(userID: userID, organisationID: organisationID, on: db) else {
                return false
            }
            try await AuditLog.record(
                .membershipAdded, by: actor.userID, lab: labID, target: "user:\(userID) organisation:\(organisationID)",
                subject: userID, address: address, on: db)
            if let user = try await store.user(id: userID, on: db) {
                try await OutboxStore().enqueue(
                    AccountMessages.membershipAdded(name: user.name, organisation: organisationName), to: user.email,
                    on: db)
            }
            return true
        }
    }

    func removeMembership(userID: Int, organisationID: Int, by actor: Viewer, labID: Int, address: String)
        async throws -> Bool
    {
        try await database.transaction { db in
            guard try await store.removeMembership(userID: userID, organisationID: organisationID, on: db) else {
                return false
            }
            try await AuditLog.record(
                .membershipRemoved, by: actor.userID, lab: labID,
                target: "user:\(userID) organisation:\(organisationID)", subject: userID, address: address, on: db)
            return true
        }
    }
}
