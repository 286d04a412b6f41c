import Foundation
import AlliancesCore
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import SQLKit

/// Closes the database pool when the application shuts down, after the HTTP server has
/// drained its in-flight requests.
struct DatabaseService: Service {
    let database: Database
    func run() async throws {
        try? await gracefulShutdown()
        await database.shutdown()
    }
}

/// Deletes expired sessions and old login attempts, expires held seats, sends reminders
/// (rencontres, bookings), and applies the retention periods once a day.
struct HousekeepingService: Service {
    let database: Database
    var publicURL = "http://127.0.0.1:8080"
    var retention = RetentionPolicy()
    func run() async throws {
        var lastRetention = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = nowSeconds()
            // Personal data past its retention period goes once a day (docs/PRIVACY.md);
            // a failed round is tried again at the next one.
            if now - lastRetention >= 86_400 {
                let job = RetentionJob(database: database, policy: retention)
                let applied = await BackgroundJob.run("retention", "daily") { try await job.run(now: now) }
                if applied != nil { lastRetention = now }
            }
            let purged: Void? = await BackgroundJob.run("housekeeping-purge", "sessions and throttle hits") {
                try await database.write { db in
                    try await SQLPersistDriver.purgeExpired(now: now, on: db)
                    try await Throttle().purge(before: now - 86_400, on: db)
                    try await IdempotencyStore().purge(before: now - 86_400, on: db)
                }
            }
            // Seats offered from a waiting list and not confirmed in time go to the next person.
            let registrations = RegistrationService(database: database, publicURL: publicURL)
            let expired = await BackgroundJob.run("expire-offers") { try await registrations.expireOffers(now: now) }
            // Reminders go the day before, Paris time.
            let tomorrow = Paris.day(now + 86_400)
            let reminded = await BackgroundJob.run("reminders", "events of \(tomorrow)") {
                try await registrations.sendReminders(tomorrow: tomorrow)
            }
            // Bookings of pooled resources starting within a day: their reminder.
            let resources = ResourceService(database: database, publicURL: publicURL)
            let bookings = await BackgroundJob.run("booking-reminders") { try await resources.sendReminders(now: now) }
            // Ten minutes between rounds, one after a failure; returns at once when shutdown
            // starts, instead of holding it.
            let wait = purged == nil || expired == nil || reminded == nil || bookings == nil ? 60 : 600
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(wait)) }
        }
    }
}

/// Prometheus registry shared by the process; bootstrapped once.
public enum AppMetrics {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapOnce: Void = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }()
    public static func bootstrap() { _ = bootstrapOnce }
}

/// Assembles the application: one place, used by `alliances serve` and by the tests.
/// The database must already be migrated.
public func buildApplication(configuration: AppConfiguration, database: Database, logger: Logger)
    -> some ApplicationProtocol
{
    let services = Services(database: database, configuration: configuration)
    let router = buildRouter(services: services, metrics: true)
    var background: [any Service] = [
        DatabaseService(database: database),
        HousekeepingService(
            database: database, publicURL: configuration.publicURL, retention: configuration.retention),
        OutboxService(
            worker: OutboxWorker(
                database: database, transport: configuration.mailTransport, from: configuration.mailFrom,
                logger: logger,
                retention: configuration.mailRetention)),
        BarometerWarmer(barometer: services.barometer),
        WebhookService(
            worker: WebhookWorker(
                database: database, client: WebhookWorker.makeClient(),
                allowPrivateAddresses: configuration.webhooksAllowPrivateAddresses, logger: logger))
    ]
    if let schedule = configuration.backups {
        background.append(
            ScheduledBackupService(
                database: database, dataDirectory: configuration.dataDirectory, schedule: schedule, logger: logger,
                monitor: services.backups))
    }
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.hostname, port: configuration.port), serverName: "Alliances"),
        services: background,
        logger: logger
    )
}

public func buildRouter(configuration: AppConfiguration, database: Database, metrics: Bool = false) -> Router<
    AppContext
> {
    buildRouter(services: Services(database: database, configuration: configuration), metrics: metrics)
}

func buildRouter(services: Services, metrics: Bool) -> Router<AppContext> {
    let (database, configuration) = (services.database, services.configuration)
    let router = Router(context: AppContext.self)
    router.middlewares.add(
        ClientAddressMiddleware(
            resolver: ClientAddressResolver(
                trusted: configuration.trustedProxies, header: configuration.forwardedHeader)))
    if configuration.logRequests { router.middlewares.add(RequestLogMiddleware()) }
    if metrics {
        AppMetrics.bootstrap()
        router.middlewares.add(MetricsMiddleware())
    }
    router.middlewares.add(SecurityHeadersMiddleware())
    router.middlewares.add(ErrorMiddleware(layout: services.layout))
    // Before the session is read: a forged post costs no database read, and the middleware
    // sees the session cookie a response sets (to replace its nonce).
    router.middlewares.add(CSRFMiddleware(cookies: configuration.cookies, secret: services.csrfSecret))
    router.middlewares.add(
        SessionMiddleware(
            storage: services.sessionStorage,
            configuration: .init(
                sessionCookieParameters: .init(
                    name: configuration.cookies.session, path: "/", secure: configuration.cookies.secure, sameSite: .lax
                ),
                keyPrefix: "",
                defaultSessionExpiration: .seconds(60 * 60 * 24 * 7)
            )
        ))
    router.middlewares.add(
        SessionAuthenticator(context: AppContext.self) { (session: SessionPayload, _) in
            try await database.withConnection { db -> CurrentUser? in
                // A deactivated account's sessions are closed at once; this refuses any left.
                guard let user = try await services.accounts.user(id: session.userID, on: db), user.isActive else {
                    return nil
                }
                return CurrentUser(user)
            }
        })

    // After the session (a person's role in another lab), before API tokens (which act in
    // their own lab only).
    router.middlewares.add(LabRoleMiddleware(database: database))
    router.middlewares.add(
        ApiAddressLimitMiddleware(
            limiter: ApiRateLimiter(perMinute: configuration.apiRequestsPerAddressPerMinute, by: "address")))
    router.middlewares.add(
        BearerTokenMiddleware(
            tokens: services.apiTokens, limiter: ApiRateLimiter(perMinute: configuration.apiRequestsPerMinute)))
    router.middlewares.add(ConditionalGetMiddleware())
    router.middlewares.add(ArchivedLabMiddleware(database: database))
    router.middlewares.add(IdempotencyMiddleware(database: database))

    router.get("/static/app.css") { _, _ in Stylesheet.response() }
    router.get("/static/restitution.js") { _, _ in RestitutionScript.response() }
    router.get("/static/picker.js") { _, _ in PickerScript.response() }
    LabThemeRoutes.register(router)
    router.get("/api/openapi.json") { _, _ in
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    router.get("/health") { _, _ in
        try await database.ping()
        return "ok"
    }
    let metricsAccess = MetricsAccess(token: configuration.metricsToken)
    router.get("/metrics") { request, context in
        guard metricsAccess.allows(peer: context.peerAddress, headers: request.headers) else {
            throw AppError(
                .forbidden,
                "Les métriques sont réservées à la supervision : depuis la machine même (sans proxy), ou avec le jeton de --metrics-token."
            )
        }
        var buffer: [UInt8] = []
        AppMetrics.registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
    let routes = RouteTable(router: router, services: services)
    LabRoutes.register(routes)
    LabArchiveRoutes.register(routes)
    SharedOrganisationRoutes.register(routes)
    DirectoryRoutes.register(routes)
    DirectoryAPI.register(routes)
    AccountRoutes.register(routes)
    AccountAdminRoutes.register(routes)
    MyAccountRoutes.register(routes)
    AuditRoutes.register(routes)
    WebhookRoutes.register(routes)
    WebhookAPI.register(routes)
    LabTokenRoutes.register(routes)
    PrivacyRoutes.register(routes)
    OperationsRoutes.register(routes)
    ImportRoutes.register(routes)
    ListingRoutes.register(routes)
    IntroductionRoutes.register(routes)
    MarketplaceAPI.register(routes)
    SearchRoutes.register(routes)
    MapRoutes.register(routes)
    ProgrammeAdminRoutes.register(routes)
    ProgrammeRoutes.register(routes)
    RegistrationRoutes.register(routes)
    RegistrationAdminRoutes.register(routes)
    OnBehalfRoutes.register(routes)
    CheckInRoutes.register(routes)
    ExportRoutes.register(routes)
    EventsAPI.register(routes)
    AllocationRoutes.register(routes)
    MeetingRoutes.register(routes)
    RestitutionRoutes.register(routes)
    RestitutionAPI.register(routes)
    QuestionRoutes.register(routes)
    EvaluationRoutes.register(routes)
    SessionDocumentRoutes.register(routes)
    SynthesisRoutes.register(routes)
    LunchRoutes.register(routes)
    PartnershipRoutes.register(routes)
    ResourceRoutes.register(routes)
    ResourceAPI.register(routes)
    LibraryAPI.register(routes)
    ResourcePhotoRoutes.register(routes)
    LibraryRoutes.register(routes)
    SheetDocumentRoutes.register(routes)
    ToolRoutes.register(routes)
    PartnershipAPI.register(routes)
    BarometerRoutes.register(routes)
    NetworkDashboardRoutes.register(routes)
    SurveyRoutes.register(routes)
    ReferenceRoutes.register(routes)
    BarometerAPI.register(routes)
    return router
}

/// A bare Hummingbird application with one "hello" route and no middleware: the
/// framework's ceiling on this machine, measured beside our pages in BENCHMARKS.md.
public func buildHelloApplication(hostname: String, port: Int, logger: Logger) -> some ApplicationProtocol {
    let router = Router()
    router.get("/hello") { _, _ in "Hello" }
    return Application(router: router, configuration: .init(address: .hostname(hostname, port: port)), logger: logger)
}
