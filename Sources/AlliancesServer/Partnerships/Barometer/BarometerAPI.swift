import AlliancesCore
import Foundation
import Hummingbird

/// `/api/v1/labs/:lab/barometer`: the figures of the page, with the survey's separate
/// estimate and the national references.
enum BarometerAPI {
    static func register(_ routes: RouteTable) {
        routes.get("/api/v1/labs/:lab/barometer", answer)
    }

    static func answer(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let m = try await BarometerRoutes.model(request, context, services)
        let r = m.report.result
        func segments(_ shares: [BarometerSegment: Share]) -> [BarometerDTO.Segment] {
            BarometerSegment.allCases.map {
                .init(key: $0.rawValue, label: $0.label, share: ShareDTO(shares[$0] ?? Share(count: 0, population: 0)))
            }
        }
        let dto = BarometerDTO(
            from: m.period.fromText, to: m.period.toText, activePartnerships: r.activePartnerships,
            inConstruction: r.inConstruction,
            segments: segments(r.segments),
            modes: r.modes.map {
                .init(
                    key: $0.group.key, label: $0.group.label, partnerships: $0.partnerships,
                    companies: ShareDTO($0.companies), associations: ShareDTO($0.associations))
            },
            evolution: m.report.evolution.map { .init(year: $0.year, segments: segments($0.segments)) },
            survey: m.report.survey.rows.map {
                .init(
                    key: $0.segment.rawValue, population: $0.population, respondents: $0.respondents,
                    engaged: $0.engaged,
                    share: $0.share, lower: $0.interval?.lower, upper: $0.interval?.upper)
            },
            references: m.references.map {
                .init(
                    key: $0.figure.key, label: $0.figure.label, percent: $0.figure.percent, source: $0.figure.source,
                    year: $0.figure.year, cited: $0.figure.cited)
            })
        return JSONResponse.make(dto)
    }
}
