import AlliancesCore
import AlliancesServer
import ArgumentParser

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Administration tasks.",
        subcommands: [CreateUser.self, CreateLab.self, ResetPassword.self, Deactivate.self])
}
