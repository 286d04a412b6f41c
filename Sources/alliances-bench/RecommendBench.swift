import AlliancesCore
import Foundation

/// Points spread over Alsace (47.4–49.1 N, 6.9–8.2 E), deterministic.
let benchCommunes: [(Double, Double)] = (0..<300).map { (i: Int) -> (Double, Double) in
    let lat: Double = 47.4 + Double((i * 37) % 170) / 100
    let lon: Double = 6.9 + Double((i * 53) % 130) / 100
    return (lat, lon)
}

func syntheticProfile(_ id: Int, listing: ListingKind?, rng: inout SeededGenerator) -> MatchProfile {
    let kinds: [ActorKind] =
        listing == .offer
        ? [.company, .company, .company, .foundation, .localAuthority]
        : [
            .association, .association, .association, .company, .company, .essStructure, .localAuthority, .university,
            .foundation, .network
        ]
    let kind = kinds.randomElement(using: &rng)!
    let modes = ModeSet(
        (0..<Int.random(in: 1...2, using: &rng)).map { _ in PartnershipMode.allCases.randomElement(using: &rng)! })
    let themes = ThemeSet(
        (0..<Int.random(in: 1...3, using: &rng)).map { _ in Theme.allCases.randomElement(using: &rng)! })
    let text = SyntheticText.sentence(words: Int.random(in: 8...30, using: &rng), using: &rng)
    let place = benchCommunes.randomElement(using: &rng)!
    let subject: MatchProfile.Subject = listing.map { .listing(id: id, kind: $0) } ?? .organisation(id: id)
    return MatchProfile(
        subject: subject, organisationID: listing == nil ? id : id % 100_000, organisationName: "Org \(id)",
        actorKind: kind,
        sizeClass: kind == .company ? SizeClass.allCases.randomElement(using: &rng) : nil,
        modes: listing == nil ? MatchProfile.capableModes(kind) : modes, themes: themes,
        latitude: place.0, longitude: place.1,
        radiusKm: listing == nil ? nil : [10, 30, 50, nil].randomElement(using: &rng)!,
        text: text, updatedAt: 1_800_000_000 - Int.random(in: 0...(400 * 86_400), using: &rng),
        isPublic: Bool.random(using: &rng))
}

/// `alliances-bench recommend [ORGANISATIONS OFFERS QUERIES]`: top-10 offers and top-10
/// organisations for random needs, the whole work of one recommendation request.
func recommendBench(organisations: Int, offers: Int, queries: Int) {
    var rng = SeededGenerator(seed: 42)
    let buildStart = DispatchTime.now().uptimeNanoseconds
    let orgPool = CandidatePool((0..<organisations).map { syntheticProfile($0, listing: nil, rng: &rng) })
    let offerPool = CandidatePool((0..<offers).map { syntheticProfile(1_000_000 + $0, listing: .offer, rng: &rng) })
    let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
    let needs = (0..<queries).map { syntheticProfile(2_000_000 + $0, listing: .need, rng: &rng) }
    let recommender = Recommender()
    var timings: [Double] = []
    var checksum = 0
    for (i, need) in needs.enumerated() {
        let start = DispatchTime.now().uptimeNanoseconds
        let a = recommender.recommend(
            for: need, in: offerPool,
            filter: Recommender.counterpartFilter(for: need, listings: true, includeMembersOnly: true), limit: 10,
            now: 1_800_000_000)
        let b = recommender.recommend(
            for: need, in: orgPool,
            filter: Recommender.counterpartFilter(for: need, listings: false, includeMembersOnly: true), limit: 10,
            now: 1_800_000_000)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        if i >= 20 { timings.append(elapsed) }  // the first requests warm the caches
        checksum &+= a.count + b.count + (a.first.map { $0.explanation.count } ?? 0)
    }
    timings.sort()
    func pct(_ p: Double) -> Double { timings[min(timings.count - 1, Int(Double(timings.count) * p))] }
    print(
        String(
            format:
                "recommendations: %d organisations + %d offers (pools built in %.1f s); %d requests: p50 %.2f ms, p99 %.2f ms, max %.2f ms (checksum %d)",
            organisations, offers, buildSeconds, timings.count, pct(0.5), pct(0.99), timings.last ?? 0, checksum))
}

/// `alliances-bench gold FILE`: the engine and the BM25 baseline on the gold set, same run.
func goldBench(path: String) throws {
    let gold = try JSONDecoder().decode(GoldSet.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    let engine = gold.evaluateRecommender()
    let baseline = gold.evaluateBM25()
    print(
        "gold set: \(gold.needs.count) needs, \(gold.offers.count) offers, \(gold.needs.reduce(0) { $0 + $1.grades.count }) graded pairs"
    )
    print(String(format: "%-28@ NDCG@10 %.3f   P@5 %.3f", "recommender" as NSString, engine.ndcg10, engine.precision5))
    print(
        String(
            format: "%-28@ NDCG@10 %.3f   P@5 %.3f", "BM25 text-only baseline" as NSString, baseline.ndcg10,
            baseline.precision5))
}

/// `alliances-bench search [DOCUMENTS]`: the search index alone on synthetic organisations
/// (the same generator as the recommender's benchmark), per query kind.
func searchBench(documents count: Int) {
    var rng = SeededGenerator(seed: 9)
    let start = DispatchTime.now().uptimeNanoseconds
    let documents = (0..<count).map { i -> SearchDocument in
        let p = syntheticProfile(i, listing: nil, rng: &rng)
        return SearchDocument(
            kind: .organisation, id: i, title: "Association \(SyntheticText.sentence(words: 2, using: &rng)) n° \(i)",
            subtitle: p.actorKind.label, snippet: p.text,
            fields: [
                ("Association n° \(i)", SearchDocument.nameWeight), ("Colmar", SearchDocument.placeWeight),
                (p.themes.themes.map(\.label).joined(separator: " "), SearchDocument.themeWeight),
                (p.text, SearchDocument.textWeight)
            ],
            actorKind: p.actorKind, sizeClass: p.sizeClass, themes: p.themes, departement: i % 2 == 0 ? "67" : "68",
            ess: i % 10 == 0, active: i % 20 != 0, latitude: p.latitude, longitude: p.longitude, audience: .everyone,
            organisationID: i)
    }
    let index = SearchIndex(documents)
    print(
        String(
            format: "search index of %d documents built in %.1f s", count,
            Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    for text in ["", "xyzzy", "insertion", "asso sport jeunes", "numérique jeunes", "Colmar"] {
        var q = SearchQuery()
        q.text = text
        var total = 0
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<50 { total &+= index.search(q, audience: .everyone).total }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 / 50
        print(String(format: "  %-22@ %7.3f ms per query (%d results)", "\"\(text)\"" as NSString, ms, total / 50))
    }
}
