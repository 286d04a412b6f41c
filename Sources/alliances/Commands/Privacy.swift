import AlliancesServer
import ArgumentParser
import Foundation

/// The GDPR rights from the command line (docs/PRIVACY.md).
struct Privacy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A person's data: export it (Art. 15, 20) or erase it (Art. 17).",
        subcommands: [PrivacyExport.self, PrivacyErase.self])
}

struct PrivacyExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write everything held about a person to one JSON file.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The person's e-mail address.") var email: String
    @Option(help: "The JSON file to write.") var output: String

    func run() async throws {
        let email = self.email
        let data = try await db.run(logger: makeLogger()) { database in
            do {
                return try await PrivacyService(database: database).export(email: email, by: nil, address: "cli")
            } catch let failure as PrivacyService.Failure {
                throw CommandFailure(failure.description)
            }
        }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandFailure("Cannot write \(output): \(error.localizedDescription)")
        }
        print("Wrote \(data.count) bytes about \(email) to \(output).")
    }
}

struct PrivacyErase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract:
            "Delete or anonymise every trace of a person: account, contact records, registrations (anonymous), meeting requests, messages and their .eml files."
    )
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The person's e-mail address.") var email: String
    @Option(name: .customLong("data-dir"), help: "The server's data folder (its outbox/ holds .eml files).")
    var dataDirectory: String = "./alliances-data"
    @Option(help: "Why (recorded in the audit log).") var reason: String = "effacement par l'exploitant"
    @Flag(help: "Confirm: the erasure cannot be undone.") var yes = false

    func run() async throws {
        guard yes else { throw ValidationError("Erasing cannot be undone: add --yes to confirm.") }
        let email = self.email, reason = self.reason
        let mail = (dataDirectory as NSString).appendingPathComponent("outbox")
        let report = try await db.run(logger: makeLogger()) { database in
            do {
                return try await PrivacyService(database: database, mailDirectory: mail).erase(
                    email: email, by: nil, reason: reason, address: "cli")
            } catch let failure as PrivacyService.Failure {
                throw CommandFailure(failure.description)
            }
        }
        print(
            "Erased \(email): \(report.account) account, \(report.people) contact records, \(report.registrations) registrations made anonymous, \(report.meetingRequests) meeting requests, \(report.messages) messages."
        )
    }
}
