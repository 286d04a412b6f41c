import AlliancesCore
import Foundation
import Hummingbird

/// The network dashboard: every lab's figures side by side for a period, as tables, small
/// multiples and CSV, for the network admins and the labs' facilitators (see
/// `NetworkDashboard` for whose figures each sees); and each lab's choice to show them.
enum NetworkDashboardRoutes {
    static func register(_ routes: RouteTable) {
        routes.get("/reseau/tableau-de-bord", page)
        routes.get("/reseau/tableau-de-bord.csv", csv)
        routes.post("/labs/:lab/partage-des-chiffres", share)
    }

    static func model(_ request: Request, _ context: AppContext, _ services: Services) async throws
        -> NetworkDashboardPages.Model
    {
        guard let viewer = context.viewer else { throw AppError.loginRequired }
        guard NetworkDashboard.canSee(viewer) else { throw AppError.forbidden }
        let period = try BarometerRoutes.period { request.uri.queryParameters.get($0) }
        let (labs, references) = try await services.database.withConnection { db in
            (try await services.labs.all(on: db), try await services.barometer.store.references(on: db))
        }
        let visible = Set(
            NetworkDashboard.visibleLabs(viewer, labs: labs.map { (id: $0.id, sharesFigures: $0.sharesFigures) }))
        let service = NetworkDashboardService(services: services)
        var columns: [NetworkDashboardPages.Column] = []
        for lab in labs where visible.contains(lab.id) {
            columns.append(.init(lab: lab, figures: try await service.figures(lab, period: period)))
        }
        let current = BarometerRoutes.currentYear
        return NetworkDashboardPages.Model(
            period: period, years: Array((current - 5)...current), columns: columns,
            hidden: labs.filter { !visible.contains($0.id) }.map(\.summary),
            references: references.map(\.figure),
            choices: labs.filter { NetworkDashboard.canChooseSharing(viewer, labID: $0.id) })
    }

    static func page(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let m = try await model(request, context, services)
        return services.layout.response(
            page: PageContext(
                title: "Tableau de bord du réseau", context: context, section: "dashboard",
                flash: request.uri.queryParameters.get("partage").map {
                    $0 == "1"
                        ? "Les chiffres du labo sont montrés aux autres labos."
                        : "Les chiffres du labo ne sont plus montrés aux autres labos."
                }),
            body: NetworkDashboardPages.page(m, csrf: context.csrfToken))
    }

    static func csv(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let m = try await model(request, context, services)
        return ExportRoutes.csvResponse(
            NetworkDashboardPages.csv(m), filename: "tableau-de-bord-reseau-\(m.period.fromText)-\(m.period.toText).csv"
        )
    }

    /// A lab's facilitator (or a network admin) shows the lab's figures to the other labs,
    /// or stops: `partage=1` or `0`.
    static func share(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        guard context.viewer != nil else { throw AppError.loginRequired }
        let shares: Bool
        switch context.form["partage"] {
        case "1": shares = true
        case "0": shares = false
        default: throw AppError.badRequest("Choix de partage invalide : indiquez « partage » à 1 ou 0.")
        }
        try await services.database.transaction { db in
            let lab = try await services.lab(context, on: db)
            guard NetworkDashboard.canChooseSharing(context.viewer, labID: lab.id) else { throw AppError.forbidden }
            try await services.labs.setSharesFigures(id: lab.id, shares, on: db)
            try await AuditLog.record(
                .labFiguresShared, by: context.viewer?.userID, lab: lab.id,
                target: "lab:\(lab.slug):\(shares ? "reseau" : "labo")", on: db)
        }
        return redirect(to: "/reseau/tableau-de-bord?partage=\(shares ? 1 : 0)")
    }
}
