import AlliancesCore
import Foundation
import Hummingbird

/// Photos of a pooled resource: added and removed by those who manage it, shown on its
/// page to whoever may see it. PNG and JPEG only, recognised by their first bytes and
/// hashed, as a partnership's documents are; kept under `DATA/resources/LAB/`.
enum ResourcePhotoRoutes {
    static func register(_ routes: RouteTable) {
        routes.post("/labs/:lab/ressources/:id/photos", upload)
        routes.get("/labs/:lab/ressources/:id/photos/:photo", show)
        routes.post("/labs/:lab/ressources/:id/photos/:photo/supprimer", delete)
    }

    static func folder(_ services: Services, labID: Int) -> String {
        URL(fileURLWithPath: services.configuration.dataDirectory).appendingPathComponent("resources/\(labID)").path
    }

    static let maxPhotos = 12

    static func upload(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (viewer, lab, resource) = try await ResourceRoutes.managed(context, services)
        let count = try await services.database.withConnection { db in
            try await services.resources.store.photos(resourceID: resource.id, on: db).count
        }
        guard count < maxPhotos else {
            throw AppError(.unprocessableContent, "Au plus \(maxPhotos) photos par ressource : retirez-en une d'abord.")
        }
        let file = try await CheckedUpload.receive(
            request, context, into: folder(services, labID: lab.id), limit: services.configuration.maxDocumentBytes,
            accepts: { $0 == .png || $0 == .jpeg },
            refused: { "Type de fichier refusé pour une photo : « \($0) ». Formats acceptés : PNG, JPEG." },
            missing: "Choisissez une photo à envoyer.")
        try await services.database.write { db in
            try await services.resources.store.addPhoto(
                resourceID: resource.id, filename: file.filename, storedName: file.storedName,
                contentType: file.type.contentType, size: file.bytes, sha256: file.sha256, userID: viewer.userID, on: db
            )
        }
        return redirect(to: "/labs/\(lab.slug)/ressources/\(resource.id)?ok=photo")
    }

    static func photo(_ context: AppContext, _ services: Services, resource: Resource) async throws -> ResourcePhoto {
        let id = try services.id("photo", context)
        guard
            let found = try await services.database.withConnection({ db in
                try await services.resources.store.photo(id: id, resourceID: resource.id, on: db)
            })
        else { throw AppError.notFound("Cette photo n'existe pas.") }
        return found
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await ResourceRoutes.lab(context, services)
        let resource = try await services.resources.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        let photo = try await photo(context, services, resource: resource)
        let data = try Attachment.read(folder(services, labID: lab.id), photo.storedName)
        return Attachment.response(data, filename: photo.filename, contentType: photo.contentType, inline: true)
    }

    static func delete(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (_, lab, resource) = try await ResourceRoutes.managed(context, services)
        let photo = try await photo(context, services, resource: resource)
        try await services.database.write { db in try await services.resources.store.deletePhoto(id: photo.id, on: db) }
        try? FileManager.default.removeItem(
            atPath: (folder(services, labID: lab.id) as NSString).appendingPathComponent(photo.storedName))
        return redirect(to: "/labs/\(lab.slug)/ressources/\(resource.id)?ok=photo-retiree")
    }
}
