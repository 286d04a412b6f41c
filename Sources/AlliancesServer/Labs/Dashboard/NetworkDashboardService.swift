import AlliancesCore
import SQLKit

/// Gathers one lab's figures for the network dashboard, each from the store of the
/// capability that owns them: the directory's counts (cached per lab version), the
/// barometer's report (cached likewise), and a handful of indexed counts per lab.
struct NetworkDashboardService: Sendable {
    let services: Services

    func figures(_ lab: Lab, period: Period) async throws -> LabFigures {
        let report = try await services.barometer.report(
            lab: lab, period: period, currentYear: BarometerRoutes.currentYear)
        var figures = LabFigures()
        figures.engagedAssociations = report.result.segments[.associations] ?? figures.engagedAssociations
        figures.engagedCompanies = report.result.segments[.companies] ?? figures.engagedCompanies
        figures.partnerships = report.result.activePartnerships
        for row in report.result.modes { figures.partnershipsByMode[row.group.key] = row.partnerships }
        let from = LocalDateTime(period.fromText + "T00:00").map(Paris.seconds) ?? 0
        let to = (LocalDateTime(period.toText + "T23:59").map(Paris.seconds) ?? 0) + 60
        try await services.database.withConnection { db in
            for (kind, n) in try await LabRoutes.counts(lab, services, on: db).byKind {
                figures.organisations[NetworkWorld.of(kind), default: 0] += n
            }
            (figures.needs, figures.offers) = try await ListingStore().publishedCounts(
                labID: lab.id, from: from, to: to, on: db)
            (figures.introductions, figures.acceptedIntroductions) = try await IntroductionStore().counts(
                labID: lab.id, from: from, to: to, on: db)
            (figures.events, figures.registrations, figures.attendees) = try await RegistrationStore().labFigures(
                labID: lab.id, fromDay: period.fromText, toDay: period.toText, on: db)
            figures.sheets = try await LibraryStore().publishedCount(labID: lab.id, from: from, to: to, on: db)
            let minutes = (
                LocalDateTime(period.fromText + "T00:00")?.minuteIndex ?? 0,
                (LocalDateTime(period.toText + "T00:00")?.minuteIndex ?? 0) + 1_440
            )
            figures.resources = try await ResourceStore().indicators(
                labID: lab.id, from: minutes.0, to: minutes.1, on: db
            ).offered.values.reduce(0, +)
        }
        return figures
    }
}
