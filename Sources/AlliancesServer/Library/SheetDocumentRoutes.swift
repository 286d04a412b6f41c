import AlliancesCore
import Foundation
import Hummingbird

/// Documents of an experience sheet (its agreement, a report, photos): added and removed by
/// those who may edit the sheet, read by whoever may read it. Checked by their first bytes
/// and hashed, as a partnership's documents are; kept under `DATA/library/LAB/`.
enum SheetDocumentRoutes {
    static func register(_ routes: RouteTable) {
        routes.post("/labs/:lab/bibliotheque/:id/documents", upload)
        routes.get("/labs/:lab/bibliotheque/:id/documents/:document", download)
        routes.post("/labs/:lab/bibliotheque/:id/documents/:document/supprimer", delete)
    }

    static let maxDocuments = 20

    static func folder(_ services: Services, labID: Int) -> String {
        URL(fileURLWithPath: services.configuration.dataDirectory).appendingPathComponent("library/\(labID)").path
    }

    /// The sheet, for one who may edit it (else the sheet's French 404).
    static func edited(_ context: AppContext, _ services: Services) async throws -> (Viewer, Lab, ExperienceSheet) {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await LibraryRoutes.lab(context, services)
        let id = try services.id("id", context)
        let (sheet, _) = try await services.database.withConnection { db in
            try await services.library.edited(sheetID: id, lab: lab, viewer: viewer, on: db)
        }
        return (viewer, lab, sheet)
    }

    static func document(_ context: AppContext, _ services: Services, sheet: ExperienceSheet) async throws
        -> SheetDocument
    {
        let id = try services.id("document", context)
        guard
            let found = try await services.database.withConnection({ db in
                try await services.library.store.document(id: id, sheetID: sheet.id, on: db)
            })
        else { throw AppError.notFound("Ce document n'existe pas.") }
        return found
    }

    static func upload(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, sheet) = try await edited(context, services)
        let count = try await services.database.withConnection { db in
            try await services.library.store.documents(sheetID: sheet.id, on: db).count
        }
        guard count < maxDocuments else {
            throw AppError(
                .unprocessableContent, "Au plus \(maxDocuments) documents par fiche : retirez-en un d'abord.")
        }
        let file = try await CheckedUpload.receive(
            request, context, into: folder(services, labID: lab.id), limit: services.configuration.maxDocumentBytes,
            accepts: { _ in true },
            refused: { "Type de fichier refusé : « \($0) ». Formats acceptés : \(DocumentType.accepted)." },
            missing: "Choisissez un document à envoyer.")
        try await services.database.write { db in
            try await services.library.store.addDocument(
                sheetID: sheet.id, file: file, userID: viewer.userID, at: nowSeconds(), on: db)
        }
        return redirect(to: "/labs/\(lab.slug)/bibliotheque/\(sheet.id)?ok=document")
    }

    static func download(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await LibraryRoutes.lab(context, services)
        let shown = try await services.library.visible(
            id: try services.id("id", context), lab: lab, viewer: context.viewer)
        let document = try await document(context, services, sheet: shown.sheet)
        let data = try Attachment.read(folder(services, labID: lab.id), document.storedName)
        return Attachment.response(data, filename: document.filename, contentType: document.contentType)
    }

    static func delete(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab, sheet) = try await edited(context, services)
        let document = try await document(context, services, sheet: sheet)
        try await services.database.write { db in
            try await services.library.store.deleteDocument(id: document.id, on: db)
        }
        try? FileManager.default.removeItem(
            atPath: (folder(services, labID: lab.id) as NSString).appendingPathComponent(document.storedName))
        return redirect(to: "/labs/\(lab.slug)/bibliotheque/\(sheet.id)?ok=document-retire")
    }
}
