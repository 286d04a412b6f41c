import AlliancesCore
import Foundation
import Hummingbird
import SQLKit

/// Public pages of rencontres (programme, session, speakers, printable programme, exports)
/// and the registration pages (form, personal page reached by its private link).
enum EventRoutes {
    static func register(on router: Router<AppContext>, services: Services) {
        router.get("/evenements") { _, context in try await index(context, services) }
        router.get("/evenements/:event") { request, context in
            try await programme(request, context, services, printable: false)
        }
        router.get("/evenements/:event/imprimer") { request, context in
            try await programme(request, context, services, printable: true)
        }
        router.get("/evenements/:event/sessions/:id") { request, context in
            try await session(request, context, services)
        }
        router.get("/evenements/:event/intervenants") { request, context in
            try await speakers(request, context, services)
        }
        router.get("/evenements/:event/programme.ics") { _, context in try await calendar(context, services, token: nil)
        }
        router.get("/evenements/:event/schedule.json") { request, context in
            try await scheduleJSON(request, context, services)
        }
        router.get("/evenements/:event/schedule.xml") { _, context in
            let loaded = try await load(context, services)
            var headers = HTTPFields()
            headers[.contentType] = "application/xml; charset=utf-8"
            return Response(
                status: .ok, headers: headers,
                body: .init(
                    byteBuffer: ByteBuffer(string: FrabSchedule(loaded, base: services.configuration.publicURL).xml)))
        }
        router.get("/evenements/:event/inscription") { _, context in
            try await form(context, services, input: RegistrationInput(listed: false), errors: .init(), status: .ok)
        }
        router.post("/evenements/:event/inscription") { _, context in try await register(context, services) }
        router.get("/evenements/:event/inscription/:token") { request, context in
            try await personal(
                context, services,
                notice: request.uri.queryParameters.get("ok") == "voeux" ? "Vos vœux sont enregistrés." : nil)
        }
        router.get("/evenements/:event/inscription/:token/agenda.ics") { _, context in
            try await calendar(context, services, token: try context.parameters.require("token"))
        }
        router.post("/evenements/:event/inscription/:token/annuler") { _, context in try await cancel(context, services)
        }
        router.post("/evenements/:event/inscription/:token/confirmer") { _, context in
            try await confirm(context, services)
        }
        router.post("/evenements/:event/inscription/:token/sessions/:id") { _, context in
            try await joinOrLeave(context, services)
        }
        router.get("/evenements/:event/inscrits") { _, context in try await registrations(context, services) }
        router.get("/evenements/:event/inscrits.csv") { _, context in try await registrationsCSV(context, services) }
        router.get("/evenements/:event/pointage") { request, context in
            try await checkInPage(request, context, services)
        }
        router.post("/evenements/:event/inscrits/:id/annuler") { _, context in
            let loaded = try await organiserOnly(context, services)
            try await services.registrations.cancel(registrationID: try services.id("id", context), event: loaded.event)
            return redirect(to: "/evenements/\(loaded.event.slug)/inscrits")
        }
        router.post("/evenements/:event/inscrits/:id/accepter") { _, context in
            let loaded = try await organiserOnly(context, services)
            guard
                try await services.registrations.approve(
                    registrationID: try services.id("id", context), event: loaded.event)
            else {
                throw AppError(
                    .conflict,
                    "Plus aucune place n'est libre : augmentez la capacité de la rencontre pour accepter cette personne."
                )
            }
            return redirect(to: "/evenements/\(loaded.event.slug)/inscrits")
        }
        router.post("/evenements/:event/inscrits/:id/atelier") { _, context in
            let loaded = try await organiserOnly(context, services)
            guard let sessionID = context.form["session"].flatMap({ Int($0) }),
                let session = loaded.sessions.first(where: { $0.id == sessionID && $0.capacity != nil })
            else {
                throw AppError.badRequest("Choisissez un atelier.")
            }
            guard
                try await services.registrations.move(
                    registrationID: try services.id("id", context), to: session, event: loaded.event)
            else {
                throw AppError(.conflict, "« \(session.title) » est complet.")
            }
            return redirect(to: "/evenements/\(loaded.event.slug)/inscrits")
        }
        router.post("/evenements/:event/pointage/:id") { _, context in try await checkIn(context, services) }
        router.get("/api/v1/events") { _, context in
            let events = try await services.database.withConnection { db in
                try await services.events.publicEvents(on: db)
            }
            return JSONResponse.make(events.map { EventDTO($0, sessions: nil, speakers: nil) })
        }
        router.get("/api/v1/events/:event") { _, context in
            let loaded = try await load(context, services)
            return JSONResponse.make(EventDTO(loaded.event, sessions: loaded.sessions, speakers: loaded.speakers))
        }
        router.get("/api/v1/events/:event/registrations") { _, context in
            let loaded = try await organiserOnly(context, services)
            return JSONResponse.make(
                try await services.registrations.list(eventID: loaded.event.id).map(RegistrationDTO.init))
        }
    }

    struct Loaded {
        let event: RencontreEvent
        let sessions: [EventSession]
        let speakers: [SessionSpeaker]
    }

    /// The event named in the URL; drafts are for their organisers only.
    static func load(_ context: AppContext, _ services: Services, details: Bool = true) async throws -> Loaded {
        let slug = try context.parameters.require("event")
        return try await services.database.withConnection { db in
            guard let event = try await services.events.event(slug: slug, on: db),
                event.status.isPublic || canOrganise(context.viewer, event)
            else {
                throw AppError.notFound("Cet événement n'existe pas.")
            }
            guard details else { return Loaded(event: event, sessions: [], speakers: []) }
            return Loaded(
                event: event, sessions: try await services.events.sessions(eventID: event.id, on: db),
                speakers: try await services.events.sessionSpeakers(eventID: event.id, on: db))
        }
    }

    /// Organisers: the facilitators of the event's lab, or network admins for a network event.
    static func canOrganise(_ viewer: Viewer?, _ event: RencontreEvent) -> Bool {
        if let lab = event.labID { return Permissions.isFacilitator(viewer, ofLab: lab) }
        return viewer?.role == .admin
    }

    static func index(_ context: AppContext, _ services: Services) async throws -> Response {
        let events = try await services.database.withConnection { db in try await services.events.publicEvents(on: db) }
        let canCreate = context.viewer.map { $0.role == .admin || $0.role == .facilitator } ?? false
        let rows: [HTML] = events.map { e in
            "<li><h3><a href=\"/evenements/\(e.slug)\">\(e.title)</a></h3><p class=\"muted\">\(EventPages.dateLine(e)) · \(e.venue ?? "") · \(e.status.label)</p></li>"
        }
        return services.layout.response(
            page: PageContext(title: "Rencontres", context: context, section: "events"),
            body:
                "<h1>Rencontres</h1>\(canCreate ? "<p><a class=\"button\" href=\"/evenements/nouveau\">Créer une rencontre</a></p>" as HTML : .empty)\(rows.isEmpty ? "<p>Aucune rencontre publiée.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>")"
        )
    }

    /// A public page of the event, from the page cache for visitors while the event's
    /// version is unchanged (one query to read it), rendered otherwise.
    static func cached(
        _ request: Request, _ context: AppContext, _ services: Services,
        render: @escaping (Loaded) throws -> (title: String, body: HTML)
    ) async throws -> Response {
        let header = try await load(context, services, details: false)
        return try await services.pages.page(
            scope: "event:\(header.event.id)", version: header.event.dataVersion, request: request, context: context
        ) {
            let loaded = try await load(context, services)
            let (title, body) = try render(loaded)
            return services.layout.render(PageContext(title: title, context: context, section: "events"), body: body)
        }
    }

    static func programme(_ request: Request, _ context: AppContext, _ services: Services, printable: Bool) async throws
        -> Response
    {
        try await cached(request, context, services) { loaded in
            (
                loaded.event.title,
                printable
                    ? EventPages.printable(loaded)
                    : EventPages.programme(loaded, canOrganise: canOrganise(context.viewer, loaded.event))
            )
        }
    }

    static func session(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let id = try services.id("id", context)
        return try await cached(request, context, services) { loaded in
            guard let session = loaded.sessions.first(where: { $0.id == id }) else {
                throw AppError.notFound("Cette session n'existe pas.")
            }
            return (session.title, EventPages.session(loaded, session))
        }
    }

    static func speakers(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await cached(request, context, services) { loaded in ("Intervenants", EventPages.speakers(loaded)) }
    }

    static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date())
    }

    /// The whole programme, or (with a registration token) the person's own sessions.
    static func calendar(_ context: AppContext, _ services: Services, token: String?) async throws -> Response {
        let loaded = try await load(context, services)
        var sessions = loaded.sessions
        var name = loaded.event.title
        var registration: Registration?
        if let token {
            guard let found = try await services.registrations.find(token: token, event: loaded.event),
                found.status != .cancelled
            else {
                throw AppError.notFound("Ce lien d'inscription n'est pas valable.")
            }
            registration = found
            let mine = Set(
                try await services.registrations.seats(registrationID: found.id).filter { $0.status.holdsSeat }.map(
                    \.sessionID))
            // Plenary sessions (no capacity) are for everyone; workshops only when chosen.
            sessions = sessions.filter { $0.capacity == nil || mine.contains($0.id) }
            name = "\(loaded.event.title) — mon programme"
        }
        let base = services.configuration.publicURL
        let location = [loaded.event.venue, loaded.event.address].compactMap { $0 }.joined(separator: ", ")
        var entries = sessions.map { s in
            let url = "\(base)/evenements/\(loaded.event.slug)/sessions/\(s.id)"
            let people = loaded.speakers.filter { $0.sessionID == s.id }.map {
                "\($0.speaker.name)\($0.speaker.organisationName.map { " (\($0))" } ?? "")"
            }
            let description = [s.description, people.isEmpty ? nil : "Avec : " + people.joined(separator: ", ")]
                .compactMap { $0 }.joined(separator: "\n")
            return ICalendar.Event(
                uid: "session-\(s.id)@\(loaded.event.slug).alliances", start: s.startsAt, end: s.endsAt,
                summary: s.title,
                description: description,
                location: [s.room, location].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "), url: url)
        }
        // Announced one-to-one meetings, with their table.
        if let token, let registration {
            let settings = try await services.meetings.settings(eventID: loaded.event.id)
            for r in try await services.meetings.requests(registrationID: registration.id)
            where r.status == .accepted && r.announced {
                guard let (start, end) = r.slot.flatMap(settings.times) else { continue }
                let other = r.requester.id == registration.id ? r.invitee : r.requester
                entries.append(
                    ICalendar.Event(
                        uid: "rendez-vous-\(r.id)@\(loaded.event.slug).alliances", start: start, end: end,
                        summary: "Rendez-vous avec \(other.name)\(other.organisation.map { " (\($0))" } ?? "")",
                        description: "Table \(r.table ?? 0)",
                        location: ["Table \(r.table ?? 0)", location].filter { !$0.isEmpty }.joined(separator: ", "),
                        url: "\(base)/evenements/\(loaded.event.slug)/inscription/\(token)/rendez-vous"))
            }
        }
        let calendar = ICalendar(name: name, events: entries, stamp: stamp())
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(loaded.event.slug).ics\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: calendar.text)))
    }

    static func form(
        _ context: AppContext, _ services: Services, input: RegistrationInput, errors: ValidationErrors,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let loaded = try await load(context, services, details: false)
        // The directory's organisations (of the event's lab, or of every lab for a network
        // event) are offered as suggestions; any other name can be typed.
        let names = try await services.database.withConnection { db in
            var query: SQLQueryString = "SELECT DISTINCT name FROM organisations WHERE active = 1"
            if let lab = loaded.event.labID { query += " AND lab_id = \(bind: lab)" }
            return try await db.raw(query + " ORDER BY name LIMIT 2000").all().map {
                try $0.decode(column: "name", as: String.self)
            }
        }
        var input = input
        if let own = context.identity?.email { input.email = own }
        return services.layout.response(
            status: status, page: PageContext(title: "Inscription", context: context, section: "events"),
            body: EventPages.registrationForm(
                loaded.event, input: input, errors: errors, csrfToken: context.csrfToken, organisations: names,
                signedIn: context.identity != nil))
    }

    static func register(_ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await load(context, services, details: false)
        let form = context.form
        // Signed in, one registers oneself: the account's address, whatever the form says.
        let input = RegistrationInput(
            name: form["name"], email: context.identity?.email ?? form["email"], organisation: form["organisation"],
            actorKind: form["actorKind"],
            region: form["region"], dietary: form["dietary"], listed: form["listed"] == "1")
        if case .failure(let errors) = RegistrationService.validate(input) {
            return try await self.form(context, services, input: input, errors: errors, status: .unprocessableContent)
        }
        // Guests: so many registrations per client address and event and hour (a real
        // opening comes from many addresses; a script from one).
        if context.viewer == nil {
            let rule = Throttle.Rule(
                bucket: "guest-registration:\(loaded.event.id)",
                limit: services.configuration.guestRegistrationsPerHour, window: 3600)
            let decision = try await services.database.write { db in
                try await Throttle().reserve([(rule, context.remoteAddress)], on: db)
            }
            if case .refused(let retryAfter) = decision {
                var response = services.layout.response(
                    status: .tooManyRequests,
                    page: PageContext(title: "Trop d'inscriptions", context: context, section: "events"),
                    body: EventPages.tooManyRegistrations(loaded.event, retryAfter: retryAfter))
                response.headers[.retryAfter] = String(retryAfter)
                return response
            }
        }
        let hold = services.registrations.guestHold
        switch try await services.registrations.register(
            event: loaded.event, input: input, userID: context.viewer?.userID)
        {
        case .invalid(let errors):
            return try await self.form(context, services, input: input, errors: errors, status: .unprocessableContent)
        case .registered(_, let token, let status):
            // With an account the e-mail is known to be theirs; a guest confirms by the e-mailed link.
            if context.viewer != nil { return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)") }
            return services.layout.response(
                page: PageContext(title: "Inscription enregistrée", context: context, section: "events"),
                body: EventPages.checkInbox(
                    loaded.event, email: input.email ?? "", waiting: status == .waiting, hold: hold))
        case .alreadyRegistered(_, let token, let waiting):
            if let token, context.viewer != nil {
                return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
            }
            return services.layout.response(
                page: PageContext(title: "Inscription enregistrée", context: context, section: "events"),
                body: EventPages.checkInbox(loaded.event, email: input.email ?? "", waiting: waiting, hold: hold))
        }
    }

    static func registration(_ context: AppContext, _ services: Services, _ event: RencontreEvent) async throws -> (
        Registration, String
    ) {
        let token = try context.parameters.require("token")
        guard let registration = try await services.registrations.find(token: token, event: event) else {
            throw AppError.notFound("Ce lien d'inscription n'est pas valable.")
        }
        return (registration, token)
    }

    static func personal(_ context: AppContext, _ services: Services, notice: String?) async throws -> Response {
        let loaded = try await load(context, services)
        let (registration, token) = try await registration(context, services, loaded.event)
        let seats = try await services.registrations.seats(registrationID: registration.id)
        // The participants list is for confirmed participants (and organisers, on their page).
        let participants =
            registration.status == .confirmed
            ? try await services.registrations.participantsList(eventID: loaded.event.id) : []
        // Workshops by ranked choices, until the allocation is published: the ranking form
        // (or, once closed, the ranking) replaces the seats to take.
        let settings = try await services.allocation.settings(eventID: loaded.event.id)
        var ranking: HTML?
        if settings.mode == .ranked && settings.publishedAt == nil {
            ranking =
                registration.status == .confirmed
                ? AllocationPages.rankingSection(
                    loaded, settings: settings,
                    ranks: try await services.allocation.choices(registrationID: registration.id),
                    base: "/evenements/\(loaded.event.slug)/inscription/\(token)", csrfToken: context.csrfToken,
                    open: AllocationService.choicesOpen(settings))
                : .empty
        }
        let meetings = try await services.meetings.settings(eventID: loaded.event.id).enabled
        let lunchTable =
            registration.status == .confirmed
            ? try await services.database.withConnection { db in
                try await db.raw("SELECT table_no FROM lunch_seats WHERE registration_id = \(bind: registration.id)")
                    .first()?.int("table_no")
            } : nil
        return services.layout.response(
            page: PageContext(title: "Mon inscription", context: context, section: "events", flash: notice),
            body: EventPages.personal(
                loaded, registration: registration, token: token, seats: seats, csrfToken: context.csrfToken,
                publicURL: services.configuration.publicURL, participants: participants, ranking: ranking,
                meetings: meetings, lunchTable: lunchTable))
    }

    static func cancel(_ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await load(context, services, details: false)
        let (registration, token) = try await registration(context, services, loaded.event)
        try await services.registrations.cancel(registrationID: registration.id, event: loaded.event)
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
    }

    static func confirm(_ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await load(context, services, details: false)
        let (registration, token) = try await registration(context, services, loaded.event)
        let session = context.form["session"].flatMap { Int($0) }
        guard try await services.registrations.confirmOffer(registrationID: registration.id, sessionID: session) else {
            throw AppError(.conflict, "Cette place n'est plus proposée (délai dépassé ou déjà confirmée).")
        }
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
    }

    static func joinOrLeave(_ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await load(context, services)
        let (registration, token) = try await registration(context, services, loaded.event)
        let id = try services.id("id", context)
        guard let session = loaded.sessions.first(where: { $0.id == id }), session.capacity != nil else {
            throw AppError.notFound("Cet atelier n'existe pas.")
        }
        if context.form["action"] == "quitter" {
            try await services.registrations.leaveSession(
                registrationID: registration.id, sessionID: session.id, event: loaded.event)
            return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
        }
        let settings = try await services.allocation.settings(eventID: loaded.event.id)
        if settings.mode == .ranked && settings.publishedAt == nil {
            throw AppError(
                .conflict,
                "Les ateliers de cette rencontre sont attribués selon les vœux de chacun : classez-les sur votre page.")
        }
        switch try await services.registrations.joinSession(
            registration: registration, session: session, event: loaded.event)
        {
        case .refused(let message): throw AppError(.conflict, message)
        case .seated: return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)")
        }
    }

    static func organiserOnly(_ context: AppContext, _ services: Services) async throws -> Loaded {
        guard context.viewer != nil else { throw AppError.loginRequired }
        let loaded = try await load(context, services)
        guard canOrganise(context.viewer, loaded.event) else { throw AppError.forbidden }
        return loaded
    }

    /// The staff's check-in page, made for a phone: scan the participant's QR code (it opens
    /// this page with the code), or type a name or a code; one tap records the arrival.
    static func checkInPage(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await organiserOnly(context, services)
        let q = request.uri.queryParameters
        let query = TextRules.clean(q.get("code")) ?? TextRules.clean(q.get("q"))
        if let query, query.count > 100 { throw AppError.badRequest("Recherche trop longue.") }
        let session = q.get("session").flatMap { Int($0) }.flatMap { id in loaded.sessions.first { $0.id == id } }
        let found =
            try await query.asyncMap { try await services.registrations.lookup(eventID: loaded.event.id, query: $0) }
            ?? []
        let attendance = try await services.registrations.attendance(eventID: loaded.event.id)
        return services.layout.response(
            page: PageContext(
                title: "Pointage", context: context, section: "events",
                flash: q.get("ok").map { _ in "Arrivée enregistrée." }),
            body: EventPages.checkIn(
                loaded, query: query, session: session, found: found, attendance: attendance,
                csrfToken: context.csrfToken))
    }

    static func checkIn(_ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await organiserOnly(context, services)
        let id = try services.id("id", context)
        let session = context.form["session"].flatMap { Int($0) }.flatMap { sid in
            loaded.sessions.first { $0.id == sid }
        }
        guard
            try await services.registrations.checkIn(
                registrationID: id, eventID: loaded.event.id, sessionID: session?.id)
        else {
            throw AppError(.conflict, "Cette inscription n'est pas confirmée : pas de pointage possible.")
        }
        return redirect(
            to: "/evenements/\(loaded.event.slug)/pointage?ok=1" + (session.map { "&session=\($0.id)" } ?? ""))
    }

    /// Registrations and attendance for French Excel (UTF-8 BOM, `;`).
    static func registrationsCSV(_ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await organiserOnly(context, services)
        let list = try await services.registrations.list(eventID: loaded.event.id)
        let titles = Dictionary(uniqueKeysWithValues: loaded.sessions.map { ($0.id, $0.title) })
        var rows: [[String]] = []
        for r in list {
            let seats = try await services.registrations.seats(registrationID: r.id).filter { $0.status.holdsSeat }
                .compactMap { titles[$0.sessionID] }
            rows.append([
                r.name, r.email, r.organisationName ?? "", r.actorKind?.label ?? "",
                ReferenceGeography.regions.first { $0.code == r.regionCode }?.name ?? "",
                r.dietary ?? "", r.listed ? "oui" : "non", r.status.label, frenchDate(r.createdAt),
                seats.joined(separator: " | "),
                r.checkedInAt.map { _ in "oui" } ?? "non"
            ])
        }
        let csv = CSVWriter.document(
            header: [
                "Nom", "E-mail", "Organisation", "Type d'acteur", "Région", "Régime alimentaire",
                "Dans la liste des participants",
                "Statut", "Inscrit le", "Ateliers", "Présent"
            ], rows: rows)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"inscriptions-\(loaded.event.slug).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    /// Organisers' view: live counts, every registration, each workshop's fill.
    static func registrations(_ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await organiserOnly(context, services)
        let counts = try await services.registrations.counts(eventID: loaded.event.id)
        let list = try await services.registrations.list(eventID: loaded.event.id)
        let messages = try await services.database.withConnection { db in
            try await OutboxStore().messages(eventID: loaded.event.id, on: db)
        }
        return services.layout.response(
            page: PageContext(title: "Inscriptions", context: context, section: "events"),
            body: EventPages.organiser(
                loaded, counts: counts, registrations: list, messages: messages, csrfToken: context.csrfToken))
    }

    /// The frab / pretalx `schedule.json` read by conference apps.
    static func scheduleJSON(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await load(context, services)
        return JSONResponse.make(FrabSchedule(loaded, base: services.configuration.publicURL))
    }
}

struct EventDTO: Codable, Sendable {
    struct SessionDTO: Codable, Sendable {
        let id: Int
        let kind: String
        let title: String
        let start: String
        let end: String
        let room: String?
        let track: String?
        let capacity: Int?
        let seatsLeft: Int?
        let description: String?
        let questions: [String]
        let speakers: [SpeakerDTO]
    }
    struct SpeakerDTO: Codable, Sendable {
        let id: Int
        let name: String
        let role: String?
        let organisation: String?
        let part: String
    }
    let slug: String
    let title: String
    let start: String
    let end: String
    let timeZone: String
    let venue: String?
    let address: String?
    let status: String
    let capacity: Int?
    let seatsLeft: Int?
    let sessions: [SessionDTO]?

    init(_ e: RencontreEvent, sessions: [EventSession]?, speakers: [SessionSpeaker]?) {
        slug = e.slug
        title = e.title
        start = e.startsAt.text
        end = e.endsAt.text
        timeZone = "Europe/Paris"
        venue = e.venue
        address = e.address
        status = e.status.rawValue
        capacity = e.capacity
        seatsLeft = e.capacity.map { max(0, $0 - e.seatsTaken) }
        self.sessions = sessions?.map { s in
            SessionDTO(
                id: s.id, kind: s.kind.rawValue, title: s.title, start: s.startsAt.text, end: s.endsAt.text,
                room: s.room, track: s.track,
                capacity: s.capacity, seatsLeft: s.seatsLeft, description: s.description, questions: s.questions,
                speakers: (speakers ?? []).filter { $0.sessionID == s.id }.map {
                    SpeakerDTO(
                        id: $0.speaker.id, name: $0.speaker.name, role: $0.speaker.role,
                        organisation: $0.speaker.organisationName, part: $0.role)
                })
        }
    }
}

/// Personal data: served to the event's organisers only.
struct RegistrationDTO: Codable, Sendable {
    let id: Int
    let name: String
    let email: String
    let organisation: String?
    let actorKind: String?
    let region: String?
    let dietary: String?
    let listed: Bool
    let status: String
    let createdAt: Int

    init(_ r: Registration) {
        id = r.id
        name = r.name
        email = r.email
        organisation = r.organisationName
        actorKind = r.actorKind?.rawValue
        region = r.regionCode
        dietary = r.dietary
        listed = r.listed
        status = r.status.rawValue
        createdAt = r.createdAt
    }
}
