import AlliancesServer
import ArgumentParser
import Logging

/// Serves only GET /hello, without Alliances' middleware or database: the framework's
/// ceiling for the benchmarks (BENCHMARKS.md).
struct BenchHello: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-hello", abstract: "Serve a bare hello route (benchmark reference).", shouldDisplay: false)
    @Option var hostname: String = "127.0.0.1"
    @Option var port: Int = 8081

    func run() async throws {
        try await buildHelloApplication(hostname: hostname, port: port, logger: makeLogger()).runService()
    }
}

// MARK: Imports
