import AlliancesCore
import Foundation
import Hummingbird
import SQLKit

/// JSON shapes of needs, offers, recommendations and introductions.
struct ListingDTO: Codable, Sendable {
    struct OrganisationRef: Codable, Sendable {
        let id: Int
        let name: String
        let kind: String?
    }
    let id: Int
    let kind: String
    let organisation: OrganisationRef
    let title: String
    let description: String?
    let modes: [String]
    let themes: [String]
    let commune: OrganisationDTO.CommuneDTO?
    let radiusKm: Int?
    let startDate: String?
    let endDate: String?
    let hours: Int?
    let euros: Int?
    let inKind: String?
    let status: String
    let visibility: String
    let createdAt: Int
    let updatedAt: Int

    init(_ l: Listing) {
        id = l.id
        kind = l.kind.rawValue
        organisation = OrganisationRef(
            id: l.organisationID, name: l.organisationName, kind: l.organisationKind.rawValue)
        title = l.title
        description = l.description
        modes = l.modes.map(\.rawValue)
        themes = l.themes.map(\.rawValue)
        commune = l.communeCode.map { OrganisationDTO.CommuneDTO(code: $0, name: l.communeName) }
        radiusKm = l.radiusKm
        startDate = l.startDate
        endDate = l.endDate
        hours = l.hours
        euros = l.euros
        inKind = l.inKind
        status = l.status.rawValue
        visibility = l.visibility.rawValue
        createdAt = l.createdAt
        updatedAt = l.updatedAt
    }
}

struct ListingPageDTO: Codable, Sendable {
    let total: Int
    let page: Int?
    let pageSize: Int
    let limit: Int
    let nextCursor: String?
    let items: [ListingDTO]
}

struct RecommendationDTO: Codable, Sendable {
    /// "besoin", "offre" or "organisation".
    let type: String
    let id: Int
    let title: String?
    let organisation: ListingDTO.OrganisationRef
    let score: Double
    let distanceKm: Double?
    let sharedThemes: [String]
    let sharedModes: [String]
    let explanation: String
    /// The viewer's own mark, if any.
    let relevant: Bool?

    init(_ r: Recommendation, marks: [MatchProfile.Subject: Bool]) {
        let (type, id) = IntroductionStore.code(r.candidate.subject)
        self.type = type
        self.id = id
        title = r.candidate.title
        organisation = .init(
            id: r.candidate.organisationID, name: r.candidate.organisationName, kind: r.candidate.actorKind.rawValue)
        score = (r.score * 1000).rounded() / 1000
        distanceKm = r.distanceKm.map { ($0 * 10).rounded() / 10 }
        sharedThemes = r.sharedThemes.map(\.rawValue)
        sharedModes = r.sharedModes.map(\.rawValue)
        explanation = r.explanation
        relevant = marks[r.candidate.subject]
    }
}

struct RecommendationsDTO: Codable, Sendable {
    let listings: [RecommendationDTO]
    let organisations: [RecommendationDTO]
}

struct IntroductionDTO: Codable, Sendable {
    struct PersonContact: Codable, Sendable {
        let name: String
        let role: String?
        let email: String?
        let phone: String?
    }
    struct Side: Codable, Sendable {
        let organisation: ListingDTO.OrganisationRef
        let answer: String?
        /// The message the lab wrote to this side (only to that side and facilitators).
        let message: String?
        /// Contact people: only once both sides accepted, and only to the other side and facilitators.
        let contacts: [PersonContact]?
    }
    struct Event: Codable, Sendable {
        let at: Int
        let action: String
        let status: String
        let note: String?
    }
    let id: Int
    let status: String
    let a: Side
    let b: Side
    let needId: Int?
    let offerId: Int?
    let requestMessage: String?
    let nextSteps: [String]
    let history: [Event]?
    let createdAt: Int
    let updatedAt: Int
}

struct IntroductionCreateDTO: Codable, Sendable {
    let organisationA: Int?
    let organisationB: Int?
    let needId: Int?
    let offerId: Int?
    let message: String?
    let messageA: String?
    let messageB: String?
}

struct IntroductionChangeDTO: Codable, Sendable {
    let answer: String?
    let side: String?
    let status: String?
    let note: String?
    let messageA: String?
    let messageB: String?
}

struct FeedbackDTO: Codable, Sendable {
    /// "besoin:12", "offre:3" or "organisation:5".
    let source: String
    let candidate: String
    let relevant: Bool
}

enum MarketplaceAPI {
    static func register(_ routes: RouteTable) {
        routes.get("/api/v1/labs/:lab/listings", list)
        routes.post("/api/v1/labs/:lab/listings", create)
        routes.get("/api/v1/labs/:lab/listings/:id", get)
        routes.put("/api/v1/labs/:lab/listings/:id", update)
        routes.get("/api/v1/labs/:lab/listings/:id/recommendations", listingRecommendations)
        routes.get("/api/v1/labs/:lab/organisations/:id/recommendations", organisationRecommendations)
        routes.post("/api/v1/labs/:lab/recommendations/feedback", feedback)
        routes.get("/api/v1/labs/:lab/introductions", introductions)
        routes.post("/api/v1/labs/:lab/introductions", createIntroduction)
        routes.get("/api/v1/labs/:lab/introductions/:id", introduction)
        routes.post("/api/v1/labs/:lab/introductions/:id/propose", propose)
        routes.post("/api/v1/labs/:lab/introductions/:id/answer", answer)
        routes.post("/api/v1/labs/:lab/introductions/:id/status", status)
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(request, context, services, id: nil)
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(request, context, services, id: try services.id("id", context))
    }

    static func propose(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await change(request, context, services, kind: "propose")
    }

    static func answer(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await change(request, context, services, kind: "answer")
    }

    static func status(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await change(request, context, services, kind: "status")
    }

    static func lab(_ context: AppContext, _ services: Services) async throws -> Lab {
        try await services.database.withConnection { db in try await services.lab(context, on: db) }
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let filter = try ListingRoutes.filter(kind: nil, request)
        let paging = try ApiPaging.read(request, defaultLimit: ListingRoutes.pageSize)
        let viewer = context.viewer
        let body = try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            let store = services.marketplace.listings
            let total = try await store.count(labID: lab.id, filter: filter, viewer: viewer, on: db)
            let items = try await store.list(
                labID: lab.id, filter: filter, viewer: viewer, limit: paging.limit, offset: paging.offset, on: db)
            return ListingPageDTO(
                total: total, page: paging.page, pageSize: paging.limit, limit: paging.limit,
                nextCursor: paging.next(shown: items.count, total: total), items: items.map(ListingDTO.init))
        }
        return JSONResponse.make(body)
    }

    static func get(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await lab(context, services)
        return JSONResponse.make(
            ListingDTO(
                try await services.marketplace.visibleListing(
                    id: try services.id("id", context), lab: lab, viewer: context.viewer, kind: nil)))
    }

    static func save(_ request: Request, _ context: AppContext, _ services: Services, id: Int?) async throws -> Response
    {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        var input = try await DirectoryAPI.decode(ListingInput.self, request, context)
        if let id {
            let current = try await services.marketplace.visibleListing(id: id, lab: lab, viewer: viewer, kind: nil)
            guard Permissions.canManageListing(viewer, labID: lab.id, organisationID: current.organisationID) else {
                throw AppError.forbidden
            }
            input.kind = current.kind.rawValue
        }
        if input.organisationId == nil, !Permissions.isFacilitator(viewer, ofLab: lab.id) {
            input.organisationId = viewer.organisationID
        }
        switch try await services.marketplace.saveListing(lab: lab, listingID: id, input: input, viewer: viewer) {
        case .failure(let errors): throw DirectoryAPI.validationError(errors)
        case .success(let saved):
            let listing = try await services.marketplace.visibleListing(id: saved, lab: lab, viewer: viewer, kind: nil)
            var response = JSONResponse.make(ListingDTO(listing), status: id == nil ? .created : .ok)
            if id == nil { response.headers[.location] = "/api/v1/labs/\(lab.slug)/listings/\(saved)" }
            return response
        }
    }

    static func listingRecommendations(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let listing = try await services.marketplace.visibleListing(
            id: try services.id("id", context), lab: lab, viewer: viewer, kind: nil)
        guard Permissions.canSeeRecommendations(viewer, labID: lab.id, organisationID: listing.organisationID) else {
            throw AppError.forbidden
        }
        let r = try await services.marketplace.recommendations(lab: lab, source: listing.profile, viewer: viewer)
        return JSONResponse.make(
            RecommendationsDTO(
                listings: r.listings.map { .init($0, marks: r.marks) },
                organisations: r.organisations.map { .init($0, marks: r.marks) }))
    }

    static func organisationRecommendations(_ request: Request, _ context: AppContext, _ services: Services)
        async throws -> Response
    {
        let r = try await ListingRoutes.counterpartRecommendations(context, services).4
        return JSONResponse.make(
            RecommendationsDTO(
                listings: r.listings.map { .init($0, marks: r.marks) },
                organisations: r.organisations.map { .init($0, marks: r.marks) }))
    }

    static func feedback(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let body = try await DirectoryAPI.decode(FeedbackDTO.self, request, context)
        guard let source = ListingRoutes.subject(body.source), let candidate = ListingRoutes.subject(body.candidate)
        else {
            throw AppError.badRequest(
                "source et candidate s'écrivent « besoin:12 », « offre:3 » ou « organisation:5 ».")
        }
        let sourceOrganisation = try await ListingRoutes.organisationOf(
            source, lab: lab, viewer: viewer, services: services)
        try await services.marketplace.feedback(
            lab: lab, viewer: viewer, source: source, sourceOrganisation: sourceOrganisation, candidate: candidate,
            relevant: body.relevant)
        return Response(status: .noContent)
    }

    static func dto(_ introduction: Introduction, viewer: Viewer, lab: Lab, services: Services, withHistory: Bool)
        async throws -> IntroductionDTO
    {
        let i = introduction.shown(to: viewer)
        let facilitator = Permissions.isFacilitator(viewer, ofLab: lab.id)
        let side = Permissions.side(
            of: viewer, labID: lab.id, organisationA: i.organisationA, organisationB: i.organisationB)
        let (peopleA, peopleB, events) = try await services.database.withConnection { db in
            i.state.contactsVisible
                ? (
                    try await services.organisations.people(organisationID: i.organisationA, on: db),
                    try await services.organisations.people(organisationID: i.organisationB, on: db),
                    withHistory ? try await services.marketplace.introductions.events(introductionID: i.id, on: db) : []
                )
                : (
                    [], [],
                    withHistory ? try await services.marketplace.introductions.events(introductionID: i.id, on: db) : []
                )
        }
        func contacts(_ people: [Person], shownTo: Bool) -> [IntroductionDTO.PersonContact]? {
            guard i.state.contactsVisible, shownTo else { return nil }
            return people.map { .init(name: $0.name, role: $0.role, email: $0.email, phone: $0.phone) }
        }
        return IntroductionDTO(
            id: i.id, status: i.status.rawValue,
            a: .init(
                organisation: .init(id: i.organisationA, name: i.organisationAName, kind: nil),
                answer: i.state.answerA?.rawValue,
                message: facilitator || side == .a ? i.messageA : nil,
                contacts: contacts(peopleA, shownTo: facilitator || side == .b)),
            b: .init(
                organisation: .init(id: i.organisationB, name: i.organisationBName, kind: nil),
                answer: i.state.answerB?.rawValue,
                message: facilitator || side == .b ? i.messageB : nil,
                contacts: contacts(peopleB, shownTo: facilitator || side == .a)),
            needId: i.needID, offerId: i.offerID, requestMessage: facilitator || side == .a ? i.requestMessage : nil,
            nextSteps: i.state.nextSteps.map(\.rawValue),
            history: withHistory
                ? events.map { .init(at: $0.at, action: $0.action, status: $0.status.rawValue, note: $0.note) } : nil,
            createdAt: i.createdAt, updatedAt: i.updatedAt)
    }

    static func introductions(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        let (lab, viewer) = try await IntroductionRoutes.labAndViewer(context, services)
        let store = services.marketplace.introductions
        let items = try await services.database.withConnection { db -> [Introduction] in
            if Permissions.isFacilitator(viewer, ofLab: lab.id) {
                return try await store.list(labID: lab.id, limit: 500, on: db)
            }
            guard let own = viewer.organisationID else { throw AppError.forbidden }
            return try await store.inbox(labID: lab.id, organisationID: own, on: db)
        }
        var out: [IntroductionDTO] = []
        for item in items {
            out.append(try await dto(item, viewer: viewer, lab: lab, services: services, withHistory: false))
        }
        return JSONResponse.make(out)
    }

    static func introduction(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await IntroductionRoutes.labAndViewer(context, services)
        let found = try await services.marketplace.visibleIntroduction(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        return JSONResponse.make(try await dto(found, viewer: viewer, lab: lab, services: services, withHistory: true))
    }

    static func createIntroduction(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let (lab, viewer) = try await IntroductionRoutes.labAndViewer(context, services)
        let body = try await DirectoryAPI.decode(IntroductionCreateDTO.self, request, context)
        let input = MarketplaceService.IntroductionRequest(
            organisationA: body.organisationA, organisationB: body.organisationB, needID: body.needId,
            offerID: body.offerId, message: body.message, messageA: body.messageA, messageB: body.messageB)
        switch try await services.marketplace.createIntroduction(lab: lab, viewer: viewer, request: input) {
        case .failure(let errors): throw DirectoryAPI.validationError(errors)
        case .success(let id):
            let created = try await services.marketplace.visibleIntroduction(id: id, lab: lab, viewer: viewer)
            var response = JSONResponse.make(
                try await dto(created, viewer: viewer, lab: lab, services: services, withHistory: true),
                status: .created)
            response.headers[.location] = "/api/v1/labs/\(lab.slug)/introductions/\(id)"
            return response
        }
    }

    static func change(_ request: Request, _ context: AppContext, _ services: Services, kind: String) async throws
        -> Response
    {
        let (lab, viewer) = try await IntroductionRoutes.labAndViewer(context, services)
        let id = try services.id("id", context)
        let body = try await DirectoryAPI.decode(IntroductionChangeDTO.self, request, context)
        let change: MarketplaceService.Change
        switch kind {
        case "propose": change = .propose(messageA: body.messageA, messageB: body.messageB)
        case "answer":
            guard let answer = body.answer.flatMap(IntroductionAnswer.init(rawValue:)) else {
                throw AppError.badRequest("answer doit valoir « accepte » ou « decline ».")
            }
            change = .answer(answer, note: body.note, onBehalfOf: body.side.flatMap(IntroductionSide.init(rawValue:)))
        default:
            guard let status = body.status.flatMap(IntroductionStatus.init(rawValue:)) else {
                throw AppError.badRequest(
                    "status doit être l'une des valeurs : \(IntroductionStatus.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            change = .advance(status, note: body.note)
        }
        switch try await services.marketplace.change(lab: lab, introductionID: id, viewer: viewer, change: change) {
        case .failure(let errors):
            // A step the state machine refuses is a conflict; a bad field is a 422.
            if errors.errors.allSatisfy({ $0.field == "status" }) {
                throw AppError(
                    .conflict, errors.errors.map(\.message).joined(separator: " "), fieldErrors: errors.errors)
            }
            throw DirectoryAPI.validationError(errors)
        case .success(let updated):
            return JSONResponse.make(
                try await dto(updated, viewer: viewer, lab: lab, services: services, withHistory: true))
        }
    }
}
