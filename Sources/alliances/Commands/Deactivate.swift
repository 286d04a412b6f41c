import AlliancesServer
import ArgumentParser

struct Deactivate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deactivate an account: its sessions end at once, its content stays; the reason is audited.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The account's e-mail address.") var email: String
    @Option(help: "Why (recorded in the audit log).") var reason: String = "désactivé par l'exploitant"

    func run() async throws {
        let email = self.email, reason = self.reason
        try await db.run(logger: makeLogger()) { database in
            do {
                try await OperatorCommands.deactivate(database: database, email: email, reason: reason)
            } catch let failure as OperatorCommands.Failure {
                throw CommandFailure(failure.description)
            }
        }
        print("Deactivated the account of \(email); its sessions are closed.")
    }
}
