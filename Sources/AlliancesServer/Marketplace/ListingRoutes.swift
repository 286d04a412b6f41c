import AlliancesCore
import Hummingbird
import SQLKit

/// Web pages of needs and offers, the organisation's counterparts, and feedback on
/// recommendations.
enum ListingRoutes {
    static let pageSize = 50

    static func register(_ routes: RouteTable) {
        // The same pages for needs (`/besoins`) and offers (`/offres`), the kind bound here.
        for kind in ListingKind.allCases {
            let base = "/labs/:lab/\(kind.path)"
            routes.get(base) { try await list(kind, $0, $1, $2) }
            routes.get(base + "/" + ListingPages.newPath(kind)) { try await newForm(kind, $0, $1, $2) }
            routes.post(base + "/" + ListingPages.newPath(kind)) { try await save(kind, nil, $1, $2) }
            routes.get(base + "/:id") { try await show(kind, $1, $2) }
            routes.get(base + "/:id/modifier") { try await editForm(kind, $1, $2) }
            routes.post(base + "/:id/modifier") { try await save(kind, try $2.id("id", $1), $1, $2) }
        }
        routes.get("/labs/:lab/organisations/:id/partenaires", counterparts)
        routes.post("/labs/:lab/recommandations/avis", feedback)
    }

    static func filter(kind: ListingKind?, _ request: Request) throws -> ListingFilter {
        switch ListingFilter.parse(kind: kind, { request.uri.queryParameters.get($0) }) {
        case .success(let filter): return filter
        case .failure(let errors):
            throw AppError(.badRequest, errors.errors.map(\.message).joined(separator: " "), fieldErrors: errors.errors)
        }
    }

    static func list(_ kind: ListingKind, _ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let filter = try filter(kind: kind, request)
        let page = try DirectoryRoutes.pageNumber(request)
        let viewer = context.viewer
        let model = try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            let store = services.marketplace.listings
            return ListingPages.ListModel(
                lab: lab.summary, kind: kind, filter: filter,
                listings: try await store.list(
                    labID: lab.id, filter: filter, viewer: viewer, limit: pageSize, offset: (page - 1) * pageSize,
                    on: db),
                total: try await store.count(labID: lab.id, filter: filter, viewer: viewer, on: db), page: page,
                pageSize: pageSize,
                canCreate: Permissions.canCreateOrganisation(viewer, inLab: lab.id)
                    || (viewer?.organisationID != nil && Permissions.isLabMember(viewer, labID: lab.id)))
        }
        return services.layout.response(
            page: PageContext(title: kind.plural, context: context, lab: model.lab, section: kind.path),
            body: ListingPages.list(model))
    }

    static func show(_ kind: ListingKind, _ context: AppContext, _ services: Services) async throws -> Response {
        let id = try services.id("id", context)
        let viewer = context.viewer
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        let listing = try await services.marketplace.visibleListing(id: id, lab: lab, viewer: viewer, kind: kind)
        let canSeeRecommendations = Permissions.canSeeRecommendations(
            viewer, labID: lab.id, organisationID: listing.organisationID)
        let recommendations =
            canSeeRecommendations && listing.status != .draft
            ? try await services.marketplace.recommendations(lab: lab, source: listing.profile, viewer: viewer) : nil
        let model = ListingPages.ShowModel(
            lab: lab.summary, listing: listing,
            canEdit: Permissions.canManageListing(viewer, labID: lab.id, organisationID: listing.organisationID),
            canRequestIntroduction: Permissions.canRequestIntroduction(viewer, labID: lab.id)
                && viewer?.organisationID != listing.organisationID,
            recommendations: recommendations,
            recommendationActions: .init(
                csrfToken: context.csrfToken, canPropose: Permissions.canProposeIntroduction(viewer, labID: lab.id),
                canRequest: Permissions.canRequestIntroduction(viewer, labID: lab.id),
                backURL: "/labs/\(lab.slug)/\(kind.path)/\(listing.id)"))
        return services.layout.response(
            page: PageContext(title: listing.title, context: context, lab: lab.summary, section: kind.path),
            body: ListingPages.show(model))
    }

    /// The organisations the viewer may post for: a member's own, or (facilitators) the
    /// lab's organisations when there are few enough for a list; otherwise a number field.
    static func postingOrganisations(_ viewer: Viewer, lab: Lab, services: Services) async throws -> [(
        id: Int, name: String
    )] {
        try await services.database.withConnection { db in
            if !Permissions.isFacilitator(viewer, ofLab: lab.id) {
                guard let own = viewer.organisationID,
                    let organisation = try await services.organisations.find(id: own, labID: lab.id, on: db)
                else {
                    throw AppError.forbidden
                }
                return [(organisation.id, organisation.name)]
            }
            return try await services.organisations.choices(labID: lab.id, on: db)
        }
    }

    static func renderForm(
        _ model: ListingPages.FormModel, _ context: AppContext, _ services: Services, status: HTTPResponse.Status = .ok
    ) -> Response {
        services.layout.response(
            status: status,
            page: PageContext(
                title: model.listingID == nil ? "Publier" : "Modifier l'annonce", context: context, lab: model.lab,
                section: model.kind.path),
            body: ListingPages.form(model, csrfToken: context.csrfToken))
    }

    static func newForm(_ kind: ListingKind, _ request: Request, _ context: AppContext, _ services: Services)
        async throws -> Response
    {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        let organisations = try await postingOrganisations(viewer, lab: lab, services: services)
        let q = request.uri.queryParameters
        let preset = q.get("organisation").flatMap { Int($0) }
        var input = ListingInput(
            kind: kind.rawValue, organisationId: organisations.count == 1 ? organisations[0].id : preset)
        // A workshop's commitment or proposal followed up (`RestitutionRoutes.followUp`).
        let followUp = FollowUpSource(q.get("suite"))
        if followUp != nil {
            input.title = q.get("titre").map { String($0.prefix(160)) }
            input.description = q.get("description").map { String($0.prefix(2_000)) }
            input.status = ListingStatus.draft.rawValue
        }
        return renderForm(
            .init(
                lab: lab.summary, kind: kind, listingID: nil, input: input, errors: .init(),
                organisations: organisations, followUp: followUp?.text), context, services)
    }

    static func editForm(_ kind: ListingKind, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        let listing = try await services.marketplace.visibleListing(
            id: try services.id("id", context), lab: lab, viewer: viewer, kind: kind)
        guard Permissions.canManageListing(viewer, labID: lab.id, organisationID: listing.organisationID) else {
            throw AppError.forbidden
        }
        let organisations = try await postingOrganisations(viewer, lab: lab, services: services)
        return renderForm(
            .init(
                lab: lab.summary, kind: kind, listingID: listing.id, input: ListingPages.input(from: listing),
                errors: .init(), organisations: organisations), context, services)
    }

    static func save(_ kind: ListingKind, _ listingID: Int?, _ posted: AppContext, _ services: Services) async throws
        -> Response
    {
        var context = posted
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        if let listingID {
            let listing = try await services.marketplace.visibleListing(
                id: listingID, lab: lab, viewer: viewer, kind: kind)
            guard Permissions.canManageListing(viewer, labID: lab.id, organisationID: listing.organisationID) else {
                throw AppError.forbidden
            }
        }
        // A facilitator names the organisation with the picker (a name, a pick or a number).
        var picked = (errors: ValidationErrors(), fields: [String: OrganisationPicker.Field]())
        if Permissions.isFacilitator(viewer, ofLab: lab.id) {
            let resolved = try await OrganisationPicker.resolve(
                ["organisationId"], in: context, lab: lab, services: services)
            (context, picked) = (resolved.context, (resolved.errors, resolved.fields))
        }
        var input = ListingPages.input(from: context.form)
        input.kind = kind.rawValue
        let outcome =
            picked.errors.isEmpty
            ? try await services.marketplace.saveListing(lab: lab, listingID: listingID, input: input, viewer: viewer)
            : .failure(picked.errors)
        switch outcome {
        case .success(let id):
            if listingID == nil, let source = FollowUpSource(context.form["suite"]) {
                try await services.restitution.recordFollowUp(
                    source: source, kind: kind == .need ? .need : .offer, labID: lab.id, targetID: id, viewer: viewer)
            }
            return redirect(to: "/labs/\(lab.slug)/\(kind.path)/\(id)")
        case .failure(let errors):
            let organisations = try await postingOrganisations(viewer, lab: lab, services: services)
            return renderForm(
                .init(
                    lab: lab.summary, kind: kind, listingID: listingID, input: input, errors: errors,
                    organisations: organisations, followUp: FollowUpSource(context.form["suite"])?.text,
                    picker: picked.fields["organisationId"], organisationTyped: posted.form["organisationId"]),
                context, services, status: .unprocessableContent)
        }
    }

    /// The counterparts of the organisation named in the URL, for its members and the
    /// lab's facilitators (page and API).
    static func counterpartRecommendations(_ context: AppContext, _ services: Services) async throws
        -> (Viewer, Lab, Organisation, MatchProfile, MarketplaceService.Recommendations)
    {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let (lab, organisation) = try await DirectoryRoutes.load(context, services)
        guard Permissions.canSeeRecommendations(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        guard
            let profile = try await services.marketplace.organisationProfile(lab: lab, organisationID: organisation.id)
        else {
            throw AppError(.conflict, "Cette organisation est fermée : pas de recommandations.")
        }
        return (
            viewer, lab, organisation, profile,
            try await services.marketplace.recommendations(lab: lab, source: profile, viewer: viewer)
        )
    }

    static func counterparts(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, organisation, profile, r) = try await counterpartRecommendations(context, services)
        let actions = RecommendationList.Actions(
            csrfToken: context.csrfToken, canPropose: Permissions.canProposeIntroduction(viewer, labID: lab.id),
            canRequest: Permissions.canRequestIntroduction(viewer, labID: lab.id),
            backURL: "/labs/\(lab.slug)/organisations/\(organisation.id)/partenaires")
        let source = MatchProfile.Subject.organisation(id: organisation.id)
        let resource = profile.isResourceSide
        let body: HTML = """
            <p><a href="/labs/\(lab.slug)/organisations/\(organisation.id)">← \(organisation.name)</a></p>
            <h1>Partenaires possibles pour \(organisation.name)</h1>
            <p class="muted">Classés par le labo selon les thèmes, les modes de partenariat, la distance, les mots des présentations et les mises en relation passées. Chaque recommandation dit pourquoi.</p>
            <h2>\(resource ? "Associations et structures à rencontrer" : "Entreprises et partenaires à solliciter")</h2>
            \(RecommendationList.render(r.organisations, lab: lab.summary, source: source, sourceOrganisation: organisation.id, marks: r.marks, actions: actions, listing: nil))
            <h2>\(resource ? "Besoins publiés" : "Offres publiées")</h2>
            \(RecommendationList.render(r.listings, lab: lab.summary, source: source, sourceOrganisation: organisation.id, marks: r.marks, actions: actions, listing: nil))
            """
        return services.layout.response(
            page: PageContext(title: "Partenaires possibles", context: context, lab: lab.summary, section: "directory"),
            body: body)
    }

    /// Parses "besoin:12", "offre:3" or "organisation:5".
    static func subject(_ text: String?) -> MatchProfile.Subject? {
        guard let text, let colon = text.firstIndex(of: ":"), let id = Int(text[text.index(after: colon)...]), id > 0
        else { return nil }
        return IntroductionStore.subject(kind: String(text[..<colon]), id: id)
    }

    static func feedback(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let form = context.form
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard let source = subject(form["source"]), let candidate = subject(form["candidate"]),
            let relevant = form["relevant"], relevant == "1" || relevant == "0"
        else {
            throw AppError.badRequest(
                "Avis incomplet : la source, la recommandation et l'avis (1 ou 0) sont obligatoires.")
        }
        let sourceOrganisation = try await organisationOf(source, lab: lab, viewer: viewer, services: services)
        try await services.marketplace.feedback(
            lab: lab, viewer: viewer, source: source, sourceOrganisation: sourceOrganisation, candidate: candidate,
            relevant: relevant == "1")
        let back =
            form["retour"].flatMap { $0.hasPrefix("/labs/\(lab.slug)/") && !$0.contains("//") ? $0 : nil }
            ?? "/labs/\(lab.slug)"
        return redirect(to: back)
    }

    /// The organisation a recommendation source belongs to (the listing's, or itself).
    static func organisationOf(_ source: MatchProfile.Subject, lab: Lab, viewer: Viewer, services: Services)
        async throws -> Int
    {
        switch source {
        case .organisation(let id):
            guard
                try await services.database.withConnection({ db in
                    try await services.organisations.find(id: id, labID: lab.id, on: db)
                }) != nil
            else {
                throw AppError.notFound("Cette organisation n'existe pas dans ce labo.")
            }
            return id
        case .listing(let id, let kind):
            return try await services.marketplace.visibleListing(id: id, lab: lab, viewer: viewer, kind: kind)
                .organisationID
        }
    }
}
