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
        guard let role = Role(rawValue: role) else {
            throw ValidationError("Unknown role \(role): use admin, facilitateur or membre.")
        }
        var password = ProcessInfo.processInfo.environment["ALLIANCES_PASSWORD"]
        if password == nil || password!.isEmpty { password = readLine(strippingNewline: true) }
        guard let password, !password.isEmpty else {
            throw ValidationError("No password: set ALLIANCES_PASSWORD or pipe it on standard input.")
        }
        let email = self.email, name = self.name, lab = self.lab, organisation = self.organisation
        let id = try await db.run(logger: makeLogger()) { database in
            var labID: Int?
            if role == .facilitator {
                guard let slug = lab,
                    let found = try await database.withConnection({ try await LabStore().find(slug: slug, on: $0) })
                else {
                    throw CommandFailure("A facilitator needs --lab with an existing lab slug.")
                }
                labID = found.id
            }
            if role == .member, organisation == nil {
                throw CommandFailure("A member needs --organisation with an existing organisation id.")
            }
            do {
                return try await AccountService(database: database, bcryptCost: 12).create(
                    email: email, name: name, password: password, confirmation: nil, role: role,
                    labID: labID, organisationID: role == .member ? organisation : nil)
            } catch let failure as AccountService.Failure {
                throw CommandFailure(failure.description)
            }
        }
        print("Created account \(id) for \(EmailAddress.normalise(email)) (\(role.label)).")
    }
}
