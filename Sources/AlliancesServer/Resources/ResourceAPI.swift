import AlliancesCore
import Hummingbird

/// Bookings through the API (`/api/v1/labs/{lab}/…`): a member asks for a resource, the
/// lending organisation's members (or the lab's facilitators) accept or decline, either
/// side cancels. The same use cases as the pages (`ResourceService.request`, `.answer`),
/// so the same checks: the stock, opening hours and closed dates, and no double booking.
/// A booking is shown to the person who asked and to those who answer for the resource;
/// anyone else finds nothing.
enum ResourceAPI {
    static func register(_ routes: RouteTable) {
        routes.get("/api/v1/labs/:lab/bookings", bookings)
        routes.post("/api/v1/labs/:lab/resources/:id/bookings", book)
        routes.post("/api/v1/labs/:lab/bookings/:id/accept") { try await answer(.accept, $0, $1, $2) }
        routes.post("/api/v1/labs/:lab/bookings/:id/decline") { try await answer(.decline, $0, $1, $2) }
        routes.post("/api/v1/labs/:lab/bookings/:id/cancel") { try await answer(.cancel, $0, $1, $2) }
    }

    /// Mine (asked by me in this lab) and received (asked of my organisation's resources,
    /// waiting or accepted).
    static func bookings(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await ResourceRoutes.lab(context, services)
        let organisationID = viewer.labID == lab.id ? viewer.organisationID : nil
        let dto = try await services.database.withConnection { db in
            let store = services.resources.store
            let mine = try await store.bookings(userID: viewer.userID, labID: lab.id, limit: 500, on: db)
            var received: [Booking] = []
            if let organisationID {
                received = try await store.bookings(
                    ownerOrganisationID: organisationID, statuses: [.requested, .accepted], limit: 500, on: db)
            }
            return BookingsDTO(mine: mine.map(BookingDTO.init), received: received.map(BookingDTO.init))
        }
        return JSONResponse.make(dto)
    }

    static func booking(_ id: Int, _ lab: Lab, _ viewer: Viewer, _ services: Services, status: HTTPResponse.Status)
        async throws -> Response
    {
        let booking = try await services.database.withConnection { db in
            try await services.resources.store.booking(id: id, labID: lab.id, on: db)
        }
        guard let booking,
            booking.requesterUserID == viewer.userID
                || Permissions.canManageResource(viewer, labID: lab.id, organisationID: booking.ownerOrganisationID)
        else { throw AppError.notFound("Cette réservation n'existe pas.") }
        var response = JSONResponse.make(BookingDTO(booking), status: status)
        if status == .created { response.headers[.location] = "/api/v1/labs/\(lab.slug)/bookings/\(id)" }
        return response
    }

    static func book(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await ResourceRoutes.lab(context, services)
        let resource = try await services.resources.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        let body = try await DirectoryAPI.decode(BookingWriteInput.self, request, context)
        let input = BookingInput(
            start: body.start, end: body.end, quantity: body.quantity.map(String.init), message: body.message)
        switch try await services.resources.request(lab: lab, resource: resource, input: input, viewer: viewer) {
        case .failure(let errors): throw DirectoryAPI.validationError(errors)
        case .success(let id): return try await booking(id, lab, viewer, services, status: .created)
        }
    }

    static func answer(
        _ answer: ResourceService.Answer, _ request: Request, _ context: AppContext, _ services: Services
    ) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await ResourceRoutes.lab(context, services)
        let id = try services.id("id", context)
        let body = try await DirectoryAPI.decode(BookingAnswerInput.self, request, context)
        switch try await services.resources.answer(
            lab: lab, bookingID: id, answer: answer, note: body.note, viewer: viewer)
        {
        case .done: return try await booking(id, lab, viewer, services, status: .ok)
        case .full:
            throw AppError(
                .conflict,
                "Impossible d'accepter : d'autres réservations acceptées occupent déjà tout le stock sur une partie de ce créneau."
            )
        }
    }
}

/// A booking as the person who asked and those who answer for the resource see it.
struct BookingDTO: Codable, Sendable {
    let id: Int
    let resourceId: Int
    let resourceTitle: String
    let requester: String?
    let requesterOrganisation: String?
    /// Local times of Paris.
    let start: String
    let end: String
    let quantity: Int
    let message: String?
    /// The owner's note with their answer.
    let answer: String?
    let status: String

    init(_ b: Booking) {
        (id, resourceId, resourceTitle) = (b.id, b.resourceID, b.resourceTitle)
        (requester, requesterOrganisation) = (b.requesterName, b.requesterOrganisationName)
        (start, end, quantity, message, answer, status) = (
            b.start.text, b.end.text, b.quantity, b.message, b.answer, b.status.rawValue
        )
    }
}

struct BookingsDTO: Codable, Sendable {
    let mine: [BookingDTO]
    let received: [BookingDTO]
}

/// A booking request: `start` and `end` local times of Paris ("2027-01-12T14:00").
struct BookingWriteInput: Codable, Sendable {
    var start: String?
    var end: String?
    var quantity: Int?
    var message: String?
}

struct BookingAnswerInput: Codable, Sendable {
    var note: String?
}
