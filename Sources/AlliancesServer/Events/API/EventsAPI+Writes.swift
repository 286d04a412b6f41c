import AlliancesCore
import Hummingbird

/// The organisers' writes of `/api/v1/events` (the event, its sessions and speakers, the
/// check-in) and the participants' one-to-one meeting requests: the same use cases as
/// the web pages (`ProgrammeService`, `RegistrationService.checkIn`, `MeetingService`),
/// so the same rules and messages.
extension EventsAPI {
    static func registerWrites(_ routes: RouteTable) {
        routes.post("/api/v1/events", createEvent)
        routes.put("/api/v1/events/:event", updateEvent)
        routes.post("/api/v1/events/:event/sessions", createSession)
        routes.put("/api/v1/events/:event/sessions/:id", updateSession)
        routes.delete("/api/v1/events/:event/sessions/:id", deleteSession)
        routes.post("/api/v1/events/:event/registrations/:id/check-in", checkIn)
        routes.get("/api/v1/events/:event/meetings", meetings)
        routes.post("/api/v1/events/:event/meetings", requestMeeting)
        routes.post("/api/v1/events/:event/meetings/:id/answer", answerMeeting)
        routes.post("/api/v1/events/:event/meetings/:id/cancel", cancelMeeting)
    }

    // MARK: The event and its programme

    /// The API names the form's `startsAt`/`endsAt` `start`/`end`: errors say so too.
    static func invalid(_ errors: ValidationErrors) -> AppError {
        let renamed = errors.errors.map { error in
            FieldError(
                field: ["startsAt": "start", "endsAt": "end"][error.field] ?? error.field, message: error.message)
        }
        return DirectoryAPI.validationError(ValidationErrors(renamed))
    }

    static func eventBody(_ slug: String, _ services: Services, status: HTTPResponse.Status) async throws -> Response {
        let dto = try await services.database.withConnection { db -> EventDTO in
            guard let event = try await services.events.event(slug: slug, on: db) else {
                throw AppError.notFound("Cet événement n'existe pas.")
            }
            return EventDTO(
                event, sessions: try await services.events.sessions(eventID: event.id, on: db),
                speakers: try await services.events.sessionSpeakers(eventID: event.id, on: db))
        }
        var response = JSONResponse.make(dto, status: status)
        if status == .created { response.headers[.location] = "/api/v1/events/\(dto.slug)" }
        return response
    }

    /// The lab a body names by slug, or `fallback`; an unknown slug is a field error.
    static func labID(_ slug: String?, fallback: Int?, _ services: Services) async throws -> Int? {
        guard let slug = TextRules.clean(slug) else { return fallback }
        guard
            let lab = try await services.database.withConnection({ db in
                try await services.labs.find(slug: slug, on: db)
            })
        else {
            var errors = ValidationErrors()
            errors.add("lab", "Labo inconnu : « \(slug.prefix(40)) ».")
            throw DirectoryAPI.validationError(errors)
        }
        return lab.id
    }

    static func createEvent(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let body = try await DirectoryAPI.decode(EventWriteInput.self, request, context)
        let lab = try await labID(body.lab, fallback: viewer.role == .admin ? nil : viewer.labID, services)
        switch try await services.programme.saveEvent(viewer, input: body.input, labID: lab, existing: nil) {
        case .failure(let errors): throw invalid(errors)
        case .success(let event): return try await eventBody(event.slug, services, status: .created)
        }
    }

    static func updateEvent(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let body = try await DirectoryAPI.decode(EventWriteInput.self, request, context)
        let lab = try await labID(body.lab, fallback: loaded.event.labID, services)
        switch try await services.programme.saveEvent(viewer, input: body.input, labID: lab, existing: loaded.event) {
        case .failure(let errors): throw invalid(errors)
        case .success(let event): return try await eventBody(event.slug, services, status: .ok)
        }
    }

    static func saveSession(_ id: Int?, _ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let body = try await DirectoryAPI.decode(SessionWriteInput.self, request, context)
        let input: SessionInput
        switch body.input() {
        case .failure(let errors): throw invalid(errors)
        case .success(let valid): input = valid
        }
        switch try await services.programme.saveSession(loaded, sessionID: id, input: input) {
        case .failure(let errors): throw invalid(errors)
        case .success(let saved):
            let event = try await EventAccess.load(context, services)
            let dto = EventDTO(event.event, sessions: event.sessions, speakers: event.speakers)
            guard let session = dto.sessions?.first(where: { $0.id == saved }) else {
                throw AppError.notFound("Cette session n'existe pas.")
            }
            var response = JSONResponse.make(session, status: id == nil ? .created : .ok)
            if id == nil {
                response.headers[.location] = "/api/v1/events/\(loaded.event.slug)/sessions/\(saved)"
            }
            return response
        }
    }

    static func createSession(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        try await saveSession(nil, request, context, services)
    }

    static func updateSession(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        try await saveSession(try services.id("id", context), request, context, services)
    }

    static func deleteSession(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let loaded = try await EventAccess.organiserOnly(context, services)
        try await services.programme.deleteSession(loaded, id: try services.id("id", context))
        return Response(status: .noContent)
    }

    // MARK: Check-in

    static func checkIn(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let id = try services.id("id", context)
        let body = try await DirectoryAPI.decode(CheckInInput.self, request, context)
        if let session = body.session, !loaded.sessions.contains(where: { $0.id == session }) {
            throw AppError.notFound("Cette session n'existe pas dans cette rencontre.")
        }
        guard
            try await services.registrations.checkIn(
                registrationID: id, eventID: loaded.event.id, sessionID: body.session)
        else { throw AppError(.conflict, "Cette inscription n'est pas confirmée : pas de pointage possible.") }
        try await RegistrationAdminRoutes.audit(
            .checkedIn, target: "registration:\(id)" + (body.session.map { " session:\($0)" } ?? "") + " (API)",
            loaded, context, services)
        return JSONResponse.make(CheckInDTO(registrationId: id, sessionId: body.session, checkedIn: true))
    }

    // MARK: One-to-one meetings

    /// The signed-in person's registration to the event (by their account's address), as
    /// the web's personal link finds it; 404 when they are not registered. `details`: the
    /// event with its sessions and speakers.
    static func ownRegistration(_ context: AppContext, _ services: Services, details: Bool = false) async throws -> (
        EventAccess.Loaded, Registration
    ) {
        guard let identity = context.identity else { throw AppError.loginRequired }
        let loaded = try await EventAccess.load(context, services, details: details)
        guard
            let registration = try await services.registrations.registration(
                eventID: loaded.event.id, email: EmailAddress.normalise(identity.email))
        else { throw AppError.notFound("Vous n'êtes pas inscrit à cette rencontre avec l'adresse de votre compte.") }
        return (loaded, registration)
    }

    static func meetingsBody(_ loaded: EventAccess.Loaded, _ registration: Registration, _ services: Services)
        async throws -> MeetingsDTO
    {
        let meetings = services.meetings
        guard try await meetings.settings(eventID: loaded.event.id).enabled else {
            throw AppError.notFound("Cette rencontre n'organise pas de rendez-vous individuels.")
        }
        let people = registration.status == .confirmed ? try await meetings.people(eventID: loaded.event.id) : []
        return MeetingsDTO(
            registrationId: registration.id,
            requests: try await meetings.requests(registrationID: registration.id).map(MeetingsDTO.Request.init),
            people: people.filter { $0.id != registration.id }.map(MeetingsDTO.Person.init))
    }

    static func meetings(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, registration) = try await ownRegistration(context, services)
        return JSONResponse.make(try await meetingsBody(loaded, registration, services))
    }

    /// One of the person's requests, after a change.
    static func meetingRequest(
        _ id: Int, _ registration: Registration, _ services: Services, status: HTTPResponse.Status
    ) async throws -> Response {
        guard
            let found = try await services.meetings.requests(registrationID: registration.id).first(where: {
                $0.id == id
            })
        else { throw AppError.notFound("Cette demande de rendez-vous n'existe pas ou n'est pas la vôtre.") }
        return JSONResponse.make(MeetingsDTO.Request(found), status: status)
    }

    static func requestMeeting(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (loaded, registration) = try await ownRegistration(context, services)
        let body = try await DirectoryAPI.decode(MeetingRequestInput.self, request, context)
        let id = try await services.meetings.request(
            event: loaded.event, from: registration, to: body.invitee, message: TextRules.clean(body.message))
        return try await meetingRequest(id, registration, services, status: .created)
    }

    static func answerMeeting(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (loaded, registration) = try await ownRegistration(context, services)
        let id = try services.id("id", context)
        let body = try await DirectoryAPI.decode(MeetingAnswerInput.self, request, context)
        try await services.meetings.answer(
            requestID: id, invitee: registration, event: loaded.event, accept: body.accept)
        return try await meetingRequest(id, registration, services, status: .ok)
    }

    static func cancelMeeting(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (_, registration) = try await ownRegistration(context, services)
        let id = try services.id("id", context)
        try await services.meetings.cancel(requestID: id, by: registration.id)
        return try await meetingRequest(id, registration, services, status: .ok)
    }
}
