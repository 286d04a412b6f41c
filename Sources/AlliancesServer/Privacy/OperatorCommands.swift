import AlliancesCore
import Foundation

/// What the operators' commands (`alliances admin …`, `alliances privacy …`) do, behind
/// the same services as the web pages, so both record the same audit entries.
public enum OperatorCommands {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Queues a reset link for the account's owner and returns it, for an operator to
    /// hand over when mail does not reach them. Valid one hour, once.
    public static func resetPassword(database: Database, email: String, publicURL: String) async throws -> String {
        let store = AccountStore()
        return try await database.transaction { db in
            guard let user = try await store.user(email: email, on: db) else {
                throw Failure(description: "No account for \(EmailAddress.normalise(email)).")
            }
            guard user.isActive else {
                throw Failure(description: "The account of \(user.email) is deactivated: reactivate it first.")
            }
            let token = try await store.issueToken(.passwordReset, userID: user.id, validFor: 3600, on: db)
            let link = "\(publicURL)/mot-de-passe/\(token)"
            try await OutboxStore().enqueue(
                AccountMessages.passwordReset(name: user.name, link: link, minutes: 60), to: user.email, on: db)
            try await AuditLog.record(
                .passwordResetRequested, by: nil, lab: user.labID, target: "user:\(user.id) (ligne de commande)",
                subject: user.id, address: "cli", on: db)
            return link
        }
    }

    /// Deactivates an account (its sessions end at once) with a reason.
    public static func deactivate(database: Database, email: String, reason: String) async throws {
        let user = try await database.withConnection { db in try await AccountStore().user(email: email, on: db) }
        guard let user else { throw Failure(description: "No account for \(EmailAddress.normalise(email)).") }
        let lifecycle = AccountLifecycle(
            database: database, sessions: SQLPersistDriver(database: database), publicURL: "", bcryptCost: 12,
            resetLifetime: 3600)
        try await lifecycle.deactivate(
            userID: user.id, reason: reason, by: nil, labID: user.labID, address: "cli")
    }
}
