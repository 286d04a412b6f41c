// swift-format-ignore-file
// (nested multi-line string literals that swift-format 6.3 re-indents into invalid code)
import AlliancesCore
import Foundation
import Hummingbird

/// The lab's barometer page and its CSV, for a period (a year, or dates).
enum BarometerRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/labs/:lab/barometre", page)
        routes.get("/labs/:lab/barometre.csv", csv)
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
        let (lab, references, followUps, resources) = try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            let from = LocalDateTime(period.fromText + "T00:00")?.minuteIndex ?? 0
            let to = (LocalDateTime(period.toText + "T00:00")?.minuteIndex ?? 0) + 1_440
            return (lab, try await services.barometer.store.references(on: db),
                    try await RestitutionStore().followUpRate(labID: lab.id, from: period.from, to: period.to, on: db),
                    try await ResourceStore().indicators(labID: lab.id, from: from, to: to, on: db))
        }
        let report = try await services.barometer.report(lab: lab, period: period, currentYear: currentYear)
        let viewer = context.viewer
        let canAnswer = Permissions.isFacilitator(viewer, ofLab: lab.id) || (Permissions.isLabMember(viewer, labID: lab.id) && viewer?.organisationID != nil)
        return BarometerPages.Model(lab: lab.summary, report: report, references: references,
                                    years: Array(Set(report.years + [period.year ?? period.to / 10_000])).sorted(),
                                    canAnswerSurvey: canAnswer, canEditReferences: Permissions.canEditReferences(viewer),
                                    isMember: Permissions.isLabMember(viewer, labID: lab.id), followUps: followUps,
                                    resources: resources)
    }

    static func page(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let m = try await model(request, context, services)
        return services.layout.response(page: PageContext(title: "Baromètre", context: context, lab: m.lab, section: "barometer"), body: BarometerPages.page(m))
    }

    static func csv(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let m = try await model(request, context, services)
        return ExportRoutes.csvResponse(
            BarometerPages.csv(m), filename: "barometre-\(m.lab.slug)-\(m.period.fromText)-\(m.period.toText).csv")
    }
}
