/// The recommender's evaluation set (`Benchmarks/gold/recommendations.json`): needs with
/// graded offers. Decoded by the test and the benchmark (Core has no JSON decoder).
public struct GoldSet: Decodable, Sendable {
    public struct Offer: Decodable, Sendable {
        public let id: String
        public let organisation: String
        public let actorKind: String
        public let sizeClass: String?
        public let modes: [String]
        public let themes: [String]
        public let commune: String
        public let latitude: Double
        public let longitude: Double
        public let radiusKm: Double?
        public let ageDays: Int
        public let title: String
        public let description: String
    }

    public struct Need: Decodable, Sendable {
        public let id: String
        public let organisation: String
        public let actorKind: String
        public let commune: String
        public let latitude: Double
        public let longitude: Double
        public let radiusKm: Double?
        public let modes: [String]
        public let themes: [String]
        public let euros: Int?
        public let title: String
        public let description: String
        public let grades: [String: Int]
    }

    public let offers: [Offer]
    public let needs: [Need]

    /// Mean NDCG@10 and precision@5 (grade ≥ 1 counts as relevant) of a ranker.
    public struct Scores: Sendable {
        public let ndcg10: Double
        public let precision5: Double
        public let queries: Int
    }

    static let now = 2_000_000_000

    public func offerProfiles() -> [MatchProfile] {
        offers.enumerated().map { index, o in
            MatchProfile(
                subject: .listing(id: index, kind: .offer), organisationID: 10_000 + index,
                organisationName: o.organisation,
                actorKind: ActorKind(rawValue: o.actorKind) ?? .company,
                sizeClass: o.sizeClass.flatMap(SizeClass.init(rawValue:)),
                modes: ModeSet(o.modes.compactMap(PartnershipMode.init(rawValue:))),
                themes: ThemeSet(o.themes.compactMap(Theme.init(rawValue:))),
                latitude: o.latitude, longitude: o.longitude, communeName: o.commune, radiusKm: o.radiusKm,
                text: o.title + ". " + o.description, updatedAt: Self.now - o.ageDays * 86_400)
        }
    }

    public func needProfile(_ n: Need, index: Int) -> MatchProfile {
        MatchProfile(
            subject: .listing(id: 100_000 + index, kind: .need), organisationID: 20_000 + index,
            organisationName: n.organisation,
            actorKind: ActorKind(rawValue: n.actorKind) ?? .association,
            modes: ModeSet(n.modes.compactMap(PartnershipMode.init(rawValue:))),
            themes: ThemeSet(n.themes.compactMap(Theme.init(rawValue:))), latitude: n.latitude, longitude: n.longitude,
            communeName: n.commune, radiusKm: n.radiusKm, euros: n.euros, text: n.title + ". " + n.description,
            updatedAt: Self.now)
    }

    /// The recommender's scores on the set.
    public func evaluateRecommender(_ recommender: Recommender = Recommender()) -> Scores {
        let pool = CandidatePool(offerProfiles())
        return score { index, need in
            let results = recommender.recommend(
                for: needProfile(need, index: index), in: pool,
                filter: .init(listingKind: .offer, includeMembersOnly: true), limit: 10, now: Self.now)
            return results.map { result -> Int in
                guard case .listing(let id, _) = result.candidate.subject else { return -1 }
                return id
            }
        }
    }

    /// The text-only baseline: Okapi BM25 of the need's title and description over the
    /// offers' titles and descriptions, with the same French analysis.
    public func evaluateBM25() -> Scores {
        let index = TextIndex(texts: offers.map { $0.title + ". " + $0.description })
        return score { _, need in
            let scores = index.bm25(FrenchAnalyzer.terms(need.title + ". " + need.description))
            return scores.enumerated().filter { $0.element > 0 }.sorted {
                $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset)
            }
            .prefix(10).map(\.offset)
        }
    }

    func score(_ rank: (Int, Need) -> [Int]) -> Scores {
        var ndcg = 0.0, precision = 0.0
        for (index, need) in needs.enumerated() {
            let ranked = rank(index, need).map { $0 >= 0 && $0 < offers.count ? need.grades[offers[$0].id] ?? 0 : 0 }
            ndcg += RankingMetrics.ndcg(ranked: ranked, allGrades: Array(need.grades.values), k: 10)
            precision += RankingMetrics.precision(ranked: ranked, k: 5)
        }
        let n = Double(max(needs.count, 1))
        return Scores(ndcg10: ndcg / n, precision5: precision / n, queries: needs.count)
    }
}
