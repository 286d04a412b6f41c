extension MeetingScheduler {
    /// A seeded benchmark instance: the first half of the participants are associations, the
    /// second half companies; each meeting joins an association (uniform) and a company
    /// (Zipf-like popularity, weight 1/(rank+1)^0.8), distinct pairs, nobody above
    /// `maxPerPerson` meetings. With `slots`, each person is available for one window of
    /// 60 to 100 % of the day, sometimes with a break of 1 to 4 slots.
    public static func syntheticInstance(
        participants n: Int, meetings count: Int, slots: Int, tables: Int, availability: Bool,
        maxPerPerson: Int, seed: UInt64
    ) -> Problem {
        var random = SeededGenerator(seed: seed)
        let associations = n / 2, companies = n - n / 2
        // Cumulative Zipf weights for the companies.
        var cumulative: [Double] = []
        var total = 0.0
        for r in 0..<companies { total += 1 / pow08(Double(r + 1)); cumulative.append(total) }
        var degree = [Int](repeating: 0, count: n)
        var pairs = Set<Int>()
        var meetings: [Meeting] = []
        var attempts = 0
        while meetings.count < count && attempts < count * 50 {
            attempts += 1
            let a = Int.random(in: 0..<associations, using: &random)
            let x = Double.random(in: 0..<total, using: &random)
            var low = 0, high = companies - 1
            while low < high {
                let mid = (low + high) / 2; if cumulative[mid] < x { low = mid + 1 } else { high = mid }
            }
            let b = associations + low
            guard degree[a] < maxPerPerson, degree[b] < maxPerPerson, pairs.insert(a * n + b).inserted else { continue }
            degree[a] += 1
            degree[b] += 1
            meetings.append(Meeting(a, b))
        }
        var available: [[Bool]]?
        if availability {
            available = (0..<n).map { _ in
                let length = Int.random(in: (slots * 6 + 9) / 10...slots, using: &random)
                let start = Int.random(in: 0...(slots - length), using: &random)
                var row = (0..<slots).map { $0 >= start && $0 < start + length }
                if Bool.random(using: &random) && length > 6 {
                    let pause = Int.random(in: 1...4, using: &random)
                    let at = Int.random(in: start + 1...(start + length - pause - 1), using: &random)
                    for s in at..<(at + pause) { row[s] = false }
                }
                return row
            }
        }
        return Problem(participants: n, meetings: meetings, slots: slots, tables: tables, availability: available)
    }

    /// x^0.8 without Foundation.
    static func pow08(_ x: Double) -> Double {
        // exp(0.8 ln x) by the standard library's tools: repeated square roots are exact enough here.
        var result = 1.0, base = x, exponent = 0.8
        for _ in 0..<20 {
            base = base.squareRoot()
            exponent *= 2
            if exponent >= 1 { result *= base; exponent -= 1 }
        }
        return result
    }
}
