import AlliancesCore

/// A pooled resource in the API: what it is, who lends it, on what terms and when.
struct ResourceDTO: Codable, Sendable {
    struct Hours: Codable, Sendable {
        /// 1 = Monday … 7 = Sunday.
        let weekday: Int
        let opens: String
        let closes: String
    }

    struct Page: Codable, Sendable {
        let items: [ResourceDTO]
        let total: Int
        let page: Int
        let limit: Int
        /// The next page's `cursor`, nil on the last page.
        let nextCursor: String?
    }

    let id: Int
    /// The slug of the lab it is lent in (a network list holds several labs').
    let lab: String
    let organisationId: Int
    let organisationName: String
    let kind: String
    let title: String
    let description: String?
    let communeCode: String?
    let communeName: String?
    let audience: String
    let conditions: String
    let priceCents: Int?
    let exchange: String?
    let quantity: Int
    let openingHours: [Hours]
    let closedDates: [String]
    let active: Bool

    init(_ r: Resource, labSlug: String) {
        id = r.id
        lab = labSlug
        organisationId = r.organisationID
        organisationName = r.organisationName
        kind = r.kind.rawValue
        title = r.title
        description = r.description
        communeCode = r.communeCode
        communeName = r.communeName
        audience = r.audience.rawValue
        conditions = r.conditions.rawValue
        priceCents = r.priceCents
        exchange = r.exchange
        quantity = r.quantity
        openingHours = r.hours.days.keys.sorted().compactMap { day in
            r.hours.days[day].map {
                Hours(weekday: day, opens: WeeklyHours.clock($0.open), closes: WeeklyHours.clock($0.close))
            }
        }
        closedDates = r.closedDates
        active = r.active
    }
}
