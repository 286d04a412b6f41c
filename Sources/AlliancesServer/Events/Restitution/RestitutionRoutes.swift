import AlliancesCore
import Foundation
import Hummingbird
import NIOCore

/// Restitution of workshops: participants and rapporteurs by their private link, the
/// organiser's page, the room's screen.
enum RestitutionRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/inscription/:token/ateliers/:session", workshop)
        routes.post("/evenements/:event/inscription/:token/ateliers/:session/propositions", propose)
        routes.post("/evenements/:event/inscription/:token/ateliers/:session/votes", vote)
        routes.post("/evenements/:event/inscription/:token/ateliers/:session/propositions/:id/moderer", moderate)
        routes.get("/evenements/:event/inscription/:token/ateliers/:session/restitution", outputForm)
        routes.post("/evenements/:event/inscription/:token/ateliers/:session/restitution", saveOutput)
        routes.get("/evenements/:event/restitution", organiser)
        routes.post("/evenements/:event/restitution/visibilite", saveVisibility)
        routes.post("/evenements/:event/restitution/:session/vote", configureVote)
        routes.post("/evenements/:event/restitution/:session/rapporteurs", addRapporteur)
        routes.post("/evenements/:event/restitution/:session/rapporteurs/:id/retirer", removeRapporteur)
        routes.get("/evenements/:event/restitution/:session/suite", followUp)
        routes.get("/evenements/:event/restitution/projection", walkthrough)
        routes.get("/evenements/:event/ateliers/:session/projection", projector)
        routes.get("/evenements/:event/ateliers/:session/projection/flux", projectorStream)
    }

    // MARK: Access

    /// The workshop named in the URL, one of the event's.
    static func session(_ loaded: Loaded, _ context: AppContext, _ services: Services) throws -> EventSession {
        try EventAccess.session(loaded, context, services, missing: RestitutionService.notAWorkshop) {
            $0.kind == .workshop
        }
    }

    /// The private link's registration and its part in the workshop; anyone else is refused.
    static func participant(_ context: AppContext, _ services: Services) async throws -> (
        Loaded, EventSession, Registration, String, RestitutionService.Part
    ) {
        let loaded = try await EventAccess.load(context, services)
        let (registration, token) = try await EventAccess.registration(context, services, loaded.event)
        let session = try session(loaded, context, services)
        guard let part = try await services.restitution.part(of: registration, in: session) else {
            throw AppError(
                .forbidden,
                "Seuls les participants confirmés de cet atelier peuvent y proposer et voter.")
        }
        return (loaded, session, registration, token, part)
    }

    static func back(_ loaded: Loaded, _ token: String, _ session: EventSession, _ notice: String, suffix: String = "")
        -> Response
    {
        redirect(
            to: "/evenements/\(loaded.event.slug)/inscription/\(token)/ateliers/\(session.id)\(suffix)?ok=\(notice)")
    }

    // MARK: Participants

    static func workshopModel(
        _ context: AppContext, _ services: Services, _ loaded: Loaded, _ session: EventSession,
        _ registration: Registration, _ token: String, _ part: RestitutionService.Part
    ) async throws -> RestitutionPages.Workshop {
        RestitutionPages.Workshop(
            event: loaded.event, session: session, token: token, part: part,
            restitution: try await services.restitution.restitution(session: session),
            proposals: try await services.restitution.proposals(sessionID: session.id),
            ballot: try await services.restitution.ballot(sessionID: session.id, registrationID: registration.id),
            csrfToken: context.csrfToken)
    }

    static func workshop(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, session, registration, token, part) = try await participant(context, services)
        let model = try await workshopModel(context, services, loaded, session, registration, token, part)
        return services.layout.response(
            page: PageContext(
                title: session.title, context: context, section: "events",
                flash: request.uri.queryParameters.get("ok").map(RestitutionPages.notice)),
            body: RestitutionPages.workshop(model))
    }

    static func propose(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, session, registration, token, part) = try await participant(context, services)
        switch RestitutionRules.proposal(
            text: context.form["text"], theme: context.form["theme"], themes: session.questions)
        {
        case .failure(let errors):
            var model = try await workshopModel(context, services, loaded, session, registration, token, part)
            model.errors = errors
            model.text = context.form["text"]
            model.theme = context.form["theme"]
            return services.layout.response(
                status: .unprocessable, page: PageContext(title: session.title, context: context, section: "events"),
                body: RestitutionPages.workshop(model))
        case .success(let proposal):
            _ = try await services.restitution.propose(
                session: session, registrationID: registration.id, text: proposal.text, theme: proposal.theme)
            return back(loaded, token, session, "proposition")
        }
    }

    static func vote(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, session, registration, token, _) = try await participant(context, services)
        guard let proposal = context.form["proposal"].flatMap({ Int($0) }),
            let dots = context.form["dots"].flatMap({ Int($0) })
        else {
            throw AppError.badRequest("Le vote doit nommer une proposition et un nombre de votes.")
        }
        try await services.restitution.vote(
            session: session, registrationID: registration.id, proposalID: proposal, dots: dots)
        return back(loaded, token, session, "vote")
    }

    // MARK: Rapporteurs

    static func rapporteur(_ context: AppContext, _ services: Services) async throws -> (
        Loaded, EventSession, Registration, String
    ) {
        let (loaded, session, registration, token, part) = try await participant(context, services)
        guard part == .rapporteur else {
            throw AppError(.forbidden, "Seuls les rapporteurs de cet atelier peuvent faire cela.")
        }
        return (loaded, session, registration, token)
    }

    static func moderate(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, session, _, token) = try await rapporteur(context, services)
        guard let action = context.form["action"].flatMap(RestitutionService.Moderation.init(rawValue:)) else {
            throw AppError.badRequest("Action de modération inconnue : masquer, afficher ou fusionner.")
        }
        try await services.restitution.moderate(
            session: session, proposalID: try services.id("id", context), action: action,
            into: context.form["into"].flatMap { Int($0) })
        return back(loaded, token, session, "moderation")
    }

    static func outputForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, session, _, token) = try await rapporteur(context, services)
        let restitution = try await services.restitution.restitution(session: session)
        return services.layout.response(
            page: PageContext(
                title: "Restitution · \(session.title)", context: context, section: "events",
                flash: request.uri.queryParameters.get("ok").map(RestitutionPages.notice)),
            body: RestitutionPages.outputForm(
                RestitutionPages.OutputForm(
                    event: loaded.event, session: session, token: token, status: restitution.outputStatus,
                    output: restitution.output, csrfToken: context.csrfToken)))
    }

    /// Saves the output: a draft, published, or (the page's script, `autosave`) as it
    /// stands, published staying published.
    static func saveOutput(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, session, _, token) = try await rapporteur(context, services)
        let rows = min(
            context.form["rows"].flatMap { Int($0) } ?? RestitutionRules.maxCommitments,
            RestitutionRules.maxCommitments)
        var fields: [String: String] = [:]
        for section in WorkshopOutput.sections { fields[section.key] = context.form[section.key] }
        for row in 0..<max(0, rows) {
            for part in ["who", "what", "due"] {
                fields["commitment-\(part)-\(row)"] = context.form["commitment-\(part)-\(row)"]
            }
        }
        let autosave = context.form["autosave"] == "1"
        switch RestitutionRules.output(fields, rows: max(0, rows)) {
        case .failure(let errors):
            if autosave { throw AppError(.unprocessable, errors.errors.first?.message ?? "Formulaire invalide.") }
            var output = WorkshopOutput()
            for section in WorkshopOutput.sections { output[keyPath: section.path] = fields[section.key] }
            output.commitments = (0..<max(0, rows)).map { row in
                Commitment(
                    who: fields["commitment-who-\(row)"] ?? "", what: fields["commitment-what-\(row)"] ?? "",
                    due: fields["commitment-due-\(row)"])
            }
            let current = try await services.restitution.restitution(session: session)
            return services.layout.response(
                status: .unprocessable,
                page: PageContext(title: "Restitution · \(session.title)", context: context, section: "events"),
                body: RestitutionPages.outputForm(
                    RestitutionPages.OutputForm(
                        event: loaded.event, session: session, token: token, status: current.outputStatus,
                        output: output, errors: errors, csrfToken: context.csrfToken)))
        case .success(let output):
            let publish: Bool
            if autosave {
                publish = try await services.restitution.restitution(session: session).outputStatus == .published
            } else {
                publish = context.form["action"] == "publier"
            }
            try await services.restitution.saveOutput(session: session, output: output, publish: publish)
            if autosave { return Response(status: .noContent) }
            return back(loaded, token, session, publish ? "publie" : "brouillon", suffix: "/restitution")
        }
    }

    // MARK: Organisers

    static func organiser(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        var participants: [Int: [(id: Int, name: String, organisation: String?)]] = [:]
        for s in loaded.sessions where s.kind == .workshop {
            participants[s.id] = try await services.restitution.participants(sessionID: s.id)
        }
        let visibility = try await EventAccess.synthesisVisibility(loaded.event, services)
        return services.layout.response(
            page: PageContext(
                title: "Restitution · \(loaded.event.title)", context: context, section: "events",
                flash: request.uri.queryParameters.get("ok").map(RestitutionPages.notice)),
            body: RestitutionPages.organiser(
                RestitutionPages.Organiser(
                    loaded: loaded, overview: try await services.restitution.overview(eventID: loaded.event.id),
                    participants: participants, visibility: visibility,
                    documents: try await services.restitution.documents(eventID: loaded.event.id),
                    csrfToken: context.csrfToken)))
    }

    static func done(_ loaded: Loaded, _ notice: String) -> Response {
        redirect(to: "/evenements/\(loaded.event.slug)/restitution?ok=\(notice)")
    }

    static func saveVisibility(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let loaded = try await EventAccess.organiserOnly(context, services)
        guard let visibility = context.form["visibility"].flatMap(SynthesisVisibility.init(rawValue:)) else {
            throw AppError(.unprocessable, "Visibilité inconnue : « labo » ou « public ».")
        }
        try await services.database.write { db in
            try await services.events.setSynthesisVisibility(visibility, eventID: loaded.event.id, on: db)
        }
        return done(loaded, "visibilite")
    }

    static func configureVote(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let session = try session(loaded, context, services)
        guard let votes = RestitutionRules.votes(context.form["votes"]) else {
            throw AppError(
                .unprocessable,
                "Le nombre de votes par participant va de \(RestitutionRules.votesRange.lowerBound) à \(RestitutionRules.votesRange.upperBound)."
            )
        }
        guard let state = context.form["state"].flatMap(VoteState.init(rawValue:)) else {
            throw AppError(.unprocessable, "État du vote inconnu.")
        }
        try await services.restitution.configure(session: session, votes: votes, state: state)
        return done(loaded, "reglages")
    }

    static func addRapporteur(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let session = try session(loaded, context, services)
        guard let registration = context.form["registration"].flatMap({ Int($0) }) else {
            throw AppError(.unprocessable, "Choisissez le participant à nommer rapporteur.")
        }
        try await services.restitution.addRapporteur(session: session, registrationID: registration)
        return done(loaded, "rapporteur")
    }

    static func removeRapporteur(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let session = try session(loaded, context, services)
        try await services.restitution.removeRapporteur(
            session: session, registrationID: try services.id("id", context))
        return done(loaded, "retire")
    }

    /// A commitment or a proposal becomes a need, an offer or a partnership: the
    /// marketplace's form, filled from it and carrying where it came from, so that saving
    /// it links the new record back to the workshop.
    static func followUp(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let session = try session(loaded, context, services)
        let q = request.uri.queryParameters
        guard let kind = q.get("type").flatMap(FollowUpKind.init(rawValue:)),
            let source = FollowUpSource("\(session.id)-\(q.get("source") ?? "")")
        else {
            throw AppError.badRequest(
                "Dites ce que devient quoi : type (besoin, offre, partenariat ou fiche) et source (engagement-N ou proposition-N)."
            )
        }
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        guard
            let draft = try await services.restitution.followUpDraft(
                event: loaded.event, session: session, source: source, viewer: viewer,
                chosenLab: TextRules.clean(q.get("labo")))
        else {
            // Nothing names a lab (a network event's proposal, an administrator without one):
            // the organiser picks the lab the need, offer or partnership will belong to.
            let labs = try await services.database.withConnection { db in try await LabStore().all(on: db) }
                .filter { Permissions.isFacilitator(viewer, ofLab: $0.id) }
            return services.layout.response(
                page: PageContext(title: "Donner suite", context: context, section: "events"),
                body: RestitutionPages.followUpLab(
                    event: loaded.event, session: session, source: q.get("source") ?? "", kind: kind, labs: labs))
        }
        var query: [(String, String)] = [
            ("titre", draft.title), ("description", draft.description), ("suite", source.text)
        ]
        if let organisation = draft.organisationID { query.append(("organisation", String(organisation))) }
        let form: String =
            switch kind {
            case .need: "besoins/" + ListingPages.newPath(.need)
            case .offer: "offres/" + ListingPages.newPath(.offer)
            case .partnership: "partenariats/nouveau"
            case .sheet: "bibliotheque/nouvelle"
            }
        return redirect(to: "/labs/\(draft.labSlug)/\(form)?" + URLEncoding.query(query))
    }

    // MARK: The room's screen

    /// What a room's screen shows in one second: the event, the workshop, who may see it,
    /// the vote's state and the ranking, read once per second whatever the number of
    /// screens and streams (the vote's own writes are never cached).
    struct ScreenFrame: Sendable {
        let event: RencontreEvent
        let session: EventSession
        let visibility: SynthesisVisibility
        let state: VoteState
        let ranking: HTML
    }

    static func frame(slug: String, sessionID: Int, _ services: Services) async throws -> ScreenFrame {
        let key = "\(slug)|\(sessionID)|\(nowSeconds())"
        if let hit = services.projectorCache.get(key) { return hit }
        let (event, session) = try await services.database.withConnection { db in
            (
                try await services.events.event(slug: slug, on: db),
                try await services.events.session(id: sessionID, on: db)
            )
        }
        guard let event else { throw AppError.notFound("Cet événement n'existe pas.") }
        guard let session, session.eventID == event.id, session.kind == .workshop else {
            throw RestitutionService.notAWorkshop
        }
        let visibility = try await EventAccess.synthesisVisibility(event, services)
        let restitution = try await services.restitution.restitution(session: session)
        let proposals = try await services.restitution.proposals(sessionID: session.id).filter {
            $0.status == .visible
        }
        let ranked = DotVoting.ranking(proposals, votes: \.votes, order: \.id)
        let frame = ScreenFrame(
            event: event, session: session, visibility: visibility, state: restitution.voteState,
            ranking: RestitutionPages.ranking(ranked, total: proposals.reduce(0) { $0 + $1.votes }))
        services.projectorCache.set(key, frame)
        return frame
    }

    /// The screen's frame for whoever may see the synthesis (a draft's for its organisers).
    static func screen(_ context: AppContext, _ services: Services) async throws -> ScreenFrame {
        let frame = try await frame(
            slug: try context.parameters.require("event"), sessionID: try services.id("session", context), services)
        guard frame.event.status.isPublic || EventAccess.canOrganise(context.viewer, frame.event) else {
            throw AppError.notFound("Cet événement n'existe pas.")
        }
        try EventAccess.requireSynthesis(context, frame.event, frame.visibility)
        return frame
    }

    static func projector(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let frame = try await screen(context, services)
        return htmlResponse(
            RestitutionPages.projector(
                event: frame.event, session: frame.session, state: frame.state, ranking: frame.ranking))
    }

    /// The plenary's screen: the workshops one by one (`?atelier=N`, from 1), each with its
    /// published output and its most voted proposals, for whoever may see the synthesis.
    static func walkthrough(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, _, model) = try await SynthesisRoutes.load(context, services)
        guard !model.workshops.isEmpty else { throw RestitutionService.notAWorkshop }
        let index = request.uri.queryParameters.get("atelier").flatMap { Int($0) } ?? 1
        guard (1...model.workshops.count).contains(index) else {
            throw AppError.notFound("Cet atelier n'existe pas : ils vont de 1 à \(model.workshops.count).")
        }
        return htmlResponse(
            RestitutionPages.walkthrough(
                event: loaded.event, workshop: model.workshops[index - 1], index: index, count: model.workshops.count))
    }

    /// Server-sent events: while the vote is open, the ranking each time it changes (checked
    /// every 2 seconds) for a minute; otherwise the ranking once. The browser's
    /// `EventSource` then reconnects by itself (`retry`), so no stream outlives a restart
    /// of the server by more than a minute, and a screen left on before or after the vote
    /// polls every 5 seconds.
    static func projectorStream(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let first = try await screen(context, services)
        let (slug, sessionID) = (first.event.slug, first.session.id)
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let lifetime = services.configuration.projectorStreamSeconds
        let body = ResponseBody { writer in
            var last = ""
            try await writer.write(ByteBuffer(string: "retry: 5000\n\n"))
            let end = Date().addingTimeInterval(TimeInterval(lifetime))
            while true {
                let frame = try await frame(slug: slug, sessionID: sessionID, services)
                if frame.ranking.rendered != last {
                    last = frame.ranking.rendered
                    let data = String(decoding: JSONResponse.encode(["html": last]).readableBytesView, as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "event: ranking\ndata: \(data)\n\n"))
                }
                if frame.state != .open || Date() >= end { break }
                try await Task.sleep(for: .seconds(2))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
