import AlliancesCore
import Foundation
import Hummingbird
import SQLKit

/// JSON shape of a partnership.
struct PartnershipDTO: Codable, Sendable {
    struct PartyDTO: Codable, Sendable {
        let organisation: ListingDTO.OrganisationRef
        let role: String
    }
    struct NoteDTO: Codable, Sendable {
        let at: Int
        let action: String
        let stage: String?
        let note: String?
    }
    struct DocumentDTO: Codable, Sendable {
        let id: Int
        let filename: String
        let contentType: String
        let size: Int
        let sha256: String
        let url: String
    }
    let id: Int
    let title: String
    let description: String?
    let parties: [PartyDTO]
    let modes: [String]
    let themes: [String]
    let stage: String
    let startDate: String
    let endDate: String?
    let euros: Int?
    let hours: Int?
    let inKind: String?
    let outcomes: String?
    let peopleReached: Int?
    let jobs: Int?
    let origin: String
    let introductionId: Int?
    let eventId: Int?
    let createdAt: Int
    let updatedAt: Int
    let timeline: [NoteDTO]?
    let documents: [DocumentDTO]?

    init(_ p: Partnership, labSlug: String, notes: [PartnershipNote]? = nil, documents: [PartnershipDocument]? = nil) {
        id = p.id
        title = p.title
        description = p.description
        parties = p.parties.map {
            PartyDTO(organisation: .init(id: $0.organisationID, name: $0.name, kind: $0.kind.rawValue), role: $0.role)
        }
        modes = p.modes.map(\.rawValue)
        themes = p.themes.map(\.rawValue)
        stage = p.stage.rawValue
        startDate = p.startDate
        endDate = p.endDate
        euros = p.euros
        hours = p.hours
        inKind = p.inKind
        outcomes = p.outcomes
        peopleReached = p.peopleReached
        jobs = p.jobs
        origin = p.origin.rawValue
        introductionId = p.introductionID
        eventId = p.eventID
        createdAt = p.createdAt
        updatedAt = p.updatedAt
        timeline = notes?.map { NoteDTO(at: $0.at, action: $0.action, stage: $0.stage?.rawValue, note: $0.note) }
        self.documents = documents?.map {
            DocumentDTO(
                id: $0.id, filename: $0.filename, contentType: $0.contentType, size: $0.size, sha256: $0.sha256,
                url: "/labs/\(labSlug)/partenariats/\(p.id)/documents/\($0.id)")
        }
    }
}

struct PartnershipPageDTO: Codable, Sendable {
    let total: Int
    let page: Int?
    let pageSize: Int
    let limit: Int
    let nextCursor: String?
    let items: [PartnershipDTO]
}

/// `/api/v1/labs/:lab/partnerships`: the same rules as the pages (members their
/// organisation's partnerships, facilitators the lab's).
enum PartnershipAPI {
    static func register(_ routes: RouteTable) {
        routes.get("/api/v1/labs/:lab/partnerships", list)
        routes.post("/api/v1/labs/:lab/partnerships", create)
        routes.get("/api/v1/labs/:lab/partnerships/:id", getOne)
        routes.put("/api/v1/labs/:lab/partnerships/:id", update)
        routes.post("/api/v1/labs/:lab/partnerships/:id/notes", note)
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(nil, request, context, services)
    }

    static func getOne(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await get(context, services, status: .ok)
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(try services.id("id", context), request, context, services)
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await PartnershipRoutes.labForMember(context, services)
        let filter = try PartnershipRoutes.filter(request)
        let paging = try ApiPaging.read(request, defaultLimit: PartnershipRoutes.pageSize)
        let store = services.partnerships.store
        let body = try await services.database.withConnection { db in
            let total = try await store.count(labID: lab.id, filter: filter, viewer: viewer, on: db)
            let items = try await store.list(
                labID: lab.id, filter: filter, viewer: viewer, limit: paging.limit, offset: paging.offset, on: db)
            return PartnershipPageDTO(
                total: total, page: paging.page, pageSize: paging.limit, limit: paging.limit,
                nextCursor: paging.next(shown: items.count, total: total),
                items: items.map { PartnershipDTO($0, labSlug: lab.slug) })
        }
        return JSONResponse.make(body)
    }

    static func dto(_ lab: Lab, _ viewer: Viewer, _ id: Int, _ services: Services) async throws -> PartnershipDTO {
        let partnership = try await services.partnerships.visible(id: id, lab: lab, viewer: viewer)
        let store = services.partnerships.store
        return try await services.database.withConnection { db in
            PartnershipDTO(
                partnership, labSlug: lab.slug, notes: try await store.notes(partnershipID: id, on: db),
                documents: try await store.documents(partnershipID: id, on: db))
        }
    }

    static func get(_ context: AppContext, _ services: Services, status: HTTPResponse.Status) async throws -> Response {
        let (lab, viewer) = try await PartnershipRoutes.labForMember(context, services)
        return JSONResponse.make(try await dto(lab, viewer, try services.id("id", context), services), status: status)
    }

    static func save(_ id: Int?, _ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (lab, viewer) = try await PartnershipRoutes.labForMember(context, services)
        guard Permissions.canCreatePartnership(viewer, labID: lab.id) else { throw AppError.forbidden }
        if let id { _ = try await services.partnerships.visible(id: id, lab: lab, viewer: viewer) }
        let input = try await DirectoryAPI.decode(PartnershipInput.self, request, context)
        switch try await services.partnerships.save(lab: lab, id: id, input: input, viewer: viewer) {
        case .failure(let errors): throw DirectoryAPI.validationError(errors)
        case .success(let saved):
            var response = JSONResponse.make(
                try await dto(lab, viewer, saved, services), status: id == nil ? .created : .ok)
            if id == nil { response.headers[.location] = "/api/v1/labs/\(lab.slug)/partnerships/\(saved)" }
            return response
        }
    }

    struct NoteInput: Codable {
        let note: String?
        let stage: String?
        let endDate: String?
    }

    static func note(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await PartnershipRoutes.labForMember(context, services)
        let id = try services.id("id", context)
        _ = try await services.partnerships.visible(id: id, lab: lab, viewer: viewer)
        let input = try await DirectoryAPI.decode(NoteInput.self, request, context)
        switch try await services.partnerships.addNote(
            lab: lab, id: id, viewer: viewer, note: input.note, stage: input.stage, endDate: input.endDate)
        {
        case .failure(let errors): throw DirectoryAPI.validationError(errors)
        case .success: return JSONResponse.make(try await dto(lab, viewer, id, services), status: .created)
        }
    }
}
