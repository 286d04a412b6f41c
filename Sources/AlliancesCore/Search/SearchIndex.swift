import Synchronization
/// A document of the lab's search index: an organisation, a person or a need/offer. Later
/// capabilities add their kinds (experience sheets, events) the same way.
public struct SearchDocument: Sendable {
    public enum Kind: String, Sendable, CaseIterable, Hashable {
        case organisation = "organisation"
        case person = "personne"
        case listing = "annonce"
        case experience = "experience"

        public var label: String {
            switch self {
            case .organisation: "Organisations"
            case .person: "Personnes"
            case .listing: "Besoins et offres"
            case .experience: "Fiches d'expérience"
            }
        }
    }

    /// Who may find the document: everyone, the lab's members, or its facilitators.
    public enum Audience: UInt8, Sendable, Comparable {
        case everyone = 0, members = 1, facilitators = 2
        public static func < (a: Audience, b: Audience) -> Bool { a.rawValue < b.rawValue }
    }

    public var kind: Kind
    public var id: Int
    /// Title shown in results (organisation name, person name, listing title).
    public var title: String
    /// One line under the title.
    public var subtitle: String
    /// A short text shown under it (start of the description).
    public var snippet: String
    /// Searchable fields and their weights (names weigh more than descriptions).
    public var fields: [(text: String, weight: Float)]
    /// Facets, for a person or a listing those of its organisation.
    public var actorKind: ActorKind?
    public var sizeClass: SizeClass?
    public var themes: ThemeSet
    public var departement: String?
    public var ess: Bool
    public var active: Bool
    public var latitude: Double?
    public var longitude: Double?
    public var audience: Audience
    /// The organisation it belongs to (itself for an organisation).
    public var organisationID: Int
    /// For a listing, its kind, to build its link.
    public var listingKind: ListingKind?

    public init(
        kind: Kind, id: Int, title: String, subtitle: String, snippet: String = "",
        fields: [(text: String, weight: Float)], actorKind: ActorKind?,
        sizeClass: SizeClass?, themes: ThemeSet, departement: String?, ess: Bool, active: Bool, latitude: Double?,
        longitude: Double?, audience: Audience, organisationID: Int, listingKind: ListingKind? = nil
    ) {
        self.kind = kind
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.snippet = snippet
        self.fields = fields
        self.actorKind = actorKind
        self.sizeClass = sizeClass
        self.themes = themes
        self.departement = departement
        self.ess = ess
        self.active = active
        self.latitude = latitude
        self.longitude = longitude
        self.audience = audience
        self.organisationID = organisationID
        self.listingKind = listingKind
    }

    /// Field weights used by every indexer, so relevance is the same everywhere.
    public static let nameWeight: Float = 3
    public static let placeWeight: Float = 1.5
    public static let themeWeight: Float = 1.5
    public static let textWeight: Float = 1
}

/// What a search asks for: the text, the facets, a place and radius, the order, the page.
public struct SearchQuery: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable {
        case relevance = "pertinence"
        case name = "nom"
        case distance = "distance"
    }
    public enum Status: String, Sendable, CaseIterable {
        case active = "actives"
        case closed = "fermees"
        case all = "toutes"
    }

    public var text: String = ""
    public var kind: SearchDocument.Kind?
    public var actorKind: ActorKind?
    public var sizeClass: SizeClass?
    public var theme: Theme?
    public var departement: String?
    public var ess: Bool?
    public var status: Status = .active
    /// Centre and radius of the distance filter (also the origin of the distance sort).
    public var near: (latitude: Double, longitude: Double)?
    public var radiusKm: Double?
    public var sort: Sort = .relevance
    public var page: Int = 1
    public var pageSize: Int = 20

    public init() {}

    public static func == (a: SearchQuery, b: SearchQuery) -> Bool {
        a.text == b.text && a.kind == b.kind && a.actorKind == b.actorKind && a.sizeClass == b.sizeClass
            && a.theme == b.theme
            && a.departement == b.departement && a.ess == b.ess && a.status == b.status
            && a.near?.latitude == b.near?.latitude
            && a.near?.longitude == b.near?.longitude && a.radiusKm == b.radiusKm && a.sort == b.sort
            && a.page == b.page && a.pageSize == b.pageSize
    }

    /// Longest query text used; the rest is ignored and the page says so.
    public static let maxLength = 200
    public static let maxTerms = 12

    /// What of a query text the search uses: its first `maxLength` characters, as folded
    /// words, `maxTerms` at most; whether the last word is being typed (no space after
    /// it, so it also matches as a prefix); whether anything was cut.
    public static func words(_ text: String) -> (words: [String], typing: Bool, truncated: Bool) {
        var truncated = text.count > maxLength
        let cut = text.prefix(maxLength)
        var words = FrenchAnalyzer.writtenWords(String(cut)).map { TextNormalisation.fold($0.word) }
        if words.count > maxTerms {
            words = Array(words.prefix(maxTerms))
            truncated = true
        }
        return (words, !(cut.last.map { $0.isWhitespace } ?? true), truncated)
    }

    /// The query text as the search sees it, for cache keys: two texts with the same
    /// normal form give the same results ("Écoles  solidaires" and "ecoles solidaires"),
    /// and a key is never longer than the used part of the text.
    public static func normalForm(_ text: String) -> String {
        let (words, typing, truncated) = words(text)
        return words.joined(separator: " ") + (typing ? "+" : "") + (truncated ? "!" : "")
    }
}

public struct SearchHit: Sendable {
    public let document: SearchDocument
    public let score: Double
    public let distanceKm: Double?
}

public struct SearchResults: Sendable {
    public let hits: [SearchHit]
    public let total: Int
    /// Counts per facet value among the documents matching the text and every other
    /// filter (so choosing a value still shows how many the others would give).
    public let kindCounts: [SearchDocument.Kind: Int]
    public let actorKindCounts: [ActorKind: Int]
    public let sizeCounts: [SizeClass: Int]
    public let themeCounts: [Theme: Int]
    public let departementCounts: [String: Int]
    public let essCount: Int
    public let activeCounts: (active: Int, closed: Int)
    /// True when no document had every word and results match only some of them.
    public let relaxed: Bool
    /// True when the query text was cut to `SearchQuery.maxLength` or `maxTerms`.
    public let truncated: Bool
    /// What to highlight: terms (stems) matched, and the prefix typed last.
    public let highlight: Highlight
}

/// Which words of a result to mark.
public struct Highlight: Sendable, Equatable {
    public var terms: Set<String> { didSet { known = Known() } }
    public var prefix: String? { didSet { known = Known() } }
    /// The words already judged, and whether they matched: a page of results repeats its
    /// words, and folding and stemming each was most of the marking's cost. Shared by the
    /// copies of this value (a cached result is read by concurrent requests), so behind a
    /// lock; bounded; started again whenever `terms` or `prefix` change.
    private var known = Known()

    final class Known: Sendable {
        let words = Mutex<[String: Bool]>([:])
        static let limit = 4_096
    }

    public init(terms: Set<String> = [], prefix: String? = nil) {
        self.terms = terms
        self.prefix = prefix
    }

    public static func == (lhs: Highlight, rhs: Highlight) -> Bool {
        lhs.terms == rhs.terms && lhs.prefix == rhs.prefix
    }

    /// Whether `word` is one to mark.
    func matches(_ word: String) -> Bool {
        if let hit = known.words.withLock({ $0[word] }) { return hit }
        let folded = TextNormalisation.fold(word)
        let hit = terms.contains(FrenchAnalyzer.stem(folded)) || (prefix.map { folded.hasPrefix($0) } ?? false)
        known.words.withLock { words in
            if words.count < Known.limit { words[word] = hit }
        }
        return hit
    }

    /// Splits `text` into runs, marking the words that match.
    ///
    /// A word is a run of letters and digits (a scalar that is alphabetic or numeric, and
    /// the combining marks after one), as `Character.isLetter`/`isNumber` would split it,
    /// but read scalar by scalar and cut from `text` without building characters: this was
    /// a third of an uncached library query (BENCHMARKS.md, experience library).
    public func segments(_ text: String) -> [(text: String, marked: Bool)] {
        guard !terms.isEmpty || prefix != nil else { return [(text, false)] }
        let scalars = text.unicodeScalars
        var out: [(String, Bool)] = []
        var plainStart = scalars.startIndex
        var wordStart: String.Index?
        func flushWord(at end: String.Index) {
            guard let start = wordStart else { return }
            wordStart = nil
            let word = String(scalars[start..<end])
            guard matches(word) else { return }
            if plainStart < start { out.append((String(scalars[plainStart..<start]), false)) }
            out.append((word, true))
            plainStart = end
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if Self.isWordPart(scalar, continuing: wordStart != nil) {
                if wordStart == nil { wordStart = index }
            } else {
                flushWord(at: index)
            }
            index = scalars.index(after: index)
        }
        flushWord(at: scalars.endIndex)
        if plainStart < scalars.endIndex { out.append((String(scalars[plainStart...]), false)) }
        return out
    }

    /// A letter or digit starts or continues a word; a combining mark continues one (it
    /// belongs to the character before it).
    static func isWordPart(_ scalar: Unicode.Scalar, continuing: Bool) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x30 && value <= 0x39) || ((value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A)
        }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        guard continuing else { return false }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}

/// The lab's search index, in memory: an inverted index of field-weighted term
/// frequencies scored by BM25 (k1 1.2, b 0.75), a sorted vocabulary for prefix search as
/// people type, and a one-deletion neighbourhood of name words for typos. Built from the
/// database rows and queried in Swift, so SQLite and PostgreSQL give the same results by
/// construction. Documents are kept in name order, so sorting by name is free.
public struct SearchIndex: Sendable {
    public let documents: [SearchDocument]
    let termIDs: [String: Int32]
    let postings: [[(document: Int32, frequency: Float)]]
    let lengths: [Float]
    let averageLength: Float
    let idf: [Float]
    /// Every term, sorted, for prefix lookups.
    let vocabulary: [(term: String, id: Int32)]
    /// The term of each id.
    let terms: [String]
    /// Deletion variant → name terms, for one-typo matches.
    let typoVariants: [String: [Int32]]
    // The facets as plain arrays, so the per-query pass touches no strings.
    let themeMasks: [UInt32]
    /// The départements met, in code order; `packed` holds an index into it.
    let departementTable: [String]
    let latitudes: [Double]
    let longitudes: [Double]
    /// Every facet of a document in one word, so the per-query pass reads one array:
    /// bits 0–1 kind, 2–5 actor kind + 1, 6–8 size + 1, 9–18 département + 1, 19 ESS,
    /// 20 active, 21–22 audience (0 meaning "unknown" for the +1 fields).
    let packed: [UInt32]

    /// The data version of the rows it was built from (the server's cache key).
    public let version: Int

    public init(_ unsorted: [SearchDocument], version: Int = 0) {
        self.version = version
        let keys = unsorted.map { TextNormalisation.fold($0.title) }
        let order = unsorted.indices.sorted { i, j in
            keys[i] != keys[j]
                ? keys[i] < keys[j]
                : (unsorted[i].kind.rawValue, unsorted[i].id) < (unsorted[j].kind.rawValue, unsorted[j].id)
        }
        let documents = order.map { unsorted[$0] }
        self.documents = documents
        var termIDs: [String: Int32] = [:]
        var postings: [[(document: Int32, frequency: Float)]] = []
        var lengths: [Float] = []
        var nameTerms = Set<Int32>()
        lengths.reserveCapacity(documents.count)
        for (index, document) in documents.enumerated() {
            var frequencies: [Int32: Float] = [:]
            var length: Float = 0
            for (field, (text, weight)) in document.fields.enumerated() {
                for term in FrenchAnalyzer.terms(text) {
                    let id: Int32
                    if let known = termIDs[term] {
                        id = known
                    } else {
                        id = Int32(postings.count)
                        termIDs[term] = id
                        postings.append([])
                    }
                    frequencies[id, default: 0] += weight
                    length += weight
                    if field == 0 { nameTerms.insert(id) }
                }
            }
            for (id, frequency) in frequencies { postings[Int(id)].append((Int32(index), frequency)) }
            lengths.append(length)
        }
        self.termIDs = termIDs
        self.postings = postings
        self.lengths = lengths
        averageLength = lengths.isEmpty ? 1 : max(1, lengths.reduce(0, +) / Float(lengths.count))
        let n = Double(documents.count)
        idf = postings.map { Float(Maths.ln(1 + (n - Double($0.count) + 0.5) / (Double($0.count) + 0.5))) }
        vocabulary = termIDs.map { (term: $0.key, id: $0.value) }.sorted { $0.term < $1.term }
        var terms = [String](repeating: "", count: postings.count)
        for (term, id) in termIDs { terms[Int(id)] = term }
        self.terms = terms
        var variants: [String: [Int32]] = [:]
        let names = termIDs.filter { nameTerms.contains($0.value) }
        for (term, id) in names where term.count >= 4 && !term.allSatisfy(\.isNumber) {
            variants[term, default: []].append(id)
            for variant in Self.deletions(term) { variants[variant, default: []].append(id) }
        }
        typoVariants = variants
        themeMasks = documents.map(\.themes.rawValue)
        let table = Array(Set(documents.compactMap(\.departement))).sorted()
        let position = Dictionary(uniqueKeysWithValues: table.enumerated().map { ($1, Int16($0)) })
        departementTable = table
        latitudes = documents.map { $0.latitude ?? .nan }
        longitudes = documents.map { $0.longitude ?? .nan }
        packed = documents.map { doc in
            var word = UInt32(SearchDocument.Kind.allCases.firstIndex(of: doc.kind)!)
            word |= UInt32(doc.actorKind.map { ActorKind.allCases.firstIndex(of: $0)! + 1 } ?? 0) << 2
            word |= UInt32(doc.sizeClass.map { SizeClass.allCases.firstIndex(of: $0)! + 1 } ?? 0) << 6
            word |= UInt32(min(doc.departement.flatMap { position[$0].map { Int($0) + 1 } } ?? 0, 1023)) << 9
            if doc.ess { word |= 1 << 19 }
            if doc.active { word |= 1 << 20 }
            word |= UInt32(doc.audience.rawValue) << 21
            return word
        }
    }

    public var count: Int { documents.count }

    static func deletions(_ word: String) -> Set<String> {
        let chars = Array(word)
        var out = Set<String>()
        for i in chars.indices {
            var copy = chars
            copy.remove(at: i)
            out.insert(String(copy))
        }
        return out
    }

    /// Terms starting with `prefix` (at most `limit`), by binary search in the vocabulary.
    func prefixed(_ prefix: String, limit: Int) -> [Int32] {
        var low = 0, high = vocabulary.count
        while low < high {
            let mid = (low + high) / 2
            if vocabulary[mid].term < prefix { low = mid + 1 } else { high = mid }
        }
        var out: [Int32] = []
        while low < vocabulary.count, out.count < limit, vocabulary[low].term.hasPrefix(prefix) {
            out.append(vocabulary[low].id)
            low += 1
        }
        return out
    }

    /// Name terms one typo away from `term` (deletion, insertion, substitution).
    func typos(of term: String) -> [Int32] {
        guard term.count >= 4, !term.allSatisfy(\.isNumber) else { return [] }
        var found = Set<Int32>()
        for key in Self.deletions(term).union([term]) {
            for id in typoVariants[key] ?? [] { found.insert(id) }
        }
        if let exact = termIDs[term] { found.remove(exact) }
        return Array(found)
    }

    /// The query's words, each with the terms that may stand for it and their weights:
    /// the word itself; while typing, the words it begins; and, for names, one typo.
    func expand(_ text: String) -> (tokens: [[(id: Int32, weight: Float)]], highlight: Highlight, truncated: Bool) {
        let (words, typing, truncated) = SearchQuery.words(text)
        var tokens: [[(id: Int32, weight: Float)]] = []
        var highlight = Highlight()
        for (index, word) in words.enumerated() {
            let term = FrenchAnalyzer.stem(word)
            var options: [Int32: Float] = [:]
            if let id = termIDs[term] { options[id] = 1 }
            // Words begun: the last one while typing, and abbreviations ("asso").
            let last = typing && index == words.count - 1
            if last { highlight.prefix = word }
            if last || word.count >= 3 {
                for id in prefixed(word, limit: 50) where options[id] == nil { options[id] = last ? 0.8 : 0.7 }
            }
            for id in typos(of: term) where options[id] == nil { options[id] = 0.5 }
            highlight.terms.insert(term)
            for id in options.keys { highlight.terms.insert(terms[Int(id)]) }
            tokens.append(options.map { (id: $0.key, weight: $0.value) })
        }
        return (tokens, highlight, truncated)
    }

    /// BM25 scores of every document for the expanded query words: each document's sum
    /// over the words of its best-matching variant, how many words it matched, and the
    /// documents matched at all (unordered).
    func score(_ tokens: [[(id: Int32, weight: Float)]]) -> (scores: [Float], matched: [UInt8], all: [Int32]) {
        let n = documents.count
        var scores = [Float](repeating: 0, count: n)
        var matched = [UInt8](repeating: 0, count: n)
        var best = [Float](repeating: 0, count: n)
        var touched: [Int32] = []
        var all: [Int32] = []
        for options in tokens {
            touched.removeAll(keepingCapacity: true)
            for (id, weight) in options {
                let termIDF = idf[Int(id)] * weight
                for (document, frequency) in postings[Int(id)] {
                    let d = Int(document)
                    let norm = 1.2 * (0.25 + 0.75 * lengths[d] / averageLength)
                    let contribution = termIDF * frequency * 2.2 / (frequency + norm)
                    if best[d] == 0 { touched.append(document) }
                    if contribution > best[d] { best[d] = contribution }
                }
            }
            for document in touched {
                let d = Int(document)
                scores[d] += best[d]
                if matched[d] == 0 { all.append(document) }
                matched[d] += 1
                best[d] = 0
            }
        }
        return (scores, matched, all)
    }

    /// The documents that match `text` (every word, or when none has them all, some of
    /// them: `relaxed`), unordered, with every document's score; nil when the text has no
    /// word. For indexes whose caller filters on facets of its own and ranks only the page
    /// it shows (the experience library).
    public func matches(_ text: String) -> (positions: [Int32], scores: [Float], relaxed: Bool, highlight: Highlight)? {
        let (tokens, highlight, _) = expand(text)
        guard !tokens.isEmpty else { return nil }
        let (scores, matched, all) = score(tokens)
        let required = UInt8(clamping: tokens.count)
        let hits = all.filter { matched[Int($0)] >= required }
        let relaxed = hits.isEmpty && tokens.count > 1
        return (relaxed ? all : hits, scores, relaxed, highlight)
    }

    /// Runs a query for a viewer who may see documents up to `audience`.
    public func search(_ query: SearchQuery, audience: SearchDocument.Audience) -> SearchResults {
        let n = documents.count
        let (tokens, highlight, truncated) = expand(query.text)
        var scores: [Float] = []
        var matched: [UInt8] = []
        var candidates: [Int32]?
        var relaxed = false
        if !tokens.isEmpty {
            var all: [Int32]
            (scores, matched, all) = score(tokens)
            // A few candidates are visited in name order after a sort; many, by a scan of
            // every document (cheaper than sorting tens of thousands of ids).
            if all.count <= n / 16 {
                all.sort()
                candidates = all
            } else {
                candidates = nil
            }
        }
        let required = UInt8(clamping: tokens.count)
        let hasText = !tokens.isEmpty
        var pass = collect(
            query, audience: audience, hasText: hasText, candidates: candidates, matched: matched, required: required,
            scores: scores)
        if hasText && pass.total == 0 && tokens.count > 1 {
            // Nobody has every word: show those that have some, best first.
            relaxed = true
            pass = collect(
                query, audience: audience, hasText: hasText, candidates: candidates, matched: matched, required: 1,
                scores: scores)
        }
        var kindCounts: [SearchDocument.Kind: Int] = [:], actorKindCounts: [ActorKind: Int] = [:],
            sizeCounts: [SizeClass: Int] = [:]
        var themeCounts: [Theme: Int] = [:], departementCounts: [String: Int] = [:]
        for (i, count) in pass.kinds.enumerated() where count > 0 {
            kindCounts[SearchDocument.Kind.allCases[i]] = count
        }
        for (i, count) in pass.actorKinds.enumerated() where count > 0 {
            actorKindCounts[ActorKind.allCases[i]] = count
        }
        for (i, count) in pass.sizes.enumerated() where count > 0 { sizeCounts[SizeClass.allCases[i]] = count }
        for (i, count) in pass.themes.enumerated() where count > 0 { themeCounts[Theme.allCases[i]] = count }
        for (i, count) in pass.departements.enumerated() where count > 0 {
            departementCounts[departementTable[i]] = count
        }
        return SearchResults(
            hits: pass.hits, total: pass.total, kindCounts: kindCounts, actorKindCounts: actorKindCounts,
            sizeCounts: sizeCounts, themeCounts: themeCounts, departementCounts: departementCounts,
            essCount: pass.ess, activeCounts: (pass.active, pass.closed), relaxed: relaxed, truncated: truncated,
            highlight: highlight)
    }

    struct Pass {
        var hits: [SearchHit] = []
        var total = 0
        var kinds = [Int](repeating: 0, count: SearchDocument.Kind.allCases.count)
        var actorKinds = [Int](repeating: 0, count: ActorKind.allCases.count)
        var sizes = [Int](repeating: 0, count: SizeClass.allCases.count)
        var themes = [Int](repeating: 0, count: Theme.allCases.count)
        var departements: [Int]
        var ess = 0
        var active = 0
        var closed = 0
    }

    /// One pass over the candidates: applies the filters, counts facets (each facet
    /// counted under every filter but its own), keeps the page's hits.
    /// `candidates`: the documents to visit in name order, or nil to scan them all.
    func collect(
        _ q: SearchQuery, audience: SearchDocument.Audience, hasText: Bool, candidates: [Int32]?, matched: [UInt8],
        required: UInt8, scores: [Float]
    ) -> Pass {
        var pass = Pass(departements: [Int](repeating: 0, count: departementTable.count + 1))
        let list = candidates ?? []
        let scan = candidates == nil
        // Wanted values in the packed layout; a filter not set matches everything.
        let kindWanted: UInt32? = q.kind.map { UInt32(SearchDocument.Kind.allCases.firstIndex(of: $0)!) }
        let actorWanted: UInt32? = q.actorKind.map { UInt32(ActorKind.allCases.firstIndex(of: $0)! + 1) }
        let sizeWanted: UInt32? = q.sizeClass.map { UInt32(SizeClass.allCases.firstIndex(of: $0)! + 1) }
        let departementWanted: UInt32? = q.departement.map { code in
            departementTable.firstIndex(of: code).map { UInt32($0 + 1) } ?? 2_000
        }
        let essWanted: UInt32? = q.ess.map { $0 ? 1 : 0 }
        let activeWanted: UInt32? = q.status == .all ? nil : (q.status == .active ? 1 : 0)
        let maxAudience = UInt32(audience.rawValue)
        let themeBit: UInt32 = q.theme.map { ThemeSet([$0]).rawValue } ?? 0
        let degree = Double.pi / 180
        let near = q.near
        let radius = q.radiusKm
        let cosLat = Maths.cos((near?.latitude ?? 0) * degree)
        let want = q.page * q.pageSize
        let deep = want > 1_000
        let sort = q.sort
        // Kept: (key, index, distance), best first by the requested order.
        var kept: [(key: Double, index: Int, distance: Double?)] = []
        var total = 0, essCount = 0, activeCount = 0, closedCount = 0
        var kinds = pass.kinds, actorKinds = [Int](repeating: 0, count: ActorKind.allCases.count + 1)
        var sizes = [Int](repeating: 0, count: SizeClass.allCases.count + 1), themes = pass.themes,
            departements = pass.departements
        let count = scan ? documents.count : list.count
        packed.withUnsafeBufferPointer { packed in
            themeMasks.withUnsafeBufferPointer { themeMasks in
                matched.withUnsafeBufferPointer { matched in
                    scores.withUnsafeBufferPointer { scores in
                        list.withUnsafeBufferPointer { list in
                            for position in 0..<count {
                                let d = scan ? position : Int(list[position])
                                if hasText && matched[d] < required { continue }
                                let word = packed[d]
                                if (word >> 21) & 3 > maxAudience { continue }
                                var distance: Double?
                                if let near, !latitudes[d].isNaN {
                                    let dLat = (latitudes[d] - near.latitude) * degree
                                    let dLon = (longitudes[d] - near.longitude) * degree * cosLat
                                    distance = 6371 * (dLat * dLat + dLon * dLon).squareRoot()
                                }
                                let kind = word & 3, actor = (word >> 2) & 15, size = (word >> 6) & 7,
                                    departement = (word >> 9) & 1023
                                let ess = (word >> 19) & 1, active = (word >> 20) & 1
                                // Which filters fail, as bits: 0 kind, 1 actor kind, 2 size, 3 theme, 4 département, 5 ESS, 6 status, 7 distance.
                                var fails: UInt16 = 0
                                if let kindWanted, kind != kindWanted { fails |= 1 }
                                if let actorWanted, actor != actorWanted { fails |= 2 }
                                if let sizeWanted, size != sizeWanted { fails |= 4 }
                                if themeBit != 0 && themeMasks[d] & themeBit == 0 { fails |= 8 }
                                if let departementWanted, departement != departementWanted { fails |= 16 }
                                if let essWanted, ess != essWanted { fails |= 32 }
                                if let activeWanted, active != activeWanted { fails |= 64 }
                                if let radius, near != nil, (distance ?? .infinity) > radius { fails |= 128 }
                                if fails & (fails &- 1) != 0 { continue }  // fails two filters or more: counts nowhere
                                if fails == 0 || fails == 1 { kinds[Int(kind)] += 1 }
                                if fails == 0 || fails == 2 { actorKinds[Int(actor)] += 1 }
                                if fails == 0 || fails == 4 { sizes[Int(size)] += 1 }
                                if fails == 0 || fails == 8 {
                                    var mask = themeMasks[d]
                                    while mask != 0 {
                                        themes[mask.trailingZeroBitCount] += 1
                                        mask &= mask &- 1
                                    }
                                }
                                if fails == 0 || fails == 16 {
                                    departements[Int(min(departement, UInt32(departements.count - 1)))] += 1
                                }
                                if (fails == 0 || fails == 32) && ess == 1 { essCount += 1 }
                                if fails == 0 || fails == 64 {
                                    if active == 1 { activeCount += 1 } else { closedCount += 1 }
                                }
                                guard fails == 0 else { continue }
                                total += 1
                                let key: Double
                                switch sort {
                                case .relevance: key = hasText ? -Double(scores[d]) : Double(d)
                                case .name: key = Double(d)
                                case .distance: key = distance ?? .infinity
                                }
                                // Keep the best `want` by key (ascending), ties in document (name) order. Deep
                                // pages collect everything and sort once, so a large page number costs n log n.
                                if deep {
                                    kept.append((key, d, distance))
                                } else if kept.count < want {
                                    var position = kept.count
                                    while position > 0 && kept[position - 1].key > key { position -= 1 }
                                    kept.insert((key, d, distance), at: position)
                                } else if let last = kept.last, key < last.key {
                                    var position = kept.count - 1
                                    while position > 0 && kept[position - 1].key > key { position -= 1 }
                                    kept.insert((key, d, distance), at: position)
                                    kept.removeLast()
                                }
                            }
                        }
                    }
                }
            }
        }
        if deep { kept.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index } }
        pass.kinds = kinds
        pass.actorKinds = Array(actorKinds.dropFirst())
        pass.sizes = Array(sizes.dropFirst())
        pass.themes = themes
        // Index 0 is "no département"; the table starts at 1.
        pass.departements = Array(departements.dropFirst())
        pass.ess = essCount
        pass.active = activeCount
        pass.closed = closedCount
        pass.total = total
        let start = (q.page - 1) * q.pageSize
        if start < kept.count {
            pass.hits = kept[start..<min(start + q.pageSize, kept.count)].map {
                SearchHit(
                    document: documents[$0.index], score: scores.isEmpty ? 0 : Double(scores[$0.index]),
                    distanceKm: $0.distance)
            }
        }
        return pass
    }
}
