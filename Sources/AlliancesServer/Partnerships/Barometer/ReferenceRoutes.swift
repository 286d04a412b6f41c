// swift-format-ignore-file
// (nested multi-line string literals that swift-format 6.3 re-indents into invalid code)
import AlliancesCore
import Foundation
import Hummingbird

/// The national reference figures shown next to every lab's measures: network admins only.
enum ReferenceRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/barometre/references", references)
        routes.get("/barometre/references/nouvelle", newReference)
        routes.post("/barometre/references/nouvelle", createReference)
        routes.get("/barometre/references/:id", editReference)
        routes.post("/barometre/references/:id", updateReference)
        routes.post("/barometre/references/:id/supprimer", deleteReference)
    }

    static func newReference(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await referenceForm(nil, context, services)
    }

    static func createReference(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await saveReference(nil, context, services)
    }

    static func editReference(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await referenceForm(try services.id("id", context), context, services)
    }

    static func updateReference(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await saveReference(try services.id("id", context), context, services)
    }

    static func requireAdmin(_ context: AppContext) throws -> Viewer {
        let viewer = try DirectoryRoutes.requireLogin(context)
        guard Permissions.canEditReferences(viewer) else { throw AppError.forbidden }
        return viewer
    }

    static func references(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        _ = try requireAdmin(context)
        let all = try await services.database.withConnection { db in try await services.barometer.store.references(on: db) }
        let keys = Dictionary(ReferenceFigure.keys.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a })
        let rows: [HTML] = all.map { r in
            let f = r.figure
            return """
            <tr><td>\(keys[f.key] ?? f.key)</td><td>\(f.label)</td><td>\(frenchPercent(f.percent / 100, digits: 1))</td><td>\(f.source)</td><td>\(f.year)</td><td>\(f.cited ? "cité" : "étude")</td>
            <td><a href="/barometre/references/\(r.id)">Modifier</a> <form method="post" action="/barometre/references/\(r.id)/supprimer" class="inline">\(csrfField(context.csrfToken))<button type="submit" class="link">Supprimer</button></form></td></tr>
            """
        }
        let body: HTML = """
        <h1>Références nationales du baromètre</h1>
        <p>Ces chiffres sont affichés à côté des mesures de chaque labo, toujours avec leur source et leur année. Ils sont communs à tout le réseau.</p>
        <p><a class="button" href="/barometre/references/nouvelle">Ajouter une référence</a></p>
        <div class="table-wrap"><table><thead><tr><th scope="col">Indicateur</th><th scope="col">Intitulé</th><th scope="col">Valeur</th><th scope="col">Source</th><th scope="col">Année</th><th scope="col">Nature</th><th scope="col">Actions</th></tr></thead><tbody>\(rows)</tbody></table></div>
        """
        return services.layout.response(page: PageContext(title: "Références nationales", context: context, section: "network"), body: body)
    }

    static func renderReference(id: Int?, fields: [String: String], cited: Bool, errors: ValidationErrors, context: AppContext, services: Services,
                                status: HTTPResponse.Status = .ok) -> Response {
        let keys = ReferenceFigure.keys.map { (value: $0.key, label: $0.label) }
        let body: HTML = """
        <p><a href="/barometre/references">← Références nationales</a></p>
        <h1>\(id == nil ? "Ajouter une référence" : "Modifier la référence")</h1>
        \(FormFields.errorSummary(errors))
        <form method="post" action="/barometre/references/\(id.map(String.init) ?? "nouvelle")" novalidate>
        \(csrfField(context.csrfToken))
        \(FormFields.select("key", "Indicateur comparé", options: keys, selected: fields["key"], errors: errors, required: true, emptyLabel: "Choisir…"))
        \(FormFields.text("label", "Intitulé", value: fields["label"], errors: errors, required: true, maxLength: 200))
        \(FormFields.text("percent", "Valeur (%)", value: fields["percent"], errors: errors, required: true, hint: "Ex. 37 ou 37,5.", maxLength: 8))
        \(FormFields.text("source", "Source", value: fields["source"], errors: errors, required: true, hint: "Ex. « Observatoire national des partenariats (Le RAMEAU), étude PHARE-Entreprises ».", maxLength: 300))
        \(FormFields.text("year", "Année de la source", value: fields["year"], errors: errors, type: "number", required: true, maxLength: 4))
        <div class="field"><label><input type="checkbox" name="cited" value="1"\(cited ? " checked" : "")> Chiffre cité par un autre document (et non tiré de l'étude)</label></div>
        <div class="actions"><button type="submit">Enregistrer</button><a href="/barometre/references">Annuler</a></div>
        </form>
        """
        return services.layout.response(status: status, page: PageContext(title: "Référence", context: context, section: "network"), body: body)
    }

    static func referenceForm(_ id: Int?, _ context: AppContext, _ services: Services) async throws -> Response {
        _ = try requireAdmin(context)
        guard let id else { return renderReference(id: nil, fields: [:], cited: false, errors: .init(), context: context, services: services) }
        let all = try await services.database.withConnection { db in try await services.barometer.store.references(on: db) }
        guard let found = all.first(where: { $0.id == id })?.figure else { throw AppError.notFound("Cette référence n'existe pas.") }
        return renderReference(id: id, fields: ["key": found.key, "label": found.label, "percent": BarometerPages.referenceValue(found.percent), "source": found.source, "year": String(found.year)],
                               cited: found.cited, errors: .init(), context: context, services: services)
    }

    static func saveReference(_ id: Int?, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try requireAdmin(context)
        let form = context.form
        let cited = form["cited"] == "1"
        switch ReferenceFigure.validate(key: form["key"], label: form["label"], percent: form["percent"], source: form["source"], year: form["year"], cited: cited) {
        case .failure(let errors):
            let fields = Dictionary(uniqueKeysWithValues: ["key", "label", "percent", "source", "year"].map { ($0, form[$0] ?? "") })
            return renderReference(id: id, fields: fields, cited: cited, errors: errors, context: context, services: services, status: .unprocessableContent)
        case .success(let figure):
            try await services.database.transaction { db in
                if let id, try await !services.barometer.store.referenceExists(id: id, on: db) {
                    throw AppError.notFound("Cette référence n'existe pas.")
                }
                try await services.barometer.store.saveReference(id: id, figure, on: db)
                try await AuditLog.record(userID: viewer.userID, labID: nil, action: "reference.save", target: "reference:\(figure.key)", on: db)
            }
            return redirect(to: "/barometre/references")
        }
    }

    static func deleteReference(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try requireAdmin(context)
        let id = try services.id("id", context)
        try await services.database.transaction { db in
            try await services.barometer.store.deleteReference(id: id, on: db)
            try await AuditLog.record(userID: viewer.userID, labID: nil, action: "reference.delete", target: "reference:\(id)", on: db)
        }
        return redirect(to: "/barometre/references")
    }
}
