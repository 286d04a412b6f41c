import AlliancesCore
import Hummingbird
import SQLKit

/// The network view (all labs) and each lab's home page with its key counts.
enum LabRoutes {
    struct LabCounts {
        let lab: Lab
        let byKind: [ActorKind: Int]
        var total: Int { byKind.values.reduce(0, +) }
    }

    static func register(on router: Router<AppContext>, services: Services) {
        router.get("/") { _, context in try await network(context, services) }
        router.get("/labs/:lab") { _, context in try await home(context, services) }
    }

    static func counts(_ lab: Lab, _ services: Services, on db: any SQLDatabase) async throws -> LabCounts {
        // One cached entry per kind, all tagged with the lab's data version.
        var byKind: [ActorKind: Int] = [:]
        var computed: [ActorKind: Int]?
        for kind in ActorKind.allCases {
            byKind[kind] = try await services.counts.count(lab: lab, key: "home|\(kind.rawValue)") {
                if computed == nil { computed = try await services.organisations.countsByKind(labID: lab.id, on: db) }
                return computed?[kind] ?? 0
            }
        }
        return LabCounts(lab: lab, byKind: byKind)
    }

    static func network(_ context: AppContext, _ services: Services) async throws -> Response {
        let all = try await services.database.withConnection { db in
            var result: [LabCounts] = []
            for lab in try await services.labs.all(on: db) { result.append(try await counts(lab, services, on: db)) }
            return result
        }
        let cards: [HTML] = all.map { item in
            """
            <li class="card"><h2><a href="/labs/\(item.lab.slug)">\(item.lab.name)</a></h2><p class="muted">\(item.lab.perimeter.label)</p><p><span class="figure">\(frenchNumber(item.total))</span> acteurs en activité</p></li>
            """
        }
        let total = all.reduce(0) { $0 + $1.total }
        let body: HTML = """
        <h1>Les labos du réseau</h1>
        <p>Chaque labo territorial est le lieu neutre où associations, entreprises, collectivités, universités et structures de l'ESS de son territoire se rencontrent et construisent des alliances.</p>
        <p><strong>\(frenchNumber(total))</strong> acteurs en activité dans \(all.count) labo\(all.count > 1 ? "s" : "").</p>
        \(cards.isEmpty ? "<p class=\"notice\">Aucun labo pour l'instant. Lancez <code>alliances demo</code> ou créez-en un.</p>" as HTML : "<ul class=\"cards\">\(cards)</ul>")
        """
        return services.layout.response(page: PageContext(title: "Réseau", context: context, section: "network"), body: body)
    }

    static func home(_ context: AppContext, _ services: Services) async throws -> Response {
        let counts = try await services.database.withConnection { db in
            let lab = try await services.lab(context, on: db)
            return try await Self.counts(lab, services, on: db)
        }
        let lab = counts.lab
        let cards: [HTML] = ActorKind.allCases.compactMap { kind in
            guard let n = counts.byKind[kind], n > 0 else { return nil }
            return "<li class=\"card\"><a href=\"/labs/\(lab.slug)/organisations?type=\(kind.rawValue)\"><span class=\"figure\">\(frenchNumber(n))</span> \(kind.pluralLabel)</a></li>"
        }
        let body: HTML = """
        <h1>\(lab.name)</h1>
        <p class="muted">Territoire : \(lab.perimeter.label)</p>
        \(lab.description.map { "<p>\($0)</p>" as HTML } ?? .empty)
        <h2>Les acteurs du territoire</h2>
        <p><strong>\(frenchNumber(counts.total))</strong> organisations en activité dans l'annuaire.</p>
        <ul class="cards">\(cards)</ul>
        <p><a class="button" href="/labs/\(lab.slug)/organisations">Parcourir l'annuaire</a></p>
        """
        return services.layout.response(page: PageContext(title: "Accueil", context: context, lab: lab.summary, section: "home"), body: body)
    }
}
