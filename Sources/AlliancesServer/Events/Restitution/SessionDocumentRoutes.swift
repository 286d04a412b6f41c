import AlliancesCore
import Foundation
import Hummingbird

/// Documents attached to a rencontre's sessions (slides, photos): added and removed by
/// its organisers from the restitution page, listed in the synthesis, downloaded by
/// whoever may see the synthesis. The same checks as a partnership's documents: the type
/// is recognised by the first bytes, the file is hashed, and it is served as an
/// attachment, never rendered inline.
enum SessionDocumentRoutes {
    static func register(_ routes: RouteTable) {
        routes.post("/evenements/:event/restitution/:session/documents", upload)
        routes.post("/evenements/:event/restitution/:session/documents/:document/supprimer", delete)
        // `:id`, as the programme's session page names it (one name per path segment).
        routes.get("/evenements/:event/sessions/:id/documents/:document", download)
    }

    static func folder(_ services: Services, eventID: Int) -> String {
        URL(fileURLWithPath: services.configuration.dataDirectory).appendingPathComponent("sessions/\(eventID)").path
    }

    static let noSuchSession = AppError.notFound("Cette session n'existe pas dans cette rencontre.")

    static func upload(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let session = try EventAccess.session(loaded, context, services, missing: noSuchSession)
        let file = try await CheckedUpload.receive(
            request, context, into: folder(services, eventID: loaded.event.id),
            limit: services.configuration.maxDocumentBytes, accepts: { _ in true },
            refused: { "Type de fichier refusé : « \($0) ». Formats acceptés : \(DocumentType.accepted)." },
            missing: "Choisissez un fichier à envoyer.")
        try await services.database.write { db in
            try await SessionDocumentStore().add(
                sessionID: session.id, filename: file.filename, storedName: file.storedName,
                contentType: file.type.contentType, size: file.bytes, sha256: file.sha256,
                userID: context.viewer?.userID,
                on: db)
        }
        return redirect(to: "/evenements/\(loaded.event.slug)/restitution?ok=document")
    }

    /// The document named in the path, one of the session's named there (as `parameter`).
    static func document(_ loaded: Loaded, _ context: AppContext, _ services: Services, parameter: String)
        async throws -> SessionDocument
    {
        let session = try EventAccess.session(
            loaded, context, services, parameter: parameter, missing: noSuchSession)
        let id = try services.id("document", context)
        guard
            let found = try await services.database.withConnection({ db in
                try await SessionDocumentStore().document(id: id, sessionID: session.id, on: db)
            })
        else { throw AppError.notFound("Ce document n'existe pas.") }
        return found
    }

    static func delete(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.organiserOnly(context, services)
        let doc = try await document(loaded, context, services, parameter: "session")
        try await services.database.write { db in try await SessionDocumentStore().delete(id: doc.id, on: db) }
        try? FileManager.default.removeItem(
            atPath: (folder(services, eventID: loaded.event.id) as NSString).appendingPathComponent(doc.storedName))
        return redirect(to: "/evenements/\(loaded.event.slug)/restitution?ok=document-retire")
    }

    static func download(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let loaded = try await EventAccess.load(context, services)
        try EventAccess.requireSynthesis(
            context, loaded.event, try await EventAccess.synthesisVisibility(loaded.event, services))
        let doc = try await document(loaded, context, services, parameter: "id")
        let data = try Attachment.read(folder(services, eventID: loaded.event.id), doc.storedName)
        return Attachment.response(data, filename: doc.filename, contentType: doc.contentType)
    }
}
