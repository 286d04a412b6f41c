import AlliancesCore
import Foundation
import Hummingbird

/// The library's templates and tools: the list, a tool with its versions, the
/// facilitators' form and uploads, and downloads (counted). Files are checked by their
/// first bytes and hashed, as a partnership's documents are; kept under `DATA/tools/LAB/`.
enum ToolRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/outils", list)
        routes.get("/labs/:lab/outils/nouveau", newForm)
        routes.post("/labs/:lab/outils/nouveau", create)
        routes.get("/labs/:lab/outils/:id", show)
        routes.get("/labs/:lab/outils/:id/modifier", editForm)
        routes.post("/labs/:lab/outils/:id/modifier", update)
        routes.post("/labs/:lab/outils/:id/versions", upload)
        routes.get("/labs/:lab/outils/:id/versions/:number", download)
    }

    static func folder(_ services: Services, labID: Int) -> String {
        URL(fileURLWithPath: services.configuration.dataDirectory).appendingPathComponent("tools/\(labID)").path
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await LibraryRoutes.lab(context, services)
        let reach = SheetVisibility.reach(context.viewer, labID: lab.id)
        let sharedReach = SheetVisibility.reachOutsideLabs(context.viewer)
        let (tools, shared, labs) = try await services.database.withConnection { db in
            let store = services.library.store
            return (
                try await store.tools(labID: lab.id, reach: reach, on: db),
                try await store.sharedTools(besides: lab.id, reach: sharedReach, limit: 200, on: db),
                try await LabStore().all(on: db).map(\.summary)
            )
        }
        return services.layout.response(
            page: PageContext(title: "Modèles et outils", context: context, lab: lab.summary, section: "library"),
            body: LibraryPages.tools(
                .init(
                    lab: lab.summary, tools: tools,
                    canManage: Permissions.canManageTools(context.viewer, labID: lab.id), shared: shared,
                    labs: Dictionary(uniqueKeysWithValues: labs.map { ($0.id, $0) }))))
    }

    static func manager(_ context: AppContext, _ services: Services) async throws -> (Lab, Viewer) {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await LibraryRoutes.lab(context, services)
        guard Permissions.canManageTools(viewer, labID: lab.id) else { throw AppError.forbidden }
        return (lab, viewer)
    }

    static func form(
        _ context: AppContext, _ services: Services, lab: Lab, toolID: Int?, input: ToolInput, errors: ValidationErrors,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        services.layout.response(
            status: status,
            page: PageContext(
                title: toolID == nil ? "Ajouter un outil" : "Modifier l'outil", context: context, lab: lab.summary,
                section: "library"),
            body: LibraryPages.toolForm(
                .init(lab: lab.summary, toolID: toolID, input: input, errors: errors), csrfToken: context.csrfToken))
    }

    static func input(_ form: FormData) -> ToolInput {
        ToolInput(
            title: form["title"], description: form["description"], category: form["category"],
            licence: form["licence"], visibility: form["visibility"])
    }

    static func newForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, _) = try await manager(context, services)
        return form(context, services, lab: lab, toolID: nil, input: ToolInput(), errors: ValidationErrors())
    }

    static func save(_ toolID: Int?, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await manager(context, services)
        let input = input(context.form)
        switch try await services.library.saveTool(lab: lab, toolID: toolID, input: input, viewer: viewer) {
        case .success(let id): return redirect(to: "/labs/\(lab.slug)/outils/\(id)")
        case .failure(let errors):
            return form(
                context, services, lab: lab, toolID: toolID, input: input, errors: errors,
                status: .unprocessableContent)
        }
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(nil, context, services)
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await save(try services.id("id", context), context, services)
    }

    static func editForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await manager(context, services)
        let tool = try await services.library.visibleTool(id: try services.id("id", context), lab: lab, viewer: viewer)
        return form(
            context, services, lab: lab, toolID: tool.id,
            input: ToolInput(
                title: tool.title, description: tool.description, category: tool.category.rawValue,
                licence: tool.licence.rawValue, visibility: tool.visibility.rawValue), errors: ValidationErrors())
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await LibraryRoutes.lab(context, services)
        let tool = try await services.library.visibleTool(
            id: try services.id("id", context), lab: lab, viewer: context.viewer)
        let versions = try await services.database.withConnection { db in
            try await services.library.store.toolVersions(toolID: tool.id, on: db)
        }
        return services.layout.response(
            page: PageContext(title: tool.title, context: context, lab: lab.summary, section: "library"),
            body: LibraryPages.tool(
                .init(
                    lab: lab.summary, tool: tool, versions: versions,
                    canManage: Permissions.canManageTools(context.viewer, labID: lab.id),
                    maxDocumentMB: services.configuration.maxDocumentBytes / (1024 * 1024),
                    csrfToken: context.csrfToken)))
    }

    static func upload(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await manager(context, services)
        let tool = try await services.library.visibleTool(id: try services.id("id", context), lab: lab, viewer: viewer)
        let file = try await CheckedUpload.receive(
            request, context, into: folder(services, labID: lab.id), limit: services.configuration.maxDocumentBytes,
            accepts: { _ in true },
            refused: { "Type de fichier refusé : « \($0) ». Formats acceptés : \(DocumentType.accepted)." },
            missing: "Choisissez un fichier à déposer.")
        var errors = ValidationErrors()
        let note = TextRules.check(
            file.fields["note"], field: "note", label: "La note de version", required: false, maxLength: 300,
            into: &errors)
        guard errors.isEmpty else {
            try? FileManager.default.removeItem(
                atPath: (folder(services, labID: lab.id) as NSString).appendingPathComponent(file.storedName))
            throw AppError(.unprocessableContent, errors.errors.first?.message ?? "Note invalide.")
        }
        try await services.database.write { db in
            _ = try await services.library.store.addToolVersion(
                toolID: tool.id, note: note, file: file, userID: viewer.userID, at: nowSeconds(), on: db)
        }
        return redirect(to: "/labs/\(lab.slug)/outils/\(tool.id)")
    }

    static func download(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await LibraryRoutes.lab(context, services)
        let tool = try await services.library.visibleTool(
            id: try services.id("id", context), lab: lab, viewer: context.viewer)
        let number = try services.id("number", context)
        guard
            let version = try await services.database.withConnection({ db in
                try await services.library.store.toolVersion(toolID: tool.id, number: number, on: db)
            })
        else { throw AppError.notFound("Cette version de l'outil n'existe pas.") }
        let data = try Attachment.read(folder(services, labID: lab.id), version.storedName)
        try await services.database.write { db in
            try await services.library.store.countDownload(toolID: tool.id, number: number, on: db)
        }
        return Attachment.response(data, filename: version.filename, contentType: version.contentType)
    }
}
