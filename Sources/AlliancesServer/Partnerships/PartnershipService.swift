import AlliancesCore
import Foundation
import SQLKit

/// The use cases of partnerships, shared by the pages and the API.
struct PartnershipService: Sendable {
    let database: Database
    let store = PartnershipStore()
    let introductions = IntroductionStore()

    /// The partnership if the viewer may see it; a 404 otherwise (its existence is not told).
    func visible(id: Int, lab: Lab, viewer: Viewer?) async throws -> Partnership {
        let store = self.store
        let found = try await database.withConnection { db in try await store.find(id: id, labID: lab.id, on: db) }
        guard let found, Permissions.canSeePartnership(viewer, labID: lab.id, parties: found.partyIDs) else {
            throw AppError.notFound("Ce partenariat n'existe pas ou ne concerne pas votre organisation.")
        }
        return found
    }

    /// Validates and writes a partnership with its parties and a timeline line, in one
    /// transaction. A member's organisation must stay among the parties. Recorded from an
    /// introduction, the introduction moves to "a débouché sur un partenariat".
    func save(lab: Lab, id: Int?, input: PartnershipInput, viewer: Viewer) async throws -> Result<Int, ValidationErrors>
    {
        let draft: PartnershipDraft
        switch PartnershipDraft.validate(input) {
        case .failure(let errors): return .failure(errors)
        case .success(let value): draft = value
        }
        let (store, introductions) = (self.store, self.introductions)
        return try await database.transaction { db in
            var errors = ValidationErrors()
            let ids = draft.parties.map(\.organisationID)
            // The lab's organisations, and other labs' it lists (read-only here, linkable).
            let known = try await OrganisationStore().linkable(ids: ids, labID: lab.id, on: db)
            for missing in ids where !known.contains(missing) {
                errors.add("parties", "L'organisation n° \(missing) n'existe pas dans ce labo.")
            }
            if !Permissions.isFacilitator(viewer, ofLab: lab.id), let own = viewer.organisationID, !ids.contains(own) {
                errors.add("parties", "Votre organisation doit figurer parmi les parties.")
            }
            var introduction: Introduction?
            if let introductionID = draft.introductionID {
                introduction = try await introductions.find(id: introductionID, labID: lab.id, on: db)
                if let found = introduction,
                    !Permissions.canSeeIntroduction(
                        viewer, labID: lab.id, organisationA: found.organisationA, organisationB: found.organisationB,
                        status: found.status)
                {
                    introduction = nil
                }
                if introduction == nil {
                    errors.add("introductionId", "Cette mise en relation n'existe pas dans ce labo.")
                }
            }
            if let eventID = draft.eventID {
                if try await !EventStore().isVisible(eventID: eventID, toLab: lab.id, on: db) {
                    errors.add("eventId", "Cette rencontre n'existe pas pour ce labo.")
                }
            }
            if !errors.isEmpty { return .failure(errors) }

            let partnershipID: Int
            if let id {
                guard let before = try await store.find(id: id, labID: lab.id, on: db),
                    Permissions.canEditPartnership(viewer, labID: lab.id, parties: before.partyIDs)
                else { throw AppError.forbidden }
                try await store.update(id: id, labID: lab.id, draft: draft, on: db)
                let stageChanged = before.stage != draft.stage
                try await store.addNote(
                    partnershipID: id, userID: viewer.userID,
                    action: stageChanged ? "Étape : \(draft.stage.label)" : "Fiche modifiée",
                    stage: stageChanged ? draft.stage : nil, note: nil, on: db)
                partnershipID = id
            } else {
                partnershipID = try await store.create(labID: lab.id, draft: draft, userID: viewer.userID, on: db)
                try await store.addNote(
                    partnershipID: partnershipID, userID: viewer.userID,
                    action: "Partenariat enregistré (\(draft.stage.label.lowercased()))",
                    stage: draft.stage, note: nil, on: db)
            }
            if var introduction, introduction.status != .partnership,
                (try? introduction.state.advance(to: .partnership)) != nil
            {
                try await introductions.save(introduction, proposedBy: nil, on: db)
                try await introductions.addEvent(
                    introductionID: introduction.id, userID: viewer.userID, organisationID: viewer.organisationID,
                    action: "Partenariat enregistré : \(draft.title)", status: introduction.status, note: nil, on: db)
            }
            try await AuditLog.record(
                userID: viewer.userID, labID: lab.id, action: id == nil ? "partnership.create" : "partnership.update",
                target: "partnership:\(partnershipID)", on: db)
            try await WebhookEvents.emit(
                .partnershipChanged, labID: lab.id, object: "partnership", id: partnershipID,
                path: { "/api/v1/labs/\($0)/partnerships/\(partnershipID)" },
                audience: .organisations(labID: lab.id, draft.parties.map(\.organisationID)), on: db)
            return .success(partnershipID)
        }
    }

    /// A note in the timeline, with an optional move to another stage (an ended
    /// partnership needs its end date; today's by default).
    func addNote(
        lab: Lab, id: Int, viewer: Viewer, note rawNote: String?, stage rawStage: String?, endDate rawEnd: String?
    ) async throws -> Result<Void, ValidationErrors> {
        var errors = ValidationErrors()
        let note = TextRules.check(
            rawNote, field: "note", label: "La note", required: false, maxLength: 5000, multiline: true, into: &errors)
        var stage: PartnershipStage?
        if let raw = TextRules.clean(rawStage) {
            stage = PartnershipStage(rawValue: raw)
            if stage == nil { errors.add("stage", "Étape inconnue : « \(raw.prefix(40)) ».") }
        }
        let end = ListingDraft.date(rawEnd, field: "endDate", label: "La date de fin", into: &errors)
        if note == nil && stage == nil && errors.isEmpty {
            errors.add("note", "Écrivez une note ou choisissez une nouvelle étape.")
        }
        if !errors.isEmpty { return .failure(errors) }
        let store = self.store
        return try await database.transaction { db in
            guard let partnership = try await store.find(id: id, labID: lab.id, on: db),
                Permissions.canEditPartnership(viewer, labID: lab.id, parties: partnership.partyIDs)
            else {
                throw AppError.notFound("Ce partenariat n'existe pas ou ne concerne pas votre organisation.")
            }
            var action = "Note"
            if let stage, stage != partnership.stage {
                var endDate = partnership.endDate
                if stage == .ended { endDate = end ?? Paris.day(nowSeconds()) }
                if let endDate, endDate < partnership.startDate {
                    var errors = ValidationErrors()
                    errors.add(
                        "endDate",
                        "La date de fin doit suivre la date de début (\(CalendarDate.french(partnership.startDate))).")
                    return .failure(errors)
                }
                try await store.setStage(id: id, labID: lab.id, stage: stage, endDate: endDate, on: db)
                action = "Étape : \(stage.label)"
            }
            try await store.addNote(
                partnershipID: id, userID: viewer.userID, action: action, stage: stage, note: note, on: db)
            return .success(())
        }
    }
}
