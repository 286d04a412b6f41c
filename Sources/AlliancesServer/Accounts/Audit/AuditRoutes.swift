import AlliancesCore
import Hummingbird

/// The audit log, read: a lab's for its facilitators, the network's for its admins; a
/// person's own entries are on "Mon compte". Exporting it is itself recorded.
enum AuditRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/journal", labLog)
        routes.get("/labs/:lab/journal.csv", labCSV)
        routes.get("/journal", networkLog)
        routes.get("/journal.csv", networkCSV)
    }

    static let pageSize = 50
    /// The CSV export's ceiling; narrower filters for more.
    static let csvLimit = 50_000

    struct Query {
        var filter: AuditFilter
        var page: Int
        var person: String?
        var action: String?
        var from: String?
        var until: String?
        var errors = ValidationErrors()
    }

    static func query(_ request: Request, labID: Int?) -> Query {
        let parameters = request.uri.queryParameters
        var errors = ValidationErrors()
        let person = TextRules.clean(parameters.get("personne")).map { String($0.prefix(120)) }
        let actionText = TextRules.clean(parameters.get("action"))
        let action = actionText.flatMap(AuditAction.init(rawValue:))
        if actionText != nil && action == nil { errors.add("action", "Action inconnue.") }
        func day(_ name: String, label: String, endOfDay: Bool) -> (String?, Int?) {
            guard let text = TextRules.clean(parameters.get(name)) else { return (nil, nil) }
            guard let date = CalendarDate.parse(text) else {
                errors.add(name, "\(label) doit être une date au format AAAA-MM-JJ.")
                return (String(text.prefix(20)), nil)
            }
            let start = Paris.seconds(
                LocalDateTime(year: date.year, month: date.month, day: date.day, hour: 0, minute: 0))
            return (text, endOfDay ? start + 86_399 : start)
        }
        let (fromText, from) = day("du", label: "La date de début", endOfDay: false)
        let (untilText, until) = day("au", label: "La date de fin", endOfDay: true)
        let page = max(1, min(100_000, Int(parameters.get("page") ?? "1") ?? 1))
        return Query(
            filter: AuditFilter(labID: labID, person: person, action: action, from: from, until: until), page: page,
            person: person, action: actionText, from: fromText, until: untilText, errors: errors)
    }

    static func page(_ request: Request, _ context: AppContext, _ services: Services, lab: Lab?) async throws
        -> Response
    {
        let q = query(request, labID: lab?.id)
        let (entries, total) = try await services.database.withConnection { db in
            try await services.audit.entries(q.filter, limit: pageSize, offset: (q.page - 1) * pageSize, on: db)
        }
        let model = AuditPages.Model(
            lab: lab, entries: q.errors.isEmpty ? entries : [], total: q.errors.isEmpty ? total : 0, page: q.page,
            pageSize: pageSize, person: q.person, action: q.action, from: q.from, until: q.until, errors: q.errors)
        return services.layout.response(
            status: q.errors.isEmpty ? .ok : .unprocessableContent,
            page: PageContext(title: "Journal d'audit", context: context, lab: lab?.summary, section: "audit"),
            body: AuditPages.render(model))
    }

    static func csv(_ request: Request, _ context: AppContext, _ services: Services, lab: Lab?) async throws
        -> Response
    {
        let q = query(request, labID: lab?.id)
        guard q.errors.isEmpty else {
            throw AppError(.unprocessableContent, q.errors.errors.map(\.message).joined(separator: " "))
        }
        let entries = try await services.database.withConnection { db in
            try await services.audit.entries(q.filter, limit: csvLimit, offset: 0, on: db).0
        }
        try await services.database.write { db in
            try await AuditLog.record(
                .personalDataExported,
                by: context.viewer?.userID, lab: lab?.id, target: "journal:\(entries.count)",
                address: context.remoteAddress, on: db)
        }
        return ExportRoutes.csvResponse(AuditPages.csv(entries), filename: "journal-\(lab?.slug ?? "reseau").csv")
    }

    static func lab(_ context: AppContext, _ services: Services) async throws -> Lab {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        let lab = try await services.database.withConnection { db in try await services.lab(context, on: db) }
        guard Permissions.canReadAudit(viewer, labID: lab.id) else { throw AppError.forbidden }
        return lab
    }

    static func network(_ context: AppContext) throws {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        guard Permissions.canReadAudit(viewer, labID: nil) else { throw AppError.forbidden }
    }

    static func labLog(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await page(request, context, services, lab: try await lab(context, services))
    }

    static func labCSV(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await csv(request, context, services, lab: try await lab(context, services))
    }

    static func networkLog(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try network(context)
        return try await page(request, context, services, lab: nil)
    }

    static func networkCSV(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try network(context)
        return try await csv(request, context, services, lab: nil)
    }
}
