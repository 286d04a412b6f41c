import AlliancesCore
import Hummingbird
import SQLKit

/// Web pages of introductions: the members' inbox, the facilitator's dashboard, the
/// request/proposal form, and the introduction's page with answers and history.
enum IntroductionRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/mises-en-relation", index)
        routes.get("/labs/:lab/mises-en-relation/nouvelle", newForm)
        routes.get("/labs/:lab/mises-en-relation/toutes", all)
        routes.post("/labs/:lab/mises-en-relation/nouvelle", create)
        routes.get("/labs/:lab/mises-en-relation/:id", showOne)
        routes.post("/labs/:lab/mises-en-relation/:id/proposer", proposeAction)
        routes.post("/labs/:lab/mises-en-relation/:id/reponse", answerAction)
        routes.post("/labs/:lab/mises-en-relation/:id/etape", advanceAction)
    }

    static func showOne(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await show(context, services, errors: .init(), status: .ok)
    }

    static func proposeAction(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        try await change(context, services, propose)
    }

    static func answerAction(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await change(context, services, answer)
    }

    static func advanceAction(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response
    {
        try await change(context, services, advance)
    }

    static func propose(_ form: FormData) throws -> MarketplaceService.Change {
        .propose(messageA: form["messageA"], messageB: form["messageB"])
    }

    static func answer(_ form: FormData) throws -> MarketplaceService.Change {
        guard let answer = form["answer"].flatMap(IntroductionAnswer.init(rawValue:)) else {
            throw AppError.badRequest("Réponse inconnue : choisissez « accepte » ou « decline ».")
        }
        return .answer(answer, note: form["note"], onBehalfOf: form["side"].flatMap(IntroductionSide.init(rawValue:)))
    }

    static func advance(_ form: FormData) throws -> MarketplaceService.Change {
        guard let next = form["status"].flatMap(IntroductionStatus.init(rawValue:)) else {
            throw AppError.badRequest("Étape inconnue.")
        }
        return .advance(next, note: form["note"])
    }

    static func labAndViewer(_ context: AppContext, _ services: Services) async throws -> (Lab, Viewer) {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        return (lab, viewer)
    }

    static func index(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labAndViewer(context, services)
        let store = services.marketplace.introductions
        let body: HTML
        if Permissions.isFacilitator(viewer, ofLab: lab.id) {
            var days = 7
            if let raw = request.uri.queryParameters.get("jours"), !raw.isEmpty {
                guard let value = Int(raw), (1...365).contains(value) else {
                    throw AppError.badRequest("« jours » doit être un nombre entre 1 et 365.")
                }
                days = value
            }
            let since = nowSeconds() - days * 86_400
            let model = try await services.database.withConnection { db in
                IntroductionPages.Dashboard(
                    lab: lab.summary, days: days,
                    requests: try await store.list(labID: lab.id, statuses: [.requested], on: db),
                    waiting: try await store.list(labID: lab.id, statuses: [.proposed], olderThan: since, on: db),
                    successes: try await store.list(
                        labID: lab.id, statuses: [.meetingHeld, .partnership], limit: 50, on: db),
                    recent: try await store.list(labID: lab.id, limit: 30, on: db),
                    unmatchedNeeds: try await services.marketplace.listings.needsWithoutIntroduction(
                        labID: lab.id, limit: 50, on: db),
                    feedback: try await store.feedbackTotals(labID: lab.id, on: db))
            }
            body = IntroductionPages.dashboard(model)
        } else {
            guard let own = viewer.organisationID else { throw AppError.forbidden }
            let items = try await services.database.withConnection { db in
                try await store.inbox(labID: lab.id, organisationID: own, on: db)
            }.map { $0.shown(to: viewer) }
            body = IntroductionPages.inbox(lab: lab.summary, items: items, organisationID: own)
        }
        return services.layout.response(
            page: PageContext(title: "Mises en relation", context: context, lab: lab.summary, section: "introductions"),
            body: body)
    }

    static let pageSize = 50

    /// `…/mises-en-relation/toutes?apres=UPDATED-ID`: every introduction the viewer may see
    /// (the lab's for its facilitators, their organisation's for a member), fifty a page.
    static func all(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labAndViewer(context, services)
        var after: (updatedAt: Int, id: Int)?
        if let raw = request.uri.queryParameters.get("apres"), !raw.isEmpty {
            let parts = raw.split(separator: "-")
            guard parts.count == 2, let at = Int(parts[0]), let id = Int(parts[1]), at >= 0, id > 0 else {
                throw AppError.badRequest("Page invalide : « apres » vient du lien « Plus anciennes ».")
            }
            after = (at, id)
        }
        let organisationID: Int?
        if Permissions.isFacilitator(viewer, ofLab: lab.id) {
            organisationID = nil
        } else {
            guard let own = viewer.organisationID else { throw AppError.forbidden }
            organisationID = own
        }
        let found = try await services.database.withConnection { db in
            try await services.marketplace.introductions.page(
                labID: lab.id, organisationID: organisationID, after: after, limit: pageSize + 1, on: db)
        }
        let items = found.prefix(pageSize).map { $0.shown(to: viewer) }
        let next = found.count > pageSize ? items.last.map { "\($0.updatedAt)-\($0.id)" } : nil
        return services.layout.response(
            page: PageContext(
                title: "Toutes les mises en relation", context: context, lab: lab.summary, section: "introductions"),
            body: IntroductionPages.all(lab: lab.summary, items: Array(items), next: next))
    }

    static func newForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labAndViewer(context, services)
        let q = request.uri.queryParameters
        var draft = IntroductionPages.Draft(
            organisationA: q.get("a"), organisationB: q.get("b"), needID: q.get("besoin"), offerID: q.get("offre"))
        // "Ask the authors" of an experience sheet: the message names the sheet.
        if let raw = q.get("fiche") {
            guard let id = Int(raw) else { throw AppError.badRequest("Numéro de fiche invalide.") }
            let sheet = try await services.library.visible(id: id, lab: lab, viewer: viewer)
            draft.message =
                "Bonjour, nous avons lu votre fiche d'expérience « \(sheet.version.draft.title) » et aimerions en parler avec vous."
            draft.sheetID = String(id)
        }
        return try await renderForm(
            lab: lab, viewer: viewer, draft: draft, errors: .init(), context: context, services: services, status: .ok)
    }

    static func renderForm(
        lab: Lab, viewer: Viewer, draft: IntroductionPages.Draft, errors: ValidationErrors, context: AppContext,
        services: Services, status: HTTPResponse.Status, pickers: [String: OrganisationPicker.Field] = [:]
    ) async throws -> Response {
        let facilitator = Permissions.canProposeIntroduction(viewer, labID: lab.id)
        guard facilitator || Permissions.canRequestIntroduction(viewer, labID: lab.id) else { throw AppError.forbidden }
        let organisations = try await services.database.withConnection { db in
            try await services.organisations.choices(labID: lab.id, on: db)
        }
        let own = try await services.database.withConnection { db in
            try await viewer.organisationID.asyncMap {
                try await services.organisations.find(id: $0, labID: lab.id, on: db)?.name
            }
        }
        let body = IntroductionPages.form(
            lab: lab.summary, facilitator: facilitator, ownName: own ?? nil, draft: draft, errors: errors,
            organisations: organisations, csrfToken: context.csrfToken, pickers: pickers)
        return services.layout.response(
            status: status,
            page: PageContext(
                title: facilitator ? "Proposer une mise en relation" : "Demander une mise en relation",
                context: context, lab: lab.summary, section: "introductions"), body: body)
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await labAndViewer(context, services)
        let form = context.form
        // The organisations named with the picker (a name, a pick or a number), as numbers.
        let picked = try await OrganisationPicker.resolve(
            ["organisationA", "organisationB"], in: context, lab: lab, services: services)
        let draft = IntroductionPages.Draft(
            organisationA: form["organisationA"], organisationB: form["organisationB"], needID: form["needId"],
            offerID: form["offerId"], message: form["message"], messageA: form["messageA"], messageB: form["messageB"],
            sheetID: TextRules.clean(form["fiche"]))
        var errors = picked.errors
        func number(_ text: String?, _ field: String) -> Int? {
            guard errors.message(for: field) == nil, let text = TextRules.clean(text) else { return nil }
            guard let value = Int(text), value > 0 else {
                errors.add(field, "Numéro invalide : « \(text.prefix(20)) »."); return nil
            }
            return value
        }
        var request = MarketplaceService.IntroductionRequest(
            organisationA: number(picked.context.form["organisationA"], "organisationA"),
            organisationB: number(picked.context.form["organisationB"], "organisationB"),
            needID: number(draft.needID, "needId"), offerID: number(draft.offerID, "offerId"),
            message: draft.message, messageA: draft.messageA, messageB: draft.messageB)
        request.sheetID = try await sheet(
            draft.sheetID, askedOf: request.organisationB, lab: lab, viewer: viewer, services)
        if errors.isEmpty {
            switch try await services.marketplace.createIntroduction(lab: lab, viewer: viewer, request: request) {
            case .success(let id): return redirect(to: "/labs/\(lab.slug)/mises-en-relation/\(id)")
            case .failure(let found): errors = found
            }
        }
        return try await renderForm(
            lab: lab, viewer: viewer, draft: draft, errors: errors, context: context, services: services,
            status: .unprocessableContent, pickers: picked.fields)
    }

    /// The experience sheet the form was opened from ("ask the authors"), kept with the
    /// introduction when the viewer may read it and it names organisation B as its contact
    /// (the form lets them choose another organisation: then it is not attached).
    static func sheet(
        _ raw: String?, askedOf organisationB: Int?, lab: Lab, viewer: Viewer, _ services: Services
    ) async throws -> Int? {
        guard let raw else { return nil }
        guard let id = Int(raw), id > 0 else { throw AppError.badRequest("Numéro de fiche invalide.") }
        let shown = try await services.library.visible(id: id, lab: lab, viewer: viewer)
        let contact = (shown.published ?? shown.version).draft.contactOrganisationID
        return contact != nil && contact == organisationB ? id : nil
    }

    static func show(_ context: AppContext, _ services: Services, errors: ValidationErrors, status: HTTPResponse.Status)
        async throws -> Response
    {
        let (lab, viewer) = try await labAndViewer(context, services)
        let introduction = try await services.marketplace.visibleIntroduction(
            id: try services.id("id", context), lab: lab, viewer: viewer)
        let (events, peopleA, peopleB, partnerships, sheet) = try await services.database.withConnection { db in
            (
                try await services.marketplace.introductions.events(introductionID: introduction.id, on: db),
                try await services.organisations.people(organisationID: introduction.organisationA, on: db),
                try await services.organisations.people(organisationID: introduction.organisationB, on: db),
                try await services.partnerships.store.fromIntroduction(introduction.id, labID: lab.id, on: db),
                try await introduction.sheetID.asyncMap {
                    try await services.library.contact(sheetID: $0, labID: lab.id, on: db)
                } ?? nil
            )
        }
        // The sheet's contact person, when it is one of organisation B's people.
        let sheetContact = sheet.map { sheet in
            (
                title: sheet.title,
                person: sheet.organisationID == introduction.organisationB
                    ? peopleB.first { $0.id == sheet.personID } : nil
            )
        }
        // Contact details released by an introduction are personal data seen by another
        // organisation: each view is recorded (docs/PRIVACY.md).
        if introduction.state.contactsVisible && !(peopleA.isEmpty && peopleB.isEmpty) {
            try await services.database.write { db in
                try await AuditLog.record(
                    .contactViewed, by: viewer.userID, lab: lab.id, target: "introduction:\(introduction.id)",
                    address: context.remoteAddress, on: db)
            }
        }
        let model = IntroductionPages.ShowModel(
            lab: lab.summary, introduction: introduction, events: events, peopleA: peopleA, peopleB: peopleB,
            facilitator: Permissions.isFacilitator(viewer, ofLab: lab.id),
            side: Permissions.side(
                of: viewer, labID: lab.id, organisationA: introduction.organisationA,
                organisationB: introduction.organisationB),
            errors: errors, partnerships: partnerships, sheet: sheetContact)
        return services.layout.response(
            status: status,
            page: PageContext(title: "Mise en relation", context: context, lab: lab.summary, section: "introductions"),
            body: IntroductionPages.show(model, csrfToken: context.csrfToken))
    }

    static func change(
        _ context: AppContext, _ services: Services, _ make: (FormData) throws -> MarketplaceService.Change
    ) async throws -> Response {
        let (lab, viewer) = try await labAndViewer(context, services)
        let id = try services.id("id", context)
        switch try await services.marketplace.change(
            lab: lab, introductionID: id, viewer: viewer, change: try make(context.form))
        {
        case .success: return redirect(to: "/labs/\(lab.slug)/mises-en-relation/\(id)")
        case .failure(let errors):
            return try await show(context, services, errors: errors, status: .unprocessableContent)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
