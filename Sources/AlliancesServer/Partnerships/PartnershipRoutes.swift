import AlliancesCore
import Foundation
import Hummingbird
import SQLKit

/// Web pages of partnerships: list, page with timeline and documents, forms.
enum PartnershipRoutes {
    static let pageSize = 50

    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/partenariats", list)
        routes.get("/labs/:lab/partenariats/nouveau", newForm)
        routes.post("/labs/:lab/partenariats/nouveau", create)
        routes.get("/labs/:lab/partenariats/:id", showOne)
        routes.get("/labs/:lab/partenariats/:id/modifier", editForm)
        routes.post("/labs/:lab/partenariats/:id/modifier", update)
        routes.post("/labs/:lab/partenariats/:id/notes", addNote)
        routes.post("/labs/:lab/partenariats/:id/documents", upload)
        routes.get("/labs/:lab/partenariats/:id/documents/:document", download)
        routes.post("/labs/:lab/partenariats/:id/documents/:document/supprimer", deleteDocument)
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(nil, context, services)
    }

    static func showOne(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await show(context, services, errors: .init(), status: .ok)
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(try services.id("id", context), context, services)
    }

    /// The lab, for a logged-in member of it (partnerships are not public).
    static func labForMember(_ context: AppContext, _ services: Services) async throws -> (Lab, Viewer) {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        return (lab, viewer)
    }

    static func filter(_ request: Request) throws -> PartnershipFilter {
        switch PartnershipFilter.parse({ request.uri.queryParameters.get($0) }) {
        case .success(let filter): return filter
        case .failure(let errors):
            throw AppError(.badRequest, errors.errors.map(\.message).joined(separator: " "), fieldErrors: errors.errors)
        }
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labForMember(context, services)
        let filter = try filter(request)
        let page = try DirectoryRoutes.pageNumber(request)
        let store = services.partnerships.store
        let model = try await services.database.withConnection { db in
            PartnershipPages.ListModel(
                lab: lab.summary, filter: filter,
                partnerships: try await store.list(
                    labID: lab.id, filter: filter, viewer: viewer, limit: pageSize, offset: (page - 1) * pageSize,
                    on: db),
                total: try await store.count(labID: lab.id, filter: filter, viewer: viewer, on: db), page: page,
                pageSize: pageSize,
                canCreate: Permissions.canCreatePartnership(viewer, labID: lab.id),
                facilitator: Permissions.isFacilitator(viewer, ofLab: lab.id))
        }
        return services.layout.response(
            page: PageContext(title: "Partenariats", context: context, lab: lab.summary, section: "partnerships"),
            body: PartnershipPages.list(model))
    }

    static func show(_ context: AppContext, _ services: Services, errors: ValidationErrors, status: HTTPResponse.Status)
        async throws -> Response
    {
        let (lab, viewer) = try await labForMember(context, services)
        let partnership = try await services.partnerships.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        let store = services.partnerships.store
        let (notes, documents, sheets) = try await services.database.withConnection { db in
            (
                try await store.notes(partnershipID: partnership.id, on: db),
                try await store.documents(partnershipID: partnership.id, on: db),
                try await services.library.readable(partnershipID: partnership.id, lab: lab, viewer: viewer, on: db)
            )
        }
        var model = PartnershipPages.ShowModel(
            lab: lab.summary, partnership: partnership, notes: notes, documents: documents,
            csrfToken: context.csrfToken,
            errors: errors, maxDocumentMB: services.configuration.maxDocumentBytes / (1024 * 1024))
        model.sheets = sheets.map { ($0.id, $0.title, $0.status) }
        model.canWriteSheet = LibraryService.canWrite(viewer, lab: lab)
        return services.layout.response(
            status: status,
            page: PageContext(title: partnership.title, context: context, lab: lab.summary, section: "partnerships"),
            body: PartnershipPages.show(model))
    }

    static func renderForm(
        lab: Lab, viewer: Viewer, id: Int?, input: PartnershipInput, errors: ValidationErrors, context: AppContext,
        services: Services,
        status: HTTPResponse.Status = .ok, followUp: String? = nil
    ) async throws -> Response {
        let (organisations, own, events) = try await services.database.withConnection { db in
            let (organisations, own) = try await services.organisations.partyChoices(
                for: viewer, labID: lab.id, listed: true, on: db)
            let events = try await services.events.choices(labID: lab.id, limit: 200, on: db)
            return (organisations, own, events)
        }
        let model = PartnershipPages.FormModel(
            lab: lab.summary, partnershipID: id, input: input, errors: errors, organisations: organisations,
            ownOrganisation: own, events: events, followUp: followUp)
        return services.layout.response(
            status: status,
            page: PageContext(
                title: id == nil ? "Enregistrer un partenariat" : "Modifier le partenariat", context: context,
                lab: lab.summary, section: "partnerships"),
            body: PartnershipPages.form(model, csrfToken: context.csrfToken))
    }

    /// `?introduction=N` starts from an introduction: its two organisations as parties,
    /// its need or offer's modes, the introduction as origin.
    static func newForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labForMember(context, services)
        guard Permissions.canCreatePartnership(viewer, labID: lab.id) else { throw AppError.forbidden }
        var input = PartnershipInput(startDate: Paris.day(nowSeconds()))
        if let raw = request.uri.queryParameters.get("introduction"), let id = Int(raw) {
            let introduction = try await services.marketplace.visibleIntroduction(id: id, lab: lab, viewer: viewer)
            input.parties = [
                PartyInput(organisationId: introduction.organisationA, role: nil),
                PartyInput(organisationId: introduction.organisationB, role: nil)
            ]
            input.origin = PartnershipOrigin.introduction.rawValue
            input.introductionId = introduction.id
            input.title = "\(introduction.organisationAName) et \(introduction.organisationBName)"
            let listings = try await services.database.withConnection { db in
                try await [introduction.needID, introduction.offerID].compactMap { $0 }.asyncCompactMap {
                    try await services.marketplace.listings.find(id: $0, labID: lab.id, on: db)
                }
            }
            input.modes = Array(Set(listings.flatMap { $0.modes.map(\.rawValue) })).sorted()
            input.themes = Array(Set(listings.flatMap { $0.themes.map(\.rawValue) })).sorted()
        }
        // A workshop's commitment or proposal followed up (`RestitutionRoutes.followUp`): its
        // organisation as first party, the rencontre as origin.
        let q = request.uri.queryParameters
        let followUp = FollowUpSource(q.get("suite"))
        if let followUp {
            input.title = q.get("titre").map { String($0.prefix(160)) }
            input.description = q.get("description").map { String($0.prefix(2_000)) }
            if let organisation = q.get("organisation").flatMap({ Int($0) }) {
                input.parties = [PartyInput(organisationId: organisation, role: nil)]
            }
            input.origin = PartnershipOrigin.rencontre.rawValue
            input.eventId = try await services.database.withConnection { db in
                try await services.events.session(id: followUp.sessionID, on: db)?.eventID
            }
        }
        return try await renderForm(
            lab: lab, viewer: viewer, id: nil, input: input, errors: .init(), context: context, services: services,
            followUp: followUp?.text)
    }

    static func editForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labForMember(context, services)
        let partnership = try await services.partnerships.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        guard Permissions.canEditPartnership(viewer, labID: lab.id, parties: partnership.partyIDs) else {
            throw AppError.forbidden
        }
        return try await renderForm(
            lab: lab, viewer: viewer, id: partnership.id, input: PartnershipPages.input(from: partnership),
            errors: .init(),
            context: context, services: services)
    }

    static func save(_ id: Int?, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labForMember(context, services)
        guard Permissions.canCreatePartnership(viewer, labID: lab.id) else { throw AppError.forbidden }
        if let id { _ = try await services.partnerships.visible(id: id, lab: lab, viewer: viewer) }
        let picked = try await OrganisationPicker.parties(in: context, lab: lab, services: services)
        let input = PartnershipPages.input(from: picked.form)
        let outcome =
            picked.errors.isEmpty
            ? try await services.partnerships.save(lab: lab, id: id, input: input, viewer: viewer)
            : .failure(picked.errors)
        switch outcome {
        case .success(let saved):
            if id == nil, let source = FollowUpSource(context.form["suite"]) {
                try await services.restitution.recordFollowUp(
                    source: source, kind: .partnership, labID: lab.id, targetID: saved, viewer: viewer)
            }
            return redirect(to: "/labs/\(lab.slug)/partenariats/\(saved)")
        case .failure(let errors):
            return try await renderForm(
                lab: lab, viewer: viewer, id: id, input: input, errors: errors, context: context, services: services,
                status: .unprocessableContent, followUp: FollowUpSource(context.form["suite"])?.text)
        }
    }

    static func addNote(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labForMember(context, services)
        let id = try services.id("id", context)
        let form = context.form
        switch try await services.partnerships.addNote(
            lab: lab, id: id, viewer: viewer, note: form["note"], stage: form["stage"], endDate: form["endDate"])
        {
        case .success: return redirect(to: "/labs/\(lab.slug)/partenariats/\(id)")
        case .failure(let errors):
            return try await show(context, services, errors: errors, status: .unprocessableContent)
        }
    }

    // MARK: Documents

    static func folder(_ services: Services, lab: Lab) -> String {
        URL(fileURLWithPath: services.configuration.dataDirectory).appendingPathComponent("documents/\(lab.slug)").path
    }

    /// Streams the file to disk, checks its type by its first bytes, hashes it, records it.
    /// A refused file is deleted at once and nothing is recorded.
    static func upload(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labForMember(context, services)
        let partnership = try await services.partnerships.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        let storedName = Tokens.random()
        let path = (folder(services, lab: lab) as NSString).appendingPathComponent(storedName)
        let received = try await MultipartUpload.receive(
            request, context, to: path, limit: services.configuration.maxDocumentBytes)
        func refuse(_ message: String) async throws -> Response {
            try? FileManager.default.removeItem(atPath: path)
            var errors = ValidationErrors()
            errors.add("file", message)
            return try await show(context, services, errors: errors, status: .unprocessableContent)
        }
        guard received.bytes > 0, let rawName = received.filename, !rawName.isEmpty else {
            return try await refuse("Choisissez un fichier à envoyer.")
        }
        let filename = DocumentType.safeFilename(rawName)
        guard let type = DocumentType.detect(prefix: received.prefix, filename: filename) else {
            return try await refuse(
                "Type de fichier refusé : « \(filename) ». Formats acceptés : \(DocumentType.accepted).")
        }
        let digest = try FileDigest.hex(path: path)
        try await services.database.transaction { db in
            try await services.partnerships.store.addDocument(
                partnershipID: partnership.id, filename: filename, storedName: storedName,
                contentType: type.contentType,
                size: received.bytes, sha256: digest, userID: viewer.userID, on: db)
            try await services.partnerships.store.addNote(
                partnershipID: partnership.id, userID: viewer.userID, action: "Document ajouté : \(filename)",
                stage: nil, note: nil, on: db)
            try await AuditLog.record(
                userID: viewer.userID, labID: lab.id, action: "partnership.document",
                target: "partnership:\(partnership.id)", on: db)
        }
        return redirect(to: "/labs/\(lab.slug)/partenariats/\(partnership.id)")
    }

    static func document(_ context: AppContext, _ services: Services) async throws -> (
        Lab, Viewer, Partnership, PartnershipDocument
    ) {
        let (lab, viewer) = try await labForMember(context, services)
        let partnership = try await services.partnerships.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        let documentID = try services.id("document", context)
        let found = try await services.database.withConnection { db in
            try await services.partnerships.store.document(id: documentID, partnershipID: partnership.id, on: db)
        }
        guard let found else { throw AppError.notFound("Ce document n'existe pas.") }
        return (lab, viewer, partnership, found)
    }

    /// Served as an attachment with the type recognised at upload, never rendered inline.
    static func download(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer, partnership, doc) = try await document(context, services)
        let data = try Attachment.read(folder(services, lab: lab), doc.storedName)
        try await services.database.write { db in
            try await AuditLog.record(
                .documentDownloaded, by: viewer.userID, lab: lab.id,
                target: "partnership:\(partnership.id):document:\(doc.id)", address: context.remoteAddress, on: db)
        }
        return Attachment.response(data, filename: doc.filename, contentType: doc.contentType)
    }

    static func deleteDocument(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        let (lab, viewer, partnership, doc) = try await document(context, services)
        try await services.database.transaction { db in
            try await services.partnerships.store.deleteDocument(id: doc.id, on: db)
            try await services.partnerships.store.addNote(
                partnershipID: partnership.id, userID: viewer.userID, action: "Document retiré : \(doc.filename)",
                stage: nil, note: nil, on: db)
        }
        try? FileManager.default.removeItem(
            atPath: (folder(services, lab: lab) as NSString).appendingPathComponent(doc.storedName))
        return redirect(to: "/labs/\(lab.slug)/partenariats/\(partnership.id)")
    }
}

extension Array {
    func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
        var out: [T] = []
        for element in self { if let value = try await transform(element) { out.append(value) } }
        return out
    }
}
