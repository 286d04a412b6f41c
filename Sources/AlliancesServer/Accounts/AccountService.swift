import AlliancesCore
import SQLKit

/// Creating an account, the one way: from an invitation (web) or by an operator
/// (`alliances admin create-user`). Checks the password and the role's scope, hashes the
/// password off the event loop, and writes the account and its audit entry in one
/// transaction (an invitation is marked used in the same one, so it opens one account).
public struct AccountService: Sendable {
    let database: Database
    let bcryptCost: UInt8

    public init(database: Database, bcryptCost: UInt8) {
        self.database = database
        self.bcryptCost = bcryptCost
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// A password, e-mail or scope that cannot be used; the message says why.
        case invalid(String)
        /// An account exists already for this address.
        case exists(String)
        /// The invitation was used meanwhile.
        case invitationUsed

        public var description: String {
            switch self {
            case .invalid(let message), .exists(let message): message
            case .invitationUsed: "Cette invitation a déjà été utilisée."
            }
        }
    }

    /// Creates the account and returns its id. `confirmation` nil: no second typing to
    /// compare (the command line).
    public func create(
        email: String, name: String, password: String, confirmation: String?, role: Role, labID: Int?,
        organisationID: Int?, invitationID: Int? = nil
    ) async throws -> Int {
        guard EmailAddress.isValid(EmailAddress.normalise(email)) else {
            throw Failure.invalid("Adresse e-mail invalide : \(email)")
        }
        if let problem = Passwords.problem(password, confirmation: confirmation) { throw Failure.invalid(problem) }
        switch role {
        case .admin: break
        case .facilitator: if labID == nil { throw Failure.invalid("Un facilitateur appartient à un labo.") }
        case .member: if organisationID == nil { throw Failure.invalid("Un membre appartient à une organisation.") }
        }
        let hash = try await Passwords.hash(password, cost: bcryptCost)
        return try await database.transaction { db in
            if let labID, try await LabStore().find(id: labID, on: db) == nil {
                throw Failure.invalid("Ce labo n'existe pas.")
            }
            if let organisationID, !(try await OrganisationStore().exists(id: organisationID, on: db)) {
                throw Failure.invalid("Cette organisation n'existe pas.")
            }
            if let invitationID, !(try await AccountStore().markAccepted(invitationID: invitationID, on: db)) {
                throw Failure.invitationUsed
            }
            let id: Int
            do {
                id = try await AccountStore().createUser(
                    email: email, name: name, passwordHash: hash, role: role,
                    labID: role == .admin ? nil : labID, organisationID: role == .member ? organisationID : nil, on: db)
            } catch let error as AccountError {
                throw Failure.exists(error.description)
            }
            try await AuditLog.record(userID: id, labID: labID, action: "account.create", target: "user:\(id)", on: db)
            return id
        }
    }
}
