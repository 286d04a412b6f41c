import AlliancesCore

/// The pages of pooled resources, as plain data.
enum ResourcePages {
    struct ListModel {
        let lab: LabSummary
        let kind: ResourceKind?
        let departement: String?
        /// The départements of the lab's perimeter, for the filter.
        let departements: [Departement]
        let query: String?
        let resources: [Resource]
        let total: Int
        let page: Int
        let canOffer: Bool
        /// `portee=reseau`: every lab's resources lent to the network or to anyone.
        var network = false
        /// Every lab by id, in the network's list (each resource links to its own lab).
        var labs: [Int: LabSummary] = [:]

        var pageCount: Int { max(1, (total + ResourceRoutes.pageSize - 1) / ResourceRoutes.pageSize) }
        /// The slug of a resource's lab, and its page there.
        func labSlug(_ r: Resource) -> String { labs[r.labID]?.slug ?? lab.slug }
        func href(_ r: Resource) -> String { "/labs/\(labSlug(r))/ressources/\(r.id)" }
        var filters: [(String, String)] {
            var query: [(String, String)] = []
            if network { query.append(("portee", "reseau")) }
            if let kind { query.append(("type", kind.rawValue)) }
            if let departement { query.append(("departement", departement)) }
            if let q = self.query { query.append(("q", q)) }
            return query
        }
        func pageURL(_ n: Int) -> String {
            "/labs/\(lab.slug)/ressources?" + URLEncoding.query(filters + [("page", String(n))])
        }
        var mapURL: String { url(setting: nil, to: nil, map: true) }
        /// The list or the map with the same filters, one of them set to another value.
        func url(setting name: String?, to value: String?, map: Bool) -> String {
            var query = filters.filter { $0.0 != name }
            if let name, let value { query.append((name, value)) }
            let path = "/labs/\(lab.slug)/ressources" + (map ? "/carte" : "")
            return query.isEmpty ? path : path + "?" + URLEncoding.query(query)
        }
    }

    struct FormModel {
        let lab: LabSummary
        let resourceID: Int?
        let input: ResourceInput
        let active: Bool
        let errors: ValidationErrors
        let organisations: [(id: Int, name: String)]
    }

    struct ShowModel {
        let lab: LabSummary
        let resource: Resource
        /// The week shown: its Monday, as a day number since 1970-01-01.
        let monday: Int
        /// The week's bookings: accepted ones, and requested ones for those who manage it.
        let bookings: [Booking]
        let photos: [ResourcePhoto]
        let manages: Bool
        let canBook: Bool
        let input: BookingInput
        let errors: ValidationErrors
        let flash: String?

        var base: String { "/labs/\(lab.slug)/ressources/\(resource.id)" }
    }

    struct MonthModel {
        let lab: LabSummary
        let resource: Resource
        let year: Int
        let month: Int
        /// Day numbers since 1970-01-01 of the month's first day and the next month's.
        let first: Int
        let next: Int
        let bookings: [Booking]
    }

    struct MineModel {
        let lab: LabSummary
        let resources: [Resource]
        let pending: [Booking]
        let accepted: [Booking]
    }

    static func notice(_ code: String) -> String {
        switch code {
        case "demande": "Demande envoyée : l'organisation qui prête la ressource vous répondra par message."
        case "photo": "Photo ajoutée."
        case "photo-retiree": "Photo retirée."
        case BookingStatus.accepted.rawValue: "Réservation acceptée : la personne est prévenue."
        case BookingStatus.declined.rawValue: "Demande refusée : la personne est prévenue."
        case BookingStatus.cancelled.rawValue: "Réservation annulée : l'autre partie est prévenue."
        default: "C'est fait."
        }
    }

    /// "lundi 14 décembre".
    static func dayTitle(_ day: Int) -> String {
        let date = LocalDateTime(minuteIndex: day * 1_440).date
        let french = CalendarDate.french(date)
        return WeeklyHours.dayNames[LocalDateTime.weekday(day: day) - 1] + " "
            + String(french[..<(french.lastIndex(of: " ") ?? french.endIndex)])
    }
}
