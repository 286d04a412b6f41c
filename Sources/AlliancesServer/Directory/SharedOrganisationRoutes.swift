// swift-format-ignore-file
// (nested multi-line string literals that swift-format 6.3 re-indents into invalid code)
import AlliancesCore
import Hummingbird
import SQLKit

/// Organisations that work in several territories: one record, edited by its own lab,
/// listed read-only by other labs. A lab's facilitators list another lab's organisation in
/// theirs from its page, and take it out; their directory has the list of those it lists,
/// their search finds them, and their address for it leads to its own lab's page.
enum SharedOrganisationRoutes {
    static let pageSize = 50

    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/organisations/partagees", list)
        routes.post("/labs/:lab/organisations/:id/lister", listIn)
        routes.post("/labs/:lab/organisations/:id/retirer-du-labo", unlist)
    }

    /// The labs in which this viewer may list an organisation of `owner`, or take it out.
    static func targets(_ viewer: Viewer?, owner: Int, services: Services, on db: any SQLDatabase) async throws -> [Lab] {
        guard let viewer, viewer.role != .member else { return [] }
        // A facilitator lists in the lab they act for only; a network admin in any.
        var labs: [Lab] = []
        if viewer.role == .admin {
            labs = try await services.labs.all(on: db)
        } else if let id = viewer.labID, let lab = try await services.labs.find(id: id, on: db) {
            labs = [lab]
        }
        return labs.filter {
            $0.archivedAt == nil && Permissions.canListOrganisation(viewer, ownerLab: owner, inLab: $0.id)
        }
    }

    static func listIn(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await change(listed: true, context, services)
    }

    static func unlist(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await change(listed: false, context, services)
    }

    /// `labo`: the slug of the lab that lists (or stops listing) the organisation of the path.
    static func change(listed: Bool, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let id = try services.id("id", context)
        let owner = try await services.database.transaction { db -> Lab in
            let owner = try await services.lab(context, on: db)
            guard try await services.organisations.find(id: id, labID: owner.id, on: db) != nil else {
                throw AppError.notFound("Cette organisation n'existe pas dans ce labo.")
            }
            guard let slug = TextRules.clean(context.form["labo"]), let target = try await services.labs.find(slug: slug, on: db)
            else { throw AppError.badRequest("Indiquez le labo (« labo ») qui liste cette organisation.") }
            guard Permissions.canListOrganisation(viewer, ownerLab: owner.id, inLab: target.id) else { throw AppError.forbidden }
            if target.archivedAt != nil { throw AppError(.conflict, LabArchive.message) }
            let changed =
                listed
                ? try await services.organisations.list(organisationID: id, inLab: target.id, by: viewer.userID, on: db)
                : try await services.organisations.unlist(organisationID: id, fromLab: target.id, on: db)
            if changed {
                // Both labs' pages and the target's search show it (or no longer).
                try await LabStore.bumpVersion(labID: owner.id, on: db)
                try await LabStore.bumpVersion(labID: target.id, on: db)
                try await AuditLog.record(
                    listed ? .organisationListed : .organisationUnlisted, by: viewer.userID, lab: target.id,
                    target: "organisation:\(id)", address: context.remoteAddress, on: db)
            }
            return owner
        }
        return redirect(to: "/labs/\(owner.slug)/organisations/\(id)")
    }

    /// `…/organisations/partagees?page=N`: the other labs' organisations this lab lists.
    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let page = max(1, min(100_000, Int(request.uri.queryParameters.get("page") ?? "1") ?? 1))
        let (lab, found) = try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            return (lab, try await services.organisations.shared(inLab: lab.id, limit: pageSize, offset: (page - 1) * pageSize, on: db))
        }
        let rows: [HTML] = found.items.map { o in
            "<li><a href=\"/labs/\(o.ownerSlug)/organisations/\(o.id)\">\(o.name)</a> <span class=\"muted\">— \(o.kind.label)\(o.communeName.map { ", \($0)" } ?? ""), fiche du labo \(o.ownerName)</span></li>"
        }
        let pageCount = max(1, (found.total + pageSize - 1) / pageSize)
        let body: HTML = """
            <p><a href="/labs/\(lab.slug)/organisations">← Annuaire</a></p>
            <h1>Organisations d'autres labos listées ici (\(frenchNumber(found.total)))</h1>
            <p>Elles agissent aussi sur ce territoire. Leur fiche reste celle de leur labo, qui la tient à jour ; la recherche du labo les trouve.</p>
            \(rows.isEmpty ? "<p class=\"muted\">Aucune pour l'instant. Depuis la fiche d'une organisation d'un autre labo, ses animateurs peuvent la lister ici.</p>" as HTML : "<ul class=\"results\">\(rows)</ul>" as HTML)
            \(Pagination.nav(page: page, pageCount: pageCount, url: { "/labs/\(lab.slug)/organisations/partagees?page=\($0)" }))
            """
        return services.layout.response(
            page: PageContext(title: "Organisations d'autres labos", context: context, lab: lab.summary, section: "directory"),
            body: body)
    }
}
