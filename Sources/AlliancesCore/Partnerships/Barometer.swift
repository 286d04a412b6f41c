/// A calendar day as `yyyymmdd`, so that periods compare as integers.
public typealias DayNumber = Int

extension CalendarDate {
    /// "2015-01-08" → 20150108.
    public static func number(_ text: String) -> DayNumber? {
        parse(text).map { $0.year * 10_000 + $0.month * 100 + $0.day }
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

    public init(id: Int, parties: [Party], modes: ModeSet, themes: ThemeSet, stage: PartnershipStage, start: DayNumber, end: DayNumber?,
                euros: Int = 0, hours: Int = 0, peopleReached: Int = 0, jobs: Int = 0) {
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
    public static func wilson(successes: Int, sample: Int, population: Int? = nil, z: Double = 1.959964) -> ConfidenceInterval? {
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
    public var population: [ActorCell: Int]
    public var partnerships: [PartnershipFact]
    public var survey: [SurveyAnswer]

    public init(population: [ActorCell: Int], partnerships: [PartnershipFact], survey: [SurveyAnswer]) {
        self.population = population
        self.partnerships = partnerships
        self.survey = survey
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
        var engaged: [Int: ActorCell] = [:]
        var companyModes: [Int: ModeSet] = [:]
        var associationModes: [Int: ModeSet] = [:]
        var modeCounts = [Int](repeating: 0, count: ModeGroup.allCases.count)
        var themePartnerships = [Int](repeating: 0, count: Theme.allCases.count)
        var themeActors = [Set<Int>](repeating: [], count: Theme.allCases.count)
        var active = 0, construction = 0, euros = 0, hours = 0, people = 0, jobs = 0
        for p in data.partnerships {
            guard p.isActive(during: period) else {
                if p.isInConstruction(during: period) { construction += 1 }
                continue
            }
            active += 1
            euros += p.euros
            hours += p.hours
            people += p.peopleReached
            jobs += p.jobs
            for (index, group) in ModeGroup.allCases.enumerated() where !p.modes.intersection(group.modes).isEmpty { modeCounts[index] += 1 }
            let themes = p.themes.themes
            for theme in themes { themePartnerships[Theme.allCases.firstIndex(of: theme)!] += 1 }
            for party in p.parties {
                guard let cell = party.cell else { continue }
                engaged[party.organisationID] = cell
                if cell.kind == .company { companyModes[party.organisationID, default: ModeSet(rawValue: 0)].rawValue |= p.modes.rawValue }
                if cell.kind == .association { associationModes[party.organisationID, default: ModeSet(rawValue: 0)].rawValue |= p.modes.rawValue }
                for theme in themes { themeActors[Theme.allCases.firstIndex(of: theme)!].insert(party.organisationID) }
            }
        }
        var shares: [BarometerSegment: Share] = [:]
        for segment in Self.segments {
            shares[segment] = Share(count: engaged.values.reduce(0) { $0 + (segment.contains($1) ? 1 : 0) }, population: data.population(of: segment))
        }
        let modes = ModeGroup.allCases.enumerated().map { index, group in
            BarometerResult.ModeRow(
                group: group,
                companies: Share(count: companyModes.values.filter { !$0.intersection(group.modes).isEmpty }.count, population: companyModes.count),
                associations: Share(count: associationModes.values.filter { !$0.intersection(group.modes).isEmpty }.count, population: associationModes.count),
                partnerships: modeCounts[index])
        }
        let themes = Theme.allCases.enumerated().map { index, theme in
            BarometerResult.ThemeRow(theme: theme, partnerships: themePartnerships[index], actors: themeActors[index].count)
        }
        var byDepartement: [String: (a: Int, c: Int, all: Int)] = [:]
        for cell in engaged.values {
            guard let code = cell.departement else { continue }
            var row = byDepartement[code, default: (0, 0, 0)]
            row.all += 1
            if cell.kind == .association { row.a += 1 }
            if cell.kind == .company { row.c += 1 }
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
            return BarometerResult.DepartementRow(code: code, associations: Share(count: n.a, population: d.a),
                                                  companies: Share(count: n.c, population: d.c), all: Share(count: n.all, population: d.all))
        }
        return BarometerResult(period: period, segments: shares, modes: modes, themes: themes, departements: departements,
                               activePartnerships: active, inConstruction: construction, engagedActors: engaged.count,
                               populationTotal: data.population.values.reduce(0, +), euros: euros, hours: hours, peopleReached: people, jobs: jobs)
    }

    /// Year by year: the share of each segment engaged during each calendar year.
    /// Denominators are today's active population (the directory does not know past
    /// populations); the page says so.
    public static func evolution(_ data: BarometerData, years: [Int]) -> [(year: Int, segments: [BarometerSegment: Share])] {
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
            return SurveyEstimate.Row(segment: segment, population: population, respondents: mine.count, engaged: engaged,
                                      interval: ConfidenceInterval.wilson(successes: engaged, sample: mine.count, population: population > 0 ? population : nil))
        }
        let engagedCompanies = answers.filter { $0.cell!.kind == .company && $0.partnerships > 0 }
        let modes = ModeGroup.allCases.map { group in
            let k = engagedCompanies.filter { !$0.modes.intersection(group.modes).isEmpty }.count
            return SurveyEstimate.ModeRow(group: group, companies: Share(count: k, population: engagedCompanies.count),
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
        .init(key: "associations", label: "Associations ayant au moins un partenariat", percent: 38, source: phareAssociations, year: 2015, cited: false),
        .init(key: "associations-employeuses", label: "Associations employeuses ayant au moins un partenariat", percent: 53, source: phareAssociations, year: 2015, cited: false),
        .init(key: "entreprises-10-salaries", label: "Entreprises de 10 salariés et plus ayant au moins un partenariat", percent: 37, source: phareCompanies, year: 2015, cited: false),
        .init(key: "mode:pratiques-responsables", label: "Pratiques responsables, parmi les entreprises partenaires", percent: 45, source: phareCompanies, year: 2015, cited: false),
        .init(key: "mode:mecenat", label: "Mécénat, parmi les entreprises partenaires", percent: 30, source: phareCompanies, year: 2015, cited: false),
        .init(key: "mode:cooperation-economique", label: "Coopération économique, parmi les entreprises partenaires", percent: 25, source: phareCompanies, year: 2015, cited: false),
        .init(key: "mode:innovation-societale", label: "Innovation sociétale, parmi les entreprises partenaires", percent: 16, source: phareCompanies, year: 2015, cited: false),
        .init(key: "associations", label: "Associations ayant engagé un partenariat", percent: 46, source: programme, year: 2015, cited: true),
        .init(key: "ge", label: "Grandes entreprises ayant engagé un partenariat", percent: 60, source: programme, year: 2015, cited: true),
        .init(key: "pme", label: "PME ayant engagé un partenariat", percent: 36, source: programme, year: 2015, cited: true),
        .init(key: "tpe", label: "TPE ayant engagé un partenariat", percent: 20, source: programme, year: 2015, cited: true),
    ]

    /// Keys a reference may use.
    public static var keys: [(key: String, label: String)] {
        BarometerSegment.allCases.map { ($0.rawValue, $0.label) } + ModeGroup.allCases.map { ($0.key, "Mode : " + $0.label) }
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
    public static func validate(key rawKey: String?, label rawLabel: String?, percent rawPercent: String?, source rawSource: String?,
                                year rawYear: String?, cited: Bool) -> Result<ReferenceFigure, ValidationErrors> {
        var errors = ValidationErrors()
        let key = TextRules.clean(rawKey)
        if key == nil || !keys.contains(where: { $0.key == key }) { errors.add("key", "Choisissez l'indicateur auquel la référence se compare.") }
        let label = TextRules.check(rawLabel, field: "label", label: "L'intitulé", required: true, maxLength: 200, minLength: 3, into: &errors)
        let source = TextRules.check(rawSource, field: "source", label: "La source", required: true, maxLength: 300, minLength: 3, into: &errors)
        var percent: Double?
        if let text = TextRules.clean(rawPercent) {
            let normalised = String(text.map { $0 == "," ? "." : $0 }.filter { $0 != "%" && $0 != " " && $0 != "\u{202F}" })
            if let value = Double(normalised), value >= 0, value <= 100 { percent = value } else {
                errors.add("percent", "La valeur doit être un pourcentage entre 0 et 100 (ex. 37 ou 37,5).")
            }
        } else {
            errors.add("percent", "La valeur est obligatoire.")
        }
        let year = ListingDraft.integer(rawYear, field: "year", label: "L'année", range: 1990...2100, unit: "", into: &errors)
        if year == nil && errors.message(for: "year") == nil { errors.add("year", "L'année de la source est obligatoire.") }
        guard errors.isEmpty, let key, let label, let source, let percent, let year else { return .failure(errors) }
        return .success(ReferenceFigure(key: key, label: label, percent: percent, source: source, year: year, cited: cited))
    }
}
