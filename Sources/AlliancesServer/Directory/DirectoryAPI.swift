import AlliancesCore
import Foundation
import Hummingbird
import SQLKit

/// The JSON shapes of the API: a stable contract, separate from the database rows.
struct OrganisationDTO: Codable, Sendable {
    struct CommuneDTO: Codable, Sendable {
        let code: String
        let name: String?
    }
    struct PersonDTO: Codable, Sendable {
        let id: Int
        let name: String
        let role: String?
        /// Present only for viewers allowed to see contact details.
        let email: String?
        let phone: String?
    }
    let id: Int
    let lab: String
    let name: String
    let acronym: String?
    let kind: String
    let sizeClass: String?
    let headcountBand: String?
    let siren: String?
    let siret: String?
    let rnaId: String?
    let description: String?
    let website: String?
    let commune: CommuneDTO?
    let departement: String?
    let active: Bool
    let themes: [String]
    let people: [PersonDTO]?
    let createdAt: Int
    let updatedAt: Int

    init(_ o: Organisation, labSlug: String, people: [Person]?, showContacts: Bool) {
        id = o.id
        lab = labSlug
        name = o.name
        acronym = o.acronym
        kind = o.kind.rawValue
        sizeClass = o.sizeClass?.rawValue
        headcountBand = o.headcountBand?.rawValue
        siren = o.siren
        siret = o.siret
        rnaId = o.rnaId
        description = o.description
        website = o.website
        commune = o.communeCode.map { CommuneDTO(code: $0, name: o.communeName) }
        departement = o.departementCode
        active = o.active
        themes = o.themes.map(\.rawValue)
        self.people = people?.map {
            PersonDTO(
                id: $0.id, name: $0.name, role: $0.role, email: showContacts ? $0.email : nil,
                phone: showContacts ? $0.phone : nil)
        }
        createdAt = o.createdAt
        updatedAt = o.updatedAt
    }
}

struct OrganisationPageDTO: Codable, Sendable {
    let total: Int
    /// The page number when asked by `page` (nil when asked by `cursor`).
    let page: Int?
    let pageSize: Int
    let limit: Int
    /// The next page's `cursor`, nil on the last page.
    let nextCursor: String?
    let items: [OrganisationDTO]
}

struct LabDTO: Codable, Sendable {
    let slug: String
    let name: String
    let description: String?
    let departements: [String]
    let regionCode: String?
}

enum DirectoryAPI {
    static func register(_ routes: RouteTable) {
        routes.get("/api/v1/labs", labList)
        routes.get("/api/v1/labs/:lab/organisations", list)
        routes.post("/api/v1/labs/:lab/organisations", create)
        routes.get("/api/v1/labs/:lab/organisations/:id", get)
        routes.put("/api/v1/labs/:lab/organisations/:id", replace)
        routes.patch("/api/v1/labs/:lab/organisations/:id", modify)
        routes.delete("/api/v1/labs/:lab/organisations/:id", delete)
        routes.post("/api/v1/labs/:lab/organisations/:id/people", createPerson)
        routes.put("/api/v1/labs/:lab/organisations/:id/people/:person", updatePerson)
        routes.delete("/api/v1/labs/:lab/organisations/:id/people/:person", deletePerson)
    }

    static func labList(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await labs(services)
    }

    static func replace(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await update(request, context, services, merge: false)
    }

    static func modify(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await update(request, context, services, merge: true)
    }

    static func createPerson(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await savePerson(request, context, services, personID: nil)
    }

    static func updatePerson(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await savePerson(request, context, services, personID: try services.id("person", context))
    }

    static func labs(_ services: Services) async throws -> Response {
        let labs = try await services.database.withConnection { db in try await services.labs.all(on: db) }
        return JSONResponse.make(
            labs.map {
                LabDTO(
                    slug: $0.slug, name: $0.name, description: $0.description,
                    departements: $0.perimeter.departementCodes, regionCode: $0.regionCode)
            })
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppContext) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw AppError(.contentTooLarge, "Le corps de la requête dépasse 1 Mio.")
        }
        let data = Data(buffer: buffer)
        // A member the operation does not know is refused, not ignored: a misspelt field
        // would otherwise be lost without a word. The members are the document's (which
        // `OpenAPIContractTests` keeps equal to the type decoded here).
        if let path = context.endpointPath,
            let shape = OpenAPIDocument.bodyShapes["\(request.method.rawValue) \(path)"],
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            let unknown = shape.unknown(in: object)
            if !unknown.isEmpty {
                let top = unknown.contains { !$0.contains(".") }
                throw AppError(
                    .unprocessableContent,
                    "Champ inconnu : \(unknown.prefix(10).map { "« \($0.prefix(60)) »" }.joined(separator: ", "))."
                        + (top ? " Champs acceptés : \(shape.known.sorted().joined(separator: ", "))." : ""),
                    fieldErrors: unknown.prefix(10).map {
                        FieldError(field: String($0.prefix(60)), message: "Champ inconnu.")
                    })
            }
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx) {
            let path = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            throw AppError.badRequest("JSON invalide : le champ « \(path) » n'a pas le bon type.")
        } catch {
            throw AppError.badRequest("JSON invalide : le corps doit être un objet JSON encodé en UTF-8.")
        }
    }

    static func validationError(_ errors: ValidationErrors) -> AppError {
        AppError(.unprocessableContent, "Les données envoyées ne sont pas valides.", fieldErrors: errors.errors)
    }

    /// The same for one field the shared validation does not see (a member only the API has).
    static func validationError(field: String, _ message: String) -> AppError {
        var errors = ValidationErrors()
        errors.add(field, message)
        return validationError(errors)
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let filter = try DirectoryRoutes.filter(request)
        let paging = try ApiPaging.read(request, defaultLimit: DirectoryRoutes.pageSize)
        // The list is the same for every viewer (no contact details in it): its bytes are
        // kept per lab data version, which every write in the lab bumps, and query.
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        let key = "api-organisations|\(lab.id)|\(lab.dataVersion)|\(filter.cacheKey)|\(paging.cacheKey)"
        let body = try await services.apiBodies.value(key) {
            try await services.database.withConnection { db in
                let total = try await services.counts.count(lab: lab, key: "directory|" + filter.cacheKey) {
                    try await services.organisations.count(labID: lab.id, filter: filter, on: db)
                }
                var after: (key: String, id: Int)?
                if case .after(let key, let id) = paging.position { after = (key, id) }
                // One row more than asked says whether a next page exists.
                var items = try await services.organisations.list(
                    labID: lab.id, filter: filter, limit: paging.limit + 1, offset: paging.offset, after: after, on: db)
                let more = items.count > paging.limit
                if more { items.removeLast() }
                let next = items.last.flatMap { last in
                    more ? ApiPaging.encode(.after(key: TextNormalisation.fold(last.name), id: last.id)) : nil
                }
                return JSONResponse.Encoded(
                    OrganisationPageDTO(
                        total: total, page: paging.page, pageSize: paging.limit, limit: paging.limit,
                        nextCursor: next,
                        items: items.map { OrganisationDTO($0, labSlug: lab.slug, people: nil, showContacts: false) }))
            }
        }
        return JSONResponse.response(body)
    }

    static func dto(_ lab: Lab, _ id: Int, _ viewer: Viewer?, _ services: Services) async throws -> OrganisationDTO {
        try await services.database.withConnection { db in
            guard let organisation = try await services.organisations.find(id: id, labID: lab.id, on: db) else {
                throw AppError.notFound("Cette organisation n'existe pas dans ce labo.")
            }
            let people = try await services.organisations.people(organisationID: id, on: db)
            return OrganisationDTO(
                organisation, labSlug: lab.slug, people: people,
                showContacts: Permissions.canSeeContactDetails(viewer, labID: lab.id, organisationID: id))
        }
    }

    static func get(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let id = try services.id("id", context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        return JSONResponse.make(try await dto(lab, id, context.viewer, services))
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.canCreateOrganisation(viewer, inLab: lab.id) else { throw AppError.forbidden }
        let input = try await decode(OrganisationInput.self, request, context)
        switch try await services.directory.save(lab: lab, organisationID: nil, input: input, viewer: viewer) {
        case .failure(let errors): throw validationError(errors)
        case .success(let id):
            var response = JSONResponse.make(try await dto(lab, id, viewer, services), status: .created)
            response.headers[.location] = "/api/v1/labs/\(lab.slug)/organisations/\(id)"
            return response
        }
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services, merge: Bool) async throws
        -> Response
    {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let (lab, organisation) = try await DirectoryRoutes.load(context, services)
        guard Permissions.canEditOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        var input = try await decode(OrganisationInput.self, request, context)
        if merge {
            // PATCH: fields left out keep their current value.
            let current = OrganisationForm.Model.input(from: organisation)
            input = OrganisationInput(
                name: input.name ?? current.name, acronym: input.acronym ?? current.acronym,
                kind: input.kind ?? current.kind,
                sizeClass: input.sizeClass ?? current.sizeClass,
                headcountBand: input.headcountBand ?? current.headcountBand,
                siren: input.siren ?? current.siren, siret: input.siret ?? current.siret,
                rnaId: input.rnaId ?? current.rnaId,
                description: input.description ?? current.description, website: input.website ?? current.website,
                commune: input.commune ?? current.commune, themes: input.themes ?? current.themes,
                active: input.active ?? current.active
            )
        }
        switch try await services.directory.save(
            lab: lab, organisationID: organisation.id, input: input, viewer: viewer)
        {
        case .failure(let errors): throw validationError(errors)
        case .success(let id): return JSONResponse.make(try await dto(lab, id, viewer, services))
        }
    }

    static func delete(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let (lab, organisation) = try await DirectoryRoutes.load(context, services)
        guard Permissions.canDeleteOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        try await services.directory.delete(lab: lab, organisationID: organisation.id, viewer: viewer)
        return Response(status: .noContent)
    }

    static func savePerson(_ request: Request, _ context: AppContext, _ services: Services, personID: Int?) async throws
        -> Response
    {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let (lab, organisation) = try await DirectoryRoutes.load(context, services)
        guard Permissions.canEditOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        if let personID { _ = try await DirectoryRoutes.person(personID, of: organisation, services) }
        let input = try await decode(PersonInput.self, request, context)
        switch try await services.directory.savePerson(
            lab: lab, organisationID: organisation.id, personID: personID, input: input, viewer: viewer)
        {
        case .failure(let errors): throw validationError(errors)
        case .success:
            return JSONResponse.make(
                try await dto(lab, organisation.id, viewer, services), status: personID == nil ? .created : .ok)
        }
    }

    static func deletePerson(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let personID = try services.id("person", context)
        let (lab, organisation) = try await DirectoryRoutes.load(context, services)
        guard Permissions.canEditOrganisation(viewer, labID: lab.id, organisationID: organisation.id) else {
            throw AppError.forbidden
        }
        _ = try await DirectoryRoutes.person(personID, of: organisation, services)
        try await services.directory.deletePerson(
            lab: lab, organisationID: organisation.id, personID: personID, viewer: viewer)
        return Response(status: .noContent)
    }
}
