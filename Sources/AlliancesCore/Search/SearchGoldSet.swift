/// Labelled queries for the search (`Benchmarks/gold/search.json`): each query with the
/// titles of the results a person would want. Decoded by the test and the benchmark.
public struct SearchGoldSet: Decodable, Sendable {
    public struct Query: Decodable, Sendable {
        public let query: String
        public let relevant: [String]
    }
    public let queries: [Query]

    public struct Scores: Sendable {
        public let precision5: Double
        public let mrr: Double
        /// Queries whose first relevant result is not in the top 10, for the report.
        public let misses: [String]
    }

    /// A title matches a label when equal, or when it is the label followed by an acronym.
    static func matches(_ title: String, _ label: String) -> Bool {
        title == label || title.hasPrefix(label + " (")
    }

    public func evaluate(_ index: SearchIndex, audience: SearchDocument.Audience = .members) -> Scores {
        var precision = 0.0, reciprocal = 0.0
        var misses: [String] = []
        for q in queries {
            var query = SearchQuery()
            query.text = q.query
            query.pageSize = 10
            let titles = index.search(query, audience: audience).hits.map(\.document.title)
            let relevant = titles.map { title in q.relevant.contains { Self.matches(title, $0) } }
            precision += Double(relevant.prefix(5).filter { $0 }.count) / 5
            if let first = relevant.firstIndex(of: true) {
                reciprocal += 1 / Double(first + 1)
            } else {
                misses.append(q.query)
            }
        }
        let n = Double(max(queries.count, 1))
        return Scores(precision5: precision / n, mrr: reciprocal / n, misses: misses)
    }
}
