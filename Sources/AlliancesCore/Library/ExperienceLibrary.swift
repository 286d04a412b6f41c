/// The published experience sheets of a lab, searchable: the directory's French search
/// engine (`SearchIndex`, BM25 with stemming, prefixes and typos) for the words, and the
/// sheets' own facets filtered and counted here; "similar experiences" use the
/// recommender's text index (`TextIndex`, cosine) and the facets the sheets share.
public struct LibraryEntry: Sendable {
    public let id: Int
    public let title: String
    public let summary: String
    public let territory: String?
    /// Context, timeline, economic model, results and lessons, for the words.
    public let body: String
    public let questions: [ExperienceQuestion]
    public let themes: [ExperienceTheme]
    public let modes: [PartnershipMode]
    public let governance: GovernanceForm?
    public let scaling: ScalingPath
    /// The worlds of its organisations (their actor kinds).
    public let worlds: Set<ActorKind>
    /// The départements of its organisations.
    public let departements: Set<String>
    public let visibility: SheetVisibility
    public let organisationIDs: [Int]
    public let publishedAt: Int
    /// The lab that wrote it (the network's library holds several labs' sheets).
    public let labID: Int

    public init(
        id: Int, title: String, summary: String, territory: String?, body: String, questions: [ExperienceQuestion],
        themes: [ExperienceTheme], modes: [PartnershipMode], governance: GovernanceForm?, scaling: ScalingPath,
        worlds: Set<ActorKind>, departements: Set<String>, visibility: SheetVisibility, organisationIDs: [Int],
        publishedAt: Int, labID: Int
    ) {
        self.labID = labID
        (self.id, self.title, self.summary, self.territory, self.body) = (id, title, summary, territory, body)
        (self.questions, self.themes, self.modes, self.governance, self.scaling) = (
            questions, themes, modes, governance, scaling
        )
        (self.worlds, self.departements, self.visibility, self.organisationIDs, self.publishedAt) = (
            worlds, departements, visibility, organisationIDs, publishedAt
        )
    }
}

extension SheetVisibility {
    /// 0 lab, 1 network, 2 everyone: a viewer reads the sheets whose rank is at least theirs.
    public var rank: Int {
        switch self {
        case .lab: 0
        case .network: 1
        case .everyone: 2
        }
    }

    /// The narrowest visibility the viewer reads in the lab: its members read everything,
    /// other signed-in people what the network may read, visitors what is public.
    public static func reach(_ viewer: Viewer?, labID: Int) -> SheetVisibility {
        if Permissions.isLabMember(viewer, labID: labID) { return .lab }
        return reachOutsideLabs(viewer)
    }

    /// What the viewer reads of labs they are not a member of: the network's sheets for
    /// people of a lab (and network admins), public ones for others.
    public static func reachOutsideLabs(_ viewer: Viewer?) -> SheetVisibility {
        viewer != nil && (viewer?.role == .admin || viewer?.labID != nil) ? .network : .everyone
    }
}

/// The scope of a list shared across labs (the library, the resources): `portee=labo`, the
/// default, for this lab's; `portee=reseau` for what every lab shares with the network.
public enum ListScope {
    /// Whether `raw` asks for the network's list; anything but `labo` or `reseau` is refused.
    public static func isNetwork(_ raw: String?, into errors: inout ValidationErrors) -> Bool {
        switch TextRules.clean(raw) {
        case nil, "labo": return false
        case "reseau": return true
        case let other?:
            errors.add("portee", "Portée inconnue : « \(other.prefix(20)) » (labo ou reseau).")
            return false
        }
    }
}

/// The library's facets, in the order the page shows them.
public enum LibraryFacet: String, Sendable, CaseIterable {
    case question, theme, mode, governance = "gouvernance", scaling = "echelle", world = "monde"
    case departement

    public var label: String {
        switch self {
        case .question: "Question"
        case .theme: "Thème"
        case .mode: "Mode de partenariat"
        case .governance: "Gouvernance"
        case .scaling: "Changement d'échelle"
        case .world: "Mondes impliqués"
        case .departement: "Territoire (département)"
        }
    }

    /// Every value of the facet with its label (départements come from the entries).
    public static func options(_ facet: LibraryFacet) -> [(value: String, label: String)] {
        switch facet {
        case .question: ExperienceQuestion.allCases.map { ($0.rawValue, $0.label) }
        case .theme: ExperienceTheme.allCases.map { ($0.rawValue, $0.label) }
        case .mode: PartnershipMode.allCases.map { ($0.rawValue, $0.label) }
        case .governance: GovernanceForm.allCases.map { ($0.rawValue, $0.label) }
        case .scaling: ScalingPath.allCases.map { ($0.rawValue, $0.label) }
        case .world: ActorKind.allCases.map { ($0.rawValue, $0.pluralLabel) }
        case .departement: []
        }
    }
}

/// What a reader asked the library for.
public struct LibraryQuery: Sendable, Equatable {
    public var text = ""
    /// The chosen value per facet (its code).
    public var filters: [LibraryFacet: String] = [:]
    public var page = 1
    public var pageSize = 20
    /// `portee=reseau`: the sheets every lab shares with the network (and the public),
    /// rather than this lab's library.
    public var network = false

    public init() {}

    /// Reads the query parameters; an unknown facet value is refused in French.
    public static func parse(_ get: (String) -> String?) -> Result<LibraryQuery, ValidationErrors> {
        var query = LibraryQuery()
        var errors = ValidationErrors()
        query.text = TextRules.clean(get("q")).map { String($0.prefix(SearchQuery.maxLength)) } ?? ""
        for facet in LibraryFacet.allCases {
            guard let value = TextRules.clean(get(facet.rawValue)) else { continue }
            let known =
                facet == .departement
                ? value.count <= 3 && value.allSatisfy { $0.isNumber || $0 == "A" || $0 == "B" }
                : LibraryFacet.options(facet).contains { $0.value == value }
            if known {
                query.filters[facet] = value
            } else {
                errors.add(facet.rawValue, "\(facet.label) inconnu(e) : « \(value.prefix(40)) ».")
            }
        }
        query.network = ListScope.isNetwork(get("portee"), into: &errors)
        if let raw = TextRules.clean(get("page")) {
            if let page = Int(raw), (1...10_000).contains(page) {
                query.page = page
            } else {
                errors.add("page", "Numéro de page invalide : « \(raw.prefix(10)) ».")
            }
        }
        return errors.isEmpty ? .success(query) : .failure(errors)
    }
}

public struct LibraryResults: Sendable {
    public let hits: [LibraryEntry]
    public let total: Int
    /// Per facet, per value: how many sheets match the words and every other filter.
    public let counts: [LibraryFacet: [String: Int]]
    public let relaxed: Bool
    public let highlight: Highlight
}

public struct ExperienceLibrary: Sendable {
    public let entries: [LibraryEntry]
    let words: SearchIndex
    /// The entry of each of `words`' documents (they are kept in title order there).
    let entryOfDocument: [Int]
    let positionOfID: [Int: Int]
    let text: TextIndex
    /// Each facet's values, in bit order (départements: those met, sorted).
    let values: [[String]]
    /// Per entry and facet (`entry * facets + facet`), the bits of its values, so a query's
    /// pass over 10,000 sheets reads integers only.
    let masks: [UInt128]
    /// Publication order, the latest first (the order without words).
    let latest: [Int32]
    /// Each entry's visibility rank, and its position in publication order (for ties).
    let ranks: [UInt8]
    /// The data version it was built from.
    public let version: Int

    static let facets = LibraryFacet.allCases

    public init(_ entries: [LibraryEntry], version: Int = 0) {
        self.entries = entries
        self.version = version
        positionOfID = Dictionary(entries.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let documents = entries.map { e in
            SearchDocument(
                kind: .experience, id: e.id, title: e.title, subtitle: e.territory ?? "",
                fields: [
                    (e.title, SearchDocument.nameWeight), (e.territory ?? "", SearchDocument.placeWeight),
                    (
                        (e.themes.map(\.label) + e.questions.map(\.label)).joined(separator: " "),
                        SearchDocument.themeWeight
                    ),
                    (e.summary + "\n" + e.body, SearchDocument.textWeight)
                ], actorKind: nil, sizeClass: nil, themes: ThemeSet([]), departement: nil, ess: false, active: true,
                latitude: nil, longitude: nil, audience: .everyone, organisationID: e.organisationIDs.first ?? 0)
        }
        words = SearchIndex(documents, version: version)
        let positions = positionOfID
        entryOfDocument = words.documents.map { positions[$0.id] ?? 0 }
        text = TextIndex(texts: entries.map { "\($0.title)\n\($0.summary)\n\($0.body)" })
        // At most 128 values per facet (France has 101 départements).
        let values = Self.facets.map { facet in
            facet == .departement
                ? Array(Set(entries.flatMap(\.departements)).sorted().prefix(128))
                : LibraryFacet.options(facet).map(\.value)
        }
        self.values = values
        let bits = values.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
        var masks = [UInt128](repeating: 0, count: entries.count * Self.facets.count)
        for (e, entry) in entries.enumerated() {
            for (f, facet) in Self.facets.enumerated() {
                var mask: UInt128 = 0
                for value in Self.values(entry, facet) { if let bit = bits[f][value] { mask |= 1 << UInt128(bit) } }
                masks[e * Self.facets.count + f] = mask
            }
        }
        self.masks = masks
        latest = entries.indices.sorted {
            entries[$0].publishedAt != entries[$1].publishedAt
                ? entries[$0].publishedAt > entries[$1].publishedAt : entries[$0].id > entries[$1].id
        }.map { Int32($0) }
        ranks = entries.map { UInt8($0.visibility.rank) }
    }

    static func values(_ e: LibraryEntry, _ facet: LibraryFacet) -> [String] {
        switch facet {
        case .question: e.questions.map(\.rawValue)
        case .theme: e.themes.map(\.rawValue)
        case .mode: e.modes.map(\.rawValue)
        case .governance: e.governance.map { [$0.rawValue] } ?? []
        case .scaling: [e.scaling.rawValue]
        case .world: e.worlds.map(\.rawValue)
        case .departement: Array(e.departements)
        }
    }

    /// The sheets the reader may see (`reach`, see `SheetVisibility.reach`) that match the
    /// query: best first for words, else the latest published first. Each facet's values
    /// are counted among the sheets that match the words and every other filter.
    public func search(_ query: LibraryQuery, reach: SheetVisibility) -> LibraryResults {
        var candidates = latest
        var scores: [Float] = []
        var relaxed = false
        var highlight = Highlight()
        if let found = words.matches(query.text) {
            // Scores by entry; candidates in any order (only the page is ranked).
            scores = [Float](repeating: 0, count: entries.count)
            candidates = found.positions.map { document in
                let entry = entryOfDocument[Int(document)]
                scores[entry] = found.scores[Int(document)]
                return Int32(entry)
            }
            relaxed = found.relaxed
            highlight = found.highlight
        }
        let ranked = !scores.isEmpty
        let facetCount = Self.facets.count
        // A filter on a value this library never met matches nothing.
        let wanted: [UInt128?] = Self.facets.enumerated().map { f, facet in
            query.filters[facet].map { value in values[f].firstIndex(of: value).map { 1 << UInt128($0) } ?? 0 }
        }
        var counts = [Int](repeating: 0, count: facetCount * 128)
        let want = query.page * query.pageSize
        // The best `want` so far, best first: (score, entry); without words, the order of
        // the candidates is the publication order already.
        var best: [(score: Float, entry: Int)] = []
        // Deep pages collect every match and sort once (keeping a long buffer in order costs more).
        let deep = ranked && want > 1_000
        best.reserveCapacity(deep ? 0 : want + 1)
        var total = 0
        let minimum = UInt8(reach.rank)
        masks.withUnsafeBufferPointer { masks in
            ranks.withUnsafeBufferPointer { ranks in
                for candidate in candidates {
                    let position = Int(candidate)
                    guard ranks[position] >= minimum else { continue }
                    let base = position * facetCount
                    var fails = 0
                    var failing = -1
                    for f in 0..<facetCount {
                        if let bit = wanted[f], masks[base + f] & bit == 0 {
                            fails += 1
                            failing = f
                        }
                    }
                    guard fails <= 1 else { continue }
                    for f in 0..<facetCount where fails == 0 || f == failing {
                        var mask = masks[base + f]
                        while mask != 0 {
                            counts[f * 128 + mask.trailingZeroBitCount] += 1
                            mask &= mask - 1
                        }
                    }
                    guard fails == 0 else { continue }
                    total += 1
                    if !ranked {
                        if best.count < want { best.append((0, position)) }
                        continue
                    }
                    let score = scores[position]
                    if deep {
                        best.append((score, position))
                        continue
                    }
                    if best.count == want, let last = best.last,
                        score < last.score || (score == last.score && position > last.entry)
                    {
                        continue
                    }
                    var at = best.count
                    while at > 0
                        && (best[at - 1].score < score
                            || (best[at - 1].score == score && best[at - 1].entry > position))
                    {
                        at -= 1
                    }
                    best.insert((score, position), at: at)
                    if best.count > want { best.removeLast() }
                }
            }
        }
        if deep {
            best.sort { $0.score != $1.score ? $0.score > $1.score : $0.entry < $1.entry }
        }
        let start = (query.page - 1) * query.pageSize
        let page =
            start < best.count ? best[start..<min(best.count, start + query.pageSize)].map { entries[$0.entry] } : []
        var named: [LibraryFacet: [String: Int]] = [:]
        for (f, facet) in Self.facets.enumerated() {
            var byValue: [String: Int] = [:]
            for (bit, value) in values[f].enumerated() where counts[f * 128 + bit] > 0 {
                byValue[value] = counts[f * 128 + bit]
            }
            named[facet] = byValue
        }
        return LibraryResults(hits: page, total: total, counts: named, relaxed: relaxed, highlight: highlight)
    }

    /// The `limit` sheets most like sheet `id` that the reader may see: its words (the
    /// recommender's cosine over the texts) and what they share (questions, themes, modes,
    /// governance, scaling path, worlds), each counting as much as the words.
    public func similar(to id: Int, reach: SheetVisibility, limit: Int = 3) -> [LibraryEntry] {
        guard let source = positionOfID[id].map({ entries[$0] }) else { return [] }
        let query = text.queryVector(FrenchAnalyzer.terms("\(source.title)\n\(source.summary)\n\(source.body)"))
        var cosine = [Float](repeating: 0, count: entries.count)
        text.addCosine(query, into: &cosine)
        func overlap<T: Hashable>(_ a: [T], _ b: [T]) -> Double {
            let (x, y) = (Set(a), Set(b))
            let union = x.union(y).count
            return union == 0 ? 0 : Double(x.intersection(y).count) / Double(union)
        }
        var scored: [(score: Double, position: Int)] = []
        for (position, e) in entries.enumerated() where e.id != id && e.visibility.rank >= reach.rank {
            let shared =
                (overlap(source.questions, e.questions) + overlap(source.themes, e.themes)
                    + overlap(source.modes, e.modes) + overlap(Array(source.worlds), Array(e.worlds))
                    + (source.governance != nil && source.governance == e.governance ? 1 : 0)
                    + (source.scaling != .notYet && source.scaling == e.scaling ? 1 : 0)) / 6
            let score = 0.5 * Double(cosine[position]) + 0.5 * shared
            if score > 0 { scored.append((score, position)) }
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : entries[$0.position].id > entries[$1.position].id }
        return scored.prefix(limit).map { entries[$0.position] }
    }
}
