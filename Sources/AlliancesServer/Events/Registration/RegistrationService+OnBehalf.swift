import AlliancesCore
import SQLKit

/// Organisers register a person who called or wrote, or correct a registration; the person
/// is told by e-mail with their private link, and the change is audited.
extension RegistrationService {
    enum OnBehalfOutcome: Sendable, Equatable {
        case saved(id: Int, status: SeatStatus)
        case invalid(ValidationErrors)
    }

    /// A seat if one is left (confirmed at once: the organiser spoke to the person), the
    /// waiting list otherwise. An address registered already is said so: organisers see
    /// the list anyway.
    func registerOnBehalf(event: RencontreEvent, input: RegistrationInput, by organiser: Viewer, address: String)
        async throws -> OnBehalfOutcome
    {
        let checked: CheckedRegistration
        switch input.validate() {
        case .failure(let errors): return .invalid(errors)
        case .success(let value): checked = value
        }
        let mail = mailer(event)
        return try await database.transaction { db in
            let now = nowSeconds()
            let existing = try await store.contact(eventID: event.id, email: checked.email, on: db)
            if let existing, existing.status != .cancelled {
                var errors = ValidationErrors()
                errors.add(
                    "email", "Cette adresse est déjà inscrite à la rencontre : modifiez son inscription dans la liste.")
                return .invalid(errors)
            }
            let seat = try await EventStore.claimSeat(.event, id: event.id, on: db)
            let status: SeatStatus = seat ? .confirmed : .waiting
            let organisationID =
                try await checked.organisation.asyncMap { name in
                    try await OrganisationStore().id(namedExactly: name, on: db)
                } ?? nil
            let token = Tokens.random()
            let row = RegistrationStore.Row(
                eventID: event.id, tokenHash: AccountStore.hash(token), checked: checked,
                organisationID: organisationID, userID: nil, status: status, offeredUntil: nil,
                checkInCode: Self.newCheckInCode(), now: now)
            let id = try await store.write(row, reopening: existing, on: db)
            try await mail.send(
                RegistrationMessages.registeredOnBehalf(name: checked.name, link: mail.link(token)),
                to: checked.email, registrationID: id, on: db)
            try await AuditLog.record(
                .registrationOnBehalf, by: organiser.userID, lab: event.labID,
                target: "registration:\(id) (\(status.label))", address: address, on: db)
            try await WebhookEvents.registration(
                .registrationCreated, event: event, registrationID: id, email: checked.email, on: db)
            return .saved(id: id, status: status)
        }
    }

    /// Corrects a registration of the event (not its address); the person gets a new link.
    func editOnBehalf(
        registrationID: Int, event: RencontreEvent, input: RegistrationInput, by organiser: Viewer, address: String
    ) async throws -> OnBehalfOutcome {
        let checked: CheckedRegistration
        switch input.validate() {
        case .failure(let errors): return .invalid(errors)
        case .success(let value): checked = value
        }
        let mail = mailer(event)
        return try await database.transaction { db in
            guard let current = try await store.registration(id: registrationID, eventID: event.id, on: db),
                current.email == checked.email
            else { throw Self.notInEvent }
            let organisationID =
                try await checked.organisation.asyncMap { name in
                    try await OrganisationStore().id(namedExactly: name, on: db)
                } ?? nil
            try await store.update(
                id: registrationID, checked: checked, organisationID: organisationID, at: nowSeconds(), on: db)
            try await mail.send(
                RegistrationMessages.editedByOrganiser(
                    name: checked.name, link: try await mail.newLink(registrationID: registrationID, on: db)),
                to: current.email, registrationID: registrationID, on: db)
            try await AuditLog.record(
                .registrationEdited, by: organiser.userID, lab: event.labID, target: "registration:\(registrationID)",
                address: address, on: db)
            return .saved(id: registrationID, status: current.status)
        }
    }

    func registration(id: Int, eventID: Int) async throws -> Registration? {
        try await database.withConnection { db in try await store.registration(id: id, eventID: eventID, on: db) }
    }

    /// The registration of an address (normalised) to the event, if any.
    func registration(eventID: Int, email: String) async throws -> Registration? {
        try await database.withConnection { db in
            guard let contact = try await store.contact(eventID: eventID, email: email, on: db) else { return nil }
            return try await store.registration(id: contact.id, eventID: eventID, on: db)
        }
    }

    /// "Renvoyer mon lien": a new link to an address registered to the event, three times
    /// an hour at most; nothing is said about whether it is registered.
    func resendLink(event: RencontreEvent, email rawEmail: String) async throws {
        let email = EmailAddress.normalise(rawEmail)
        guard EmailAddress.isValid(email) else { return }
        let mail = mailer(event)
        try await database.transaction { db in
            guard let existing = try await store.contact(eventID: event.id, email: email, on: db),
                existing.status != .cancelled,
                case .allowed = try await Throttle().reserve([(Self.linkResends, "\(event.id)|\(email)")], on: db)
            else { return }
            try await mail.send(
                RegistrationMessages.linkAgain(
                    name: existing.name, link: try await mail.newLink(registrationID: existing.id, on: db)),
                to: existing.email, registrationID: existing.id, on: db)
        }
    }
}
