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
        routes.post("/api/v1/labs/:lab/resources", offer)
        routes.put("/api/v1/labs/:lab/resources/:id", change)
        routes.get("/api/v1/labs/:lab/bookings", bookings)
        routes.post("/api/v1/labs/:lab/resources/:id/bookings", book)
        routes.post("/api/v1/labs/:lab/bookings/:id/accept") { try await answer(.accept, $0, $1, $2) }
        routes.post("/api/v1/labs/:lab/bookings/:id/decline") { try await answer(.decline, $0, $1, $2) }
        routes.post("/api/v1/labs/:lab/bookings/:id/cancel") { try await answer(.cancel, $0, $1, $2) }
    }

    /// Offering a resource: a member of the lab for their organisation (a facilitator for
    /// any of the lab's), as on the form (`ResourceService.save`). Photos stay on the page.
    static func offer(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(nil, request, context, services)
    }

    /// Changing it, or archiving it (`active: false`): those who manage it, as on the page
    /// (403 for those who see it, 404 for those who do not).
    static func change(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, _, resource) = try await ResourceRoutes.managed(context, services)
        return try await save(resource.id, request, context, services)
    }

    static func save(_ id: Int?, _ request: Request, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await ResourceRoutes.lab(context, services)
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        let body = try await DirectoryAPI.decode(ResourceWriteInput.self, request, context)
        if id == nil, body.active != nil {
            throw DirectoryAPI.validationError(
                field: "active", "Une ressource proposée est active : « active » sert à l'archiver ensuite.")
        }
        switch try await services.resources.save(
            lab: lab, resourceID: id, input: try body.input(), active: body.active ?? true, viewer: viewer)
        {
        case .failure(let errors): throw DirectoryAPI.validationError(ResourceWriteInput.fields(errors))
        case .success(let saved):
            let resource = try await services.resources.visible(id: saved, lab: lab, viewer: viewer)
            var response = JSONResponse.make(
                ResourceDTO(resource, labSlug: lab.slug), status: id == nil ? .created : .ok)
            if id == nil { response.headers[.location] = "/api/v1/labs/\(lab.slug)/resources/\(saved)" }
            return response
        }
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

/// A resource as its lender offers or changes it through the API: the form's fields, typed.
struct ResourceWriteInput: Codable, Sendable {
    var organisationId: Int?
    /// salle, vehicule, materiel, competences, logiciel-service, stockage or autre.
    var kind: String?
    var title: String?
    var description: String?
    /// A commune of the lab's perimeter: its name or its INSEE code.
    var commune: String?
    var audience: String?
    var conditions: String?
    /// The cost share asked, in euro cents (with « participation »).
    var priceCents: Int?
    /// What is asked in exchange (with « echange »).
    var exchange: String?
    var quantity: Int?
    var openingHours: [ResourceDTO.Hours]?
    var closedDates: [String]?
    /// On a change: false archives it (no new bookings), true brings it back.
    var active: Bool?

    /// The form's input, for the shared validation; what the form cannot hold (a weekday
    /// out of 1…7 or given twice, a date holding a line break) is refused here.
    func input() throws -> ResourceInput {
        var errors = ValidationErrors()
        var hours: [Int: (open: String?, close: String?)] = [:]
        for (i, h) in (openingHours ?? []).enumerated() {
            if !(1...7).contains(h.weekday) {
                errors.add("openingHours[\(i)].weekday", "Jour inconnu : \(h.weekday) (1 = lundi … 7 = dimanche).")
            } else if hours[h.weekday] != nil {
                errors.add("openingHours[\(i)].weekday", "Le jour \(h.weekday) figure deux fois.")
            } else {
                hours[h.weekday] = (h.opens, h.closes)
            }
        }
        for (i, date) in (closedDates ?? []).enumerated() where date.contains(where: \.isNewline) {
            errors.add("closedDates[\(i)]", "Une date par élément (AAAA-MM-JJ).")
        }
        guard errors.isEmpty else { throw DirectoryAPI.validationError(errors) }
        let price = priceCents.map { cents in
            cents < 0 ? String(cents) : "\(cents / 100),\(cents % 100 < 10 ? "0" : "")\(cents % 100)"
        }
        return ResourceInput(
            organisationID: organisationId.map(String.init), kind: kind, title: title, description: description,
            commune: commune, audience: audience, conditions: conditions, price: price, exchange: exchange,
            quantity: quantity.map(String.init), hours: hours, closedDates: closedDates?.joined(separator: "\n"))
    }

    /// The form's field names in the validation's messages, renamed to the API's.
    static func fields(_ errors: ValidationErrors) -> ValidationErrors {
        var renamed = ValidationErrors()
        for error in errors.errors {
            let field: String
            switch error.field {
            case "organisationID": field = "organisationId"
            case "price": field = "priceCents"
            case let f where f.hasPrefix("hours-"): field = "openingHours"
            default: field = error.field
            }
            renamed.add(field, error.message)
        }
        return renamed
    }
}
