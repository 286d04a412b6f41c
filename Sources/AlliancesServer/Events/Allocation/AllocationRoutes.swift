import AlliancesCore
import Foundation
import Hummingbird

/// Workshops by ranked choices: the participant's ranking on their personal page, and the
/// organiser's page (settings, run, locks, publication, the profile chart).
enum AllocationRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/repartition", show)
        routes.post("/evenements/:event/repartition/reglages", saveSettings)
        routes.post("/evenements/:event/repartition/lancer", run)
        routes.post("/evenements/:event/repartition/publier", publish)
        routes.post("/evenements/:event/repartition/verrous", lock)
        routes.post("/evenements/:event/inscription/:token/voeux", saveChoices)
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let allocation = services.allocation
        let loaded = try await EventAccess.organiserOnly(context, services)
        let runs = try await allocation.runs(eventID: loaded.event.id)
        let chosen =
            request.uri.queryParameters.get("run").flatMap { Int($0) }.flatMap { id in runs.first { $0.id == id } }
            ?? runs.first
        let placements = try await chosen.asyncMap { try await allocation.placements(runID: $0.id) } ?? []
        let people = try await services.registrations.list(eventID: loaded.event.id).filter {
            $0.status == .confirmed
        }
        let model = AllocationPages.Model(
            loaded: loaded, settings: try await allocation.settings(eventID: loaded.event.id),
            ranked: try await allocation.rankedCount(eventID: loaded.event.id),
            people: people, runs: runs, run: chosen, placements: placements,
            locks: try await allocation.locks(eventID: loaded.event.id),
            firstChoices: try await services.allocation.firstChoices(eventID: loaded.event.id),
            csrfToken: context.csrfToken)
        return services.layout.response(
            page: PageContext(
                title: "Répartition des ateliers", context: context, section: "events",
                flash: request.uri.queryParameters.get("ok").map(AllocationPages.notice)),
            body: AllocationPages.page(model))
    }

    static func saveSettings(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let allocation = services.allocation
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let mode = context.form["mode"].flatMap(WorkshopMode.init(rawValue:)) else {
            throw AppError.badRequest("Choisissez un mode d'inscription aux ateliers.")
        }
        let deadlineText = TextRules.clean(context.form["deadline"])
        let deadline = deadlineText.flatMap(LocalDateTime.init)
        if deadlineText != nil && deadline == nil {
            throw AppError.badRequest("La date limite des vœux doit être une date et une heure (AAAA-MM-JJTHH:MM).")
        }
        try await allocation.saveSettings(eventID: loaded.event.id, mode: mode, deadline: deadline)
        return redirect(to: "/evenements/\(loaded.event.slug)/repartition?ok=reglages")
    }

    static func run(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let allocation = services.allocation
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let objective = WorkshopAllocation.Objective(code: context.form["objective"] ?? "rang") else {
            throw AppError.badRequest("Objectif inconnu.")
        }
        let run = try await allocation.run(
            eventID: loaded.event.id, sessions: loaded.sessions, objective: objective,
            placeUnranked: context.form["place_unranked"] == "1", userID: context.viewer?.userID)
        return redirect(to: "/evenements/\(loaded.event.slug)/repartition?run=\(run.id)&ok=lancee")
    }

    static func publish(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let allocation = services.allocation
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let runID = context.form["run"].flatMap({ Int($0) }) else {
            throw AppError.badRequest("Choisissez une répartition à publier.")
        }
        try await allocation.publish(runID: runID, event: loaded.event, sessions: loaded.sessions)
        try await RegistrationAdminRoutes.audit(
            .allocationPublished, target: "event:\(loaded.event.id) run:\(runID)", loaded, context, services)
        return redirect(to: "/evenements/\(loaded.event.slug)/repartition?run=\(runID)&ok=publiee")
    }

    static func lock(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let allocation = services.allocation
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let registration = context.form["registration"].flatMap({ Int($0) }),
            let session = context.form["session"].flatMap({ Int($0) }).flatMap({ id in
                loaded.sessions.first { $0.id == id && $0.capacity != nil }
            })
        else {
            throw AppError.badRequest("Choisissez une personne et un atelier.")
        }
        if context.form["action"] == "retirer" {
            try await allocation.unlock(
                eventID: loaded.event.id, registrationID: registration, sessionID: session.id)
        } else {
            try await allocation.lock(
                eventID: loaded.event.id, registrationID: registration, session: session, sessions: loaded.sessions)
        }
        try await RegistrationAdminRoutes.audit(
            .allocationLocked, target: "registration:\(registration) session:\(session.id)", loaded, context, services)
        return redirect(to: "/evenements/\(loaded.event.slug)/repartition?ok=verrou")
    }

    static func saveChoices(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let allocation = services.allocation
        let loaded = try await EventAccess.load(context, services)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        let settings = try await allocation.settings(eventID: loaded.event.id)
        guard registration.status == .confirmed else {
            throw AppError(.conflict, "Les vœux sont ouverts aux inscriptions confirmées.")
        }
        guard AllocationService.choicesOpen(settings) else {
            throw AppError(.conflict, "Les vœux sont clos : la répartition est en cours ou publiée.")
        }
        let slots = AllocationService.slots(loaded.sessions)
        var ranks: [Int: Int] = [:]
        for s in slots.flatMap(\.sessions) {
            guard let text = TextRules.clean(context.form["rang-\(s.id)"]) else { continue }
            guard let rank = Int(text) else { throw AppError.badRequest("Rang illisible pour « \(s.title) ».") }
            ranks[s.id] = rank
        }
        let errors = WorkshopRanking.validate(
            ranks, slots: slots.map { ("Créneau de \($0.start.frenchTime)", $0.sessions.map(\.id)) })
        guard errors.isEmpty else { throw AppError.badRequest(errors.joined(separator: " ")) }
        try await allocation.saveChoices(registrationID: registration.id, ranks: ranks)
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)?ok=voeux")
    }
}

extension LocalDateTime {
    /// The time now in Europe/Paris (events' times are local there).
    static func now(_ date: Date = Date()) -> LocalDateTime {
        let c = Paris.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return LocalDateTime(
            year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1, hour: c.hour ?? 0, minute: c.minute ?? 0)
    }
}
