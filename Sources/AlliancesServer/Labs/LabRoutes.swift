import AlliancesCore
import Hummingbird
import SQLKit

/// The network view (all labs) and each lab's home page with its key counts.
enum LabRoutes {
    struct LabCounts {
        let lab: Lab
        let byKind: [ActorKind: Int]
        var total: Int { byKind.values.reduce(0, +) }
    }

    static func register(_ routes: RouteTable) {
        routes.get("/", network)
        routes.get("/labs/:lab", home)
        routes.get("/labs/nouveau", newLab)
        routes.post("/labs/nouveau", createLab)
        routes.get("/labs/:lab/modifier", editLab)
        routes.post("/labs/:lab/modifier", updateLab)
    }

    static func newLab(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try newLabPage(context, services, input: [:], errors: .init())
    }

    static func counts(_ lab: Lab, _ services: Services, on db: any SQLDatabase) async throws -> LabCounts {
        // One cached entry per kind, all tagged with the lab's data version.
        var byKind: [ActorKind: Int] = [:]
        var computed: [ActorKind: Int]?
        for kind in ActorKind.allCases {
            byKind[kind] = try await services.counts.count(lab: lab, key: "home|\(kind.rawValue)") {
                if computed == nil { computed = try await services.organisations.countsByKind(labID: lab.id, on: db) }
                return computed?[kind] ?? 0
            }
        }
        return LabCounts(lab: lab, byKind: byKind)
    }

    static func network(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let all = try await services.database.withConnection { db in
            var result: [LabCounts] = []
            for lab in try await services.labs.all(on: db) { result.append(try await counts(lab, services, on: db)) }
            return result
        }
        let cards: [HTML] = all.map { item in
            """
            <li class="card"><h2><a href="/labs/\(item.lab.slug)">\(item.lab.name)</a></h2><p class="muted">\(item.lab.perimeter.label)\(item.lab.archivedAt == nil ? "" : " · archivé")</p><p><span class="figure">\(frenchNumber(item.total))</span> acteurs en activité</p></li>
            """
        }
        let total = all.reduce(0) { $0 + $1.total }
        let body: HTML = """
            <h1>Les labos du réseau</h1>
            <p>Chaque labo territorial est le lieu neutre où associations, entreprises, collectivités, universités et structures de l'ESS de son territoire se rencontrent et construisent des alliances.</p>
            <p><strong>\(frenchNumber(total))</strong> acteurs en activité dans \(all.count) labo\(all.count > 1 ? "s" : "").</p>
            \(cards.isEmpty ? "<p class=\"notice\">Aucun labo pour l'instant. Lancez <code>alliances demo</code> ou créez-en un.</p>" as HTML : "<ul class=\"cards\">\(cards)</ul>")
            \(Permissions.canCreateLab(context.viewer) ? "<p><a class=\"button\" href=\"/labs/nouveau\">Créer un labo</a></p>" as HTML : .empty)
            """
        return services.layout.response(
            page: PageContext(title: "Réseau", context: context, section: "network"), body: body)
    }

    static func home(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            return try await services.pages.page(lab: lab, request: request, context: context) {
                let counts = try await Self.counts(lab, services, on: db)
                let cards: [HTML] = ActorKind.allCases.compactMap { kind in
                    guard let n = counts.byKind[kind], n > 0 else { return nil }
                    return
                        "<li class=\"card\"><a href=\"/labs/\(lab.slug)/organisations?type=\(kind.rawValue)\"><span class=\"figure\">\(frenchNumber(n))</span> \(kind.pluralLabel)</a></li>"
                }
                let archived: HTML =
                    lab.archivedAt.map { at in
                        """
                        <p class="notice" role="status">Ce labo est archivé depuis le \(frenchDate(at)) : ses données se consultent mais ne se modifient plus.</p>
                        \(Permissions.canArchiveLab(context.viewer) ? "<form method=\"post\" action=\"/labs/\(lab.slug)/\(LabArchive.restorePath)\">\(csrfField(context.csrfToken))<button type=\"submit\">Restaurer le labo</button></form>" as HTML : .empty)
                        """
                    } ?? .empty
                let body: HTML = """
                    <h1>\(lab.name)</h1>
                    \(archived)
                    <p class="muted">Territoire : \(lab.perimeter.label)</p>
                    \(lab.description.map { "<p>\($0)</p>" as HTML } ?? .empty)
                    \(contact(lab))
                    <h2>Les acteurs du territoire</h2>
                    <p><strong>\(frenchNumber(counts.total))</strong> organisations en activité dans l'annuaire.</p>
                    <ul class="cards">\(cards)</ul>
                    <p><a class="button" href="/labs/\(lab.slug)/organisations">Parcourir l'annuaire</a></p>
                    \(Permissions.canCreateLab(context.viewer) ? "<p><a href=\"/labs/\(lab.slug)/modifier\">Modifier le labo</a></p>" as HTML : .empty)
                    """
                return services.layout.render(
                    PageContext(title: "Accueil", context: context, lab: lab.summary, section: "home"), body: body)
            }
        }
    }

    /// The form of a new lab, or (`lab`) of an existing one, whose slug stays.
    static func newLabPage(
        _ context: AppContext, _ services: Services, input: [String: String], errors: ValidationErrors,
        status: HTTPResponse.Status = .ok, lab: Lab? = nil
    ) throws -> Response {
        guard context.viewer != nil else { throw AppError.loginRequired }
        guard Permissions.canCreateLab(context.viewer) else { throw AppError.forbidden }
        let action = lab.map { "/labs/\($0.slug)/modifier" } ?? "/labs/nouveau"
        let slug: HTML =
            lab.map {
                "<p>Identifiant dans l'adresse : <code>\($0.slug)</code> (il ne change pas : les liens déjà donnés restent valables).</p>"
            }
            ?? FormFields.text(
                "slug", "Identifiant dans l'adresse", value: input["slug"], errors: errors,
                hint: "Minuscules, chiffres et tirets ; déduit du nom si vide.", maxLength: 60)
        let regions = ReferenceGeography.regions.sorted { $0.name < $1.name }.map {
            (value: $0.code, label: "\($0.name) (\($0.code))")
        }
        let body: HTML = """
            <h1>\(lab.map { "Modifier le labo \($0.name)" } ?? "Créer un labo")</h1>
            \(FormFields.errorSummary(errors))
            <form method="post" action="\(action)" novalidate>
            \(csrfField(context.csrfToken))
            \(FormFields.text("name", "Nom du labo", value: input["name"], errors: errors, required: true, maxLength: 120))
            \(slug)
            \(FormFields.select("region", "Région", options: regions, selected: input["region"], errors: errors, emptyLabel: "Aucune (réseau national)"))
            \(FormFields.text("departements", "Départements", value: input["departements"], errors: errors, hint: "Codes séparés par des virgules (ex. 67,68). Vide : toute la région choisie.", maxLength: 400))
            \(FormFields.textarea("description", "Présentation", value: input["description"], errors: errors))
            \(FormFields.text("contactEmail", "E-mail de contact de l'équipe", value: input["contactEmail"], errors: errors, type: "email", hint: "Affiché sur la page d'accueil du labo : une adresse d'équipe plutôt que celle d'une personne.", maxLength: 254))
            \(FormFields.text("website", "Site web du labo", value: input["website"], errors: errors, type: "url", hint: "Adresse commençant par https://.", maxLength: 300))
            \(FormFields.text("colour", "Couleur du labo", value: input["colour"], errors: errors, hint: "Pour l'en-tête, les boutons et les liens de ses pages, de la forme #1d5fa8 ; assez foncée pour rester lisible (contraste de 4,5 pour 1 au moins). Vide : la couleur de la plateforme.", maxLength: 7))
            <div class="actions"><button type="submit">\(lab == nil ? "Créer le labo" : "Enregistrer")</button><a href="\(lab.map { "/labs/\($0.slug)" } ?? "/")">Annuler</a></div>
            </form>
            \(lab.map { archiveSection($0, csrf: context.csrfToken) } ?? .empty)
            """
        return services.layout.response(
            status: status,
            page: PageContext(
                title: lab == nil ? "Nouveau labo" : "Modifier le labo", context: context, lab: lab?.summary,
                section: lab == nil ? "network" : "home"),
            body: body)
    }

    /// How to reach the lab's team, on its home page.
    static func contact(_ lab: Lab) -> HTML {
        let mail: HTML = lab.contactEmail.map { "Contact : <a href=\"mailto:\($0)\">\($0)</a>" } ?? .empty
        let site: HTML = lab.website.map { "<a href=\"\($0)\" rel=\"noopener\">Site web du labo</a>" } ?? .empty
        guard lab.contactEmail != nil || lab.website != nil else { return .empty }
        return "<p class=\"contact\">\(mail)\(lab.contactEmail != nil && lab.website != nil ? " · " : "")\(site)</p>"
    }

    /// Archiving, below the edit form: what it does, and the button.
    static func archiveSection(_ lab: Lab, csrf: String) -> HTML {
        """
        <h2>Archiver le labo</h2>
        <p>Un labo archivé garde toutes ses données, qui se consultent comme avant ; plus rien ne s'y modifie (annuaire, place de marché, partenariats, rencontres, API) jusqu'à ce qu'un administrateur du réseau le restaure depuis sa page d'accueil.</p>
        <form method="post" action="/labs/\(lab.slug)/archiver">\(csrfField(csrf))<button type="submit" class="secondary">Archiver le labo</button></form>
        """
    }

    /// A network admin edits a lab: its name, presentation and perimeter.
    static func editLab(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard context.viewer != nil else { throw AppError.loginRequired }
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        let input = [
            "name": lab.name, "region": lab.regionCode ?? "", "description": lab.description ?? "",
            "departements": lab.perimeter.departementCodes.joined(separator: ","),
            "contactEmail": lab.contactEmail ?? "", "website": lab.website ?? "", "colour": lab.colour ?? ""
        ]
        return try newLabPage(context, services, input: input, errors: .init(), lab: lab)
    }

    static func updateLab(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard context.viewer != nil else { throw AppError.loginRequired }
        guard Permissions.canCreateLab(context.viewer) else { throw AppError.forbidden }
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        let form = context.form
        var input: [String: String] = [:]
        for key in ["name", "region", "departements", "description", "contactEmail", "website", "colour"] {
            input[key] = form[key]
        }
        switch LabDraft.validate(
            name: form["name"], slug: lab.slug, description: form["description"], region: form["region"],
            departements: form["departements"], contactEmail: form["contactEmail"], website: form["website"],
            colour: form["colour"])
        {
        case .failure(let errors):
            return try newLabPage(
                context, services, input: input, errors: errors, status: .unprocessableContent, lab: lab)
        case .success(let draft):
            try await services.database.transaction { db in
                try await services.labs.update(id: lab.id, draft: draft, on: db)
                try await AuditLog.record(
                    userID: context.viewer?.userID, labID: lab.id, action: AuditAction.labUpdated.rawValue,
                    target: "lab:\(lab.slug)", on: db)
            }
            return redirect(to: "/labs/\(lab.slug)")
        }
    }

    static func createLab(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard context.viewer != nil else { throw AppError.loginRequired }
        guard Permissions.canCreateLab(context.viewer) else { throw AppError.forbidden }
        let form = context.form
        var input: [String: String] = [:]
        for key in ["name", "slug", "region", "departements", "description", "contactEmail", "website", "colour"] {
            input[key] = form[key]
        }
        var errors: ValidationErrors
        switch LabDraft.validate(
            name: form["name"], slug: form["slug"], description: form["description"], region: form["region"],
            departements: form["departements"], contactEmail: form["contactEmail"], website: form["website"],
            colour: form["colour"])
        {
        case .failure(let e): errors = e
        case .success(let draft):
            let created: Lab? = try await services.database.transaction { db in
                if try await services.labs.find(slug: draft.slug, on: db) != nil { return nil }
                let lab = try await services.labs.create(
                    slug: draft.slug, name: draft.name, description: draft.description,
                    perimeter: draft.perimeter, regionCode: draft.regionCode, on: db)
                if draft.contactEmail != nil || draft.website != nil || draft.colour != nil {
                    try await services.labs.update(id: lab.id, draft: draft, on: db)
                }
                try await AuditLog.record(
                    userID: context.viewer?.userID, labID: lab.id, action: "lab.create", target: "lab:\(lab.slug)",
                    on: db)
                return lab
            }
            if let created { return redirect(to: "/labs/\(created.slug)") }
            errors = ValidationErrors([
                FieldError(field: "slug", message: "Un labo utilise déjà l'identifiant « \(draft.slug) ».")
            ])
        }
        return try newLabPage(context, services, input: input, errors: errors, status: .unprocessableContent)
    }
}
