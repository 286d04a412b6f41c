import AlliancesCore
import Hummingbird

/// The post-event evaluation: the participant's form by their private link, the
/// organisers' results and sending.
enum EvaluationRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/inscription/:token/evaluation", form)
        routes.post("/evenements/:event/inscription/:token/evaluation", save)
        routes.get("/evenements/:event/evaluation", results)
        routes.post("/evenements/:event/evaluation/envoyer", send)
    }

    static func participant(_ context: AppContext, _ services: Services) async throws -> (
        Loaded, Registration, String
    ) {
        let loaded = try await EventAccess.load(context, services)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        guard registration.status == .confirmed else {
            throw AppError(.forbidden, "Le questionnaire est pour les participants confirmés de la rencontre.")
        }
        return (loaded, registration, token)
    }

    static func form(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, registration, token) = try await participant(context, services)
        return services.layout.response(
            page: PageContext(
                title: "Votre avis · \(loaded.event.title)", context: context, section: "events",
                flash: request.uri.queryParameters.get("ok").map { _ in "Merci : votre avis est enregistré." }),
            body: EvaluationPages.form(
                EvaluationPages.Form(
                    event: loaded.event, sessions: RestitutionService.ratedSessions(loaded.sessions), token: token,
                    answer: try await services.restitution.evaluation(registrationID: registration.id) ?? .init(),
                    csrfToken: context.csrfToken)))
    }

    static func save(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, registration, token) = try await participant(context, services)
        let sessions = RestitutionService.ratedSessions(loaded.sessions)
        var fields: [String: String] = [:]
        for key in ["keep", "change", "comeAgain"] + sessions.map({ "score-\($0.id)" }) {
            fields[key] = context.form[key]
        }
        switch EvaluationAnswer.validate(fields, sessions: sessions.map(\.id)) {
        case .success(let answer):
            try await services.restitution.saveEvaluation(answer, registration: registration)
            return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)/evaluation?ok=1")
        case .failure(let errors):
            return services.layout.response(
                status: .unprocessable,
                page: PageContext(title: "Votre avis · \(loaded.event.title)", context: context, section: "events"),
                body: EvaluationPages.form(
                    EvaluationPages.Form(
                        event: loaded.event, sessions: sessions, token: token, answer: .init(), form: fields,
                        errors: errors, csrfToken: context.csrfToken)))
        }
    }

    static func results(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let sent = request.uri.queryParameters.get("envoyes").flatMap { Int($0) }
        return services.layout.response(
            page: PageContext(
                title: "Évaluation · \(loaded.event.title)", context: context, section: "events",
                flash: sent.map { "Questionnaire envoyé à \($0) participant\($0 > 1 ? "s" : "")." }),
            body: EvaluationPages.results(
                loaded, try await services.restitution.evaluationResults(eventID: loaded.event.id),
                sessions: RestitutionService.ratedSessions(loaded.sessions), csrfToken: context.csrfToken))
    }

    static func send(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let count = try await services.restitution.sendEvaluation(
            event: loaded.event, mailer: services.registrations.mailer(loaded.event))
        return redirect(to: "/evenements/\(loaded.event.slug)/evaluation?envoyes=\(count)")
    }
}
