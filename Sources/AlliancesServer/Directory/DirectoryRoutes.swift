import AlliancesCore
import Hummingbird
import SQLKit

/// Web pages of the directory.
enum DirectoryRoutes {
    static let pageSize = 50

    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/organisations", list)
        routes.get("/labs/:lab/organisations/nouvelle", newForm)
        routes.post("/labs/:lab/organisations/nouvelle", create)
        routes.get("/labs/:lab/organisations/suggestions", OrganisationPicker.suggestionsRoute)
        routes.get("/labs/:lab/organisations/:id", show)
        routes.get("/labs/:lab/organisations/:id/modifier", editForm)
        routes.post("/labs/:lab/organisations/:id/modifier", update)
        routes.get("/labs/:lab/organisations/:id/supprimer", confirmDelete)
        routes.post("/labs/:lab/organisations/:id/supprimer", delete)
        routes.get("/labs/:lab/organisations/:id/personnes/nouvelle", newPerson)
        routes.post("/labs/:lab/organisations/:id/personnes/nouvelle", createPerson)
        routes.get("/labs/:lab/organisations/:id/personnes/:person/modifier", editPerson)
        routes.post("/labs/:lab/organisations/:id/personnes/:person/modifier", updatePerson)
        routes.post("/labs/:lab/organisations/:id/personnes/:person/supprimer", deletePerson)
    }

    static func newPerson(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await personForm(context, services, personID: nil)
    }

    static func createPerson(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await savePerson(context, services, personID: nil)
    }

    static func editPerson(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await personForm(context, services, personID: try services.id("person", context))
    }

    static func updatePerson(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await savePerson(context, services, personID: try services.id("person", context))
    }

    /// Parses the page number; out-of-range pages are a clear 400.
    static func pageNumber(_ request: Request) throws -> Int {
        guard let raw = request.uri.queryParameters.get("page"), !raw.isEmpty else { return 1 }
        guard let page = Int(raw), page >= 1, page <= 100_000 else {
            throw AppError.badRequest("Numéro de page invalide : « \(raw.prefix(20)) ».")
        }
        return page
    }

    static func filter(_ request: Request) throws -> DirectoryFilter {
        switch DirectoryFilter.parse({ request.uri.queryParameters.get($0) }) {
        case .success(let filter): return filter
        case .failure(let errors):
            throw AppError(.badRequest, errors.errors.map(\.message).joined(separator: " "), fieldErrors: errors.errors)
        }
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let filter = try filter(request)
        let page = try pageNumber(request)
        return try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            return try await services.pages.page(lab: lab, request: request, context: context) {
                // The list is the same for every viewer but for the button to add one.
                let canCreate = Permissions.canCreateOrganisation(context.viewer, inLab: lab.id)
                let body = try await services.pages.fragment(
                    lab: lab, request: request, variant: canCreate ? "directory+create" : "directory"
                ) {
                    let total = try await services.counts.count(lab: lab, key: "directory|" + filter.cacheKey) {
                        try await services.organisations.count(labID: lab.id, filter: filter, on: db)
                    }
                    let organisations = try await services.organisations.summaries(
                        labID: lab.id, filter: filter, limit: pageSize, offset: (page - 1) * pageSize, on: db)
                    let model = DirectoryList.Model(
                        lab: lab.summary, filter: filter, organisations: organisations, total: total, page: page,
                        pageSize: pageSize, canCreate: canCreate, departements: lab.departements
                    )
                    return DirectoryList.View(model: model).body()
                }
                return services.layout.render(
                    PageContext(title: "Annuaire", context: context, lab: lab.summary, section: "directory"),
                    body: body)
            }
        }
    }

    /// Loads the lab and organisation named in the URL.
    static func load(_ context: AppContext, _ services: Services) async throws -> (Lab, Organisation) {
        let id = try services.id("id", context)
        return try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            guard let organisation = try await services.organisations.find(id: id, labID: lab.id, on: db) else {
                throw AppError.notFound("Cette organisation n'existe pas dans ce labo.")
            }
            return (lab, organisation)
        }
    }

    /// A person of the organisation, or a French 404 (also for another organisation's person).
    static func person(_ id: Int, of organisation: Organisation, _ services: Services) async throws -> Person {
        guard
            let person = try await services.database.withConnection({ db in
                try await services.organisations.person(id: id, organisationID: organisation.id, on: db)
            })
        else {
            throw AppError.notFound("Cette personne n'existe pas.")
        }
        return person
    }

    /// Another lab's organisation listed in this one: thrown from the page's rendering, to
    /// answer with its own lab's page instead.
    struct ListedElsewhere: Error { let path: String }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        do { return try await showPage(request, context, services) } catch let elsewhere as ListedElsewhere {
            return redirect(to: elsewhere.path)
        }
    }

    static func showPage(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let id = try services.id("id", context)
        let viewer = context.viewer
        return try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            return try await services.pages.page(lab: lab, request: request, context: context) {
                guard let organisation = try await services.organisations.find(id: id, labID: lab.id, on: db) else {
                    // Another lab's organisation listed here: its page is its own lab's.
                    if let owner = try await services.organisations.ownerSlug(ofListed: id, inLab: lab.id, on: db) {
                        throw ListedElsewhere(path: "/labs/\(owner)/organisations/\(id)")
                    }
                    throw AppError.notFound("Cette organisation n'existe pas dans ce labo.")
                }
                let people = try await services.organisations.people(organisationID: id, on: db)
                let sheets = try await services.library.readable(organisationID: id, lab: lab, viewer: viewer, on: db)
                var model = OrganisationShow.Model(
                    lab: lab.summary, organisation: organisation, people: people,
                    canEdit: Permissions.canEditOrganisation(viewer, labID: lab.id, organisationID: id),
                    canDelete: Permissions.canDeleteOrganisation(viewer, labID: lab.id, organisationID: id),
                    canSeeContacts: Permissions.canSeeContactDetails(viewer, labID: lab.id, organisationID: id),
                    canRequestIntroduction: Permissions.canRequestIntroduction(viewer, labID: lab.id)
                        && viewer?.organisationID != id
                )
                model.sheets = sheets.map { ($0.id, $0.title, $0.status) }
                model.listedIn = try await services.organisations.listingLabs(organisationID: id, on: db)
                let listed = Set(model.listedIn.map(\.id))
                model.listTargets = try await SharedOrganisationRoutes.targets(
                    viewer, owner: lab.id, services: services, on: db
                ).map { ($0.summary, listed.contains($0.id)) }
                model.csrf = context.csrfToken
                return services.layout.render(
                    PageContext(title: model.organisation.name, context: context, lab: model.lab, section: "directory"),
                    body: OrganisationShow.View(model: model).body())
            }
        }
    }

    static func requireLogin(_ context: AppContext) throws -> Viewer {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        return viewer
    }

    static func renderForm(
        _ model: OrganisationForm.Model, _ context: AppContext, _ services: Services, status: HTTPResponse.Status = .ok
    ) -> Response {
        services.layout.response(
            status: status,
            page: PageContext(
                title: model.organisationID == nil ? "Nouvelle organisation" : "Modifier", context: context,
                lab: model.lab, section: "directory"),
            body: OrganisationForm.View(model: model, csrfToken: context.csrfToken).body())
    }

    static func newForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.canCreateOrganisation(viewer, inLab: lab.id) else { throw AppError.forbidden }
        return renderForm(
            .init(lab: lab.summary, organisationID: nil, input: OrganisationInput(active: true), errors: .init()),
            context, services)
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.canCreateOrganisation(viewer, inLab: lab.id) else { throw AppError.forbidden }
        let input = OrganisationForm.Model.input(from: context.form)
        switch try await services.directory.save(lab: lab, organisationID: nil, input: input, viewer: viewer) {
        case .success(let id):
            return redirect(to: "/labs/\(lab.slug)/organisations/\(id)")
        case .failure(let errors):
            return renderForm(
                .init(lab: lab.summary, organisationID: nil, input: input, errors: errors), context, services,
                status: .unprocessableContent)
        }
    }

    static func editForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try requireLogin(context)
        let (lab, organisation) = try await load(context, services)
        guard Permissions.canEditOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        return renderForm(
            .init(
                lab: lab.summary, organisationID: organisation.id,
                input: OrganisationForm.Model.input(from: organisation), errors: .init()), context, services)
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try requireLogin(context)
        let (lab, organisation) = try await load(context, services)
        guard Permissions.canEditOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        let input = OrganisationForm.Model.input(from: context.form)
        switch try await services.directory.save(
            lab: lab, organisationID: organisation.id, input: input, viewer: viewer)
        {
        case .success(let id):
            return redirect(to: "/labs/\(lab.slug)/organisations/\(id)")
        case .failure(let errors):
            return renderForm(
                .init(lab: lab.summary, organisationID: organisation.id, input: input, errors: errors), context,
                services, status: .unprocessableContent)
        }
    }

    static func confirmDelete(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        let viewer = try requireLogin(context)
        let (lab, organisation) = try await load(context, services)
        guard Permissions.canDeleteOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        let people = try await services.database.withConnection { db in
            try await services.organisations.people(organisationID: organisation.id, on: db)
        }
        return services.layout.response(
            page: PageContext(title: "Supprimer", context: context, lab: lab.summary, section: "directory"),
            body: OrganisationDelete.body(
                lab: lab.summary, organisation: organisation, peopleCount: people.count, csrfToken: context.csrfToken))
    }

    static func delete(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try requireLogin(context)
        let (lab, organisation) = try await load(context, services)
        guard Permissions.canDeleteOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        try await services.directory.delete(lab: lab, organisationID: organisation.id, viewer: viewer)
        return redirect(to: "/labs/\(lab.slug)/organisations")
    }

    static func personForm(_ context: AppContext, _ services: Services, personID: Int?) async throws -> Response {
        let viewer = try requireLogin(context)
        let (lab, organisation) = try await load(context, services)
        guard Permissions.canEditOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        var input = PersonInput()
        if let personID {
            let person = try await person(personID, of: organisation, services)
            input = PersonInput(name: person.name, role: person.role, email: person.email, phone: person.phone)
        }
        let model = PersonForm.Model(
            lab: lab.summary, organisation: organisation, personID: personID, input: input, errors: .init())
        return services.layout.response(
            page: PageContext(title: "Personne", context: context, lab: lab.summary, section: "directory"),
            body: PersonForm.View(model: model, csrfToken: context.csrfToken).body())
    }

    static func savePerson(_ context: AppContext, _ services: Services, personID: Int?) async throws -> Response {
        let viewer = try requireLogin(context)
        let (lab, organisation) = try await load(context, services)
        guard Permissions.canEditOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        if let personID { _ = try await person(personID, of: organisation, services) }
        let form = context.form
        let input = PersonInput(name: form["name"], role: form["role"], email: form["email"], phone: form["phone"])
        switch try await services.directory.savePerson(
            lab: lab, organisationID: organisation.id, personID: personID, input: input, viewer: viewer)
        {
        case .success:
            return redirect(to: "/labs/\(lab.slug)/organisations/\(organisation.id)")
        case .failure(let errors):
            let model = PersonForm.Model(
                lab: lab.summary, organisation: organisation, personID: personID, input: input, errors: errors)
            return services.layout.response(
                status: .unprocessableContent,
                page: PageContext(title: "Personne", context: context, lab: lab.summary, section: "directory"),
                body: PersonForm.View(model: model, csrfToken: context.csrfToken).body())
        }
    }

    static func deletePerson(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try requireLogin(context)
        let personID = try services.id("person", context)
        let (lab, organisation) = try await load(context, services)
        guard Permissions.canEditOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        _ = try await person(personID, of: organisation, services)
        try await services.directory.deletePerson(
            lab: lab, organisationID: organisation.id, personID: personID, viewer: viewer)
        return redirect(to: "/labs/\(lab.slug)/organisations/\(organisation.id)")
    }
}
