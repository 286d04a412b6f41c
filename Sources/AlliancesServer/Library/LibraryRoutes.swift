import AlliancesCore
import Foundation
import Hummingbird
import SQLKit

/// The experience library's pages: the searchable list and its map, a sheet (with its
/// review steps, comments and history), the form (from scratch, from a partnership or from
/// a workshop's commitment), "my sheets", and the read API.
enum LibraryRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/bibliotheque", list)
        routes.get("/labs/:lab/bibliotheque/carte", map)
        routes.get("/labs/:lab/bibliotheque/mes-fiches", mine)
        routes.get("/labs/:lab/bibliotheque/nouvelle", newForm)
        routes.post("/labs/:lab/bibliotheque/nouvelle", create)
        routes.get("/labs/:lab/bibliotheque/:id", show)
        routes.get("/labs/:lab/bibliotheque/:id/modifier", editForm)
        routes.post("/labs/:lab/bibliotheque/:id/modifier", update)
        routes.post("/labs/:lab/bibliotheque/:id/etape", step)
        routes.post("/labs/:lab/bibliotheque/:id/commentaires", comment)
        routes.get("/labs/:lab/bibliotheque/:id/versions", versions)
        routes.get("/labs/:lab/bibliotheque/:id/versions/:number", version)
        routes.get("/api/v1/labs/:lab/experiences", apiList)
        routes.get("/api/v1/labs/:lab/experiences/:id", apiShow)
    }

    static func lab(_ context: AppContext, _ services: Services) async throws -> Lab {
        try await services.database.withConnection { db in try await services.lab(context, on: db) }
    }

    // MARK: List and map

    /// The query, the lab's library and who reads it, for the list, the map and the API.
    struct Listing {
        let lab: Lab
        let query: LibraryQuery
        let library: ExperienceLibrary
        let reach: SheetVisibility
        let canWrite: Bool
        let signedIn: Bool
        /// Every lab by id, for the network's library (whose sheets link to their own lab).
        let labs: [Int: LabSummary]

        func key(_ kind: String) -> String {
            LibraryService.key(
                labID: lab.id, version: library.version, reach: reach, query: query,
                flags: kind + (canWrite ? "w" : "") + (signedIn ? "s" : "") + (query.network ? "n" : ""))
        }

        /// The slug of the lab an entry belongs to.
        func slug(_ entry: LibraryEntry) -> String { labs[entry.labID]?.slug ?? lab.slug }

        func model() -> LibraryPages.ListModel {
            let departements = query.network ? ReferenceGeography.departements : lab.departements
            let names = Dictionary(departements.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
            return LibraryPages.ListModel(
                lab: lab.summary, query: query, results: library.search(query, reach: reach),
                departementNames: names, canWrite: canWrite, signedIn: signedIn, labs: labs)
        }
    }

    static func listing(
        _ request: Request, _ context: AppContext, _ services: Services, pageSize: Int = 20, page: Int? = nil
    ) async throws -> Listing {
        let lab = try await lab(context, services)
        var query: LibraryQuery
        switch LibraryQuery.parse({ request.uri.queryParameters.get($0) }) {
        case .success(let parsed): query = parsed
        case .failure(let errors):
            throw AppError.badRequest(errors.errors.first?.message ?? "Recherche invalide.")
        }
        query.pageSize = pageSize
        if let page { query.page = page }
        let viewer = context.viewer
        var library: ExperienceLibrary
        var labs: [Int: LabSummary] = [:]
        if query.network {
            // The network's sheets: those of this lab too are read as shared (network or
            // public ones), so the list is the same from every lab.
            let all = try await services.database.withConnection { db in try await LabStore().all(on: db) }
            labs = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.summary) })
            library = try await services.library.networkIndex(labs: all)
        } else {
            library = try await services.library.index(lab)
        }
        return Listing(
            lab: lab, query: query, library: library,
            reach: SheetVisibility.reach(viewer, labID: lab.id), canWrite: LibraryService.canWrite(viewer, lab: lab),
            signedIn: viewer != nil, labs: labs)
    }

    static func list(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let listing = try await listing(request, context, services)
        let body = services.library.pages.value(listing.key("page")) { LibraryPages.list(listing.model()) }
        return services.layout.response(
            page: PageContext(
                title: "Bibliothèque d'expériences", context: context, lab: listing.lab.summary, section: "library"),
            body: body)
    }

    static let mapLimit = 2_000

    /// Each sheet of the search at the communes of its organisations.
    static func map(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let listing = try await listing(request, context, services, pageSize: mapLimit)
        let (lab, model) = (listing.lab, listing.model())
        let codes = lab.perimeter.isNational || listing.query.network ? nil : lab.perimeter.departementCodes
        let (shapes, cards) = try await services.database.withConnection { db in
            let cards = try await OrganisationStore().cards(
                idsByLab: Dictionary(grouping: model.results.hits, by: \.labID).mapValues {
                    $0.flatMap(\.organisationIDs)
                },
                on: db)
            return (try await BoundaryStore().shapes(level: .departement, codes: codes, on: db), cards)
        }
        var points: [MapPoint] = []
        for entry in model.results.hits {
            for id in entry.organisationIDs {
                guard let card = cards[id], let latitude = card.latitude, let longitude = card.longitude else {
                    continue
                }
                points.append(
                    MapPoint(
                        latitude: latitude, longitude: longitude,
                        href: "/labs/\(listing.slug(entry))/bibliotheque/\(entry.id)",
                        title: "\(entry.title) (\(card.name), \(card.communeName ?? ""))"))
            }
        }
        return services.layout.response(
            page: PageContext(title: "Carte des expériences", context: context, lab: model.lab, section: "library"),
            body: LibraryPages.map(model, shapes: shapes, points: points))
    }

    static func mine(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        let facilitator = Permissions.isFacilitator(viewer, ofLab: lab.id)
        let store = services.library.store
        let (mine, review) = try await services.database.withConnection { db in
            (
                try await store.sheets(
                    labID: lab.id, organisationID: viewer.organisationID, userID: viewer.userID, limit: 200, on: db),
                facilitator ? try await store.sheets(labID: lab.id, statuses: [.submitted], limit: 200, on: db) : nil
            )
        }
        return services.layout.response(
            page: PageContext(title: "Mes fiches d'expérience", context: context, lab: lab.summary, section: "library"),
            body: LibraryPages.mine(.init(lab: lab.summary, mine: mine, review: review)))
    }

    // MARK: Form

    static func form(
        _ context: AppContext, _ services: Services, lab: Lab, viewer: Viewer, sheetID: Int?, input: SheetInput,
        partnership: (id: Int, title: String)?, followUp: String?, errors: ValidationErrors,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (organisations, own, people) = try await services.database.withConnection { db in
            let (organisations, own) = try await services.organisations.partyChoices(
                for: viewer, labID: lab.id, on: db)
            // The people of the organisations named in the form (at most `SheetDraft.maxParties`
            // of them, plus the writer's own), to pick the contact person from.
            var ids = input.parties.compactMap(\.organisationId)
            if let own, !ids.contains(own.id) { ids.append(own.id) }
            let names = Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            var people: [(id: Int, label: String)] = []
            for id in ids.prefix(SheetDraft.maxParties + 1) {
                guard let name = names[id] else { continue }
                for person in try await services.organisations.people(organisationID: id, on: db) {
                    people.append((person.id, "\(person.name) (\(name))"))
                }
            }
            return (organisations, own, people)
        }
        return services.layout.response(
            status: status,
            page: PageContext(
                title: sheetID == nil ? "Écrire une fiche d'expérience" : "Modifier la fiche", context: context,
                lab: lab.summary, section: "library"),
            body: LibraryPages.form(
                .init(
                    lab: lab.summary, sheetID: sheetID, input: input, errors: errors, organisations: organisations,
                    ownOrganisation: own, partnership: partnership, followUp: followUp, people: people),
                csrfToken: context.csrfToken))
    }

    static func writer(_ context: AppContext, _ services: Services) async throws -> (Lab, Viewer) {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        guard LibraryService.canWrite(viewer, lab: lab) else { throw AppError.forbidden }
        return (lab, viewer)
    }

    /// `?partenariat=N` starts from a partnership the viewer may see: its title,
    /// description, parties and modes. `?titre=…&description=…&organisation=N&suite=…` from
    /// a workshop's commitment (the restitution's follow-up link).
    static func newForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await writer(context, services)
        let q = request.uri.queryParameters
        var input = SheetInput(
            title: q.get("titre"), summary: q.get("description"), scaling: ScalingPath.notYet.rawValue,
            visibility: SheetVisibility.lab.rawValue)
        if let organisation = q.get("organisation").flatMap({ Int($0) }) {
            input.parties = [PartyInput(organisationId: organisation, role: nil)]
        }
        var partnership: (id: Int, title: String)?
        if let raw = q.get("partenariat") {
            guard let id = Int(raw) else { throw AppError.badRequest("Numéro de partenariat invalide.") }
            let p = try await services.partnerships.visible(id: id, lab: lab, viewer: viewer)
            partnership = (p.id, p.title)
            input.title = p.title
            input.summary = p.description.map { String($0.prefix(1_000)) }
            input.parties = p.parties.map { PartyInput(organisationId: $0.organisationID, role: $0.role) }
            input.modes = p.modes.map(\.rawValue)
            input.results = p.outcomes.map { "Résultats ; \(String($0.prefix(90)))" }
        }
        return try await form(
            context, services, lab: lab, viewer: viewer, sheetID: nil, input: input, partnership: partnership,
            followUp: FollowUpSource(q.get("suite"))?.text, errors: ValidationErrors())
    }

    static func input(from form: FormData) -> SheetInput {
        SheetInput(
            title: form["title"], summary: form["summary"], questions: form.all("questions"),
            themes: form.all("themes"), modes: form.all("modes"), governance: form["governance"],
            scaling: form["scaling"], visibility: form["visibility"], context: form["context"],
            timeline: form["timeline"], economicModel: form["economicModel"], results: form["results"],
            lessons: form["lessons"], territory: form["territory"], parties: FormFields.parties(from: form),
            contactOrganisation: form["contactOrganisation"], contactPerson: form["contactPerson"],
            links: form["links"])
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await writer(context, services)
        let picked = try await OrganisationPicker.parties(in: context, lab: lab, services: services)
        let input = input(from: picked.form)
        var partnership: (id: Int, title: String)?
        if let raw = TextRules.clean(context.form["partenariat"]) {
            guard let id = Int(raw) else { throw AppError.badRequest("Numéro de partenariat invalide.") }
            let p = try await services.partnerships.visible(id: id, lab: lab, viewer: viewer)
            partnership = (p.id, p.title)
        }
        let followUp = FollowUpSource(context.form["suite"])
        let outcome =
            picked.errors.isEmpty
            ? try await services.library.save(
                lab: lab, sheetID: nil, input: input, partnershipID: partnership?.id, viewer: viewer)
            : .failure(picked.errors)
        switch outcome {
        case .success(let id):
            if let followUp {
                _ = try await services.restitution.recordFollowUp(
                    source: followUp, kind: .sheet, labID: lab.id, targetID: id, viewer: viewer)
            }
            return redirect(to: "/labs/\(lab.slug)/bibliotheque/\(id)?ok=brouillon")
        case .failure(let errors):
            return try await form(
                context, services, lab: lab, viewer: viewer, sheetID: nil, input: input, partnership: partnership,
                followUp: followUp?.text, errors: errors, status: .unprocessableContent)
        }
    }

    static func editForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await writer(context, services)
        let shown = try await services.library.visible(id: try services.id("id", context), lab: lab, viewer: viewer)
        guard shown.canEdit else { throw AppError.forbidden }
        return try await form(
            context, services, lab: lab, viewer: viewer, sheetID: shown.sheet.id, input: shown.version.draft.input,
            partnership: nil, followUp: nil, errors: ValidationErrors())
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await writer(context, services)
        let id = try services.id("id", context)
        guard try await services.library.visible(id: id, lab: lab, viewer: viewer).canEdit else {
            throw AppError.forbidden
        }
        let picked = try await OrganisationPicker.parties(in: context, lab: lab, services: services)
        let input = input(from: picked.form)
        let outcome =
            picked.errors.isEmpty
            ? try await services.library.save(lab: lab, sheetID: id, input: input, partnershipID: nil, viewer: viewer)
            : .failure(picked.errors)
        switch outcome {
        case .success: return redirect(to: "/labs/\(lab.slug)/bibliotheque/\(id)?ok=version")
        case .failure(let errors):
            return try await form(
                context, services, lab: lab, viewer: viewer, sheetID: id, input: input, partnership: nil,
                followUp: nil, errors: errors, status: .unprocessableContent)
        }
    }

    // MARK: A sheet

    static func render(
        _ context: AppContext, _ services: Services, lab: Lab, shown: LibraryService.Shown, oldVersion: Bool,
        errors: ValidationErrors, status: HTTPResponse.Status = .ok, flash: String? = nil
    ) async throws -> Response {
        let viewer = context.viewer
        let (comments, documents, partnershipTitle, contactPerson) = try await services.database.withConnection { db in
            (
                shown.canEdit ? try await services.library.store.comments(sheetID: shown.sheet.id, on: db) : [],
                try await services.library.store.documents(sheetID: shown.sheet.id, on: db),
                // Partnerships are their parties' and the team's: only editors see the link.
                shown.canEdit
                    ? try await shown.sheet.partnershipID.asyncMap { id in
                        try await services.partnerships.store.find(id: id, labID: lab.id, on: db)
                    }??.title : nil,
                // The contact person is named to the sheet's editors only (readers get it
                // through an accepted introduction).
                shown.canEdit ? try await LibraryService.contactPerson(of: shown.version.draft, on: db)?.name : nil
            )
        }
        let library = try await services.library.index(lab)
        let similar = library.similar(to: shown.sheet.id, reach: SheetVisibility.reach(viewer, labID: lab.id))
        let organisations = Set(shown.organisations.map(\.id))
        let canAsk =
            Permissions.canRequestIntroduction(viewer, labID: lab.id)
            && !(viewer?.organisationID.map(organisations.contains) ?? true)
        let model = LibraryPages.ShowModel(
            lab: lab.summary, shown: shown, comments: comments, documents: documents,
            maxDocumentMB: services.configuration.maxDocumentBytes / (1024 * 1024), similar: similar,
            partnershipTitle: partnershipTitle, contactPersonName: contactPerson,
            canAsk: canAsk, isFacilitator: Permissions.isFacilitator(viewer, ofLab: lab.id),
            viewingOldVersion: oldVersion, errors: errors, csrfToken: context.csrfToken)
        return services.layout.response(
            status: status,
            page: PageContext(
                title: shown.version.draft.title, context: context, lab: lab.summary, section: "library",
                flash: flash),
            body: LibraryPages.show(model))
    }

    static func flash(_ ok: String?) -> String? {
        switch ok {
        case "brouillon": "Brouillon enregistré. Soumettez-le à l'équipe du labo quand il est prêt."
        case "version": "Nouvelle version enregistrée."
        case "soumettre": "Fiche soumise : l'équipe du labo la relit."
        case "publier": "Fiche publiée."
        case "renvoyer": "Fiche renvoyée aux auteurs avec vos remarques."
        case "archiver": "Fiche archivée."
        case "restaurer": "Fiche restaurée."
        case "commentaire": "Commentaire ajouté."
        case "document": "Document ajouté."
        case "document-retire": "Document retiré."
        default: nil
        }
    }

    static func show(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await lab(context, services)
        let shown = try await services.library.visible(
            id: try services.id("id", context), lab: lab, viewer: context.viewer)
        return try await render(
            context, services, lab: lab, shown: shown, oldVersion: false, errors: ValidationErrors(),
            flash: flash(request.uri.queryParameters.get("ok")))
    }

    /// A change to a sheet from its page: done, back to the page with a notice (`ok`);
    /// refused, the page again with the errors.
    static func change(
        _ context: AppContext, _ services: Services, ok: String,
        _ make: (Lab, Viewer, Int) async throws -> Result<Void, ValidationErrors>
    ) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let id = try services.id("id", context)
        switch try await make(lab, viewer, id) {
        case .success: return redirect(to: "/labs/\(lab.slug)/bibliotheque/\(id)?ok=\(ok)")
        case .failure(let errors):
            let shown = try await services.library.visible(id: id, lab: lab, viewer: viewer)
            return try await render(
                context, services, lab: lab, shown: shown, oldVersion: false, errors: errors,
                status: .unprocessableContent)
        }
    }

    static func step(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard let action = context.form["action"].flatMap(SheetAction.init(rawValue:)) else {
            throw AppError.badRequest(
                "Étape inconnue : choisissez soumettre, publier, renvoyer, archiver ou restaurer.")
        }
        return try await change(context, services, ok: action.rawValue) { lab, viewer, id in
            try await services.library.take(
                action, sheetID: id, lab: lab, viewer: viewer, comment: context.form["comment"]
            ).map { _ in () }
        }
    }

    static func comment(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await change(context, services, ok: "commentaire") { lab, viewer, id in
            try await services.library.comment(sheetID: id, lab: lab, viewer: viewer, text: context.form["comment"])
        }
    }

    static func versions(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let id = try services.id("id", context)
        let (sheet, versions) = try await services.database.withConnection { db in
            let (sheet, _) = try await services.library.edited(sheetID: id, lab: lab, viewer: viewer, on: db)
            return (sheet, try await services.library.store.versions(sheetID: sheet.id, on: db))
        }
        return services.layout.response(
            page: PageContext(title: "Historique des versions", context: context, lab: lab.summary, section: "library"),
            body: LibraryPages.versions(lab: lab.summary, sheet: sheet, versions: versions))
    }

    static func version(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await lab(context, services)
        let shown = try await services.library.visible(
            id: try services.id("id", context), lab: lab, viewer: viewer, version: try services.id("number", context))
        return try await render(context, services, lab: lab, shown: shown, oldVersion: true, errors: ValidationErrors())
    }

    // MARK: API

    static func apiList(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let paging = try ApiPaging.read(request, defaultLimit: 20)
        let (page, size) = try paging.pageAndSize()
        let listing = try await listing(request, context, services, pageSize: size, page: page)
        let body = services.library.bodies.value(listing.key("api")) {
            let results = listing.library.search(listing.query, reach: listing.reach)
            return JSONResponse.encode(
                ExperienceDTO.Page(
                    items: results.hits.map { ExperienceDTO.Summary($0, labSlug: listing.slug($0)) },
                    total: results.total, page: listing.query.page, limit: size,
                    nextCursor: paging.next(shown: results.hits.count, total: results.total)))
        }
        return JSONResponse.response(body)
    }

    static func apiShow(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let lab = try await lab(context, services)
        // The API gives what readers read: the published version, never a draft.
        let shown = try await services.library.visible(
            id: try services.id("id", context), lab: lab, viewer: context.viewer)
        guard let published = shown.published, shown.sheet.showsPublished else {
            throw AppError.notFound("Cette fiche n'existe pas ou n'est pas publiée.")
        }
        let cards = try await services.database.withConnection { db in
            try await OrganisationStore().cards(ids: published.draft.organisationIDs, labID: lab.id, on: db)
        }
        return JSONResponse.make(ExperienceDTO(shown.sheet, published, cards: cards, labSlug: lab.slug))
    }
}
