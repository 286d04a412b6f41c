import AlliancesCore
import Hummingbird

/// What a rencontre produced, kept: the synthesis page, its exports and its API, for
/// whoever the organiser chose (the event's lab, or everyone).
enum SynthesisRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/evenements/:event/synthese", page)
        routes.get("/evenements/:event/synthese.json", json)
        routes.get("/evenements/:event/synthese.csv", csv)
        routes.get("/evenements/:event/propositions.csv", proposalsCSV)
        routes.get("/api/v1/events/:event/synthesis", json)
        routes.get("/api/v1/events/:event/proposals", apiProposals)
    }

    /// The event and the overview of its restitution, for those who may see the synthesis.
    static func load(_ context: AppContext, _ services: Services) async throws -> (
        Loaded, RestitutionService.Overview, Synthesis.Model
    ) {
        let loaded = try await EventAccess.load(context, services)
        let (visibility, worlds, lunch) = try await services.database.withConnection { db in
            (
                try await services.events.synthesisVisibility(eventID: loaded.event.id, on: db),
                try await services.registrations.store.worlds(eventID: loaded.event.id, on: db),
                try await services.lunch.worlds(eventID: loaded.event.id, on: db)
            )
        }
        try EventAccess.requireSynthesis(context, loaded.event, visibility)
        let overview = try await services.restitution.overview(eventID: loaded.event.id)
        let followUps = try await services.restitution.followUps(eventID: loaded.event.id)
        let questions = try await services.restitution.questions(eventID: loaded.event.id)
        let documents = try await services.restitution.documents(eventID: loaded.event.id)
        return (
            loaded, overview,
            Synthesis.model(
                loaded, overview: overview, worlds: worlds, followUps: followUps, questions: questions, lunch: lunch,
                documents: documents, visibility: visibility)
        )
    }

    static func page(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, _, model) = try await load(context, services)
        return services.layout.response(
            page: PageContext(title: "Synthèse · \(loaded.event.title)", context: context, section: "events"),
            body: SynthesisPages.render(model, canOrganise: EventAccess.canOrganise(context.viewer, loaded.event)))
    }

    static func json(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        JSONResponse.make(try await load(context, services).2)
    }

    static func csv(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (loaded, _, model) = try await load(context, services)
        return ExportRoutes.csvResponse(
            CSVWriter.document(header: Synthesis.csvHeader, rows: Synthesis.csvRows(model)),
            filename: "synthese-\(loaded.event.slug).csv")
    }

    /// Every proposal with its votes (totals: who voted what is never exported); hidden and
    /// merged ones for the organisers only.
    static func proposals(_ loaded: Loaded, _ overview: RestitutionService.Overview, _ context: AppContext)
        -> [(session: EventSession, proposal: Proposal)]
    {
        let organiser = EventAccess.canOrganise(context.viewer, loaded.event)
        return loaded.sessions.filter { $0.kind == .workshop }.flatMap { s in
            (overview.proposals[s.id] ?? []).filter { organiser || $0.status == .visible }.map { (s, $0) }
        }
    }

    static func proposalsCSV(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (loaded, overview, _) = try await load(context, services)
        let rows: [[String]] = proposals(loaded, overview, context).map { s, p in
            [
                s.title, String(p.id), p.text, p.theme ?? "", p.status.label, String(p.votes), String(p.voters),
                p.mergedInto.map(String.init) ?? ""
            ]
        }
        return ExportRoutes.csvResponse(
            CSVWriter.document(
                header: ["Atelier", "N°", "Proposition", "Thème", "Statut", "Votes", "Votants", "Fusionnée dans le n°"],
                rows: rows), filename: "propositions-\(loaded.event.slug).csv")
    }

    struct ProposalDTO: Codable, Sendable {
        let id: Int
        let workshop: Int
        let text: String
        let theme: String?
        let status: String
        let votes: Int
        let voters: Int
        let mergedInto: Int?
    }

    static func apiProposals(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (loaded, overview, _) = try await load(context, services)
        return JSONResponse.make(
            proposals(loaded, overview, context).map { s, p in
                ProposalDTO(
                    id: p.id, workshop: s.id, text: p.text, theme: p.theme, status: p.status.rawValue, votes: p.votes,
                    voters: p.voters, mergedInto: p.mergedInto)
            })
    }
}
