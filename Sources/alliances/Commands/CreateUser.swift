import AlliancesCore
import AlliancesServer
import ArgumentParser
import Foundation
import Logging

struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract:
            "Create an account (e.g. the first network admin). The password is read from ALLIANCES_PASSWORD or the first line of standard input."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "E-mail address (the login).") var email: String
    @Option(help: "Display name.") var name: String = "Administrateur"
    @Option(help: "Role: admin, facilitateur or membre.") var role: String = "admin"
    @Option(help: "Lab slug, for a facilitator.") var lab: String?
    @Option(help: "Organisation id, for a member.") var organisation: Int?

    func run() async throws {
        guard EmailAddress.isValid(EmailAddress.normalise(email)) else {
            throw ValidationError("Invalid e-mail address: \(email)")
        }
        guard let role = Role(rawValue: role) else {
            throw ValidationError("Unknown role \(role): use admin, facilitateur or membre.")
        }
        var password = ProcessInfo.processInfo.environment["ALLIANCES_PASSWORD"]
        if password == nil || password!.isEmpty { password = readLine(strippingNewline: true) }
        guard let password, !password.isEmpty else {
            throw ValidationError("No password: set ALLIANCES_PASSWORD or pipe it on standard input.")
        }
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
                    return try await AccountStore().createUser(
                        email: email, name: name, passwordHash: hash, role: role,
                        labID: labID, organisationID: organisationID, on: conn)
                } catch let error as AccountError {
                    throw CommandFailure(error.description)
                }
            }
        }
        print("Created account \(id) for \(EmailAddress.normalise(email)) (\(role.label)).")
    }
}
