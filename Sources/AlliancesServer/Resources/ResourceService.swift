import AlliancesCore
import SQLKit

/// Use cases of pooled resources: offering one, asking to book it, answering and
/// cancelling. Every write checks who may do it against the lab in the URL, in the
/// transaction that writes.
struct ResourceService: Sendable {
    let database: Database
    let publicURL: String
    let store = ResourceStore()

    /// The resource of the lab the viewer may see, or a French 404 (never telling apart a
    /// resource they may not see from one that does not exist).
    func visible(id: Int, lab: Lab, viewer: Viewer?) async throws -> Resource {
        try await database.withConnection { db in try await visible(id: id, lab: lab, viewer: viewer, on: db) }
    }

    /// The same, on a connection the caller holds (one lease for a whole page).
    func visible(id: Int, lab: Lab, viewer: Viewer?, on db: any SQLDatabase) async throws -> Resource {
        let found = try await store.resource(id: id, labID: lab.id, on: db)
        guard let resource = found,
            Permissions.canSeeResource(
                viewer, labID: lab.id, organisationID: resource.organisationID, audience: resource.audience),
            resource.active
                || Permissions.canManageResource(viewer, labID: lab.id, organisationID: resource.organisationID)
        else { throw AppError.notFound("Cette ressource n'existe pas ou n'est pas partagée avec vous.") }
        return resource
    }

    /// Creates (`resourceID` nil) or updates a resource: the organisation must be one of the
    /// lab's that the viewer manages, the commune one of the lab's perimeter.
    func save(lab: Lab, resourceID: Int?, input: ResourceInput, active: Bool, viewer: Viewer) async throws -> Result<
        Int, ValidationErrors
    > {
        let draft: ResourceDraft
        switch ResourceDraft.validate(input) {
        case .failure(let errors): return .failure(errors)
        case .success(let value): draft = value
        }
        return try await database.transaction { db in
            if let resourceID {
                guard let existing = try await store.resource(id: resourceID, labID: lab.id, on: db),
                    Permissions.canManageResource(viewer, labID: lab.id, organisationID: existing.organisationID)
                else { throw AppError.notFound("Cette ressource n'existe pas.") }
            }
            var errors = ValidationErrors()
            let organisation = try await OrganisationStore().find(id: draft.organisationID, labID: lab.id, on: db)
            if organisation == nil
                || !Permissions.canManageResource(viewer, labID: lab.id, organisationID: draft.organisationID)
            {
                errors.add("organisationID", "Choisissez une organisation du labo dont vous êtes membre.")
            }
            var communeCode: String?
            if let text = draft.commune {
                switch try await OrganisationStore().resolveCommune(text, perimeter: lab.perimeter, on: db) {
                case .success(let commune): communeCode = commune.code
                case .failure(let error): errors.errors.append(FieldError(field: "commune", message: error.message))
                }
            }
            guard errors.isEmpty else { return .failure(errors) }
            let now = nowSeconds()
            if let resourceID {
                try await store.update(
                    id: resourceID, draft: draft, communeCode: communeCode, active: active, at: now, on: db)
                return .success(resourceID)
            }
            return .success(
                try await store.insert(
                    labID: lab.id, draft: draft, communeCode: communeCode, userID: viewer.userID, at: now, on: db))
        }
    }

    // MARK: Bookings

    /// A booking request: checked against the resource (stock, opening hours, closed
    /// dates, not in the past), then written and told to the organisation's members.
    func request(lab: Lab, resource: Resource, input: BookingInput, viewer: Viewer) async throws -> Result<
        Int, ValidationErrors
    > {
        guard Permissions.canBookResource(viewer, labID: lab.id, audience: resource.audience), resource.active else {
            throw AppError.forbidden
        }
        let now = nowSeconds()
        let request: BookingRequest
        switch BookingRequest.validate(
            input, stock: resource.quantity, hours: resource.hours, closedDates: resource.closedDates,
            now: Paris.local(now))
        {
        case .failure(let errors): return .failure(errors)
        case .success(let value): request = value
        }
        return try await database.transaction { db in
            let id = try await store.insertBooking(
                resourceID: resource.id, userID: viewer.userID, organisationID: viewer.organisationID, request: request,
                at: now, on: db)
            try await notifyOwners(
                resource: resource, lab: lab, subject: "Demande de réservation : \(resource.title)",
                lines: [
                    "Une demande de réservation de « \(resource.title) » attend votre réponse :",
                    Self.range(request.start, request.end) + " (quantité : \(request.quantity)).",
                    request.message.map { "Message : \($0)" } ?? ""
                ], on: db)
            return .success(id)
        }
    }

    enum Answer: String, Sendable {
        case accept = "accepter"
        case decline = "refuser"
        case cancel = "annuler"
    }

    enum Outcome: Sendable, Equatable {
        case done(BookingStatus)
        /// The accepted bookings already hold the stock for part of the range.
        case full
    }

    /// Accepts, declines or cancels a booking. Accepting takes the resource's row first, so
    /// two owners accepting overlapping requests at once (on one instance or several on one
    /// PostgreSQL) answer one after the other, and the second sees the first: accepted
    /// bookings never hold more than the stock at any minute.
    func answer(lab: Lab, bookingID: Int, answer: Answer, note: String?, viewer: Viewer) async throws -> Outcome {
        let note = TextRules.clean(note).map { String($0.prefix(1_000)) }
        let now = nowSeconds()
        return try await database.transaction { db in
            guard let booking = try await store.booking(id: bookingID, labID: lab.id, on: db) else {
                throw AppError.notFound("Cette réservation n'existe pas.")
            }
            let owner = Permissions.canManageResource(
                viewer, labID: lab.id, organisationID: booking.ownerOrganisationID)
            let requester = booking.requesterUserID == viewer.userID
            switch answer {
            case .accept, .decline:
                guard owner else { throw AppError.forbidden }
                guard booking.status == .requested else {
                    throw AppError(
                        .conflict, "Cette demande a déjà reçu une réponse (\(booking.status.label.lowercased())).")
                }
            case .cancel:
                guard owner || requester else { throw AppError.forbidden }
                guard booking.status == .requested || booking.status == .accepted else {
                    throw AppError(.conflict, "Cette réservation est déjà \(booking.status.label.lowercased()).")
                }
            }
            let target: BookingStatus
            switch answer {
            case .accept:
                try await store.lock(id: booking.resourceID, at: now, on: db)
                guard let resource = try await store.resource(id: booking.resourceID, labID: lab.id, on: db) else {
                    throw AppError.notFound("Cette ressource n'existe pas.")
                }
                let (start, end, quantity) = booking.range
                let accepted = try await store.bookings(
                    resourceID: resource.id, statuses: [.accepted], start: start, end: end, on: db)
                guard
                    BookingRules.fits(
                        quantity: quantity, start: start, end: end, stock: resource.quantity,
                        accepted: accepted.map(\.range))
                else { return .full }
                target = .accepted
            case .decline: target = .declined
            case .cancel: target = .cancelled
            }
            guard
                try await store.setStatus(
                    id: booking.id, from: [booking.status], to: target, answer: note, by: viewer.userID, at: now,
                    on: db)
            else { throw AppError(.conflict, "Cette réservation vient de changer : rechargez la page.") }
            try await tell(booking: booking, status: target, note: note, byOwner: owner && !requester, lab: lab, on: db)
            return .done(target)
        }
    }

    /// Reminds the person who asked, the day before, of each accepted booking starting in
    /// the next 24 hours; each booking once, whatever the number of instances. Returns how
    /// many were sent.
    func sendReminders(now: Int) async throws -> Int {
        let minute = Paris.local(now).minuteIndex
        return try await database.transaction { db in
            var sent = 0
            let labs = Dictionary(uniqueKeysWithValues: try await LabStore().all(on: db).map { ($0.id, $0) })
            for booking in try await store.toRemind(from: minute, to: minute + 1_440, on: db) {
                guard try await store.markReminded(id: booking.id, at: now, on: db) else { continue }
                guard let userID = booking.requesterUserID,
                    let user = try await AccountStore().user(id: userID, on: db),
                    let lab = labs[booking.labID]
                else { continue }
                let body = [
                    "Bonjour \(user.name),", "",
                    "Rappel : vous avez réservé « \(booking.resourceTitle) » \(Self.range(booking.start, booking.end)).",
                    "", "La ressource : \(publicURL)/labs/\(lab.slug)/ressources/\(booking.resourceID)",
                    "Mes réservations : \(publicURL)/mes-reservations", "", "— \(lab.name)"
                ].joined(separator: "\n")
                try await OutboxStore().enqueue(
                    to: user.email, subject: "Rappel de réservation : \(booking.resourceTitle) — \(lab.name)",
                    body: body,
                    kind: "reservation", eventID: nil, registrationID: nil, on: db)
                sent += 1
            }
            return sent
        }
    }

    // MARK: Messages

    static func range(_ start: LocalDateTime, _ end: LocalDateTime) -> String {
        start.date == end.date
            ? "le \(CalendarDate.french(start.date)) de \(start.frenchTime) à \(end.frenchTime)"
            : "du \(CalendarDate.french(start.date)) \(start.frenchTime) au \(CalendarDate.french(end.date)) \(end.frenchTime)"
    }

    private func notifyOwners(resource: Resource, lab: Lab, subject: String, lines: [String], on db: any SQLDatabase)
        async throws
    {
        let link = "\(publicURL)/labs/\(lab.slug)/mes-ressources"
        for member in try await AccountStore().members(organisationID: resource.organisationID, on: db) {
            let body =
                (["Bonjour \(member.name),", ""] + lines.filter { !$0.isEmpty } + [
                    "", "Répondre : \(link)", "", "— \(lab.name)"
                ])
                .joined(separator: "\n")
            try await OutboxStore().enqueue(
                to: member.email, subject: "\(subject) — \(lab.name)", body: body, kind: "reservation", eventID: nil,
                registrationID: nil, on: db)
        }
    }

    /// Tells the other side what happened: the requester when the owner answered or
    /// cancelled, the owners when the requester cancelled.
    private func tell(
        booking: Booking, status: BookingStatus, note: String?, byOwner: Bool, lab: Lab, on db: any SQLDatabase
    )
        async throws
    {
        let what = "« \(booking.resourceTitle) », \(Self.range(booking.start, booking.end))"
        if byOwner {
            guard let userID = booking.requesterUserID, let user = try await AccountStore().user(id: userID, on: db)
            else { return }
            let verdict =
                switch status {
                case .accepted: "Votre réservation de \(what) est acceptée."
                case .declined: "Votre demande de réservation de \(what) n'a pas pu être acceptée."
                default: "Votre réservation de \(what) est annulée par l'organisation qui prête la ressource."
                }
            let body =
                (["Bonjour \(user.name),", "", verdict] + (note.map { ["", "Message : \($0)"] } ?? []) + [
                    "", "Mes réservations : \(publicURL)/mes-reservations", "", "— \(lab.name)"
                ]).joined(separator: "\n")
            try await OutboxStore().enqueue(
                to: user.email,
                subject: "Réservation \(status.label.lowercased()) : \(booking.resourceTitle) — \(lab.name)",
                body: body, kind: "reservation", eventID: nil, registrationID: nil, on: db)
        } else {
            guard
                let resource = try await store.resource(id: booking.resourceID, labID: lab.id, on: db)
            else { return }
            try await notifyOwners(
                resource: resource, lab: lab, subject: "Réservation annulée : \(booking.resourceTitle)",
                lines: ["La réservation de \(what) est annulée par la personne qui l'avait demandée."], on: db)
        }
    }
}
