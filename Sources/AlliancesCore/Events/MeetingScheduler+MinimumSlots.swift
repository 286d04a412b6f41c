/// Everyone available throughout: as few slots as possible (edge colouring, König then de
/// Werra balancing, slots ordered for fewer gaps). See `MeetingScheduler`.
extension MeetingScheduler {
    /// Max(Δ, ⌈M/L⌉): no schedule has fewer slots.
    public static func slotLowerBound(participants: Int, meetings: [Meeting], tables: Int) -> Int {
        var degree = [Int](repeating: 0, count: participants)
        for m in meetings { degree[m.a] += 1; degree[m.b] += 1 }
        return max(degree.max() ?? 0, (meetings.count + max(1, tables) - 1) / max(1, tables))
    }

    /// The two sides of the meetings' graph when it is bipartite.
    public static func isBipartite(participants: Int, meetings: [Meeting]) -> Bool {
        var adjacency = [[Int]](repeating: [], count: participants)
        for m in meetings { adjacency[m.a].append(m.b); adjacency[m.b].append(m.a) }
        var side = [Int8](repeating: -1, count: participants)
        var stack: [Int] = []
        for start in 0..<participants where side[start] < 0 {
            side[start] = 0
            stack.append(start)
            while let x = stack.popLast() {
                for y in adjacency[x] {
                    if side[y] < 0 {
                        side[y] = 1 - side[x]; stack.append(y)
                    } else if side[y] == side[x] {
                        return false
                    }
                }
            }
        }
        return true
    }

    public static func minimumSlots(participants: Int, meetings: [Meeting], tables: Int) -> Result {
        let bound = slotLowerBound(participants: participants, meetings: meetings, tables: tables)
        guard !meetings.isEmpty else {
            return Result(placements: [], scheduled: 0, slotsUsed: 0, gaps: 0, bound: 0, isSlotBound: true)
        }
        guard isBipartite(participants: participants, meetings: meetings), !meetings.contains(where: { $0.a == $0.b })
        else {
            var k = bound
            while true {
                var result = schedule(Problem(participants: participants, meetings: meetings, slots: k, tables: tables))
                if result.scheduled == meetings.count {
                    result.bound = bound
                    result.isSlotBound = true
                    return result
                }
                k += 1
            }
        }
        var colour = konig(participants: participants, meetings: meetings, colours: bound)
        balance(&colour, participants: participants, meetings: meetings, colours: bound, limit: tables)
        orderSlots(&colour, participants: participants, meetings: meetings, colours: bound)
        var placements = [Placement?](repeating: nil, count: meetings.count)
        var nextTable = [Int](repeating: 0, count: bound)
        for (e, c) in colour.enumerated() {
            placements[e] = Placement(slot: c, table: nextTable[c])
            nextTable[c] += 1
        }
        return summarise(placements, participants: participants, meetings: meetings, bound: bound, slotBound: true)
    }

    /// Puts the colour classes in the order that leaves people the fewest idle slots between
    /// their first and last meetings: two slots trade places while that lowers the total.
    /// Moving whole classes keeps the colouring proper and each slot's number of tables.
    static func orderSlots(_ colour: inout [Int], participants: Int, meetings: [Meeting], colours k: Int) {
        guard k > 2 else { return }
        var classesOf = [[Int]](repeating: [], count: participants)
        for (e, m) in meetings.enumerated() {
            classesOf[m.a].append(colour[e])
            classesOf[m.b].append(colour[e])
        }
        var peopleIn = [[Int]](repeating: [], count: k)
        for p in 0..<participants where classesOf[p].count > 1 {
            for c in Set(classesOf[p]) { peopleIn[c].append(p) }
        }
        var position = Array(0..<k)
        func gaps(_ p: Int) -> Int {
            var low = Int.max, high = Int.min
            for c in classesOf[p] {
                low = min(low, position[c])
                high = max(high, position[c])
            }
            return high - low + 1 - classesOf[p].count
        }
        var stamp = [Int](repeating: -1, count: participants)
        var affected: [Int] = []
        var improved = true, round = 0
        while improved && round < 20 {
            improved = false
            round += 1
            for i in 0..<k {
                for j in (i + 1)..<k {
                    affected.removeAll(keepingCapacity: true)
                    let mark = i * k + j + round * k * k
                    for class_ in [i, j] {
                        for p in peopleIn[class_] where stamp[p] != mark {
                            stamp[p] = mark
                            affected.append(p)
                        }
                    }
                    let before = affected.reduce(0) { $0 + gaps($1) }
                    position.swapAt(i, j)
                    if affected.reduce(0, { $0 + gaps($1) }) < before { improved = true } else { position.swapAt(i, j) }
                }
            }
        }
        for e in colour.indices { colour[e] = position[colour[e]] }
    }

    /// A proper edge colouring of a bipartite multigraph with `colours` ≥ Δ colours.
    static func konig(participants: Int, meetings: [Meeting], colours k: Int) -> [Int] {
        var at = [Int32](repeating: -1, count: participants * k)  // vertex * k + colour → meeting
        var colour = [Int](repeating: -1, count: meetings.count)
        var path: [Int] = []
        func free(_ v: Int) -> Int {
            var c = 0
            while at[v * k + c] >= 0 { c += 1 }
            return c
        }
        for (e, m) in meetings.enumerated() {
            let (u, v) = (m.a, m.b)
            let a = free(u), b = free(v)
            if at[v * k + a] >= 0 {
                // Flip the path from v alternating colours a, b: v then misses a, u is not on it.
                alternatingPath(from: v, a, b, at: at, colours: k, meetings: meetings, into: &path)
                flip(path, a, b, colour: &colour, at: &at, colours: k, meetings: meetings)
            }
            colour[e] = a
            at[u * k + a] = Int32(e)
            at[v * k + a] = Int32(e)
        }
        return colour
    }

    /// The meetings on the path from `start` alternating colours a, b, a… (`at`: vertex ×
    /// colours + colour → meeting).
    static func alternatingPath(
        from start: Int, _ a: Int, _ b: Int, at: [Int32], colours k: Int, meetings: [Meeting], into path: inout [Int]
    ) {
        path.removeAll(keepingCapacity: true)
        var x = start, c = a
        while at[x * k + c] >= 0 {
            let f = Int(at[x * k + c])
            path.append(f)
            x = meetings[f].a == x ? meetings[f].b : meetings[f].a
            c = c == a ? b : a
        }
    }

    /// Swaps colours a and b on a path (a Kempe interchange).
    static func flip(
        _ path: [Int], _ a: Int, _ b: Int, colour: inout [Int], at: inout [Int32], colours k: Int, meetings: [Meeting]
    ) {
        for f in path { at[meetings[f].a * k + colour[f]] = -1; at[meetings[f].b * k + colour[f]] = -1 }
        for f in path {
            colour[f] = colour[f] == a ? b : a
            at[meetings[f].a * k + colour[f]] = Int32(f)
            at[meetings[f].b * k + colour[f]] = Int32(f)
        }
    }

    /// Moves meetings from classes above `limit` to classes below, one alternating path at a
    /// time, keeping the colouring proper.
    static func balance(_ colour: inout [Int], participants: Int, meetings: [Meeting], colours k: Int, limit: Int) {
        var size = [Int](repeating: 0, count: k)
        for c in colour { size[c] += 1 }
        var at = [Int32](repeating: -1, count: participants * k)
        for (e, c) in colour.enumerated() { at[meetings[e].a * k + c] = Int32(e); at[meetings[e].b * k + c] = Int32(e) }
        var path: [Int] = []
        for c1 in 0..<k where size[c1] > limit {
            var candidates = colour.indices.filter { colour[$0] == c1 }
            var index = 0
            while size[c1] > limit {
                if index == candidates.count {
                    candidates = colour.indices.filter { colour[$0] == c1 }
                    index = 0
                }
                let e = candidates[index]
                index += 1
                guard colour[e] == c1, let c2 = (0..<k).min(by: { size[$0] < size[$1] }), size[c2] < limit else {
                    continue
                }
                // From an end of e without colour c2, walk c1, c2, c1…; an odd path (ends
                // with c1) holds one more c1 than c2: flipping it moves one meeting to c2.
                for start in [meetings[e].a, meetings[e].b] where at[start * k + c2] < 0 {
                    alternatingPath(from: start, c1, c2, at: at, colours: k, meetings: meetings, into: &path)
                    guard path.count % 2 == 1 else { continue }
                    flip(path, c1, c2, colour: &colour, at: &at, colours: k, meetings: meetings)
                    size[c1] -= 1
                    size[c2] += 1
                    break
                }
            }
        }
    }
}
