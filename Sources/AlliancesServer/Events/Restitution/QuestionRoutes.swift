import AlliancesCore
import Hummingbird

/// Questions from the room to a plenary session: participants by their private link, the
/// organisers' moderation (a phone page sorted by upvotes), the room's screen.
enum QuestionRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/inscription/:token/questions/:session", participant)
        routes.post("/evenements/:event/inscription/:token/questions/:session", ask)
        routes.post("/evenements/:event/inscription/:token/questions/:session/:id/soutenir", upvote)
        routes.get("/evenements/:event/questions/:session", moderator)
        routes.post("/evenements/:event/questions/:session/:id/:status", moderate)
        routes.get("/evenements/:event/questions/:session/projection", projector)
    }

    /// The plenary session named in the URL, one of the event's.
    static func session(_ loaded: Loaded, _ context: AppContext, _ services: Services) throws -> EventSession {
        try EventAccess.session(loaded, context, services, missing: RestitutionService.notAPlenary) {
            PlenaryQuestions.kinds.contains($0.kind)
        }
    }

    /// A confirmed participant of the rencontre, by their private link.
    static func person(_ context: AppContext, _ services: Services) async throws -> (
        Loaded, EventSession, Registration, String
    ) {
        let loaded = try await EventAccess.load(context, services)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        let session = try session(loaded, context, services)
        guard registration.status == .confirmed else {
            throw AppError(.forbidden, "Seuls les participants confirmés de la rencontre posent des questions.")
        }
        return (loaded, session, registration, token)
    }

    static func model(
        _ context: AppContext, _ services: Services, _ loaded: Loaded, _ session: EventSession,
        _ registration: Registration, _ token: String
    ) async throws -> QuestionPages.Participant {
        QuestionPages.Participant(
            event: loaded.event, session: session, token: token, registrationID: registration.id,
            questions: try await services.restitution.questions(sessionID: session.id),
            upvoted: try await services.restitution.upvoted(sessionID: session.id, registrationID: registration.id),
            csrfToken: context.csrfToken)
    }

    static func participant(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, session, registration, token) = try await person(context, services)
        return services.layout.response(
            page: PageContext(
                title: "Questions · \(session.title)", context: context, section: "events",
                flash: request.uri.queryParameters.get("ok").map(QuestionPages.notice)),
            body: QuestionPages.participant(
                try await model(context, services, loaded, session, registration, token)))
    }

    static func ask(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, session, registration, token) = try await person(context, services)
        var errors = ValidationErrors()
        guard
            let text = TextRules.check(
                context.form["text"], field: "text", label: "La question", required: true,
                maxLength: PlenaryQuestions.maxLength, into: &errors)
        else {
            var m = try await model(context, services, loaded, session, registration, token)
            m.errors = errors
            m.text = context.form["text"]
            return services.layout.response(
                status: .unprocessable,
                page: PageContext(title: "Questions · \(session.title)", context: context, section: "events"),
                body: QuestionPages.participant(m))
        }
        try await services.restitution.ask(session: session, registrationID: registration.id, text: text)
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)/questions/\(session.id)?ok=question")
    }

    static func upvote(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, session, registration, token) = try await person(context, services)
        try await services.restitution.upvote(
            session: session, questionID: try services.id("id", context), registrationID: registration.id,
            on: context.form["on"] != "0")
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)/questions/\(session.id)?ok=soutien")
    }

    static func moderator(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let session = try session(loaded, context, services)
        return services.layout.response(
            page: PageContext(
                title: "Questions · \(session.title)", context: context, section: "events",
                flash: request.uri.queryParameters.get("ok").map(QuestionPages.notice)),
            body: QuestionPages.moderator(
                loaded.event, session, try await services.restitution.questions(sessionID: session.id),
                csrfToken: context.csrfToken))
    }

    static func moderate(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let session = try session(loaded, context, services)
        guard let status = context.parameters.get("status").flatMap(QuestionStatus.init(rawValue:)),
            status != .pending
        else { throw AppError.badRequest("Action de modération inconnue : approuvee, repondue ou masquee.") }
        try await services.restitution.moderate(
            session: session, questionID: try services.id("id", context), status: status)
        return redirect(to: "/evenements/\(loaded.event.slug)/questions/\(session.id)?ok=moderation")
    }

    /// For whoever may see the synthesis, as the workshops' screens.
    static func projector(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services)
        let session = try session(loaded, context, services)
        let visibility = try await EventAccess.synthesisVisibility(loaded.event, services)
        try EventAccess.requireSynthesis(context, loaded.event, visibility)
        return htmlResponse(
            QuestionPages.projector(
                loaded.event, session, try await services.restitution.questions(sessionID: session.id)))
    }
}
