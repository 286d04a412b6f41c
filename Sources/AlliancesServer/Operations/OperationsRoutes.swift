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
    /// last search-index build failed; with the schema status read for it (nil when it
    /// could not be read), which the Exploitation page shows too.
    static func checks(_ services: Services) async -> (checks: [Check], status: MigrationStatus?) {
        var checks: [Check] = []
        do {
            try await services.database.ping()
            checks.append(Check(name: "database", ok: true, detail: services.database.engine.rawValue))
        } catch {
            checks.append(Check(name: "database", ok: false, detail: "unreachable"))
            let unknown = [
                Check(name: "migrations", ok: false, detail: "unknown"),
                Check(name: "search", ok: false, detail: "unknown")
            ]
            return (checks + unknown, nil)
        }
        var status: MigrationStatus?
        do {
            let read = try await Migrator(database: services.database, logger: services.database.logger).status()
            status = read
            checks.append(
                Check(
                    name: "migrations", ok: read.isCurrent,
                    detail: read.isCurrent
                        ? "schema \(read.schemaVersion)"
                        : "\(read.pending.count) pending, \(read.unknown.count) unknown"))
        } catch {
            checks.append(Check(name: "migrations", ok: false, detail: "unreadable"))
        }
        let failing = await services.search.cache.failing
        checks.append(
            Check(
                name: "search", ok: failing.isEmpty,
                detail: failing.isEmpty ? "ok" : "\(failing.count) lab index(es) failing"))
        return (checks, status)
    }

    /// 200 when every check passes, 503 otherwise; a JSON body naming each check. Open to
    /// all: it says nothing a visitor could use.
    static func ready(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let checks = await checks(services).checks
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
        let readiness = await checks(services)
        // Read again only when the checks could not: its error is then the page's answer.
        let status: MigrationStatus
        if let read = readiness.status {
            status = read
        } else {
            status = try await Migrator(database: services.database, logger: services.database.logger).status()
        }
        var upgradeCopies: [String] = []
        if case .sqlite(let path) = configuration.database {
            upgradeCopies = UpgradeSafety.copies(of: path).map { ($0 as NSString).lastPathComponent }
        }
        let model = OperationsPage.Model(
            engine: services.database.engine, schemaVersion: status.schemaVersion, latest: MigrationStatus.latest,
            pending: status.pending.count, schedule: configuration.backups,
            backups: configuration.backups.map { BackupCatalogue.list($0.directory) } ?? [],
            upgradeCopies: upgradeCopies, checks: readiness.checks, now: nowSeconds(),
            lastFailure: services.backups.lastFailure,
            freeBytes: configuration.backups.flatMap {
                (try? FileManager.default.attributesOfFileSystem(forPath: $0.directory))?[.systemFreeSize] as? Int
            })
        return services.layout.response(
            page: PageContext(title: "Exploitation", context: context, section: "operations"),
            body: OperationsPage.render(model))
    }
}
