import ServiceLifecycle

/// Every two seconds, `BarometerService.warm` (see there).
struct BarometerWarmer: Service {
    let barometer: BarometerService

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await barometer.warm()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(2)) }
        }
    }
}
