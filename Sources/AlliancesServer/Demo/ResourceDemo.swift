import AlliancesCore
import SQLKit

/// Pooled resources of the Alsace demo lab: among them the minibus and the meeting room
/// that two 2015 commitments promised, each kind of resource and condition once, and a
/// few bookings (accepted and awaiting an answer) in the weeks after the demo is loaded.
struct ResourceDemo: DemoContributor {
    let name = "resources"

    struct Item {
        let organisation: String
        let kind: ResourceKind
        let title: String
        let description: String
        let commune: String
        let audience: ResourceAudience
        let conditions: ResourceConditions
        var price: String? = nil
        var exchange: String? = nil
        var quantity = 1
        /// Weekdays (1 = Monday) and hours.
        let days: [Int]
        let hours: (String, String)
    }

    static let items: [Item] = [
        Item(
            organisation: "transports-rhenans", kind: .vehicle, title: "Minibus 9 places",
            description: "Prêté le week-end aux clubs et associations du territoire, plein fait au retour.",
            commune: "68224", audience: .lab, conditions: .costShare, price: "15", days: [6, 7],
            hours: ("08:00", "20:00")),
        Item(
            organisation: "alsace-precision", kind: .room, title: "Salle de réunion (20 places)",
            description: "Au rez-de-chaussée, accessible, avec écran. Deux soirs par semaine.", commune: "67482",
            audience: .lab, conditions: .free, days: [2, 4], hours: ("18:00", "22:00")),
        Item(
            organisation: "numeria", kind: .skills, title: "Journées de conseil en modèle économique",
            description: "Une consultante accompagne une association qui revoit son modèle économique.",
            commune: "67482", audience: .network, conditions: .exchange,
            exchange: "Un retour d'expérience écrit pour la bibliothèque du labo", quantity: 2, days: [1, 2, 3, 4, 5],
            hours: ("09:00", "17:00")),
        Item(
            organisation: "atelier-numerique", kind: .equipment, title: "Ordinateurs portables reconditionnés",
            description: "Huit ordinateurs pour des ateliers ; à retirer et rapporter à l'atelier.", commune: "67180",
            audience: .network, conditions: .free, quantity: 8, days: [1, 2, 3, 4, 5, 6], hours: ("09:00", "18:00")),
        Item(
            organisation: "coop-ried", kind: .storage, title: "Local de stockage (20 m²)",
            description: "Local sec et fermé, accès sur rendez-vous.", commune: "67462", audience: .registered,
            conditions: .costShare, price: "20", days: [1, 3, 5], hours: ("08:00", "17:00")),
        Item(
            organisation: "hexagone", kind: .software, title: "Licences de visioconférence",
            description: "Trois licences prêtées pour des réunions en ligne de plus de 40 minutes.", commune: "67482",
            audience: .lab, conditions: .free, quantity: 3, days: [1, 2, 3, 4, 5], hours: ("08:00", "20:00")),
        Item(
            organisation: "potagers", kind: .other, title: "Outils de jardinage partagés",
            description: "Bêches, râteaux, brouettes pour des chantiers solidaires.", commune: "67462", audience: .lab,
            conditions: .free, quantity: 4, days: [3, 6], hours: ("09:00", "12:00"))
    ]

    func load(into db: any SQLDatabase, context: DemoContext) async throws {
        guard let lab = context.labs["alsace"] else { return }
        let store = ResourceStore()
        let now = nowSeconds()
        var ids: [Int] = []
        for item in Self.items {
            guard let organisation = context.organisations[item.organisation] else { continue }
            var input = ResourceInput(
                organisationID: String(organisation), kind: item.kind.rawValue, title: item.title,
                description: item.description, audience: item.audience.rawValue,
                conditions: item.conditions.rawValue, price: item.price, exchange: item.exchange,
                quantity: String(item.quantity))
            for day in item.days { input.hours[day] = item.hours }
            guard case .success(let draft) = ResourceDraft.validate(input) else { continue }
            ids.append(
                try await store.insert(
                    labID: lab.id, draft: draft, communeCode: item.commune, userID: nil, at: now, on: db))
        }
        // The minibus, next Saturday and the one after (accepted), and a Sunday asked for.
        let today = Paris.local(now).minuteIndex / 1_440
        let saturday = today + (6 - LocalDateTime.weekday(day: today) + 7) % 7 + 7
        if let minibus = ids.first, let club = context.organisations["sport-colmar"] {
            for (day, status) in [
                (saturday, BookingStatus.accepted), (saturday + 7, .accepted), (saturday + 8, .requested)
            ] {
                let request = BookingRequest(
                    start: LocalDateTime(minuteIndex: day * 1_440 + 8 * 60),
                    end: LocalDateTime(minuteIndex: day * 1_440 + 19 * 60), quantity: 1,
                    message: "Déplacement de l'équipe des moins de 15 ans.")
                let id = try await store.insertBooking(
                    resourceID: minibus, userID: nil, organisationID: club, request: request, at: now, on: db)
                if status != .requested {
                    _ = try await store.setStatus(
                        id: id, from: [.requested], to: status, answer: nil, by: nil, at: now, on: db)
                }
            }
        }
        context.notes.append(
            "Demo resources: \(ids.count) pooled resources in /labs/alsace/ressources (for signed-in members)."
        )
    }
}
