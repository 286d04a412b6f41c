// swift-format-ignore-file
// (nested multi-line string literals that swift-format 6.3 re-indents into invalid code)
import AlliancesCore
import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import ServiceLifecycle
import SQLKit

/// The barometer's figures for a lab and a period, computed in AlliancesCore from data read
/// once per lab version. The data (today's population grouped, partnerships, survey) is
/// kept under a key naming the lab's directory and partnership versions, and the figures
/// under that key plus the period, so a page is exact after any write by any instance and
/// costs a lookup otherwise. Reading the data takes 150–250 ms for 100,000 actors: after a
/// partnership or survey write only the partnerships written since are read and merged
/// in; requests arriving together share one read; and `BarometerWarmer` reads again in the
/// background soon after a write to a lab whose barometer is being looked at.
struct BarometerService: Sendable {
    let database: Database
    let store = BarometerStore()
    let data = BoundedCache<BarometerData>(maxEntries: 16)
    let reports = BoundedCache<Report>(maxEntries: 500)
    let loads = Loads()

    /// Reads in progress (shared by the requests that need them) and the labs viewed lately.
    final class Loads: Sendable {
        let inFlight = NIOLockedValueBox<[String: Task<BarometerData, any Error>]>([:])
        let viewed = NIOLockedValueBox<[String: Int]>([:])
        /// Per lab, the newest data read, with the versions it was read at: after a
        /// partnership or survey write only what changed is read and merged in.
        let latest = NIOLockedValueBox<[Int: (dataVersion: Int, partnershipVersion: Int, data: BarometerData)]>([:])
    }

    struct Report: Sendable {
        let result: BarometerResult
        let evolution: [(year: Int, segments: [BarometerSegment: Share])]
        let survey: SurveyEstimate
        let years: [Int]
    }

    static func key(_ lab: Lab) -> String { "\(lab.id)|\(lab.dataVersion)|\(lab.partnershipVersion)" }

    func data(_ lab: Lab) async throws -> BarometerData {
        let key = Self.key(lab)
        if let hit = data.get(key) { return hit }
        let (database, store, cache, loads) = (self.database, self.store, self.data, self.loads)
        let task = loads.inFlight.withLockedValue { inFlight in
            if let running = inFlight[key] { return running }
            let task = Task {
                defer { _ = loads.inFlight.withLockedValue { $0.removeValue(forKey: key) } }
                let previous = loads.latest.withLockedValue { $0[lab.id] }.flatMap { $0.dataVersion == lab.dataVersion ? ($0.data, $0.partnershipVersion) : nil }
                let (value, version) = try await database.withConnection { db in try await store.data(labID: lab.id, previous: previous, on: db) }
                cache.set(key, value)
                loads.latest.withLockedValue { latest in
                    if let known = latest[lab.id], known.dataVersion > lab.dataVersion || (known.dataVersion == lab.dataVersion && known.partnershipVersion >= version) { return }
                    latest[lab.id] = (lab.dataVersion, version, value)
                }
                return value
            }
            inFlight[key] = task
            return task
        }
        return try await task.value
    }

    func report(lab: Lab, period: Period, currentYear: Int) async throws -> Report {
        loads.viewed.withLockedValue { $0[lab.slug] = nowSeconds() }
        let data = try await data(lab)
        let key = Self.key(lab) + "|\(period.from)|\(period.to)|\(currentYear)"
        return reports.value(key) {
            let years = data.years(upTo: currentYear)
            return Report(result: Barometer.compute(data, period: period), evolution: Barometer.evolution(data, years: years),
                          survey: Barometer.survey(data, year: period.year ?? period.to / 10_000), years: years)
        }
    }

    /// Reads again the data of the labs whose barometer was viewed in the last day, when a
    /// write has changed their versions, so the next view finds it ready.
    func warm() async {
        let since = nowSeconds() - 86_400
        let slugs = loads.viewed.withLockedValue { viewed in
            viewed = viewed.filter { $0.value >= since }
            return Array(viewed.keys)
        }
        for slug in slugs {
            await BackgroundJob.run("barometer-warm", "lab \(slug)") {
                guard let lab = try await database.withConnection({ db in try await LabStore().find(slug: slug, on: db) }) else { return }
                _ = try await data(lab)
            }
        }
    }
}

/// Every two seconds, `BarometerService.warm` (see there).
struct BarometerWarmer: Service {
    let barometer: BarometerService

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await barometer.warm()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(2)) }
        }
    }
}

enum BarometerRoutes {
    static func register(on router: Router<AppContext>, services: Services) {
        router.get("/labs/:lab/barometre") { request, context in try await page(request, context, services) }
        router.get("/labs/:lab/barometre.csv") { request, context in try await csv(request, context, services) }
        router.get("/labs/:lab/barometre/enquete") { request, context in try await surveyForm(request, context, services) }
        router.post("/labs/:lab/barometre/enquete") { _, context in try await saveSurvey(context, services) }
        router.get("/barometre/references") { _, context in try await references(context, services) }
        router.get("/barometre/references/nouvelle") { _, context in try await referenceForm(nil, context, services) }
        router.post("/barometre/references/nouvelle") { _, context in try await saveReference(nil, context, services) }
        router.get("/barometre/references/:id") { _, context in try await referenceForm(try services.id("id", context), context, services) }
        router.post("/barometre/references/:id") { _, context in try await saveReference(try services.id("id", context), context, services) }
        router.post("/barometre/references/:id/supprimer") { _, context in try await deleteReference(context, services) }
        let api = router.group("api/v1")
        api.get("labs/:lab/barometer") { request, context in try await apiAnswer(request, context, services) }
    }

    static var currentYear: Int { Int(Paris.day(nowSeconds()).prefix(4)) ?? 2026 }

    /// `annee=2024`, or `du=2024-01-01&au=2024-06-30`; the current year by default.
    static func period(_ query: (String) -> String?) throws -> Period {
        let from = TextRules.clean(query("du")), to = TextRules.clean(query("au"))
        if from != nil || to != nil {
            guard let from, let to, let a = CalendarDate.number(from), let b = CalendarDate.number(to) else {
                throw AppError.badRequest("Période invalide : indiquez « du » et « au » au format AAAA-MM-JJ.")
            }
            guard a <= b else { throw AppError.badRequest("Période invalide : « au » doit suivre « du ».") }
            return Period(from: a, to: b)
        }
        if let raw = TextRules.clean(query("annee") ?? query("year")) {
            guard let year = Int(raw), (1990...2100).contains(year) else {
                throw AppError.badRequest("Année invalide : « \(raw.prefix(20)) » (entre 1990 et 2100).")
            }
            return .year(year)
        }
        return .year(currentYear)
    }

    static func model(_ request: Request, _ context: AppContext, _ services: Services) async throws -> BarometerPages.Model {
        let period = try period { request.uri.queryParameters.get($0) }
        let (lab, references) = try await services.database.withConnection { db in
            (try await services.lab(context, on: db), try await services.barometer.store.references(on: db))
        }
        let report = try await services.barometer.report(lab: lab, period: period, currentYear: currentYear)
        let viewer = context.viewer
        let canAnswer = Permissions.isFacilitator(viewer, ofLab: lab.id) || (Permissions.isLabMember(viewer, labID: lab.id) && viewer?.organisationID != nil)
        return BarometerPages.Model(lab: lab.summary, report: report, references: references,
                                    years: Array(Set(report.years + [period.year ?? period.to / 10_000])).sorted(),
                                    canAnswerSurvey: canAnswer, canEditReferences: Permissions.canEditReferences(viewer),
                                    isMember: Permissions.isLabMember(viewer, labID: lab.id))
    }

    static func page(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let m = try await model(request, context, services)
        return services.layout.response(page: PageContext(title: "Baromètre", context: context, lab: m.lab, section: "barometer"), body: BarometerPages.page(m))
    }

    static func csv(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let m = try await model(request, context, services)
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"barometre-\(m.lab.slug)-\(m.period.fromText)-\(m.period.toText).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: BarometerPages.csv(m))))
    }

    // MARK: Survey

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
                             services: Services, status: HTTPResponse.Status = .ok) async throws -> Response {
        let facilitator = Permissions.isFacilitator(context.viewer, ofLab: lab.id)
        let previous = try await organisation.asyncMap { o in
            try await services.database.withConnection { db in try await services.barometer.store.answers(organisationID: o.id, on: db) }
        } ?? []
        let years = (currentYear - 2...currentYear).reversed().map { (value: String($0), label: String($0)) }
        let modes = PartnershipMode.allCases.map { (value: $0.rawValue, label: $0.label) }
        let previousRows: [HTML] = previous.map { a in
            "<tr><th scope=\"row\">\(a.year)</th><td>\(frenchNumber(a.partnerships))</td><td>\(a.modes.map(\.label).joined(separator: ", "))</td><td>\(frenchDate(a.answeredAt))</td></tr>"
        }
        let who: HTML
        if let organisation {
            who = "<input type=\"hidden\" name=\"organisationId\" value=\"\(organisation.id)\"><p>Organisation : <strong>\(organisation.name)</strong>\(facilitator ? " — <a href=\"/labs/\(lab.slug)/barometre/enquete\">en choisir une autre</a>" : "")</p>"
        } else {
            who = FormFields.text("organisationId", "Numéro de l'organisation", value: input.organisationId, errors: errors, required: true,
                                  hint: "Le facilitateur saisit la réponse d'une organisation (reçue par téléphone, par écrit). Le numéro figure dans l'adresse de sa fiche.", maxLength: 12)
        }
        let body: HTML = """
        <p><a href="/labs/\(lab.slug)/barometre">← Baromètre</a></p>
        <h1>Enquête annuelle sur les partenariats</h1>
        <p>Combien de partenariats votre organisation a-t-elle eus dans l'année, y compris ceux que le labo ne connaît pas ? Les réponses servent à une estimation séparée dans le baromètre, jamais ajoutée aux partenariats enregistrés, et ne sont pas publiées une par une.</p>
        \(FormFields.errorSummary(errors))
        <form method="post" action="/labs/\(lab.slug)/barometre/enquete" novalidate>
        \(csrfField(context.csrfToken))
        \(who)
        \(FormFields.select("year", "Année", options: years, selected: input.year ?? String(currentYear), errors: errors, required: true, emptyLabel: nil))
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

    static func saveSurvey(_ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try DirectoryRoutes.requireLogin(context)
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.isLabMember(viewer, labID: lab.id) else { throw AppError.forbidden }
        let form = context.form
        let input = SurveyInput(organisationId: form["organisationId"], year: form["year"], partnerships: form["partnerships"], modes: form.all("modes"))
        var errors = ValidationErrors()
        var requested: Int?
        if Permissions.isFacilitator(viewer, ofLab: lab.id) {
            requested = input.organisationId.flatMap { Int($0.trimmingWhitespace()) }
            if requested == nil { errors.add("organisationId", "Indiquez le numéro de l'organisation qui répond.") }
        }
        let organisation = requested == nil && !errors.isEmpty ? nil : try await surveyOrganisation(viewer, lab: lab, requested: requested, services: services)
        let year = ListingDraft.integer(input.year, field: "year", label: "L'année", range: (currentYear - 2)...currentYear, unit: "", into: &errors)
        let count = ListingDraft.integer(input.partnerships, field: "partnerships", label: "Le nombre de partenariats", range: 0...10_000, unit: "", into: &errors)
        if count == nil && errors.message(for: "partnerships") == nil { errors.add("partnerships", "Indiquez le nombre de partenariats (0 si aucun).") }
        let modes = TextRules.codes(input.modes, as: PartnershipMode.self, field: "modes", unknown: "Mode de partenariat inconnu", max: PartnershipMode.allCases.count, maxMessage: "", into: &errors)
        if let count, count > 0, modes.isEmpty, errors.message(for: "modes") == nil { errors.add("modes", "Cochez au moins un mode pour vos partenariats.") }
        if let count, count == 0, !modes.isEmpty { errors.add("modes", "Aucun mode à cocher quand il n'y a aucun partenariat.") }
        guard errors.isEmpty, let organisation, let year, let count else {
            return try await renderSurvey(lab: lab, organisation: organisation, input: input, errors: errors, flash: nil, context: context, services: services, status: .unprocessableContent)
        }
        try await services.database.transaction { db in
            try await services.barometer.store.saveAnswer(labID: lab.id, organisationID: organisation.id, year: year, partnerships: count, modes: modes, userID: viewer.userID, on: db)
            try await AuditLog.record(userID: viewer.userID, labID: lab.id, action: "survey.answer", target: "organisation:\(organisation.id):\(year)", on: db)
        }
        return redirect(to: "/labs/\(lab.slug)/barometre/enquete?organisation=\(organisation.id)&enregistre=1")
    }

    // MARK: References

    static func requireAdmin(_ context: AppContext) throws -> Viewer {
        let viewer = try DirectoryRoutes.requireLogin(context)
        guard Permissions.canEditReferences(viewer) else { throw AppError.forbidden }
        return viewer
    }

    static func references(_ context: AppContext, _ services: Services) async throws -> Response {
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

    static func deleteReference(_ context: AppContext, _ services: Services) async throws -> Response {
        let viewer = try requireAdmin(context)
        let id = try services.id("id", context)
        try await services.database.transaction { db in
            try await services.barometer.store.deleteReference(id: id, on: db)
            try await AuditLog.record(userID: viewer.userID, labID: nil, action: "reference.delete", target: "reference:\(id)", on: db)
        }
        return redirect(to: "/barometre/references")
    }

    // MARK: API

    struct ShareDTO: Codable, Sendable {
        let count: Int
        let population: Int
        let ratio: Double?
        init(_ s: Share) {
            count = s.count
            population = s.population
            ratio = s.ratio.map { ($0 * 10_000).rounded() / 10_000 }
        }
    }

    struct ReferenceDTO: Codable, Sendable {
        let key: String
        let label: String
        let percent: Double
        let source: String
        let year: Int
        let cited: Bool
    }

    struct BarometerDTO: Codable, Sendable {
        struct Segment: Codable, Sendable {
            let key: String
            let label: String
            let share: ShareDTO
        }
        struct Mode: Codable, Sendable {
            let key: String
            let label: String
            let partnerships: Int
            let companies: ShareDTO
            let associations: ShareDTO
        }
        struct Year: Codable, Sendable {
            let year: Int
            let segments: [Segment]
        }
        struct SurveyRow: Codable, Sendable {
            let key: String
            let population: Int
            let respondents: Int
            let engaged: Int
            let share: Double?
            let lower: Double?
            let upper: Double?
        }
        let from: String
        let to: String
        let activePartnerships: Int
        let inConstruction: Int
        let segments: [Segment]
        let modes: [Mode]
        let evolution: [Year]
        /// The survey's separate estimate: never mixed with the recorded partnerships.
        let survey: [SurveyRow]
        let references: [ReferenceDTO]
    }

    static func apiAnswer(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let m = try await model(request, context, services)
        let r = m.report.result
        func segments(_ shares: [BarometerSegment: Share]) -> [BarometerDTO.Segment] {
            BarometerSegment.allCases.map { .init(key: $0.rawValue, label: $0.label, share: ShareDTO(shares[$0] ?? Share(count: 0, population: 0))) }
        }
        let dto = BarometerDTO(
            from: m.period.fromText, to: m.period.toText, activePartnerships: r.activePartnerships, inConstruction: r.inConstruction,
            segments: segments(r.segments),
            modes: r.modes.map { .init(key: $0.group.key, label: $0.group.label, partnerships: $0.partnerships, companies: ShareDTO($0.companies), associations: ShareDTO($0.associations)) },
            evolution: m.report.evolution.map { .init(year: $0.year, segments: segments($0.segments)) },
            survey: m.report.survey.rows.map { .init(key: $0.segment.rawValue, population: $0.population, respondents: $0.respondents, engaged: $0.engaged,
                                                      share: $0.share, lower: $0.interval?.lower, upper: $0.interval?.upper) },
            references: m.references.map { .init(key: $0.figure.key, label: $0.figure.label, percent: $0.figure.percent, source: $0.figure.source, year: $0.figure.year, cited: $0.figure.cited) })
        return JSONResponse.make(dto)
    }
}
