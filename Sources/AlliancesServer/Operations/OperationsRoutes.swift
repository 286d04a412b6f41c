import AlliancesCore
import Foundation
import Hummingbird

/// The installation's state: `/ready` for a load balancer, "Exploitation" for the network
/// admins (last good backup, kept archives, schema, readiness).
enum OperationsRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/ready", ready)
        routes.get("/exploitation", page)
    }

    struct Check: Sendable {
        let name: String
        let ok: Bool
        let detail: String
    }

    /// Database reachable, schema current (no pending, no unknown migration), no lab whose
    /// last search-index build failed.
    static func checks(_ services: Services) async -> [Check] {
        var checks: [Check] = []
        do {
            try await services.database.ping()
            checks.append(Check(name: "database", ok: true, detail: services.database.engine.rawValue))
        } catch {
            checks.append(Check(name: "database", ok: false, detail: "unreachable"))
            return checks + [
                Check(name: "migrations", ok: false, detail: "unknown"),
                Check(name: "search", ok: false, detail: "unknown")
            ]
        }
        do {
            let status = try await Migrator(database: services.database, logger: services.database.logger).status()
            checks.append(
                Check(
                    name: "migrations", ok: status.isCurrent,
                    detail: status.isCurrent
                        ? "schema \(status.schemaVersion)"
                        : "\(status.pending.count) pending, \(status.unknown.count) unknown"))
        } catch {
            checks.append(Check(name: "migrations", ok: false, detail: "unreadable"))
        }
        let failing = await services.search.cache.failing
        checks.append(
            Check(
                name: "search", ok: failing.isEmpty,
                detail: failing.isEmpty ? "ok" : "\(failing.count) lab index(es) failing"))
        return checks
    }

    /// 200 when every check passes, 503 otherwise; a JSON body naming each check. Open to
    /// all: it says nothing a visitor could use.
    static func ready(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let checks = await checks(services)
        let ok = checks.allSatisfy(\.ok)
        var body: [String: String] = ["status": ok ? "ready" : "not ready"]
        for check in checks { body[check.name] = check.ok ? check.detail : "failing: \(check.detail)" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(body)
        return Response(
            status: ok ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func page(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        guard Permissions.canOperate(viewer) else { throw AppError.forbidden }
        let configuration = services.configuration
        let status = try await Migrator(database: services.database, logger: services.database.logger).status()
        var upgradeCopies: [String] = []
        if case .sqlite(let path) = configuration.database {
            upgradeCopies = UpgradeSafety.copies(of: path).map { ($0 as NSString).lastPathComponent }
        }
        let model = OperationsPage.Model(
            engine: services.database.engine, schemaVersion: status.schemaVersion, latest: MigrationStatus.latest,
            pending: status.pending.count, schedule: configuration.backups,
            backups: configuration.backups.map { BackupCatalogue.list($0.directory) } ?? [],
            upgradeCopies: upgradeCopies, checks: await checks(services), now: nowSeconds(),
            lastFailure: services.backups.lastFailure,
            freeBytes: configuration.backups.flatMap {
                (try? FileManager.default.attributesOfFileSystem(forPath: $0.directory))?[.systemFreeSize] as? Int
            })
        return services.layout.response(
            page: PageContext(title: "Exploitation", context: context, section: "operations"),
            body: OperationsPage.render(model))
    }
}
