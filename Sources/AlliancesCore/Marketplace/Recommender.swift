/// What the recommender knows of a need, an offer or an organisation. The server builds
/// these from its tables; tests and benchmarks build them by hand.
public struct MatchProfile: Sendable {
    public enum Subject: Sendable, Hashable {
        case listing(id: Int, kind: ListingKind)
        case organisation(id: Int)
    }

    public var subject: Subject
    public var organisationID: Int
    public var organisationName: String
    public var actorKind: ActorKind
    public var sizeClass: SizeClass?
    /// Declared modes for a listing; for an organisation, the modes its kind can bring.
    public var modes: ModeSet
    public var themes: ThemeSet
    public var latitude: Double?
    public var longitude: Double?
    public var communeName: String?
    /// A listing's reach around its commune; nil = the lab's whole territory.
    public var radiusKm: Double?
    public var euros: Int?
    public var hours: Int?
    public var text: String
    public var updatedAt: Int
    /// Visible to visitors and members of other labs (listings marked "public";
    /// organisations of the directory are public).
    public var isPublic: Bool
    /// A listing's title, for display.
    public var title: String?

    public init(
        subject: Subject, organisationID: Int, organisationName: String, actorKind: ActorKind,
        sizeClass: SizeClass? = nil,
        modes: ModeSet, themes: ThemeSet, latitude: Double? = nil, longitude: Double? = nil, communeName: String? = nil,
        radiusKm: Double? = nil, euros: Int? = nil, hours: Int? = nil, text: String, updatedAt: Int,
        isPublic: Bool = true, title: String? = nil
    ) {
        self.subject = subject
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.actorKind = actorKind
        self.sizeClass = sizeClass
        self.modes = modes
        self.themes = themes
        self.latitude = latitude
        self.longitude = longitude
        self.communeName = communeName
        self.radiusKm = radiusKm
        self.euros = euros
        self.hours = hours
        self.text = text
        self.updatedAt = updatedAt
        self.isPublic = isPublic
        self.title = title
    }

    public var listingKind: ListingKind? {
        if case .listing(_, let kind) = subject { return kind }
        return nil
    }

    /// The modes an organisation of this kind can bring to a partnership (what the
    /// recommender assumes when an organisation, not a listing, is the candidate).
    public static func capableModes(_ kind: ActorKind) -> ModeSet {
        switch kind {
        case .company: ModeSet(PartnershipMode.allCases)
        case .foundation: ModeSet([.financialPatronage, .inKindPatronage, .socialInnovation])
        case .localAuthority:
            ModeSet([
                .financialPatronage, .inKindPatronage, .responsiblePurchasing, .economicCooperation, .socialInnovation
            ])
        case .publicBody: ModeSet([.economicCooperation, .socialInnovation, .responsiblePurchasing])
        case .university: ModeSet([.skillsPatronage, .volunteering, .socialInnovation, .economicCooperation])
        case .association, .essStructure, .network: ModeSet(PartnershipMode.allCases)
        }
    }

    /// Who brings resources (companies, foundations, public actors, universities) and who
    /// carries a social purpose and usually needs them (associations, ESS structures).
    public var isResourceSide: Bool { Self.isResourceSide(actorKind) }

    public static func isResourceSide(_ kind: ActorKind) -> Bool {
        switch kind {
        case .company, .foundation, .localAuthority, .publicBody, .university: true
        case .association, .essStructure, .network: false
        }
    }
}

/// Past introductions and feedback, which move a pair or a candidate up or down.
public struct OutcomeBook: Sendable {
    public struct PairKey: Hashable, Sendable {
        let low: Int, high: Int
        public init(_ a: Int, _ b: Int) { low = min(a, b); high = max(a, b) }
    }
    public var declinedPairs: [PairKey: Int] = [:]
    public var successfulPairs: [PairKey: Int] = [:]
    /// Introductions an organisation took to a meeting or a partnership.
    public var successes: [Int: Int] = [:]
    /// "Not relevant" marks, by the organisation that received the recommendation
    /// (source organisation → candidate subject).
    public var notRelevant: Set<FeedbackKey> = []
    public var relevant: Set<FeedbackKey> = []

    public struct FeedbackKey: Hashable, Sendable {
        public let sourceOrganisation: Int
        public let candidate: MatchProfile.Subject
        public init(sourceOrganisation: Int, candidate: MatchProfile.Subject) {
            self.sourceOrganisation = sourceOrganisation
            self.candidate = candidate
        }
    }

    public init() {}
}

/// One scored candidate with the parts of its score and its French explanation.
public struct Recommendation: Sendable {
    public let candidate: MatchProfile
    public let score: Double
    public let distanceKm: Double?
    public let sharedThemes: [Theme]
    public let sharedModes: [PartnershipMode]
    public let sharedWords: [String]
    public let reasons: [String]

    /// "même thème : insertion · à 12 km · propose du mécénat de compétences"
    public var explanation: String { reasons.joined(separator: " · ") }
}

/// The weights of the score's parts; they add up to 1 before the outcome factor.
public struct RecommenderWeights: Sendable {
    public var modes = 0.24
    public var themes = 0.26
    public var distance = 0.16
    public var text = 0.22
    public var size = 0.05
    public var recency = 0.07
    public init() {}
}

/// A pool of candidates of one sort (listings, or organisations) with its text index,
/// laid out for a fast scoring loop: the loop reads only plain arrays of numbers (no
/// strings are touched, so nothing is retained or released per candidate), and keeps
/// the top k in a small sorted buffer. Built once per lab and data version by the server.
public struct CandidatePool: Sendable {
    public let profiles: [MatchProfile]
    let index: TextIndex
    let latitudes: [Double]
    let longitudes: [Double]
    let radii: [Double]
    let modes: [UInt16]
    let themes: [UInt32]
    let organisationIDs: [Int]
    /// -1 for an organisation, else the listing kind's index.
    let listingKinds: [Int8]
    let kindBits: [UInt16]
    /// -1 when not a company or the size is unknown, else the size class's index.
    let companySizes: [Int8]
    let euros: [Int]
    let updatedAt: [Int]
    let isPublic: [Bool]
    let positionsByOrganisation: [Int: [Int]]
    let positionBySubject: [MatchProfile.Subject: Int]

    public init(_ profiles: [MatchProfile]) {
        self.profiles = profiles
        index = TextIndex(texts: profiles.map(\.text))
        latitudes = profiles.map { $0.latitude ?? .nan }
        longitudes = profiles.map { $0.longitude ?? .nan }
        radii = profiles.map { $0.radiusKm ?? .infinity }
        modes = profiles.map(\.modes.rawValue)
        themes = profiles.map(\.themes.rawValue)
        organisationIDs = profiles.map(\.organisationID)
        listingKinds = profiles.map { p in p.listingKind.map { Int8(ListingKind.allCases.firstIndex(of: $0)!) } ?? -1 }
        kindBits = profiles.map { Recommender.kindBit($0.actorKind) }
        companySizes = profiles.map(Recommender.companySize)
        euros = profiles.map { $0.euros ?? -1 }
        updatedAt = profiles.map(\.updatedAt)
        isPublic = profiles.map(\.isPublic)
        var positions: [Int: [Int]] = [:]
        for (i, p) in profiles.enumerated() { positions[p.organisationID, default: []].append(i) }
        positionsByOrganisation = positions
        positionBySubject = Dictionary(
            profiles.enumerated().map { ($1.subject, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var count: Int { profiles.count }

    /// The profile of a subject in the pool, if it is there.
    public func profile(of subject: MatchProfile.Subject) -> MatchProfile? {
        positionBySubject[subject].map { profiles[$0] }
    }

    /// Where a subject sits in the pool.
    func positions(of subject: MatchProfile.Subject) -> [Int] {
        positionBySubject[subject].map { [$0] } ?? []
    }
}

public struct Recommender: Sendable {
    public var weights = RecommenderWeights()
    public var outcomes: OutcomeBook

    public init(outcomes: OutcomeBook = OutcomeBook()) {
        self.outcomes = outcomes
    }

    /// Which candidates are acceptable at all.
    public struct Filter: Sendable {
        /// Only listings of this kind (nil = any) …
        public var listingKind: ListingKind?
        /// … or, for organisations, only these kinds (nil = any).
        public var actorKinds: Set<ActorKind>?
        /// Include listings visible to lab members only.
        public var includeMembersOnly: Bool
        public init(listingKind: ListingKind? = nil, actorKinds: Set<ActorKind>? = nil, includeMembersOnly: Bool) {
            self.listingKind = listingKind
            self.actorKinds = actorKinds
            self.includeMembersOnly = includeMembersOnly
        }
    }

    /// The candidates a source should be shown, by the rules of the neutral place: a need
    /// meets offers and the organisations that bring resources; an offer meets needs and
    /// associations; an organisation meets the other side.
    public static func counterpartFilter(for source: MatchProfile, listings: Bool, includeMembersOnly: Bool) -> Filter {
        let resourceKinds = Set(ActorKind.allCases.filter(MatchProfile.isResourceSide))
        let purposeKinds = Set(ActorKind.allCases.filter { !MatchProfile.isResourceSide($0) })
        let wantsResources: Bool
        switch source.listingKind {
        case .need: wantsResources = true
        case .offer: wantsResources = false
        case nil: wantsResources = !source.isResourceSide
        }
        if listings {
            return Filter(listingKind: wantsResources ? .offer : .need, includeMembersOnly: includeMembersOnly)
        }
        return Filter(actorKinds: wantsResources ? resourceKinds : purposeKinds, includeMembersOnly: includeMembersOnly)
    }

    static func kindBit(_ kind: ActorKind) -> UInt16 { 1 << UInt16(ActorKind.allCases.firstIndex(of: kind)!) }

    static func companySize(_ p: MatchProfile) -> Int8 {
        guard p.actorKind == .company, let size = p.sizeClass else { return -1 }
        return Int8(SizeClass.allCases.firstIndex(of: size)!)
    }

    /// The `limit` best candidates of `pool` for `source`, best first. Candidates of the
    /// source's own organisation are never proposed.
    public func recommend(for source: MatchProfile, in pool: CandidatePool, filter: Filter, limit: Int = 10, now: Int)
        -> [Recommendation]
    {
        guard limit > 0, pool.count > 0 else { return [] }
        let n = pool.count
        let query = pool.index.queryVector(FrenchAnalyzer.terms(source.text))
        var textScores = [Float](repeating: 0, count: n)
        pool.index.addCosine(query, into: &textScores)
        let factors = outcomeFactors(source: source, pool: pool)

        let sourceModes = source.modes.rawValue
        let sourceThemes = source.themes.rawValue
        let sourceThemeCount = Double(max(source.themes.count, 1))
        let hasPoint = source.latitude != nil && source.longitude != nil
        let degree = Double.pi / 180
        let lat0 = (source.latitude ?? 0) * degree
        let lon0 = (source.longitude ?? 0) * degree
        let cosLat = Maths.cos(lat0)
        let reach = max(source.radiusKm ?? 30, 10)
        let sourceSize = Self.companySize(source)
        let sourceEuros = source.euros ?? -1
        let sourceOrganisation = source.organisationID
        let wantedListing: Int8 = filter.listingKind.map { Int8(ListingKind.allCases.firstIndex(of: $0)!) } ?? -2
        let wantedKinds: UInt16 = filter.actorKinds.map { $0.reduce(0) { $0 | Self.kindBit($1) } } ?? .max
        let includeMembersOnly = filter.includeMembersOnly
        let w = weights

        // Top-k buffer, ascending by score.
        var best: [(score: Double, index: Int)] = []
        best.reserveCapacity(limit + 1)
        pool.latitudes.withUnsafeBufferPointer { lats in
            pool.longitudes.withUnsafeBufferPointer { lons in
                textScores.withUnsafeBufferPointer { texts in
                    for i in 0..<n {
                        if pool.organisationIDs[i] == sourceOrganisation { continue }
                        if wantedListing != -2 && pool.listingKinds[i] != wantedListing { continue }
                        if pool.kindBits[i] & wantedKinds == 0 { continue }
                        if !includeMembersOnly && !pool.isPublic[i] { continue }

                        let shared = sourceModes & pool.modes[i]
                        let modeOverlap = shared.nonzeroBitCount
                        let modeScore = modeOverlap > 0 ? min(1, 0.8 + 0.1 * Double(modeOverlap)) : 0
                        let themeScore = Double((sourceThemes & pool.themes[i]).nonzeroBitCount) / sourceThemeCount

                        var distanceScore = 0.6
                        let lat = lats[i]
                        if hasPoint && !lat.isNaN {
                            let dLat = lat * degree - lat0
                            let dLon = (lons[i] * degree - lon0) * cosLat
                            let km = 6371 * (dLat * dLat + dLon * dLon).squareRoot()
                            distanceScore = km > reach + min(pool.radii[i], 1000) ? 0.05 : 1 / (1 + km / reach)
                        }
                        let textScore = min(1, Double(texts[i]) * 2.5)
                        let size = pool.companySizes[i] >= 0 ? pool.companySizes[i] : sourceSize
                        let sizeScore = Self.sizeFit(
                            size: size, sharedModes: shared, euros: sourceEuros >= 0 ? sourceEuros : pool.euros[i])
                        let ageDays = Double(max(0, now - pool.updatedAt[i])) / 86_400
                        let recencyScore = 1 / (1 + ageDays / 90)

                        var score =
                            w.modes * modeScore + w.themes * themeScore + w.distance * distanceScore
                            + w.text * textScore + w.size * sizeScore + w.recency * recencyScore
                        if let factors { score *= factors[i] }
                        if best.count < limit || score > best[0].score {
                            // Insert keeping ascending order; ties keep the earlier candidate first.
                            var position = 0
                            while position < best.count && best[position].score < score { position += 1 }
                            best.insert((score, i), at: position)
                            if best.count > limit { best.removeFirst() }
                        }
                    }
                }
            }
        }
        return best.reversed().map {
            explain(source: source, index: $0.index, score: $0.score, pool: pool, query: query)
        }
    }

    static let financialBit = ModeSet([.financialPatronage]).rawValue
    static let skillsBit = ModeSet([.skillsPatronage]).rawValue
    static let localTradeBits = ModeSet([.responsiblePurchasing, .economicCooperation]).rawValue

    /// How well a company's size suits what is shared: large sums and skills programmes
    /// come from larger companies; local purchasing and cooperation suit small ones as well.
    /// `size` is the size class index of the company on either side (-1 unknown).
    static func sizeFit(size: Int8, sharedModes: UInt16, euros: Int) -> Double {
        guard size >= 0 else { return 0.5 }
        let big = size >= 2
        if sharedModes & financialBit != 0 && euros >= 10_000 { return big ? 1 : (size == 1 ? 0.6 : 0.2) }
        if sharedModes & skillsBit != 0 { return big ? 1 : (size == 1 ? 0.8 : 0.5) }
        if sharedModes & localTradeBits != 0 { return big ? 0.8 : 1 }
        return 0.7
    }

    /// Per candidate multiplier from past outcomes, or nil when the book says nothing
    /// (then the loop skips the multiplication).
    func outcomeFactors(source: MatchProfile, pool: CandidatePool) -> [Double]? {
        var factors: [Double]?
        func multiply(_ index: Int, _ value: Double) {
            if factors == nil { factors = [Double](repeating: 1, count: pool.count) }
            factors![index] *= value
        }
        for (pair, declined) in outcomes.declinedPairs
        where pair.low == source.organisationID || pair.high == source.organisationID {
            let other = pair.low == source.organisationID ? pair.high : pair.low
            for i in pool.positionsByOrganisation[other] ?? [] { multiply(i, declined >= 2 ? 0.2 : 0.4) }
        }
        for (organisation, done) in outcomes.successes {
            for i in pool.positionsByOrganisation[organisation] ?? [] {
                multiply(i, 1 + min(0.25, 0.08 * Double(done)))
            }
        }
        for (set, value) in [(outcomes.notRelevant, 0.3), (outcomes.relevant, 1.15)] {
            for key in set where key.sourceOrganisation == source.organisationID {
                for i in pool.positions(of: key.candidate) { multiply(i, value) }
            }
        }
        return factors
    }

    func explain(
        source: MatchProfile, index candidateIndex: Int, score: Double, pool: CandidatePool,
        query: [(term: Int32, weight: Float)]
    ) -> Recommendation {
        let candidate = pool.profiles[candidateIndex]
        var reasons: [String] = []
        let themes = source.themes.intersection(candidate.themes).themes
        if themes.count == 1 {
            reasons.append("même thème : \(themes[0].label.lowercasedFirst)")
        } else if themes.count > 1 {
            reasons.append("mêmes thèmes : " + themes.map(\.label.lowercasedFirst).joined(separator: ", "))
        }
        var distance: Double?
        if let lat = source.latitude, let lon = source.longitude, let clat = candidate.latitude,
            let clon = candidate.longitude
        {
            let km = Geo.distanceKm(lat, lon, clat, clon)
            distance = km
            if km < 1 {
                reasons.append("même commune" + (candidate.communeName.map { " (\($0))" } ?? ""))
            } else {
                reasons.append("à \(Int(km.rounded())) km" + (candidate.communeName.map { " (\($0))" } ?? ""))
            }
        } else if candidate.radiusKm == nil && candidate.listingKind != nil {
            reasons.append("sur tout le territoire")
        }
        let modes = source.modes.intersection(candidate.modes).modes
        if let mode = modes.first {
            let verb: String
            switch candidate.listingKind {
            case .offer: verb = "propose"
            case .need: verb = "cherche"
            case nil: verb = MatchProfile.isResourceSide(candidate.actorKind) ? "peut apporter" : "peut accueillir"
            }
            reasons.append(
                "\(verb) \(mode.phrase)"
                    + (modes.count > 1
                        ? " (et \(modes.count - 1) autre\(modes.count > 2 ? "s" : "") mode\(modes.count > 2 ? "s" : ""))"
                        : ""))
        } else if !source.modes.isEmpty && !candidate.modes.isEmpty {
            reasons.append("aucun mode de partenariat en commun")
        }
        // Shared words, strongest first, shown as the candidate's own words.
        var words: [(String, Float)] = []
        var written: [String: String] = [:]
        for (term, word) in FrenchAnalyzer.writtenWords(candidate.text) where written[term] == nil {
            written[term] = word
        }
        for (term, weight) in query {
            if let posting = pool.index.posting(term: term, document: candidateIndex) {
                let surface = pool.index.surfaces[Int(term)]
                words.append((written[FrenchAnalyzer.stem(surface)] ?? surface, weight * posting.weight))
            }
        }
        let sharedWords = words.sorted { $0.1 > $1.1 }.prefix(3).map(\.0)
        if !sharedWords.isEmpty { reasons.append("mots en commun : " + sharedWords.joined(separator: ", ")) }
        if candidate.actorKind == .company, let size = candidate.sizeClass {
            reasons.append("entreprise : \(size.shortLabel)")
        }
        let pair = OutcomeBook.PairKey(source.organisationID, candidate.organisationID)
        if outcomes.declinedPairs[pair] != nil { reasons.append("une mise en relation entre vous a déjà été déclinée") }
        if let done = outcomes.successes[candidate.organisationID] {
            reasons.append("\(done) mise\(done > 1 ? "s" : "") en relation réussie\(done > 1 ? "s" : "")")
        }
        if outcomes.notRelevant.contains(.init(sourceOrganisation: source.organisationID, candidate: candidate.subject))
        {
            reasons.append("marquée non pertinente")
        }
        return Recommendation(
            candidate: candidate, score: score, distanceKm: distance, sharedThemes: themes, sharedModes: modes,
            sharedWords: Array(sharedWords), reasons: reasons)
    }
}

public enum Geo {
    /// Distance on the sphere by the equirectangular approximation: under 0.5 % error
    /// at the scale of a region, and cheap enough for the scoring loop.
    public static func distanceKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let rad = Double.pi / 180
        let x = (lon2 - lon1) * rad * Maths.cos((lat1 + lat2) / 2 * rad)
        let y = (lat2 - lat1) * rad
        return 6371 * (x * x + y * y).squareRoot()
    }
}

extension String {
    /// "Emploi et insertion" → "emploi et insertion"; keeps the rest as written.
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
