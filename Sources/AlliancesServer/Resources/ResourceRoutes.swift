import AlliancesCore
import Foundation
import Hummingbird
import SQLKit

/// Pooled resources: the lab's list, a resource's page with its week and its booking form,
/// its month, the owner's form and answers, my bookings, and their calendar feeds.
enum ResourceRoutes {
    static let pageSize = 50

    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/ressources", list)
        routes.get("/labs/:lab/ressources/nouvelle", newForm)
        routes.get("/labs/:lab/ressources/carte", map)
        routes.post("/labs/:lab/ressources/nouvelle", create)
        routes.get("/labs/:lab/ressources/:id", show)
        routes.get("/labs/:lab/ressources/:id/modifier", editForm)
        routes.post("/labs/:lab/ressources/:id/modifier", update)
        routes.get("/labs/:lab/ressources/:id/mois", month)
        routes.get("/labs/:lab/ressources/:id/reservations.ics", resourceFeed)
        routes.post("/labs/:lab/ressources/:id/reservations", book)
        routes.post("/labs/:lab/reservations/:id/accepter") { try await answer(.accept, $1, $2) }
        routes.post("/labs/:lab/reservations/:id/refuser") { try await answer(.decline, $1, $2) }
        routes.post("/labs/:lab/reservations/:id/annuler") { try await answer(.cancel, $1, $2) }
        routes.get("/labs/:lab/mes-ressources", mine)
        routes.get("/mes-reservations", myBookings)
        routes.get("/mes-reservations.ics", myFeed)
        routes.get("/api/v1/labs/:lab/resources", apiList)
        routes.get("/api/v1/labs/:lab/resources/:id", apiShow)
    }

    static func lab(_ context: AppContext, _ services: Services) async throws -> Lab {
        try await services.database.withConnection { db in try await services.lab(context, on: db) }
    }

    /// The audiences whose resources the viewer may book in the lab.
    static func audiences(_ viewer: Viewer?, lab: Lab) -> [ResourceAudience] {
        ResourceAudience.allCases.filter { Permissions.canBookResource(viewer, labID: lab.id, audience: $0) }
    }

    // MARK: List

    static func listModel(
        _ request: Request, _ context: AppContext, _ services: Services, pageSize: Int = pageSize,
        page: Int? = nil
    ) async throws -> (Lab, ResourcePages.ListModel) {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let q = request.uri.queryParameters
        let kindText = TextRules.clean(q.get("type"))
        let kind = kindText.flatMap(ResourceKind.init(rawValue:))
        if kindText != nil && kind == nil {
            throw AppError.badRequest("Type de ressource inconnu : « \(kindText!.prefix(30)) ».")
        }
        var scopeErrors = ValidationErrors()
        let network = ListScope.isNetwork(q.get("portee"), into: &scopeErrors)
        if let refused = scopeErrors.errors.first { throw AppError.badRequest(refused.message) }
        let departements = network ? ReferenceGeography.departements : lab.departements
        let departement = TextRules.clean(q.get("departement"))
        if let departement, !departements.contains(where: { $0.code == departement }) {
            throw AppError.badRequest("Département inconnu dans ce labo : « \(departement.prefix(10)) ».")
        }
        let query = TextRules.clean(q.get("q")).map { String($0.prefix(100)) }
        let page = try page ?? DirectoryRoutes.pageNumber(request)
        let (resources, total, labs) = try await services.database.withConnection { db in
            // The network's list: every lab's resources lent beyond their lab, as the viewer
            // may book them (their own lab's included, read as shared).
            let (resources, total) = try await services.resources.store.list(
                labID: network ? nil : lab.id, kind: kind, departement: departement, query: query,
                audiences: network ? audiences(viewer, lab: lab).filter { $0 != .lab } : audiences(viewer, lab: lab),
                organisationID: !network && viewer.labID == lab.id ? viewer.organisationID : nil,
                everything: !network && Permissions.isFacilitator(viewer, ofLab: lab.id), limit: pageSize,
                offset: (page - 1) * pageSize, on: db)
            let labs = network ? try await LabStore().all(on: db).map(\.summary) : []
            return (resources, total, labs)
        }
        return (
            lab,
            ResourcePages.ListModel(
                lab: lab.summary, kind: kind, departement: departement, departements: departements, query: query,
                resources: resources, total: total, page: page,
                canOffer: Permissions.isFacilitator(viewer, ofLab: lab.id)
                    || (viewer.organisationID != nil && Permissions.isLabMember(viewer, labID: lab.id)),
                network: network, labs: Dictionary(uniqueKeysWithValues: labs.map { ($0.id, $0) }))
        )
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, model) = try await listModel(request, context, services)
        return services.layout.response(
            page: PageContext(title: "Ressources partagées", context: context, lab: model.lab, section: "resources"),
            body: ResourcePages.list(model))
    }

    /// The same resources on the lab's map: each at its commune, with the départements'
    /// outlines, and a table of how many per département.
    static let mapLimit = 2_000

    static func map(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, model) = try await listModel(request, context, services, pageSize: mapLimit)
        let codes = lab.perimeter.isNational || model.network ? nil : lab.perimeter.departementCodes
        let shapes = try await services.database.withConnection { db in
            try await BoundaryStore().shapes(level: .departement, codes: codes, on: db)
        }
        return services.layout.response(
            page: PageContext(title: "Carte des ressources", context: context, lab: model.lab, section: "resources"),
            body: ResourcePages.map(model, shapes: shapes))
    }

    // MARK: Form

    static func form(
        _ context: AppContext, _ services: Services, lab: Lab, viewer: Viewer, resourceID: Int?, input: ResourceInput,
        active: Bool, errors: ValidationErrors, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let organisations = try await ListingRoutes.postingOrganisations(viewer, lab: lab, services: services)
        return services.layout.response(
            status: status,
            page: PageContext(
                title: resourceID == nil ? "Proposer une ressource" : "Modifier la ressource", context: context,
                lab: lab.summary, section: "resources"),
            body: ResourcePages.form(
                .init(
                    lab: lab.summary, resourceID: resourceID, input: input, active: active, errors: errors,
                    organisations: organisations),
                csrfToken: context.csrfToken))
    }

    static func newForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        var input = ResourceInput(
            organisationID: viewer.organisationID.map(String.init), audience: ResourceAudience.lab.rawValue,
            conditions: ResourceConditions.free.rawValue, quantity: "1")
        for day in 1...5 { input.hours[day] = ("09:00", "18:00") }
        return try await form(
            context, services, lab: lab, viewer: viewer, resourceID: nil, input: input, active: true,
            errors: ValidationErrors())
    }

    static func input(from form: FormData) -> ResourceInput {
        var input = ResourceInput(
            organisationID: form["organisationID"], kind: form["kind"], title: form["title"],
            description: form["description"], commune: form["commune"], audience: form["audience"],
            conditions: form["conditions"], price: form["price"], exchange: form["exchange"],
            quantity: form["quantity"], closedDates: form["closedDates"])
        for day in 1...7 { input.hours[day] = (form["open-\(day)"], form["close-\(day)"]) }
        return input
    }

    static func input(from r: Resource) -> ResourceInput {
        var input = ResourceInput(
            organisationID: String(r.organisationID), kind: r.kind.rawValue, title: r.title, description: r.description,
            commune: r.communeCode, audience: r.audience.rawValue, conditions: r.conditions.rawValue,
            price: r.priceCents.map { Resource.euros($0).replacingOccurrences(of: " €", with: "") },
            exchange: r.exchange, quantity: String(r.quantity), closedDates: r.closedDates.joined(separator: "\n"))
        for (day, range) in r.hours.days {
            input.hours[day] = (WeeklyHours.clock(range.open), WeeklyHours.clock(range.close))
        }
        return input
    }

    static func save(_ resourceID: Int?, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        let input = input(from: context.form)
        let active = context.form["archive"] == nil
        switch try await services.resources.save(
            lab: lab, resourceID: resourceID, input: input, active: active, viewer: viewer)
        {
        case .success(let id): return redirect(to: "/labs/\(lab.slug)/ressources/\(id)")
        case .failure(let errors):
            return try await form(
                context, services, lab: lab, viewer: viewer, resourceID: resourceID, input: input, active: active,
                errors: errors, status: .unprocessableContent)
        }
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(nil, context, services)
    }

    static func managed(_ context: AppContext, _ services: Services) async throws -> (Viewer, Lab, Resource) {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let resource = try await services.resources.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        guard Permissions.canManageResource(viewer, labID: lab.id, organisationID: resource.organisationID) else {
            throw AppError.forbidden
        }
        return (viewer, lab, resource)
    }

    static func editForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, resource) = try await managed(context, services)
        return try await form(
            context, services, lab: lab, viewer: viewer, resourceID: resource.id, input: input(from: resource),
            active: resource.active, errors: ValidationErrors())
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, _, resource) = try await managed(context, services)
        return try await save(resource.id, context, services)
    }

    // MARK: A resource, its week and month

    /// The Monday of the week holding `date` (today by default).
    static func monday(_ text: String?, today: LocalDateTime) throws -> Int {
        var day = today.minuteIndex / 1_440
        if let text = TextRules.clean(text) {
            guard let date = LocalDateTime(text + "T00:00") else {
                throw AppError.badRequest("Date invalide : « \(text.prefix(20)) » (AAAA-MM-JJ).")
            }
            day = date.minuteIndex / 1_440
        }
        return day - (LocalDateTime.weekday(day: day) - 1)
    }

    /// A resource's page: its week (accepted bookings; requests too for those who manage
    /// it), its photos, and the booking form for those who may book.
    static func showModel(
        _ services: Services, lab: Lab, resource: Resource, viewer: Viewer, monday: Int, input: BookingInput,
        errors: ValidationErrors, flash: String?, on db: any SQLDatabase
    ) async throws -> ResourcePages.ShowModel {
        let manages = Permissions.canManageResource(viewer, labID: lab.id, organisationID: resource.organisationID)
        let bookings = try await services.resources.store.bookings(
            resourceID: resource.id, statuses: manages ? [.accepted, .requested] : [.accepted],
            start: monday * 1_440, end: (monday + 7) * 1_440, on: db)
        let photos = try await services.resources.store.photos(resourceID: resource.id, on: db)
        return ResourcePages.ShowModel(
            lab: lab.summary, resource: resource, monday: monday, bookings: bookings, photos: photos, manages: manages,
            canBook: resource.active && Permissions.canBookResource(viewer, labID: lab.id, audience: resource.audience),
            input: input, errors: errors, flash: flash)
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let id = try services.id("id", context)
        let monday = try monday(request.uri.queryParameters.get("semaine"), today: Paris.local(nowSeconds()))
        // One connection lease for the whole page (each lease costs thread hops: BENCHMARKS.md).
        let model = try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            let resource = try await services.resources.visible(id: id, lab: lab, viewer: viewer, on: db)
            return try await showModel(
                services, lab: lab, resource: resource, viewer: viewer, monday: monday,
                input: BookingInput(quantity: "1"), errors: ValidationErrors(),
                flash: request.uri.queryParameters.get("ok"), on: db)
        }
        return services.layout.response(
            page: PageContext(
                title: model.resource.title, context: context, lab: model.lab, section: "resources",
                flash: model.flash.map(ResourcePages.notice)),
            body: ResourcePages.show(model, csrfToken: context.csrfToken))
    }

    static func month(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let resource = try await services.resources.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        let today = Paris.local(nowSeconds())
        var (year, month) = (today.year, today.month)
        if let text = TextRules.clean(request.uri.queryParameters.get("mois")) {
            guard let date = LocalDateTime(text + "-01T00:00") else {
                throw AppError.badRequest("Mois invalide : « \(text.prefix(20)) » (AAAA-MM).")
            }
            (year, month) = (date.year, date.month)
        }
        let first = LocalDateTime(year: year, month: month, day: 1, hour: 0, minute: 0).minuteIndex / 1_440
        let next =
            LocalDateTime(
                year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1, hour: 0, minute: 0
            ).minuteIndex / 1_440
        let manages = Permissions.canManageResource(viewer, labID: lab.id, organisationID: resource.organisationID)
        let bookings = try await services.database.withConnection { db in
            try await services.resources.store.bookings(
                resourceID: resource.id, statuses: manages ? [.accepted, .requested] : [.accepted],
                start: first * 1_440, end: next * 1_440, on: db)
        }
        return services.layout.response(
            page: PageContext(
                title: "\(resource.title) : le mois", context: context, lab: lab.summary, section: "resources"),
            body: ResourcePages.month(
                .init(
                    lab: lab.summary, resource: resource, year: year, month: month, first: first, next: next,
                    bookings: bookings)))
    }

    // MARK: Bookings

    static func book(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let resource = try await services.resources.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        let form = context.form
        let input = BookingInput(
            start: join(form["start"], form["startTime"]), end: join(form["end"], form["endTime"]),
            quantity: form["quantity"], message: form["message"])
        switch try await services.resources.request(lab: lab, resource: resource, input: input, viewer: viewer) {
        case .success: return redirect(to: "/labs/\(lab.slug)/ressources/\(resource.id)?ok=demande")
        case .failure(let errors):
            let today = Paris.local(nowSeconds())
            let monday = try monday(
                form["start"].flatMap { LocalDateTime($0 + "T00:00") != nil ? $0 : nil }, today: today)
            let model = try await services.database.withConnection { db in
                try await showModel(
                    services, lab: lab, resource: resource, viewer: viewer, monday: monday,
                    input: BookingInput(
                        start: form["start"].map { $0 + "T" + (form["startTime"] ?? "") },
                        end: form["end"].map { $0 + "T" + (form["endTime"] ?? "") }, quantity: input.quantity,
                        message: input.message), errors: errors, flash: nil, on: db)
            }
            return services.layout.response(
                status: .unprocessableContent,
                page: PageContext(title: resource.title, context: context, lab: lab.summary, section: "resources"),
                body: ResourcePages.show(model, csrfToken: context.csrfToken))
        }
    }

    /// "2026-12-10" and "14:00" → "2026-12-10T14:00"; nil when either is missing.
    static func join(_ date: String?, _ time: String?) -> String? {
        guard let date = TextRules.clean(date), let time = TextRules.clean(time) else { return nil }
        return date + "T" + time
    }

    static func answer(_ answer: ResourceService.Answer, _ context: AppContext, _ services: Services) async throws
        -> Response
    {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let outcome = try await services.resources.answer(
            lab: lab, bookingID: try services.id("id", context), answer: answer, note: context.form["note"],
            viewer: viewer)
        let back = SameSitePath.isSafe(context.form["retour"] ?? "") ? context.form["retour"]! : "/mes-reservations"
        switch outcome {
        case .done(let status): return redirect(to: back + (back.contains("?") ? "&" : "?") + "ok=\(status.rawValue)")
        case .full:
            throw AppError(
                .conflict,
                "Impossible d'accepter : d'autres réservations acceptées occupent déjà tout le stock sur une partie de ce créneau."
            )
        }
    }

    static func mine(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        // A person outside the lab's organisations (a facilitator, another lab's member)
        // gets the page with nothing to answer.
        let organisationID = viewer.labID == lab.id ? viewer.organisationID : nil
        let now = Paris.local(nowSeconds()).minuteIndex
        let (resources, pending, accepted) = try await services.database.withConnection { db in
            let store = services.resources.store
            guard let organisationID else { return ([Resource](), [Booking](), [Booking]()) }
            return (
                try await store.resources(organisationID: organisationID, on: db),
                try await store.bookings(
                    ownerOrganisationID: organisationID, statuses: [.requested], limit: 500, on: db),
                try await store.bookings(ownerOrganisationID: organisationID, statuses: [.accepted], limit: 500, on: db)
                    .filter { $0.end.minuteIndex > now }
            )
        }
        return services.layout.response(
            page: PageContext(
                title: "Mes ressources", context: context, lab: lab.summary, section: "resources",
                flash: request.uri.queryParameters.get("ok").map(ResourcePages.notice)),
            body: ResourcePages.mine(
                .init(lab: lab.summary, resources: resources, pending: pending, accepted: accepted),
                csrfToken: context.csrfToken))
    }

    static func myBookings(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let (bookings, labs) = try await services.database.withConnection { db in
            (
                try await services.resources.store.bookings(userID: viewer.userID, limit: 500, on: db),
                try await services.labs.all(on: db)
            )
        }
        let slugs = Dictionary(uniqueKeysWithValues: labs.map { ($0.id, $0.slug) })
        return services.layout.response(
            page: PageContext(
                title: "Mes réservations", context: context, section: "bookings",
                flash: request.uri.queryParameters.get("ok").map(ResourcePages.notice)),
            body: ResourcePages.myBookings(
                bookings, labSlugs: slugs, now: Paris.local(nowSeconds()), csrfToken: context.csrfToken))
    }

    // MARK: Calendar feeds

    static func calendar(_ name: String, _ file: String, _ bookings: [Booking], base: String, slugs: [Int: String])
        -> Response
    {
        let events = bookings.map { b in
            ICalendar.Event(
                uid: "reservation-\(b.id)@alliances", start: b.start, end: b.end,
                summary: "\(b.resourceTitle) (\(b.quantity))",
                description: [b.requesterOrganisationName, b.message].compactMap { $0 }.joined(separator: " — "),
                location: "", url: "\(base)/labs/\(slugs[b.labID] ?? "")/ressources/\(b.resourceID)")
        }
        return ExportRoutes.calendarResponse(name, events, file: file, personal: true)
    }

    /// The resource's accepted bookings, for the organisation that lends it.
    static func resourceFeed(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab, resource) = try await managed(context, services)
        let now = Paris.local(nowSeconds()).minuteIndex
        let bookings = try await services.database.withConnection { db in
            try await services.resources.store.bookings(
                resourceID: resource.id, statuses: [.accepted], start: now - 90 * 1_440, end: now + 730 * 1_440, on: db)
        }
        return calendar(
            resource.title, "ressource-\(resource.id)", bookings, base: services.configuration.publicURL,
            slugs: [lab.id: lab.slug])
    }

    /// My accepted bookings, in every lab.
    static func myFeed(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let (bookings, labs) = try await services.database.withConnection { db in
            (
                try await services.resources.store.bookings(userID: viewer.userID, limit: 500, on: db),
                try await services.labs.all(on: db)
            )
        }
        return calendar(
            "Mes réservations", "mes-reservations", bookings.filter { $0.status == .accepted },
            base: services.configuration.publicURL,
            slugs: Dictionary(uniqueKeysWithValues: labs.map { ($0.id, $0.slug) }))
    }

    // MARK: API

    static func apiList(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let paging = try ApiPaging.read(request, defaultLimit: pageSize)
        let (page, size) = try paging.pageAndSize()
        let (_, model) = try await listModel(request, context, services, pageSize: size, page: page)
        return JSONResponse.make(
            ResourceDTO.Page(
                items: model.resources.map { ResourceDTO($0, labSlug: model.labSlug($0)) }, total: model.total,
                page: model.page, limit: size,
                nextCursor: paging.next(shown: model.resources.count, total: model.total)))
    }

    static func apiShow(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let resource = try await services.resources.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        return JSONResponse.make(ResourceDTO(resource, labSlug: lab.slug))
    }
}
