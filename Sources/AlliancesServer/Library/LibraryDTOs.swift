import AlliancesCore

/// An experience sheet in the API: its published version only (drafts and reviews stay
/// in the web pages of their authors and the lab's team).
struct ExperienceDTO: Codable, Sendable {
    struct Summary: Codable, Sendable {
        let id: Int
        let title: String
        let summary: String
        let territory: String?
        let questions: [String]
        let themes: [String]
        let modes: [String]
        let governance: String?
        let scaling: String
        let worlds: [String]
        let departements: [String]
        let visibility: String
        let organisationIds: [Int]
        let publishedAt: Int
        let url: String

        init(_ e: LibraryEntry, labSlug: String) {
            (id, title, summary, territory) = (e.id, e.title, e.summary, e.territory)
            questions = e.questions.map(\.rawValue)
            themes = e.themes.map(\.rawValue)
            modes = e.modes.map(\.rawValue)
            governance = e.governance?.rawValue
            scaling = e.scaling.rawValue
            worlds = e.worlds.map(\.rawValue).sorted()
            departements = e.departements.sorted()
            visibility = e.visibility.rawValue
            organisationIds = e.organisationIDs
            publishedAt = e.publishedAt
            url = "/labs/\(labSlug)/bibliotheque/\(e.id)"
        }
    }

    struct Page: Codable, Sendable {
        let items: [Summary]
        let total: Int
        let page: Int
        let limit: Int
        /// The next page's `cursor`, nil on the last page.
        let nextCursor: String?
    }

    struct Organisation: Codable, Sendable {
        let id: Int
        let name: String
        let kind: String
        let role: String?
    }

    struct Result: Codable, Sendable {
        let indicator: String
        let value: String
        let date: String?
    }

    struct Link: Codable, Sendable {
        let label: String
        let url: String
    }

    let id: Int
    let version: Int
    let title: String
    let summary: String
    let territory: String?
    let organisations: [Organisation]
    let questions: [String]
    let themes: [String]
    let modes: [String]
    let governance: String?
    let scaling: String
    let visibility: String
    let context: String?
    let timeline: [String]
    let economicModel: String?
    let results: [Result]
    let lessons: String?
    let links: [Link]
    let partnershipId: Int?
    let publishedAt: Int?
    let url: String

    init(_ sheet: ExperienceSheet, _ v: SheetVersion, cards: [Int: OrganisationStore.Card], labSlug: String) {
        let d = v.draft
        (id, version, title, summary, territory) = (sheet.id, v.number, d.title, d.summary, d.territory)
        organisations = d.parties.compactMap { p in
            cards[p.organisationID].map { Organisation(id: $0.id, name: $0.name, kind: $0.kind.rawValue, role: p.role) }
        }
        questions = d.questions.map(\.rawValue)
        themes = d.themes.map(\.rawValue)
        modes = d.modes.map(\.rawValue)
        governance = d.governance?.rawValue
        scaling = d.scaling.rawValue
        visibility = sheet.visibility.rawValue
        (context, timeline, economicModel, lessons) = (d.context, d.timeline, d.economicModel, d.lessons)
        results = d.results.map { Result(indicator: $0.indicator, value: $0.value, date: $0.date) }
        links = d.links.map { Link(label: $0.label, url: $0.url) }
        partnershipId = sheet.partnershipID
        publishedAt = sheet.publishedAt
        url = "/labs/\(labSlug)/bibliotheque/\(sheet.id)"
    }
}
