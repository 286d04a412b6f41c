import AlliancesCore
import SQLKit

/// The directory's use cases, shared by the web pages and the JSON API so that both
/// apply exactly the same checks.
struct DirectoryService: Sendable {
    let database: Database
    let store = OrganisationStore()

    /// Validates, resolves the commune, refuses duplicate identifiers, then writes the
    /// organisation, its themes and an audit entry in one transaction: nothing is stored
    /// partially.
    func save(lab: Lab, organisationID: Int?, input: OrganisationInput, viewer: Viewer?) async throws -> Result<
        Int, ValidationErrors
    > {
        let draft: OrganisationDraft
        switch OrganisationDraft.validate(input) {
        case .failure(let errors): return .failure(errors)
        case .success(let value): draft = value
        }
        let store = self.store
        return try await database.transaction { db in
            var errors = ValidationErrors()
            var commune: Commune?
            if let text = draft.commune {
                switch try await store.resolveCommune(text, perimeter: lab.perimeter, on: db) {
                case .success(let found): commune = found
                case .failure(let error): errors.errors.append(error)
                }
            }
            if let duplicate = try await store.duplicateIdentifier(
                labID: lab.id, draft: draft, excluding: organisationID, on: db)
            {
                errors.errors.append(duplicate)
            }
            if !errors.isEmpty { return .failure(errors) }
            let id: Int
            if let organisationID {
                try await store.update(id: organisationID, labID: lab.id, draft: draft, commune: commune, on: db)
                id = organisationID
            } else {
                id = try await store.create(labID: lab.id, draft: draft, commune: commune, on: db)
            }
            try await AuditLog.record(
                userID: viewer?.userID, labID: lab.id,
                action: organisationID == nil ? "organisation.create" : "organisation.update",
                target: "organisation:\(id)", on: db)
            try await WebhookEvents.emit(
                organisationID == nil ? .organisationCreated : .organisationUpdated, labID: lab.id,
                object: "organisation", id: id, path: { "/api/v1/labs/\($0)/organisations/\(id)" },
                audience: .organisations(labID: lab.id, [id]), on: db)
            return .success(id)
        }
    }

    func delete(lab: Lab, organisationID: Int, viewer: Viewer?) async throws {
        let store = self.store
        try await database.transaction { db in
            try await store.delete(id: organisationID, labID: lab.id, on: db)
            try await AuditLog.record(
                userID: viewer?.userID, labID: lab.id, action: "organisation.delete",
                target: "organisation:\(organisationID)", on: db)
        }
    }

    func savePerson(lab: Lab, organisationID: Int, personID: Int?, input: PersonInput, viewer: Viewer?) async throws
        -> Result<Int, ValidationErrors>
    {
        let draft: PersonDraft
        switch PersonDraft.validate(input) {
        case .failure(let errors): return .failure(errors)
        case .success(let value): draft = value
        }
        let store = self.store
        return try await database.transaction { db in
            let id: Int
            if let personID {
                try await store.updatePerson(
                    id: personID, organisationID: organisationID, labID: lab.id, draft: draft, on: db)
                id = personID
            } else {
                id = try await store.addPerson(organisationID: organisationID, labID: lab.id, draft: draft, on: db)
            }
            try await AuditLog.record(
                userID: viewer?.userID, labID: lab.id, action: personID == nil ? "person.create" : "person.update",
                target: "person:\(id)", on: db)
            return .success(id)
        }
    }

    func deletePerson(lab: Lab, organisationID: Int, personID: Int, viewer: Viewer?) async throws {
        let store = self.store
        try await database.transaction { db in
            try await store.deletePerson(id: personID, organisationID: organisationID, labID: lab.id, on: db)
            try await AuditLog.record(
                userID: viewer?.userID, labID: lab.id, action: "person.delete", target: "person:\(personID)", on: db)
        }
    }
}
