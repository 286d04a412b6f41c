import AlliancesCore
import Hummingbird
import SQLKit

/// Writing experience sheets through the API (`/api/v1/labs/{lab}/experiences`): a draft
/// is created, saved again as new versions, submitted, then published or sent back by the
/// lab's facilitators, archived and restored. The same use cases as the pages
/// (`LibraryService.save`, `.take`), so the same rules and French messages: the authors are
/// the members of the sheet's organisations and the lab's facilitators; anyone else finds
/// nothing. Documents stay on the web page (they are uploads).
enum LibraryAPI {
    static func register(_ routes: RouteTable) {
        routes.post("/api/v1/labs/:lab/experiences", create)
        routes.put("/api/v1/labs/:lab/experiences/:id", update)
        routes.get("/api/v1/labs/:lab/experiences/:id/draft", draft)
        routes.post("/api/v1/labs/:lab/experiences/:id/steps", step)
    }

    static func create(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await LibraryRoutes.writer(context, services)
        let body = try await DirectoryAPI.decode(ExperienceWriteInput.self, request, context)
        var partnershipID: Int?
        if let id = body.partnershipId {
            // A partnership the writer may not see is "not found", as on the page.
            partnershipID = try await services.partnerships.visible(id: id, lab: lab, viewer: viewer).id
        }
        switch try await services.library.save(
            lab: lab, sheetID: nil, input: try body.input(), partnershipID: partnershipID, viewer: viewer)
        {
        case .failure(let errors): throw DirectoryAPI.validationError(errors)
        case .success(let id):
            var response = try await edited(id, lab, viewer, services, status: .created)
            response.headers[.location] = "/api/v1/labs/\(lab.slug)/experiences/\(id)/draft"
            return response
        }
    }

    static func update(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (lab, viewer) = try await LibraryRoutes.writer(context, services)
        let id = try services.id("id", context)
        let body = try await DirectoryAPI.decode(ExperienceWriteInput.self, request, context)
        if body.partnershipId != nil {
            throw DirectoryAPI.validationError(
                field: "partnershipId", "Le partenariat d'origine se donne à la création de la fiche seulement.")
        }
        switch try await services.library.save(
            lab: lab, sheetID: id, input: try body.input(), partnershipID: nil, viewer: viewer)
        {
        case .failure(let errors): throw DirectoryAPI.validationError(errors)
        case .success: return try await edited(id, lab, viewer, services, status: .ok)
        }
    }

    static func draft(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await LibraryRoutes.lab(context, services)
        return try await edited(try services.id("id", context), lab, viewer, services, status: .ok)
    }

    static func step(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await LibraryRoutes.lab(context, services)
        let id = try services.id("id", context)
        let body = try await DirectoryAPI.decode(ExperienceStepInput.self, request, context)
        guard let action = body.action.flatMap(SheetAction.init(rawValue:)) else {
            throw DirectoryAPI.validationError(
                field: "action",
                "Action inconnue : « \((body.action ?? "").prefix(20)) » (soumettre, publier, renvoyer, archiver ou restaurer)."
            )
        }
        switch try await services.library.take(action, sheetID: id, lab: lab, viewer: viewer, comment: body.comment) {
        case .failure(let errors): throw DirectoryAPI.validationError(errors)
        case .success: return try await edited(id, lab, viewer, services, status: .ok)
        }
    }

    /// The sheet's latest version as its editors read it (a French 404 for anyone else).
    static func edited(_ id: Int, _ lab: Lab, _ viewer: Viewer, _ services: Services, status: HTTPResponse.Status)
        async throws -> Response
    {
        let shown = try await services.library.visible(id: id, lab: lab, viewer: viewer)
        guard shown.canEdit else { throw AppError.notFound(LibraryService.notFound) }
        return JSONResponse.make(ExperienceDraftDTO(shown, labSlug: lab.slug), status: status)
    }
}

/// A sheet as its authors write it (POST, PUT) and read it back (`…/draft`): the web form's
/// fields, with lists where the form has one line per item.
struct ExperienceWriteInput: Codable, Sendable {
    struct Party: Codable, Sendable {
        var organisationId: Int?
        var role: String?
    }

    struct Result: Codable, Sendable {
        var indicator: String?
        var value: String?
        /// AAAA-MM-JJ.
        var date: String?
    }

    struct Link: Codable, Sendable {
        var label: String?
        var url: String?
    }

    var title: String?
    var summary: String?
    var territory: String?
    var organisations: [Party]?
    var questions: [String]?
    var themes: [String]?
    var modes: [String]?
    var governance: String?
    var scaling: String?
    var visibility: String?
    var context: String?
    var timeline: [String]?
    var economicModel: String?
    var results: [Result]?
    var lessons: String?
    var links: [Link]?
    /// One of the sheet's organisations, written to when a reader asks the authors.
    var contactOrganisationId: Int?
    /// A person of that organisation, named only in an introduction both sides accepted.
    var contactPersonId: Int?
    /// The partnership it is written from (on creation only).
    var partnershipId: Int?

    init(_ d: SheetDraft) {
        (title, summary, territory) = (d.title, d.summary, d.territory)
        organisations = d.parties.map { Party(organisationId: $0.organisationID, role: $0.role) }
        questions = d.questions.map(\.rawValue)
        themes = d.themes.map(\.rawValue)
        modes = d.modes.map(\.rawValue)
        governance = d.governance?.rawValue
        scaling = d.scaling.rawValue
        visibility = d.visibility.rawValue
        (context, timeline, economicModel, lessons) = (d.context, d.timeline, d.economicModel, d.lessons)
        results = d.results.map { Result(indicator: $0.indicator, value: $0.value, date: $0.date) }
        links = d.links.map { Link(label: $0.label, url: $0.url) }
        (contactOrganisationId, contactPersonId) = (d.contactOrganisationID, d.contactPersonID)
    }

    /// The form's input, for the shared validation. The form writes one item per line
    /// ("indicateur ; valeur ; date", "libellé | adresse"), so an item holding a line break,
    /// or a separator where it would split the item, is refused here rather than cut in two.
    func input() throws -> SheetInput {
        var errors = ValidationErrors()
        func check(_ value: String?, _ field: String, separator: Character? = nil) {
            guard let value else { return }
            if value.contains(where: \.isNewline) {
                errors.add(field, "Un élément de liste tient sur une ligne : « \(value.prefix(40)) ».")
            } else if let separator, value.contains(separator) {
                errors.add(field, "« \(separator) » n'est pas permis ici : « \(value.prefix(40)) ».")
            }
        }
        for (i, step) in (timeline ?? []).enumerated() { check(step, "timeline[\(i)]") }
        for (i, r) in (results ?? []).enumerated() {
            check(r.indicator, "results[\(i)].indicator", separator: ";")
            check(r.value, "results[\(i)].value", separator: ";")
            check(r.date, "results[\(i)].date", separator: ";")
        }
        for (i, l) in (links ?? []).enumerated() {
            check(l.label, "links[\(i)].label", separator: "|")
            check(l.url, "links[\(i)].url")
        }
        guard errors.isEmpty else { throw DirectoryAPI.validationError(errors) }
        return SheetInput(
            title: title, summary: summary, questions: questions ?? [], themes: themes ?? [], modes: modes ?? [],
            governance: governance, scaling: scaling, visibility: visibility, context: context,
            timeline: timeline?.joined(separator: "\n"), economicModel: economicModel,
            results: results?.map { r in
                [r.indicator ?? "", r.value ?? ""] + (r.date.map { [$0] } ?? [])
            }.map { $0.joined(separator: " ; ") }.joined(separator: "\n"),
            lessons: lessons, territory: territory,
            parties: (organisations ?? []).map { PartyInput(organisationId: $0.organisationId, role: $0.role) },
            contactOrganisation: contactOrganisationId.map(String.init),
            contactPerson: contactPersonId.map(String.init),
            links: links?.map { l in
                guard let url = l.url else { return l.label ?? "" }
                return l.label.map { "\($0) | \(url)" } ?? url
            }.joined(separator: "\n"))
    }
}

struct ExperienceStepInput: Codable, Sendable {
    /// soumettre, publier, renvoyer, archiver or restaurer.
    var action: String?
    /// Kept with the step; required to send a sheet back.
    var comment: String?
}

/// A sheet as its editors see it: where it is in its review, and its latest version.
struct ExperienceDraftDTO: Codable, Sendable {
    let id: Int
    let status: String
    let version: Int
    /// The version readers see, nil before the first publication.
    let publishedVersion: Int?
    /// Who reads the published version now (the latest version's wish applies when published).
    let visibility: String
    let partnershipId: Int?
    let url: String
    let sheet: ExperienceWriteInput

    init(_ shown: LibraryService.Shown, labSlug: String) {
        let s = shown.sheet
        (id, status, version, publishedVersion) = (s.id, s.status.rawValue, shown.version.number, s.publishedVersion)
        (visibility, partnershipId) = (s.visibility.rawValue, s.partnershipID)
        url = "/labs/\(labSlug)/bibliotheque/\(s.id)"
        sheet = ExperienceWriteInput(shown.version.draft)
    }
}
