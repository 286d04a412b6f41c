import AlliancesCore
import Hummingbird
import NIOConcurrencyHelpers

/// In another lab's pages (and its rencontres', and its API called from the browser), a
/// signed-in person acts by the role they hold there (`lab_roles`), if any: the rest of the
/// request (permissions, menus) sees that lab's facilitator or member. One indexed read, for
/// signed-in people other than network admins, on those addresses only. API tokens are not
/// concerned (a token acts in its own lab): this runs before they are read.
struct LabRoleMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let database: Database
    /// Labs' ids by slug (neither ever changes), so a person's own lab costs no read.
    let labIDs = NIOLockedValueBox<[String: Int]>([:])

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        guard let user = context.identity, user.viewer.role != .admin,
            let target = Self.target(request.uri.path)
        else { return try await next(request, context) }
        if case .lab(let slug) = target, let id = labIDs.withLockedValue({ $0[slug] }), id == user.viewer.labID {
            return try await next(request, context)
        }
        let (labIDs, userID) = (self.labIDs, user.viewer.userID)
        let extra = try await database.withConnection { db -> LabRole? in
            switch target {
            case .lab(let slug):
                guard let lab = try await LabStore().find(slug: slug, on: db) else { return nil }
                labIDs.withLockedValue { if $0.count < 10_000 { $0[slug] = lab.id } }
                guard lab.id != user.viewer.labID else { return nil }
                return try await AccountStore().labRole(userID: userID, labID: lab.id, on: db)
            case .event(let slug):
                guard let labID = try await EventStore().event(slug: slug, on: db)?.labID else { return nil }
                return try await AccountStore().labRole(userID: userID, labID: labID, on: db)
            }
        }
        guard let extra else { return try await next(request, context) }
        var context = context
        context.identity = CurrentUser(
            viewer: user.viewer.acting(inLab: extra.labID, extra: extra), name: user.name, email: user.email)
        return try await next(request, context)
    }

    /// The lab or event an address is under, whatever the method.
    static func target(_ path: String) -> LabArchive.Target? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.count >= 2, parts[0] == "labs", parts[1] != "nouveau" { return .lab(slug: String(parts[1])) }
        if parts.count >= 4, parts[0] == "api", parts[1] == "v1", parts[2] == "labs" {
            return .lab(slug: String(parts[3]))
        }
        if parts.count >= 2, parts[0] == "evenements", parts[1] != "nouveau" { return .event(slug: String(parts[1])) }
        return nil
    }
}
