/// Ranking quality measures for the recommender's gold set.
public enum RankingMetrics {
    /// Normalised discounted cumulative gain at k, with gains 2^grade − 1.
    /// `ranked` are the grades of the returned items in order; `allGrades` those of every
    /// judged item (for the ideal ranking). 0 when nothing is relevant.
    public static func ndcg(ranked: [Int], allGrades: [Int], k: Int) -> Double {
        func dcg(_ grades: ArraySlice<Int>) -> Double {
            var total = 0.0
            for (position, grade) in grades.enumerated() where grade > 0 {
                total += Double((1 << grade) - 1) / log2(Double(position + 2))
            }
            return total
        }
        let ideal = dcg(allGrades.sorted(by: >).prefix(k))
        guard ideal > 0 else { return 0 }
        return dcg(ranked.prefix(k)) / ideal
    }

    /// Share of the first k results with grade ≥ `threshold` (missing results count as
    /// not relevant).
    public static func precision(ranked: [Int], k: Int, threshold: Int = 1) -> Double {
        guard k > 0 else { return 0 }
        return Double(ranked.prefix(k).filter { $0 >= threshold }.count) / Double(k)
    }

    static func log2(_ x: Double) -> Double { Maths.ln(x) / Maths.ln2 }
}
