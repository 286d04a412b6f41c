// swift-format-ignore-file
// (nested multi-line string literals that swift-format 6.3 re-indents into invalid code)
import AlliancesCore
import Foundation
import Hummingbird

/// The survey an organisation answers about its partnerships (a member for their own, a
/// facilitator for any of the lab's).
enum SurveyRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/barometre/enquete", surveyForm)
        routes.post("/labs/:lab/barometre/enquete", saveSurvey)
    }

    /// The organisation the viewer answers for: a member's own; a facilitator picks one.
    static func surveyOrganisation(_ viewer: Viewer, lab: Lab, requested: Int?, services: Services) async throws -> Organisation? {
        let id = Permissions.isFacilitator(viewer, ofLab: lab.id) ? requested : viewer.organisationID
        guard let id else { return nil }
        guard Permissions.canAnswerSurvey(viewer, labID: lab.id, organisationID: id) else { throw AppError.forbidden }
        let organisation = try await services.database.withConnection { db in try await services.organisations.find(id: id, labID: lab.id, on: db) }
        guard let organisation else { throw AppError.notFound("Cette organisation n'existe pas dans ce labo.") }
        return organisation
    }

    struct SurveyInput {
        var organisationId: String?
        var year: String?
        var partnerships: String?
        var modes: [String]
    }

    static func renderSurvey(lab: Lab, organisation: Organisation?, input: SurveyInput, errors: ValidationErrors, flash: String?, context: AppContext,
                             services: Services, status: HTTPResponse.Status = .ok, picker: OrganisationPicker.Field? = nil) async throws -> Response {
        let facilitator = Permissions.isFacilitator(context.viewer, ofLab: lab.id)
        let previous = try await organisation.asyncMap { o in
            try await services.database.withConnection { db in try await services.barometer.store.answers(organisationID: o.id, on: db) }
        } ?? []
        let years = (BarometerRoutes.currentYear - 2...BarometerRoutes.currentYear).reversed().map { (value: String($0), label: String($0)) }
        let modes = PartnershipMode.allCases.map { (value: $0.rawValue, label: $0.label) }
        let previousRows: [HTML] = previous.map { a in
            "<tr><th scope=\"row\">\(a.year)</th><td>\(frenchNumber(a.partnerships))</td><td>\(a.modes.map(\.label).joined(separator: ", "))</td><td>\(frenchDate(a.answeredAt))</td></tr>"
        }
        let who: HTML
        if let organisation {
            who = "<input type=\"hidden\" name=\"organisationId\" value=\"\(organisation.id)\"><p>Organisation : <strong>\(organisation.name)</strong>\(facilitator ? " — <a href=\"/labs/\(lab.slug)/barometre/enquete\">en choisir une autre</a>" : "")</p>"
        } else {
            who = FormFields.text("organisationId", "Organisation qui répond", value: input.organisationId, errors: errors, required: true,
                                  hint: "Le facilitateur saisit la réponse d'une organisation (reçue par téléphone, par écrit). Tapez une partie de son nom et choisissez-la dans la liste, ou saisissez son numéro.",
                                  maxLength: 200, picker: picker ?? OrganisationPicker.field(lab.summary))
        }
        let body: HTML = """
        <p><a href="/labs/\(lab.slug)/barometre">← Baromètre</a></p>
        <h1>Enquête annuelle sur les partenariats</h1>
        <p>Combien de partenariats votre organisation a-t-elle eus dans l'année, y compris ceux que le labo ne connaît pas ? Les réponses servent à une estimation séparée dans le baromètre, jamais ajoutée aux partenariats enregistrés, et ne sont pas publiées une par une.</p>
        \(FormFields.errorSummary(errors))
        <form method="post" action="/labs/\(lab.slug)/barometre/enquete" novalidate>
        \(csrfField(context.csrfToken))
        \(who)
        \(FormFields.select("year", "Année", options: years, selected: input.year ?? String(BarometerRoutes.currentYear), errors: errors, required: true, emptyLabel: nil))
        \(FormFields.text("partnerships", "Nombre de partenariats dans l'année", value: input.partnerships, errors: errors, type: "number", required: true, hint: "0 si aucun.", maxLength: 5))
        \(FormFields.checkboxes("modes", "Modes de ces partenariats", options: modes, checked: Set(input.modes), errors: errors))
        <div class="actions"><button type="submit">Enregistrer la réponse</button></div>
        </form>
        \(previousRows.isEmpty ? HTML.empty : """
        <h2>Réponses déjà données</h2>
        <div class="table-wrap"><table><thead><tr><th scope="col">Année</th><th scope="col">Partenariats</th><th scope="col">Modes</th><th scope="col">Répondu le</th></tr></thead><tbody>\(previousRows)</tbody></table></div>
        """)
        """
        return services.layout.response(status: status, page: PageContext(title: "Enquête annuelle", context: context, lab: lab.summary, section: "barometer", flash: flash), body: body)
    }

    static func surveyForm(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        let requested = request.uri.queryParameters.get("organisation").flatMap { Int($0) }
        let organisation = try await surveyOrganisation(viewer, lab: lab, requested: requested, services: services)
        if organisation == nil && !Permissions.isFacilitator(viewer, ofLab: lab.id) { throw AppError.forbidden }
        let flash = request.uri.queryParameters.get("enregistre") == "1" ? "Réponse enregistrée. Merci !" : nil
        return try await renderSurvey(lab: lab, organisation: organisation, input: SurveyInput(modes: []), errors: .init(), flash: flash, context: context, services: services)
    }

    static func saveSurvey(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        let form = context.form
        let input = SurveyInput(organisationId: form["organisationId"], year: form["year"], partnerships: form["partnerships"], modes: form.all("modes"))
        var errors = ValidationErrors()
        var requested: Int?
        var picker: OrganisationPicker.Field?
        if Permissions.isFacilitator(viewer, ofLab: lab.id) {
            let resolved = try await OrganisationPicker.resolve(["organisationId"], in: context, lab: lab, services: services)
            (errors, picker) = (resolved.errors, resolved.fields["organisationId"])
            requested = resolved.context.form["organisationId"].flatMap { Int($0) }
            if requested == nil && errors.isEmpty { errors.add("organisationId", "Choisissez l'organisation qui répond.") }
        }
        let organisation = requested == nil && !errors.isEmpty ? nil : try await surveyOrganisation(viewer, lab: lab, requested: requested, services: services)
        let year = ListingDraft.integer(input.year, field: "year", label: "L'année", range: (BarometerRoutes.currentYear - 2)...BarometerRoutes.currentYear, unit: "", into: &errors)
        let count = ListingDraft.integer(input.partnerships, field: "partnerships", label: "Le nombre de partenariats", range: 0...10_000, unit: "", into: &errors)
        if count == nil && errors.message(for: "partnerships") == nil { errors.add("partnerships", "Indiquez le nombre de partenariats (0 si aucun).") }
        let modes = TextRules.codes(input.modes, as: PartnershipMode.self, field: "modes", unknown: "Mode de partenariat inconnu", max: PartnershipMode.allCases.count, maxMessage: "", into: &errors)
        if let count, count > 0, modes.isEmpty, errors.message(for: "modes") == nil { errors.add("modes", "Cochez au moins un mode pour vos partenariats.") }
        if let count, count == 0, !modes.isEmpty { errors.add("modes", "Aucun mode à cocher quand il n'y a aucun partenariat.") }
        guard errors.isEmpty, let organisation, let year, let count else {
            return try await renderSurvey(lab: lab, organisation: organisation, input: input, errors: errors, flash: nil, context: context, services: services, status: .unprocessableContent, picker: picker)
        }
        try await services.database.transaction { db in
            try await services.barometer.store.saveAnswer(labID: lab.id, organisationID: organisation.id, year: year, partnerships: count, modes: modes, userID: viewer.userID, on: db)
            try await AuditLog.record(userID: viewer.userID, labID: lab.id, action: "survey.answer", target: "organisation:\(organisation.id):\(year)", on: db)
        }
        return redirect(to: "/labs/\(lab.slug)/barometre/enquete?organisation=\(organisation.id)&enregistre=1")
    }
}
