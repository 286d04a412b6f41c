import AlliancesCore
import Hummingbird

/// An event's organisers' use cases: create and edit the event, its sessions and their
/// speakers, delete a session. The web forms (`ProgrammeAdminRoutes`) and the API
/// (`EventsAPI`) call these, so both apply the same rules: a capacity never below the
/// seats taken (raising it offers the new seats to the people waiting), one event per
/// short address, an event only where its author organises.
struct ProgrammeService: Sendable {
    let database: Database
    let registrations: RegistrationService
    let events = EventStore()

    /// Creates (`existing` nil) or updates an event in `labID` (nil: the network's, for an
    /// administrator). 403 where the viewer may not organise; the fields' errors otherwise.
    func saveEvent(
        _ viewer: Viewer, input: EventInput, labID: Int?, existing: RencontreEvent?
    ) async throws -> Result<RencontreEvent, ValidationErrors> {
        // Where it may be organised: a lab the viewer runs, or the network for an admin.
        let allowed = labID.map { Permissions.isFacilitator(viewer, ofLab: $0) } ?? (viewer.role == .admin)
        guard allowed else { throw AppError.forbidden }
        let draft: EventDraft
        switch EventDraft.validate(input) {
        case .failure(let errors): return .failure(errors)
        case .success(let valid): draft = valid
        }
        return try await database.transaction { db -> Result<RencontreEvent, ValidationErrors> in
            // An archived lab takes no new rencontre (its own addresses refuse changes already).
            if let labID, try await LabStore().isArchived(id: labID, on: db) {
                throw AppError(.conflict, LabArchive.message)
            }
            if let clash = try await events.event(slug: draft.slug, on: db), clash.id != existing?.id {
                var e = ValidationErrors()
                e.add("slug", "L'adresse courte « \(draft.slug) » est déjà celle d'une autre rencontre.")
                return .failure(e)
            }
            let id: Int
            if let existing {
                if let capacity = draft.capacity, capacity < existing.seatsTaken {
                    var e = ValidationErrors()
                    e.add(
                        "capacity",
                        "\(existing.seatsTaken) places sont déjà prises : la capacité ne peut pas descendre en dessous."
                    )
                    return .failure(e)
                }
                try await events.updateEvent(id: existing.id, draft: draft, labID: labID, on: db)
                id = existing.id
                if let updated = try await events.event(id: id, on: db) {
                    try await RegistrationService.promote(
                        .event, id: id, mailer: registrations.mailer(updated), on: db)
                }
            } else {
                id = try await events.createEvent(
                    slug: draft.slug, labID: labID, title: draft.title, acronym: draft.acronym,
                    description: draft.description, startsAt: draft.startsAt,
                    endsAt: draft.endsAt, venue: draft.venue, address: draft.address, organisers: draft.organisers,
                    status: draft.status,
                    capacity: draft.capacity, offerHours: draft.offerHours, on: db)
            }
            try await AuditLog.record(
                userID: viewer.userID, labID: labID, action: existing == nil ? "event.create" : "event.update",
                target: "event:\(draft.slug)", on: db)
            guard let saved = try await events.event(id: id, on: db) else {
                throw DatabaseError(description: "event \(id) vanished while saved")
            }
            return .success(saved)
        }
    }

    /// Creates (`sessionID` nil) or updates a session of the loaded event, with its
    /// speakers; 404 for a session not of this event.
    func saveSession(_ loaded: EventAccess.Loaded, sessionID: Int?, input: SessionInput) async throws
        -> Result<Int, ValidationErrors>
    {
        let existing = sessionID.flatMap { id in loaded.sessions.first { $0.id == id } }
        if sessionID != nil && existing == nil { throw AppError.notFound("Cette session n'existe pas.") }
        let draft: SessionDraft
        switch SessionDraft.validate(input) {
        case .failure(let errors): return .failure(errors)
        case .success(let valid): draft = valid
        }
        if let existing, let capacity = draft.capacity, capacity < existing.seatsTaken {
            var errors = ValidationErrors()
            errors.add(
                "capacity",
                "\(existing.seatsTaken) places sont déjà prises : la capacité ne peut pas descendre en dessous.")
            return .failure(errors)
        }
        let event = loaded.event
        let id = try await database.transaction { db in
            let id: Int
            if let existing {
                try await events.updateSession(id: existing.id, draft: draft, on: db)
                id = existing.id
                try await RegistrationService.promote(.session, id: id, mailer: registrations.mailer(event), on: db)
            } else {
                id = try await events.createSession(
                    eventID: event.id, kind: draft.kind, title: draft.title, startsAt: draft.startsAt,
                    endsAt: draft.endsAt,
                    room: draft.room, track: draft.track, capacity: draft.capacity, description: draft.description,
                    questions: draft.questions, on: db)
            }
            try await events.replaceSpeakers(sessionID: id, eventID: event.id, speakers: draft.speakers, on: db)
            return id
        }
        return .success(id)
    }

    /// Deletes a session nobody holds a seat in: 404 for a session not of this event, 409
    /// while seats are taken.
    func deleteSession(_ loaded: EventAccess.Loaded, id: Int) async throws {
        guard let session = loaded.sessions.first(where: { $0.id == id }) else {
            throw AppError.notFound("Cette session n'existe pas.")
        }
        guard session.seatsTaken == 0 else {
            throw AppError(
                .conflict,
                "Des participants sont inscrits à « \(session.title) » : déplacez-les ou annulez leurs places avant de supprimer la session."
            )
        }
        try await database.transaction { db in
            try await events.deleteSession(id: id, eventID: loaded.event.id, on: db)
        }
    }
}
