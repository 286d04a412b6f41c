import AlliancesCore
import Foundation
import Hummingbird

/// Network admins archive a lab (read-only, everything kept) and restore it; the
/// middleware refuses every change under an archived lab's addresses.
enum LabArchiveRoutes {
    static func register(_ routes: RouteTable) {
        routes.post("/labs/:lab/archiver", archive)
        routes.post("/labs/:lab/" + LabArchive.restorePath, restore)
    }

    static func archive(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await set(archived: true, context, services)
    }

    static func restore(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await set(archived: false, context, services)
    }

    static func set(archived: Bool, _ context: AppContext, _ services: Services) async throws -> Response {
        guard context.viewer != nil else { throw AppError.loginRequired }
        guard Permissions.canArchiveLab(context.viewer) else { throw AppError.forbidden }
        let lab = try await services.database.transaction { db in
            let lab = try await services.lab(context, on: db)
            guard (lab.archivedAt != nil) != archived else { return lab }
            try await services.labs.setArchived(id: lab.id, at: archived ? nowSeconds() : nil, on: db)
            try await AuditLog.record(
                archived ? .labArchived : .labRestored, by: context.viewer?.userID, lab: lab.id,
                target: "lab:\(lab.slug)", on: db)
            return lab
        }
        return redirect(to: "/labs/\(lab.slug)")
    }
}

/// Refuses (409, in French) every change under an archived lab's addresses, before any
/// handler runs: one indexed read, on changes only.
struct ArchivedLabMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let database: Database

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        if let target = LabArchive.target(method: request.method.rawValue, path: request.uri.path) {
            let archived = try await database.withConnection { db -> Bool in
                switch target {
                case .lab(let slug): return try await LabStore().isArchived(slug: slug, on: db)
                case .event(let slug):
                    guard let labID = try await EventStore().event(slug: slug, on: db)?.labID else { return false }
                    return try await LabStore().isArchived(id: labID, on: db)
                }
            }
            if archived { throw AppError(.conflict, LabArchive.message) }
        }
        return try await next(request, context)
    }
}
