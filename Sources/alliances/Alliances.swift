import AlliancesServer
import ArgumentParser

@main
struct Alliances: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alliances",
        abstract: "Alliances: the open platform of territorial partnership labs.",
        subcommands: [
            Serve.self, Migrate.self, Backup.self, Restore.self, Demo.self, Import.self, Allocate.self, Admin.self,
            Privacy.self, BenchHello.self
        ],
        defaultSubcommand: Serve.self
    )
}
