/// A calendar day as `yyyymmdd`, so that periods compare as integers.
public typealias DayNumber = Int

extension CalendarDate {
    /// "2015-01-08" → 20150108.
    public static func number(_ text: String) -> DayNumber? {
        number(Substring(text))
    }

    /// The same, read from the bytes without building strings (the barometer reads tens of
    /// thousands of dates at once).
    public static func number(_ text: Substring) -> DayNumber? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        var digits: [Int] = []
        for index in [0, 1, 2, 3, 5, 6, 8, 9] {
            let b = bytes[index]
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            digits.append(Int(b - UInt8(ascii: "0")))
        }
        let y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3], m = digits[4] * 10 + digits[5],
            d = digits[6] * 10 + digits[7]
        guard (1900...2200).contains(y), (1...12).contains(m) else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        guard (1...[31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]).contains(d) else { return nil }
        return y * 10_000 + m * 100 + d
    }
}

/// A closed range of days: a year, or any period a lab reports on.
public struct Period: Sendable, Hashable {
    public let from: DayNumber
    public let to: DayNumber

    public init(from: DayNumber, to: DayNumber) {
        self.from = from
        self.to = to
    }

    public static func year(_ year: Int) -> Period { Period(from: year * 10_000 + 101, to: year * 10_000 + 1231) }

    /// The whole period is one calendar year.
    public var year: Int? { from % 10_000 == 101 && to == from - 101 + 1231 ? from / 10_000 : nil }

    public var fromText: String { Self.text(from) }
    public var toText: String { Self.text(to) }

    /// "en 2026", or "du 1 mars 2026 au 30 juin 2026", after a figure.
    public var label: String {
        if let year { return "en \(year)" }
        return "du \(CalendarDate.french(fromText)) au \(CalendarDate.french(toText))"
    }

    /// The period as the pages' query: `annee=2026`, or `du=…&au=…`.
    public var query: String {
        if let year { return "annee=\(year)" }
        return "du=\(fromText)&au=\(toText)"
    }

    static func text(_ day: DayNumber) -> String {
        let y = day / 10_000, m = day / 100 % 100, d = day % 100
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }
}

/// What the barometer knows of an actor: enough to put it in its segments.
public struct ActorCell: Sendable, Hashable {
    public var kind: ActorKind
    public var size: SizeClass?
    public var departement: String?
    /// From the SIRENE headcount band: known and not zero.
    public var employer: Bool

    public init(kind: ActorKind, size: SizeClass?, departement: String?, employer: Bool) {
        self.kind = kind
        self.size = size
        self.departement = departement
        self.employer = employer
    }
}

/// The groups of actors the barometer reports on, with the national references' keys.
public enum BarometerSegment: String, Sendable, CaseIterable, Hashable {
    case associations
    case employerAssociations = "associations-employeuses"
    case companies = "entreprises"
    case companies10 = "entreprises-10-salaries"
    case micro = "tpe"
    case sme = "pme"
    case midCap = "eti"
    case large = "ge"
    case localAuthorities = "collectivites"
    case others = "autres"

    public var label: String {
        switch self {
        case .associations: "Associations"
        case .employerAssociations: "Associations employeuses"
        case .companies: "Entreprises (toutes tailles)"
        case .companies10: "Entreprises de 10 salariés et plus"
        case .micro: "Micro-entreprises (TPE)"
        case .sme: "PME"
        case .midCap: "ETI"
        case .large: "Grandes entreprises"
        case .localAuthorities: "Collectivités territoriales"
        case .others: "Autres acteurs (organismes publics, universités, ESS, fondations, réseaux)"
        }
    }

    /// How the population is described on the page ("associations actives employeuses").
    public var population: String {
        switch self {
        case .associations: "associations actives"
        case .employerAssociations: "associations actives employeuses"
        case .companies: "entreprises actives"
        case .companies10: "entreprises actives de 10 salariés et plus (PME, ETI, GE)"
        case .micro: "micro-entreprises actives"
        case .sme: "PME actives"
        case .midCap: "ETI actives"
        case .large: "grandes entreprises actives"
        case .localAuthorities: "collectivités"
        case .others: "autres acteurs actifs"
        }
    }

    public func contains(_ cell: ActorCell) -> Bool {
        switch self {
        case .associations: cell.kind == .association
        case .employerAssociations: cell.kind == .association && cell.employer
        case .companies: cell.kind == .company
        case .companies10: cell.kind == .company && (cell.size == .sme || cell.size == .midCap || cell.size == .large)
        case .micro: cell.kind == .company && cell.size == .micro
        case .sme: cell.kind == .company && cell.size == .sme
        case .midCap: cell.kind == .company && cell.size == .midCap
        case .large: cell.kind == .company && cell.size == .large
        case .localAuthorities: cell.kind == .localAuthority
        case .others: cell.kind != .association && cell.kind != .company && cell.kind != .localAuthority
        }
    }
}

/// The references compare modes as the national study groups them: the three kinds of
/// patronage (mécénat) together.
public enum ModeGroup: Sendable, Hashable, CaseIterable {
    case patronage
    case mode(PartnershipMode)

    public static let allCases: [ModeGroup] = [.patronage] + PartnershipMode.allCases.map { .mode($0) }

    public var key: String {
        switch self {
        case .patronage: "mode:mecenat"
        case .mode(let mode): "mode:" + mode.rawValue
        }
    }

    public var label: String {
        switch self {
        case .patronage: "Mécénat (financier, en nature ou de compétences)"
        case .mode(let mode): mode.label
        }
    }

    public var modes: ModeSet {
        switch self {
        case .patronage: ModeSet([.financialPatronage, .inKindPatronage, .skillsPatronage])
        case .mode(let mode): ModeSet([mode])
        }
    }
}

/// A partnership as the barometer reads it.
public struct PartnershipFact: Sendable, Equatable {
    public struct Party: Sendable, Equatable {
        public var organisationID: Int
        /// `nil` when the organisation is closed: it is outside today's population.
        public var cell: ActorCell?

        public init(organisationID: Int, cell: ActorCell?) {
            self.organisationID = organisationID
            self.cell = cell
        }
    }

    public var id: Int
    public var parties: [Party]
    public var modes: ModeSet
    public var themes: ThemeSet
    public var stage: PartnershipStage
    public var start: DayNumber
    public var end: DayNumber?
    public var euros: Int
    public var hours: Int
    public var peopleReached: Int
    public var jobs: Int

    public init(
        id: Int, parties: [Party], modes: ModeSet, themes: ThemeSet, stage: PartnershipStage, start: DayNumber,
        end: DayNumber?,
        euros: Int = 0, hours: Int = 0, peopleReached: Int = 0, jobs: Int = 0
    ) {
        self.id = id
        self.parties = parties
        self.modes = modes
        self.themes = themes
        self.stage = stage
        self.start = start
        self.end = end
        self.euros = euros
        self.hours = hours
        self.peopleReached = peopleReached
        self.jobs = jobs
    }

    /// Counted during the period: at an engaged stage, started by its end, not ended before
    /// its beginning.
    public func isActive(during period: Period) -> Bool {
        stage.isEngaged && start <= period.to && (end.map { $0 >= period.from } ?? true)
    }

    /// In construction (first meeting, dialogue) during the period.
    public func isInConstruction(during period: Period) -> Bool {
        !stage.isEngaged && start <= period.to && (end.map { $0 >= period.from } ?? true)
    }
}

/// One answer to the yearly declarative survey.
public struct SurveyAnswer: Sendable, Equatable {
    public var organisationID: Int
    public var cell: ActorCell?
    public var year: Int
    public var partnerships: Int
    public var modes: ModeSet

    public init(organisationID: Int, cell: ActorCell?, year: Int, partnerships: Int, modes: ModeSet) {
        self.organisationID = organisationID
        self.cell = cell
        self.year = year
        self.partnerships = partnerships
        self.modes = modes
    }
}

/// A part of a population: how many, out of how many.
public struct Share: Sendable, Equatable {
    public var count: Int
    public var population: Int

    public init(count: Int, population: Int) {
        self.count = count
        self.population = population
    }

    /// `nil` for an empty population: a share of nothing is not 0 %.
    public var ratio: Double? { population > 0 ? Double(count) / Double(population) : nil }
}

/// A 95 % confidence interval of a proportion.
public struct ConfidenceInterval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Wilson's score interval for `successes` out of `sample`, with the finite-population
    /// correction when the sample is drawn from a known population of `population`
    /// (the effective sample size is n·(N−1)/(N−n); a full census has no uncertainty).
    /// Wilson rather than the normal approximation because lab surveys are small and the
    /// shares can be near 0 or 1, where the normal interval leaves [0, 1].
    public static func wilson(successes: Int, sample: Int, population: Int? = nil, z: Double = 1.959964)
        -> ConfidenceInterval?
    {
        guard sample > 0, successes >= 0, successes <= sample else { return nil }
        let p = Double(successes) / Double(sample)
        var n = Double(sample)
        if let population, population > 0 {
            if sample >= population { return ConfidenceInterval(lower: p, upper: p) }
            n = n * Double(population - 1) / Double(population - sample)
        }
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return ConfidenceInterval(lower: max(0, centre - half), upper: min(1, centre + half))
    }
}

/// What the barometer is computed from: today's active population of the lab, grouped,
/// its partnerships and its survey answers. Built from the database, computed here.
public struct BarometerData: Sendable {
    public let population: [ActorCell: Int]
    public let partnerships: [PartnershipFact]
    public let survey: [SurveyAnswer]

    /// The same partnerships as flat arrays, built once per data version, so a period is
    /// computed in one pass over the parties with no hashing (see BENCHMARKS.md).
    struct Compact: Sendable {
        /// Distinct cells of the parties, and per dense organisation index its cell (−1: closed).
        var cells: [ActorCell] = []
        var organisationCell: [Int32] = []
        var start: [Int32] = []
        var end: [Int32] = []
        var engaged: [Bool] = []
        var modes: [UInt16] = []
        var themes: [UInt32] = []
        var partyStart: [Int32] = [0]
        var partyOrganisations: [Int32] = []
    }

    let compact: Compact

    public init(population: [ActorCell: Int], partnerships: [PartnershipFact], survey: [SurveyAnswer]) {
        self.population = population
        self.partnerships = partnerships
        self.survey = survey
        var c = Compact()
        var dense: [Int: Int32] = [:]
        var cellIndex: [ActorCell: Int32] = [:]
        c.start.reserveCapacity(partnerships.count)
        for p in partnerships {
            c.start.append(Int32(p.start))
            c.end.append(Int32(p.end ?? 99_991_231))
            c.engaged.append(p.stage.isEngaged)
            c.modes.append(p.modes.rawValue)
            c.themes.append(p.themes.rawValue)
            for party in p.parties {
                let index: Int32
                if let known = dense[party.organisationID] {
                    index = known
                } else {
                    index = Int32(c.organisationCell.count)
                    dense[party.organisationID] = index
                    var cell: Int32 = -1
                    if let actor = party.cell {
                        if let known = cellIndex[actor] {
                            cell = known
                        } else {
                            cell = Int32(c.cells.count)
                            cellIndex[actor] = cell
                            c.cells.append(actor)
                        }
                    }
                    c.organisationCell.append(cell)
                }
                c.partyOrganisations.append(index)
            }
            c.partyStart.append(Int32(c.partyOrganisations.count))
        }
        compact = c
    }

    public func population(of segment: BarometerSegment) -> Int {
        population.reduce(0) { $0 + (segment.contains($1.key) ? $1.value : 0) }
    }

    /// The départements of the population, sorted.
    public var departements: [String] {
        Array(Set(population.keys.compactMap(\.departement))).sorted()
    }

    /// The years from the first partnership (or survey answer) to `lastYear`, at most `limit`.
    public func years(upTo lastYear: Int, limit: Int = 12) -> [Int] {
        let first = min(partnerships.map { $0.start / 10_000 }.min() ?? lastYear, survey.map(\.year).min() ?? lastYear)
        return Array(max(first, lastYear - limit + 1)...lastYear)
    }
}

/// The barometer for one period.
public struct BarometerResult: Sendable, Equatable {
    public struct ModeRow: Sendable, Equatable {
        public var group: ModeGroup
        /// Among the companies engaged during the period (how the national study reports modes).
        public var companies: Share
        public var associations: Share
        public var partnerships: Int
    }

    public struct ThemeRow: Sendable, Equatable {
        public var theme: Theme
        public var partnerships: Int
        public var actors: Int
    }

    public struct DepartementRow: Sendable, Equatable {
        public var code: String
        public var associations: Share
        public var companies: Share
        public var all: Share
    }

    public var period: Period
    public var segments: [BarometerSegment: Share]
    public var modes: [ModeRow]
    public var themes: [ThemeRow]
    public var departements: [DepartementRow]
    public var activePartnerships: Int
    public var inConstruction: Int
    public var engagedActors: Int
    public var populationTotal: Int
    public var euros: Int
    public var hours: Int
    public var peopleReached: Int
    public var jobs: Int
}

/// The survey's separate estimate for one year.
public struct SurveyEstimate: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var segment: BarometerSegment
        public var population: Int
        public var respondents: Int
        /// Respondents declaring at least one partnership.
        public var engaged: Int
        public var interval: ConfidenceInterval?

        public var responseRate: Double? { population > 0 ? Double(respondents) / Double(population) : nil }
        public var share: Double? { respondents > 0 ? Double(engaged) / Double(respondents) : nil }
    }

    public struct ModeRow: Sendable, Equatable {
        public var group: ModeGroup
        /// Among responding companies declaring at least one partnership.
        public var companies: Share
        public var interval: ConfidenceInterval?
    }

    public var year: Int
    public var respondents: Int
    public var rows: [Row]
    public var modes: [ModeRow]
}

public enum Barometer {
    /// The segments shown, in order.
    public static let segments: [BarometerSegment] = BarometerSegment.allCases

    public static func compute(_ data: BarometerData, period: Period) -> BarometerResult {
        let c = data.compact
        let organisations = c.organisationCell.count
        let groups = ModeGroup.allCases.map(\.modes.rawValue)
        var seen = [Bool](repeating: false, count: organisations)
        var organisationModes = [UInt16](repeating: 0, count: organisations)
        var organisationThemes = [UInt32](repeating: 0, count: organisations)
        var engagedList: [Int32] = []
        var modeCounts = [Int](repeating: 0, count: groups.count)
        var themePartnerships = [Int](repeating: 0, count: Theme.allCases.count)
        var active = 0, construction = 0, euros = 0, hours = 0, people = 0, jobs = 0
        let from = Int32(period.from), to = Int32(period.to)
        for index in 0..<c.start.count {
            guard c.start[index] <= to && c.end[index] >= from else { continue }
            guard c.engaged[index] else { construction += 1; continue }
            active += 1
            let fact = data.partnerships[index]
            euros += fact.euros
            hours += fact.hours
            people += fact.peopleReached
            jobs += fact.jobs
            let modes = c.modes[index], themes = c.themes[index]
            for (g, mask) in groups.enumerated() where modes & mask != 0 { modeCounts[g] += 1 }
            var bits = themes
            while bits != 0 {
                themePartnerships[bits.trailingZeroBitCount] += 1
                bits &= bits - 1
            }
            for p in Int(c.partyStart[index])..<Int(c.partyStart[index + 1]) {
                let organisation = Int(c.partyOrganisations[p])
                guard c.organisationCell[organisation] >= 0 else { continue }
                if !seen[organisation] {
                    seen[organisation] = true
                    engagedList.append(Int32(organisation))
                }
                organisationModes[organisation] |= modes
                organisationThemes[organisation] |= themes
            }
        }
        // Engaged actors per cell, then per segment, mode, theme and département.
        var perCell = [Int](repeating: 0, count: c.cells.count)
        var companyModes = [Int](repeating: 0, count: groups.count),
            associationModes = [Int](repeating: 0, count: groups.count)
        var companies = 0, associations = 0
        var themeActors = [Int](repeating: 0, count: Theme.allCases.count)
        for organisation in engagedList {
            let o = Int(organisation)
            let cell = Int(c.organisationCell[o])
            perCell[cell] += 1
            let kind = c.cells[cell].kind
            if kind == .company || kind == .association {
                if kind == .company { companies += 1 } else { associations += 1 }
                for (g, mask) in groups.enumerated() where organisationModes[o] & mask != 0 {
                    if kind == .company { companyModes[g] += 1 } else { associationModes[g] += 1 }
                }
            }
            var bits = organisationThemes[o]
            while bits != 0 {
                themeActors[bits.trailingZeroBitCount] += 1
                bits &= bits - 1
            }
        }
        var shares: [BarometerSegment: Share] = [:]
        for segment in Self.segments {
            var count = 0
            for (cell, n) in perCell.enumerated() where segment.contains(c.cells[cell]) { count += n }
            shares[segment] = Share(count: count, population: data.population(of: segment))
        }
        let modes = ModeGroup.allCases.enumerated().map { g, group in
            BarometerResult.ModeRow(
                group: group, companies: Share(count: companyModes[g], population: companies),
                associations: Share(count: associationModes[g], population: associations), partnerships: modeCounts[g])
        }
        let themes = Theme.allCases.enumerated().map { index, theme in
            BarometerResult.ThemeRow(theme: theme, partnerships: themePartnerships[index], actors: themeActors[index])
        }
        var byDepartement: [String: (a: Int, c: Int, all: Int)] = [:]
        for (cell, n) in perCell.enumerated() where n > 0 {
            let actor = c.cells[cell]
            guard let code = actor.departement else { continue }
            var row = byDepartement[code, default: (0, 0, 0)]
            row.all += n
            if actor.kind == .association { row.a += n }
            if actor.kind == .company { row.c += n }
            byDepartement[code] = row
        }
        var populationByDepartement: [String: (a: Int, c: Int, all: Int)] = [:]
        for (cell, count) in data.population {
            guard let code = cell.departement else { continue }
            var row = populationByDepartement[code, default: (0, 0, 0)]
            row.all += count
            if cell.kind == .association { row.a += count }
            if cell.kind == .company { row.c += count }
            populationByDepartement[code] = row
        }
        let departements = populationByDepartement.keys.sorted().map { code in
            let n = byDepartement[code, default: (0, 0, 0)], d = populationByDepartement[code]!
            return BarometerResult.DepartementRow(
                code: code, associations: Share(count: n.a, population: d.a),
                companies: Share(count: n.c, population: d.c), all: Share(count: n.all, population: d.all))
        }
        return BarometerResult(
            period: period, segments: shares, modes: modes, themes: themes, departements: departements,
            activePartnerships: active, inConstruction: construction, engagedActors: engagedList.count,
            populationTotal: data.population.values.reduce(0, +), euros: euros, hours: hours, peopleReached: people,
            jobs: jobs)
    }

    /// Year by year: the share of each segment engaged during each calendar year.
    /// Denominators are today's active population (the directory does not know past
    /// populations); the page says so.
    public static func evolution(_ data: BarometerData, years: [Int]) -> [(
        year: Int, segments: [BarometerSegment: Share]
    )] {
        years.map { year in (year, compute(data, period: .year(year)).segments) }
    }

    /// The survey's estimate for a year: per segment, the respondents, the share declaring
    /// at least one partnership and its 95 % interval (finite population corrected); per
    /// mode, the share among responding companies that declare partnerships.
    public static func survey(_ data: BarometerData, year: Int) -> SurveyEstimate {
        let answers = data.survey.filter { $0.year == year && $0.cell != nil }
        let rows = segments.map { segment in
            let mine = answers.filter { segment.contains($0.cell!) }
            let engaged = mine.filter { $0.partnerships > 0 }.count
            let population = data.population(of: segment)
            return SurveyEstimate.Row(
                segment: segment, population: population, respondents: mine.count, engaged: engaged,
                interval: ConfidenceInterval.wilson(
                    successes: engaged, sample: mine.count, population: population > 0 ? population : nil))
        }
        let engagedCompanies = answers.filter { $0.cell!.kind == .company && $0.partnerships > 0 }
        let modes = ModeGroup.allCases.map { group in
            let k = engagedCompanies.filter { !$0.modes.intersection(group.modes).isEmpty }.count
            return SurveyEstimate.ModeRow(
                group: group, companies: Share(count: k, population: engagedCompanies.count),
                interval: ConfidenceInterval.wilson(successes: k, sample: engagedCompanies.count))
        }
        return SurveyEstimate(year: year, respondents: answers.count, rows: rows, modes: modes)
    }
}

/// A national figure a lab compares itself with, always shown with its source and year and
/// never as the territory's own measurement.
public struct ReferenceFigure: Sendable, Equatable, Codable {
    /// A segment's raw value ("associations") or a mode group's key ("mode:mecenat").
    public var key: String
    public var label: String
    /// In percent, e.g. 37.
    public var percent: Double
    public var source: String
    public var year: Int
    /// Quoted by another document rather than taken from the study itself.
    public var cited: Bool

    public init(key: String, label: String, percent: Double, source: String, year: Int, cited: Bool) {
        self.key = key
        self.label = label
        self.percent = percent
        self.source = source
        self.year = year
        self.cited = cited
    }

    static let phareAssociations = "Observatoire national des partenariats (Le RAMEAU), étude PHARE-Associations"
    static let phareCompanies = "Observatoire national des partenariats (Le RAMEAU), étude PHARE-Entreprises"
    static let programme = "Programme de la Rencontre des pionniers des alliances en territoire (8 janvier 2015)"

    /// The figures a new network starts with (public facts, with their sources).
    public static let defaults: [ReferenceFigure] = [
        .init(
            key: "associations", label: "Associations ayant au moins un partenariat", percent: 38,
            source: phareAssociations, year: 2015, cited: false),
        .init(
            key: "associations-employeuses", label: "Associations employeuses ayant au moins un partenariat",
            percent: 53, source: phareAssociations, year: 2015, cited: false),
        .init(
            key: "entreprises-10-salaries", label: "Entreprises de 10 salariés et plus ayant au moins un partenariat",
            percent: 37, source: phareCompanies, year: 2015, cited: false),
        .init(
            key: "mode:pratiques-responsables", label: "Pratiques responsables, parmi les entreprises partenaires",
            percent: 45, source: phareCompanies, year: 2015, cited: false),
        .init(
            key: "mode:mecenat", label: "Mécénat, parmi les entreprises partenaires", percent: 30,
            source: phareCompanies, year: 2015, cited: false),
        .init(
            key: "mode:cooperation-economique", label: "Coopération économique, parmi les entreprises partenaires",
            percent: 25, source: phareCompanies, year: 2015, cited: false),
        .init(
            key: "mode:innovation-societale", label: "Innovation sociétale, parmi les entreprises partenaires",
            percent: 16, source: phareCompanies, year: 2015, cited: false),
        .init(
            key: "associations", label: "Associations ayant engagé un partenariat", percent: 46, source: programme,
            year: 2015, cited: true),
        .init(
            key: "ge", label: "Grandes entreprises ayant engagé un partenariat", percent: 60, source: programme,
            year: 2015, cited: true),
        .init(
            key: "pme", label: "PME ayant engagé un partenariat", percent: 36, source: programme, year: 2015,
            cited: true),
        .init(
            key: "tpe", label: "TPE ayant engagé un partenariat", percent: 20, source: programme, year: 2015,
            cited: true)
    ]

    /// Keys a reference may use.
    public static var keys: [(key: String, label: String)] {
        BarometerSegment.allCases.map { ($0.rawValue, $0.label) }
            + ModeGroup.allCases.map { ($0.key, "Mode : " + $0.label) }
    }
}

/// "37 %" / "37,5 %" with a narrow no-break space, French style.
public func frenchPercent(_ ratio: Double?, digits: Int = 0) -> String {
    guard let ratio else { return "—" }
    let scaled = ratio * 100
    if digits == 0 { return "\(Int(scaled.rounded()))\u{202F}%" }
    let factor = digits == 1 ? 10.0 : 100.0
    let rounded = (scaled * factor).rounded() / factor
    let whole = Int(rounded)
    let fraction = Int(((rounded - Double(whole)) * factor).rounded())
    let fractionText = String(fraction)
    return "\(whole),\(String(repeating: "0", count: max(0, digits - fractionText.count)))\(fractionText)\u{202F}%"
}

extension ReferenceFigure {
    /// Checks a reference typed by a network admin.
    public static func validate(
        key rawKey: String?, label rawLabel: String?, percent rawPercent: String?, source rawSource: String?,
        year rawYear: String?, cited: Bool
    ) -> Result<ReferenceFigure, ValidationErrors> {
        var errors = ValidationErrors()
        let key = TextRules.clean(rawKey)
        if key == nil || !keys.contains(where: { $0.key == key }) {
            errors.add("key", "Choisissez l'indicateur auquel la référence se compare.")
        }
        let label = TextRules.check(
            rawLabel, field: "label", label: "L'intitulé", required: true, maxLength: 200, minLength: 3, into: &errors)
        let source = TextRules.check(
            rawSource, field: "source", label: "La source", required: true, maxLength: 300, minLength: 3, into: &errors)
        var percent: Double?
        if let text = TextRules.clean(rawPercent) {
            let normalised = String(
                text.map { $0 == "," ? "." : $0 }.filter { $0 != "%" && $0 != " " && $0 != "\u{202F}" })
            if let value = Double(normalised), value >= 0, value <= 100 {
                percent = value
            } else {
                errors.add("percent", "La valeur doit être un pourcentage entre 0 et 100 (ex. 37 ou 37,5).")
            }
        } else {
            errors.add("percent", "La valeur est obligatoire.")
        }
        let year = ListingDraft.integer(
            rawYear, field: "year", label: "L'année", range: 1990...2100, unit: "", into: &errors)
        if year == nil && errors.message(for: "year") == nil {
            errors.add("year", "L'année de la source est obligatoire.")
        }
        guard errors.isEmpty, let key, let label, let source, let percent, let year else { return .failure(errors) }
        return .success(
            ReferenceFigure(key: key, label: label, percent: percent, source: source, year: year, cited: cited))
    }
}
