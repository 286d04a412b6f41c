import AlliancesServer
import ArgumentParser

struct ResetPassword: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-password",
        abstract:
            "Send a password reset link (valid 1 hour, once) to an account's address through the outbox, and print it.")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "The account's e-mail address.") var email: String
    @Option(name: .customLong("public-url"), help: "Where the link points to.") var publicURL =
        "http://127.0.0.1:8080"

    func run() async throws {
        let email = self.email, publicURL = self.publicURL
        let link = try await db.run(logger: makeLogger()) { database in
            do {
                return try await OperatorCommands.resetPassword(database: database, email: email, publicURL: publicURL)
            } catch let failure as OperatorCommands.Failure {
                throw CommandFailure(failure.description)
            }
        }
        print("Reset link queued for \(email), valid 1 hour, once:\n\(link)")
    }
}
