import AlliancesCore
import Foundation
import Hummingbird

/// One-to-one meetings: the participant's page (reached by their private link) and the
/// organiser's page, schedule and printable grid.
enum MeetingRoutes {
    /// The others, those the marketplace's recommender suggests for the participant's
    /// organisation first (when it is in the directory), with the recommender's reasons.
    static func recommended(
        _ people: [MeetingService.Person], for registrationID: Int, viewer: Viewer?, _ services: Services
    ) async throws -> ([MeetingService.Person], [Int: String]) {
        let found =
            try await services.registrations.organisation(registrationID: registrationID).asyncMap {
                owner -> (Lab, Int)? in
                try await services.database.withConnection { db in
                    try await services.labs.find(id: owner.labID, on: db).map { ($0, owner.organisationID) }
                }
            } ?? nil
        guard let (lab, organisationID) = found,
            let profile = try await services.marketplace.organisationProfile(lab: lab, organisationID: organisationID)
        else {
            return (people, [:])
        }
        // The participant's own view: the lab's history counts only when they may see the
        // organisation's recommendations (a member of it signed in); a name typed in the
        // registration form proves nothing.
        let suggestions = try await services.marketplace.recommendations(
            lab: lab, source: profile, viewer: viewer, limit: 200
        ).organisations
        var rank: [Int: (Int, String)] = [:]
        for (index, r) in suggestions.enumerated() where rank[r.candidate.organisationID] == nil {
            rank[r.candidate.organisationID] = (index, r.explanation)
        }
        let sorted = people.enumerated().sorted { x, y in
            (x.element.organisationID.flatMap { rank[$0]?.0 } ?? Int.max, x.offset) < (
                y.element.organisationID.flatMap { rank[$0]?.0 } ?? Int.max, y.offset
            )
        }.map(\.element)
        var reasons: [Int: String] = [:]
        for p in people { if let o = p.organisationID, let r = rank[o] { reasons[p.id] = r.1 } }
        return (sorted, reasons)
    }

    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/inscription/:token/rendez-vous", personal)
        routes.post("/evenements/:event/inscription/:token/rendez-vous/demander", ask)
        routes.post("/evenements/:event/inscription/:token/rendez-vous/:id/:action", respond)
        routes.post("/evenements/:event/inscription/:token/rendez-vous/disponibilites", saveAvailability)
        routes.get("/evenements/:event/rendez-vous", organiser)
        routes.post("/evenements/:event/rendez-vous/reglages", saveSettings)
        routes.post("/evenements/:event/rendez-vous/planifier", schedule)
        routes.post("/evenements/:event/rendez-vous/annoncer", announce)
        routes.get("/evenements/:event/rendez-vous/grille", grid)
    }

    static func personal(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let meetings = services.meetings
        let loaded = try await EventAccess.load(context, services, details: false)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        let settings = try await meetings.settings(eventID: loaded.event.id)
        guard settings.enabled else {
            throw AppError.notFound("Cette rencontre n'organise pas de rendez-vous individuels.")
        }
        let people = registration.status == .confirmed ? try await meetings.people(eventID: loaded.event.id) : []
        let (ranked, reasons) = try await recommended(
            people, for: registration.id, viewer: context.viewer, services)
        let model = MeetingPages.Personal(
            event: loaded.event, registration: registration, token: token, settings: settings,
            requests: try await meetings.requests(registrationID: registration.id), people: ranked,
            reasons: reasons,
            availability: try await meetings.availability(registrationID: registration.id),
            csrfToken: context.csrfToken)
        return services.layout.response(
            page: PageContext(
                title: "Mes rendez-vous", context: context, section: "events",
                flash: request.uri.queryParameters.get("ok").map(MeetingPages.notice)),
            body: MeetingPages.personal(model))
    }

    static func ask(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let meetings = services.meetings
        let loaded = try await EventAccess.load(context, services, details: false)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        guard let invitee = context.form["invitee"].flatMap({ Int($0) }) else {
            throw AppError.badRequest("Choisissez la personne à rencontrer.")
        }
        try await meetings.request(
            event: loaded.event, from: registration, to: invitee, message: TextRules.clean(context.form["message"]))
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)/rendez-vous?ok=demande")
    }

    static func respond(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let meetings = services.meetings
        let loaded = try await EventAccess.load(context, services, details: false)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        let id = try services.id("id", context)
        let action = try context.parameters.require("action")
        switch action {
        case "accepter":
            try await meetings.answer(requestID: id, invitee: registration, event: loaded.event, accept: true)
        case "refuser":
            try await meetings.answer(requestID: id, invitee: registration, event: loaded.event, accept: false)
        case "annuler": try await meetings.cancel(requestID: id, by: registration.id)
        default: throw AppError.notFound()
        }
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)/rendez-vous?ok=\(action)")
    }

    static func saveAvailability(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let meetings = services.meetings
        let loaded = try await EventAccess.load(context, services, details: false)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        let settings = try await meetings.settings(eventID: loaded.event.id)
        guard settings.enabled, settings.scheduled else {
            throw AppError(.conflict, "Les créneaux de rendez-vous ne sont pas encore fixés.")
        }
        let chosen = Set(context.form.fields["creneau"] ?? [])
        let slots = (0..<settings.slots).map { chosen.contains(String($0)) }
        guard slots.contains(true) else {
            throw AppError.badRequest("Cochez au moins un créneau où vous êtes disponible.")
        }
        try await meetings.saveAvailability(registrationID: registration.id, slots: slots)
        return redirect(to: "/evenements/\(loaded.event.slug)/inscription/\(token)/rendez-vous?ok=disponibilites")
    }

    static func organiser(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let meetings = services.meetings
        let loaded = try await EventAccess.organiserOnly(context, services)
        return services.layout.response(
            page: PageContext(
                title: "Rendez-vous individuels", context: context, section: "events",
                flash: request.uri.queryParameters.get("ok").map(MeetingPages.notice)),
            body: MeetingPages.organiser(
                loaded.event, settings: try await meetings.settings(eventID: loaded.event.id),
                requests: try await meetings.allRequests(eventID: loaded.event.id), csrfToken: context.csrfToken))
    }

    static func saveSettings(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let meetings = services.meetings
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let mode = context.form["mode"].flatMap(MeetingMode.init(rawValue:)) else {
            throw AppError.badRequest("Choisissez qui peut se rencontrer.")
        }
        let errors = try await meetings.saveSettings(
            eventID: loaded.event.id, mode: mode, start: TextRules.clean(context.form["start"]),
            minutes: context.form["minutes"].flatMap { Int($0) }, slots: context.form["slots"].flatMap { Int($0) },
            tables: context.form["tables"].flatMap { Int($0) })
        guard errors.isEmpty else { throw AppError(.unprocessableContent, errors.joined(separator: " ")) }
        return redirect(to: "/evenements/\(loaded.event.slug)/rendez-vous?ok=reglages")
    }

    static func schedule(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let meetings = services.meetings
        let loaded = try await EventAccess.organiserOnly(context, services)
        _ = try await meetings.schedule(event: loaded.event)
        try await RegistrationAdminRoutes.audit(
            .meetingsScheduled, target: "event:\(loaded.event.id)", loaded, context, services)
        return redirect(to: "/evenements/\(loaded.event.slug)/rendez-vous?ok=planifie")
    }

    static func announce(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let meetings = services.meetings
        let loaded = try await EventAccess.organiserOnly(context, services)
        _ = try await meetings.announce(event: loaded.event)
        try await RegistrationAdminRoutes.audit(
            .meetingsAnnounced, target: "event:\(loaded.event.id)", loaded, context, services)
        return redirect(to: "/evenements/\(loaded.event.slug)/rendez-vous?ok=annonce")
    }

    static func grid(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let meetings = services.meetings
        let loaded = try await EventAccess.organiserOnly(context, services)
        return services.layout.response(
            page: PageContext(title: "Grille des rendez-vous", context: context, section: "events"),
            body: MeetingPages.grid(
                loaded.event, settings: try await meetings.settings(eventID: loaded.event.id),
                requests: try await meetings.allRequests(eventID: loaded.event.id)))
    }
}
