import AlliancesCore
import Hummingbird
import Logging
import SQLKit

/// Everything handlers share: the database, the stores, the page frame and caches.
struct Services: Sendable {
    let database: Database
    let labs = LabStore()
    let organisations = OrganisationStore()
    let directory: DirectoryService
    let marketplace: MarketplaceService
    let search: SearchService
    let events = EventStore()
    let lunch = LunchStore()
    let registrations: RegistrationService
    let programme: ProgrammeService
    let allocation: AllocationService
    let meetings: MeetingService
    let restitution: RestitutionService
    /// The rooms' screens, each read and rendered once per second (key: event, session, second).
    let projectorCache = BoundedCache<RestitutionRoutes.ScreenFrame>(maxEntries: 500, maxBytes: 8 * 1024 * 1024) {
        $0.ranking.rendered.utf8.count + 2_048
    }
    let partnerships: PartnershipService
    let resources: ResourceService
    let library: LibraryService
    let barometer: BarometerService
    let accounts: AccountStore
    let passwordChecks = PasswordChecks()
    let login: LoginService
    let lifecycle: AccountLifecycle
    let apiTokens: ApiTokens
    let webhooks: WebhookSubscriptions
    let privacy: PrivacyService
    let audit = AuditStore()
    let csrfSecret: ServerSecret
    let sessionStorage: SQLPersistDriver
    let layout: Layout
    let counts = CountCache()
    let pages = PageCache()
    /// Encoded API answers that every viewer gets alike, keyed by the lab's data version.
    let apiBodies = BoundedCache<JSONResponse.Encoded>(maxBytes: 32 * 1024 * 1024) { $0.body.readableBytes + 64 }
    let importJobs = ImportJobs()
    /// The scheduled backups' last failure, for the Exploitation page.
    let backups = BackupMonitor()
    let configuration: AppConfiguration

    init(database: Database, configuration: AppConfiguration) {
        self.database = database
        self.directory = DirectoryService(database: database)
        self.marketplace = MarketplaceService(database: database, publicURL: configuration.publicURL)
        self.search = SearchService(database: database)
        self.registrations = RegistrationService(
            database: database, publicURL: configuration.publicURL, guestHold: configuration.guestHold,
            linkGrace: configuration.registrationLinkGrace)
        self.allocation = AllocationService(database: database, registrations: registrations)
        self.meetings = MeetingService(database: database, registrations: registrations)
        self.programme = ProgrammeService(database: database, registrations: registrations)
        self.restitution = RestitutionService(database: database)
        self.partnerships = PartnershipService(database: database)
        self.resources = ResourceService(database: database, publicURL: configuration.publicURL)
        self.library = LibraryService(database: database, publicURL: configuration.publicURL)
        self.barometer = BarometerService(database: database)
        self.accounts = AccountStore()
        self.csrfSecret = ServerSecret(name: "csrf", database: database)
        self.sessionStorage = SQLPersistDriver(database: database)
        self.login = LoginService(
            database: database, accounts: accounts, checks: passwordChecks, configuration: configuration)
        self.lifecycle = AccountLifecycle(
            database: database, sessions: sessionStorage, publicURL: configuration.publicURL,
            bcryptCost: configuration.bcryptCost, resetLifetime: configuration.passwordResetLifetime)
        self.apiTokens = ApiTokens(database: database, memo: ApiTokens.Memo(seconds: configuration.apiTokenMemoSeconds))
        self.webhooks = WebhookSubscriptions(database: database)
        var mailDirectory: String?
        if case .files(let directory) = configuration.mailTransport { mailDirectory = directory }
        self.privacy = PrivacyService(
            database: database, publicURL: configuration.publicURL, mailDirectory: mailDirectory)
        self.layout = Layout(siteName: configuration.siteName)
        self.configuration = configuration
    }

    /// The lab named in the URL, or a French 404.
    func lab(_ context: AppContext, on db: any SQLDatabase) async throws -> Lab {
        let slug = try context.parameters.require("lab")
        guard let lab = try await labs.find(slug: slug, on: db) else {
            throw AppError.notFound("Ce labo n'existe pas.")
        }
        return lab
    }

    /// The signed-in viewer and the lab of the path, when `allowed(viewer, lab.id)`: 401
    /// for a visitor, 404 for an unknown lab, 403 otherwise. The guard of the lab's
    /// facilitator pages (accounts, webhooks, tokens).
    func lab(
        _ context: AppContext, allowing allowed: @Sendable (Viewer?, Int) -> Bool
    ) async throws -> (Viewer, Lab) {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let lab = try await database.withConnection { db in try await self.lab(context, on: db) }
        guard allowed(viewer, lab.id) else { throw AppError.forbidden }
        return (viewer, lab)
    }

    /// An integer path parameter; anything else is a 404 (an unknown id), never a 500.
    func id(_ name: String, _ context: AppContext) throws -> Int {
        guard let text = context.parameters.get(name), let value = Int(text), value > 0 else {
            throw AppError.notFound("Cette fiche n'existe pas.")
        }
        return value
    }
}
