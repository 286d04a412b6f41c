import Hummingbird

/// What every handler receives: the request, its context and the shared services.
typealias RouteHandler = @Sendable (Request, AppContext, Services) async throws -> Response

/// A capability's URL map, written as a table: one line per route, path → named handler.
///
/// `routes.get("/evenements/:event", ProgrammeRoutes.show)` reads as the site map it is; a
/// handler is a small static function, so no logic hides in a closure at registration.
struct RouteTable {
    let router: Router<AppContext>
    let services: Services

    func get(_ path: String, _ handler: @escaping RouteHandler) {
        let services = services
        router.get(RouterPath(path)) { request, context in try await handler(request, context, services) }
    }

    func post(_ path: String, _ handler: @escaping RouteHandler) {
        let services = services
        router.post(RouterPath(path)) { request, context in try await handler(request, context, services) }
    }

    func put(_ path: String, _ handler: @escaping RouteHandler) {
        let services = services
        router.put(RouterPath(path)) { request, context in try await handler(request, context, services) }
    }

    func patch(_ path: String, _ handler: @escaping RouteHandler) {
        let services = services
        router.patch(RouterPath(path)) { request, context in try await handler(request, context, services) }
    }

    func delete(_ path: String, _ handler: @escaping RouteHandler) {
        let services = services
        router.delete(RouterPath(path)) { request, context in try await handler(request, context, services) }
    }
}
