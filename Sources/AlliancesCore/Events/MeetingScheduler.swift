/// One-to-one meetings at a rencontre ("speed-dating"): each accepted meeting gets a time
/// slot and a table; nobody and no table twice in a slot.
///
/// - `minimumSlots`: everyone available throughout, as few slots as possible. When the
///   meetings form a bipartite graph (associations ↔ companies), this is an edge colouring
///   with k = max(Δ, ⌈M/L⌉) colours whose classes hold at most L meetings, which exists and
///   is the minimum (Δ = most meetings of one person, M = meetings, L = tables): König's
///   theorem gives Δ colours (each meeting coloured in turn, an alternating two-colour path
///   flipped when needed: in a bipartite graph it never returns to the meeting's first
///   person), then, with k colours, an overfull class gives one meeting to an underfull one
///   by flipping a path of their two colours that holds one more meeting of the overfull
///   class (one exists whenever it is the larger, de Werra's balancing); last, the slots
///   are put in the order that leaves the fewest idle gaps (`orderSlots`). Open to all
///   (not bipartite), the same bound is reported and the fixed-slot scheduler is run with
///   k, k + 1… slots until every meeting is placed.
/// - `schedule`: fixed slots, individual availabilities, tables: as many meetings as
///   possible (constrained meetings first, each into the free slot that leaves fewest idle
///   gaps; an unplaced meeting then ejects the one or two meetings in its way when they can
///   move to another free slot, repeated), then fewer idle gaps by moving meetings one at a
///   time. Reported against an upper bound: the meetings whose two people share an
///   available slot, the people's own limits (for each person, the most of their meetings
///   that fit their available slots, a small matching; then a b-matching of the meetings
///   under those limits, by max flow on the bipartite double cover, halved), and the
///   tables (per slot, at most L and at most half the people available).
/// - Meetings already announced (`fixed`) never move; new ones fit around them.
public enum MeetingScheduler {
    public struct Meeting: Sendable, Hashable {
        public var a: Int
        public var b: Int

        public init(_ a: Int, _ b: Int) {
            self.a = a
            self.b = b
        }
    }

    public struct Placement: Sendable, Hashable {
        public var slot: Int
        public var table: Int

        public init(slot: Int, table: Int) {
            self.slot = slot
            self.table = table
        }
    }

    public struct Problem: Sendable {
        public var participants: Int
        public var meetings: [Meeting]
        public var slots: Int
        public var tables: Int
        /// Per participant, whether they are available in each slot; nil: everyone always.
        public var availability: [[Bool]]?
        /// Meetings already announced, by index: kept where they are.
        public var fixed: [Int: Placement]

        public init(
            participants: Int, meetings: [Meeting], slots: Int, tables: Int, availability: [[Bool]]? = nil,
            fixed: [Int: Placement] = [:]
        ) {
            self.participants = participants
            self.meetings = meetings
            self.slots = slots
            self.tables = tables
            self.availability = availability
            self.fixed = fixed
        }
    }

    public struct Result: Sendable, Equatable {
        /// Per meeting, its slot and table (nil: not placed).
        public var placements: [Placement?]
        public var scheduled: Int
        /// Slots holding at least one meeting, up to the last.
        public var slotsUsed: Int
        /// Idle slots between a person's first and last meeting, summed over people.
        public var gaps: Int
        /// `minimumSlots`: no schedule has fewer slots; `schedule`: no schedule has more meetings.
        public var bound: Int
        /// Whether the schedule reaches the bound (so is optimal).
        public var reachesBound: Bool { bound == (isSlotBound ? slotsUsed : scheduled) }
        var isSlotBound: Bool
    }

    // MARK: Minimum slots

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

    // MARK: Fixed slots

    /// Slot sets as bit words, `words` per participant.
    struct Board {
        let slots: Int, tables: Int, words: Int
        let meetings: [Meeting]
        var available: [UInt64]
        var busy: [UInt64]
        var tableFree: [UInt64]
        var load: [Int]
        var slotOf: [Int]
        var occupant: [Int32]  // participant * slots + slot → meeting
        var inSlot: [[Int]]
        var position: [Int]  // meeting → index in inSlot[slot]
        let fixed: [Bool]

        init(_ problem: Problem) {
            slots = problem.slots
            tables = problem.tables
            words = max(1, (problem.slots + 63) / 64)
            meetings = problem.meetings
            available = [UInt64](repeating: 0, count: problem.participants * words)
            for p in 0..<problem.participants {
                for s in 0..<problem.slots where problem.availability?[p][s] ?? true {
                    available[p * words + s / 64] |= 1 << UInt64(s % 64)
                }
            }
            busy = [UInt64](repeating: 0, count: problem.participants * words)
            tableFree = [UInt64](repeating: 0, count: words)
            for s in 0..<problem.slots where problem.tables > 0 { tableFree[s / 64] |= 1 << UInt64(s % 64) }
            load = [Int](repeating: 0, count: problem.slots)
            slotOf = [Int](repeating: -1, count: problem.meetings.count)
            occupant = [Int32](repeating: -1, count: problem.participants * problem.slots)
            inSlot = [[Int]](repeating: [], count: problem.slots)
            position = [Int](repeating: -1, count: problem.meetings.count)
            var fixed = [Bool](repeating: false, count: problem.meetings.count)
            for e in problem.fixed.keys where problem.meetings.indices.contains(e) { fixed[e] = true }
            self.fixed = fixed
        }

        func has(_ set: [UInt64], _ p: Int, _ s: Int) -> Bool { set[p * words + s / 64] >> UInt64(s % 64) & 1 == 1 }

        /// Free slots of meeting e: both available and free, a table left.
        func freeSlots(_ e: Int, into out: inout [UInt64]) {
            let (a, b) = (meetings[e].a, meetings[e].b)
            for w in 0..<words {
                out[w] =
                    available[a * words + w] & available[b * words + w] & ~busy[a * words + w] & ~busy[b * words + w]
                    & tableFree[w]
            }
        }

        func common(_ e: Int, _ w: Int) -> UInt64 {
            available[meetings[e].a * words + w] & available[meetings[e].b * words + w]
        }

        mutating func place(_ e: Int, _ s: Int) {
            let (a, b) = (meetings[e].a, meetings[e].b)
            slotOf[e] = s
            busy[a * words + s / 64] |= 1 << UInt64(s % 64)
            busy[b * words + s / 64] |= 1 << UInt64(s % 64)
            occupant[a * slots + s] = Int32(e)
            occupant[b * slots + s] = Int32(e)
            load[s] += 1
            if load[s] >= tables { tableFree[s / 64] &= ~(1 << UInt64(s % 64)) }
            position[e] = inSlot[s].count
            inSlot[s].append(e)
        }

        mutating func remove(_ e: Int) {
            let s = slotOf[e]
            guard s >= 0 else { return }
            let (a, b) = (meetings[e].a, meetings[e].b)
            slotOf[e] = -1
            busy[a * words + s / 64] &= ~(1 << UInt64(s % 64))
            busy[b * words + s / 64] &= ~(1 << UInt64(s % 64))
            occupant[a * slots + s] = -1
            occupant[b * slots + s] = -1
            load[s] -= 1
            tableFree[s / 64] |= 1 << UInt64(s % 64)
            let last = inSlot[s].removeLast()
            if last != e { inSlot[s][position[e]] = last; position[last] = position[e] }
            position[e] = -1
        }

        /// Idle slots between a person's first and last meeting.
        func gaps(_ p: Int) -> Int {
            var first = -1, last = -1, count = 0
            for w in 0..<words {
                let x = busy[p * words + w]
                guard x != 0 else { continue }
                if first < 0 { first = w * 64 + x.trailingZeroBitCount }
                last = w * 64 + 63 - x.leadingZeroBitCount
                count += x.nonzeroBitCount
            }
            return first < 0 ? 0 : last - first + 1 - count
        }

        /// The free slot of e that adds the fewest gaps for its two people (earliest on ties).
        mutating func bestSlot(_ e: Int, _ scratch: inout [UInt64]) -> Int? {
            freeSlots(e, into: &scratch)
            let (a, b) = (meetings[e].a, meetings[e].b)
            var best: Int?, bestCost = Int.max
            for w in 0..<words {
                var x = scratch[w]
                while x != 0 {
                    let s = w * 64 + x.trailingZeroBitCount
                    x &= x - 1
                    place(e, s)
                    let cost = gaps(a) + gaps(b)
                    remove(e)
                    if cost < bestCost { bestCost = cost; best = s }
                    if cost == 0 { return best }
                }
            }
            return best
        }

        /// Places e by a Kempe interchange: a slot c1 where one person (u) is free and the
        /// other (v) busy, a slot c2 where v is free; the path of meetings alternating c1, c2
        /// from v swaps its two slots (every meeting on it stays proper, as in an edge
        /// colouring), if everyone on it is available at the new slot and the tables suffice;
        /// then v is free at c1 and e goes there.
        mutating func placeByKempe(_ e: Int, _ scratch: inout [UInt64], path: inout [Int]) -> Bool {
            for (u, v) in [(meetings[e].a, meetings[e].b), (meetings[e].b, meetings[e].a)] {
                for w1 in 0..<words {
                    // c1: both available, u free, v busy.
                    var x1 = common(e, w1) & ~busy[u * words + w1] & busy[v * words + w1]
                    while x1 != 0 {
                        let c1 = w1 * 64 + x1.trailingZeroBitCount
                        x1 &= x1 - 1
                        for w2 in 0..<words {
                            var x2 = available[v * words + w2] & ~busy[v * words + w2]
                            while x2 != 0 {
                                let c2 = w2 * 64 + x2.trailingZeroBitCount
                                x2 &= x2 - 1
                                if c2 == c1 { continue }
                                path.removeAll(keepingCapacity: true)
                                var x = v, c = c1, valid = true, k1 = 0, k2 = 0
                                while occupant[x * slots + c] >= 0 {
                                    let f = Int(occupant[x * slots + c])
                                    let other = c == c1 ? c2 : c1
                                    if fixed[f] || path.count >= 40 || !has(available, meetings[f].a, other)
                                        || !has(available, meetings[f].b, other)
                                    {
                                        valid = false; break
                                    }
                                    path.append(f)
                                    if c == c1 { k1 += 1 } else { k2 += 1 }
                                    x = meetings[f].a == x ? meetings[f].b : meetings[f].a
                                    if x == u { valid = false; break }
                                    c = other
                                }
                                guard valid, load[c1] + k2 - k1 + 1 <= tables, load[c2] + k1 - k2 <= tables else {
                                    continue
                                }
                                let moves = path.map { ($0, slotOf[$0] == c1 ? c2 : c1) }
                                for (f, _) in moves { remove(f) }
                                for (f, t) in moves { place(f, t) }
                                place(e, c1)
                                return true
                            }
                        }
                    }
                }
            }
            return false
        }

        /// Every place and remove, so that a failed attempt can be undone.
        var journal: [(meeting: Int, slot: Int, placed: Bool)] = []
        var journaling = false
        /// Meetings moved by the current ejection chain: `visited[e] == stamp`.
        var visited: [Int] = []
        var stamp = 0

        mutating func move(_ e: Int, to s: Int) {
            place(e, s)
            if journaling { journal.append((e, s, true)) }
        }

        mutating func take(_ e: Int) {
            let s = slotOf[e]
            remove(e)
            if journaling { journal.append((e, s, false)) }
        }

        mutating func rollback(to mark: Int) {
            while journal.count > mark {
                let step = journal.removeLast()
                if step.placed { remove(step.meeting) } else { place(step.meeting, step.slot) }
            }
        }

        /// Places e in s by moving the meetings in its way (its people's meetings in s, or a
        /// meeting of s when its tables are full) to free slots, or, `depth` more times, by
        /// moving what is in their way in turn (an ejection chain); undone if it fails.
        /// Fixed meetings never move; a meeting moves once per chain.
        mutating func placeByEjecting(_ e: Int, _ s: Int, depth: Int, _ scratch: inout [UInt64]) -> Bool {
            let (a, b) = (meetings[e].a, meetings[e].b)
            var blocking: [Int] = []
            for p in [a, b] {
                let o = Int(occupant[p * slots + s])
                if o >= 0 && !blocking.contains(o) { blocking.append(o) }
            }
            if blocking.contains(where: { fixed[$0] || visited[$0] == stamp }) { return false }
            var options: [[Int]] = [blocking]
            if blocking.isEmpty && load[s] >= tables {
                options = inSlot[s].filter { !fixed[$0] && visited[$0] != stamp }.prefix(depth > 0 ? 6 : 24).map {
                    [$0]
                }
            } else if blocking.count < 2 && load[s] - blocking.count >= tables {
                return false
            }
            for option in options {
                let mark = journal.count
                for o in option { take(o); visited[o] = stamp }
                move(e, to: s)
                var done = true
                for o in option {
                    if let t = bestSlot(o, &scratch) { move(o, to: t); continue }
                    var moved = false
                    if depth > 0 {
                        for w in 0..<words where !moved {
                            var x = common(o, w)
                            while x != 0 && !moved {
                                let t = w * 64 + x.trailingZeroBitCount
                                x &= x - 1
                                if t != s && placeByEjecting(o, t, depth: depth - 1, &scratch) { moved = true }
                            }
                        }
                    }
                    if !moved { done = false; break }
                }
                if done { return true }
                rollback(to: mark)
                for o in option { visited[o] = 0 }
            }
            return false
        }
    }

    public static func schedule(_ problem: Problem) -> Result {
        guard problem.slots > 0, problem.tables > 0 else {
            return summarise(
                Array(repeating: nil, count: problem.meetings.count), participants: problem.participants,
                meetings: problem.meetings,
                bound: 0, slotBound: false)
        }
        var board = Board(problem)
        var scratch = [UInt64](repeating: 0, count: board.words)
        var placements = [Placement?](repeating: nil, count: problem.meetings.count)
        // Announced meetings first, at their tables.
        var tablesTaken = [Set<Int>](repeating: [], count: problem.slots)
        for (e, placement) in problem.fixed.sorted(by: { $0.key < $1.key })
        where problem.meetings.indices.contains(e) && (0..<problem.slots).contains(placement.slot) {
            board.place(e, placement.slot)
            tablesTaken[placement.slot].insert(placement.table)
            placements[e] = placement
        }
        // The most constrained meetings first: fewest common slots, busiest people.
        var degree = [Int](repeating: 0, count: problem.participants)
        for m in problem.meetings { degree[m.a] += 1; degree[m.b] += 1 }
        // The meetings the b-matching of the bound selects come first: they respect every
        // person's limit, so placing them all reaches the bound.
        let (bound, flow) = bound(problem)
        let order = problem.meetings.indices.filter { problem.fixed[$0] == nil }.map { e -> (Int, Int, Int, Int) in
            var common = 0
            for w in 0..<board.words { common += board.common(e, w).nonzeroBitCount }
            return (-flow[e], common, -(degree[problem.meetings[e].a] + degree[problem.meetings[e].b]), e)
        }.filter { $0.1 > 0 }.sorted { ($0.0, $0.1, $0.2, $0.3) < ($1.0, $1.1, $1.2, $1.3) }.map(\.3)
        var unplaced: [Int] = []
        for e in order {
            if let s = board.bestSlot(e, &scratch) { board.place(e, s) } else { unplaced.append(e) }
        }
        // Then the meetings left out get in by Kempe interchanges, or push the ones in their
        // way (chains of up to three moves), while that places more.
        board.journaling = true
        board.visited = [Int](repeating: 0, count: problem.meetings.count)
        var path: [Int] = []
        var placed = board.slotOf.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        for depth in [0, 1, 2, 2] where !unplaced.isEmpty && placed < bound {
            let before = unplaced.count
            unplaced = unplaced.filter { e in
                // At the bound, the schedule is optimal: nothing more to try.
                if placed >= bound { return true }
                if let s = board.bestSlot(e, &scratch) { board.place(e, s); placed += 1; return false }
                if board.placeByKempe(e, &scratch, path: &path) { placed += 1; return false }
                for w in 0..<board.words {
                    var x = board.common(e, w)
                    while x != 0 {
                        let s = w * 64 + x.trailingZeroBitCount
                        x &= x - 1
                        board.stamp += 1
                        board.journal.removeAll(keepingCapacity: true)
                        if board.placeByEjecting(e, s, depth: depth, &scratch) { placed += 1; return false }
                    }
                }
                return true
            }
            if unplaced.count == before && depth == 2 { break }
        }
        board.journaling = false
        // Fewer idle gaps: move a meeting where it leaves fewer, while that helps.
        for _ in 0..<3 {
            var improved = false
            for e in order where board.slotOf[e] >= 0 && !board.fixed[e] {
                let (a, b) = (problem.meetings[e].a, problem.meetings[e].b)
                let current = board.slotOf[e], before = board.gaps(a) + board.gaps(b)
                board.remove(e)
                let s = board.bestSlot(e, &scratch) ?? current
                board.place(e, s)
                if board.gaps(a) + board.gaps(b) >= before && s != current {
                    board.remove(e); board.place(e, current)
                } else if s != current {
                    improved = true
                }
            }
            if !improved { break }
        }
        for e in order where board.slotOf[e] >= 0 {
            let s = board.slotOf[e]
            var table = 0
            while tablesTaken[s].contains(table) { table += 1 }
            tablesTaken[s].insert(table)
            placements[e] = Placement(slot: s, table: table)
        }
        return summarise(
            placements, participants: problem.participants, meetings: problem.meetings, bound: bound, slotBound: false)
    }

    /// The baseline: meetings in the order given, each in the first slot where both are
    /// available and free and a table is left (no slot limit when `slots` is nil).
    public static func firstFit(
        participants: Int, meetings: [Meeting], tables: Int, slots: Int? = nil, availability: [[Bool]]? = nil
    ) -> Result {
        var busy = [Set<Int>](repeating: [], count: participants)
        var load: [Int: Int] = [:]
        var placements = [Placement?](repeating: nil, count: meetings.count)
        for (e, m) in meetings.enumerated() {
            var s = 0
            while slots.map({ s < $0 }) ?? true {
                if busy[m.a].contains(s) || busy[m.b].contains(s) || load[s, default: 0] >= tables
                    || !(availability?[m.a][s] ?? true) || !(availability?[m.b][s] ?? true)
                {
                    s += 1; continue
                }
                placements[e] = Placement(slot: s, table: load[s, default: 0])
                load[s, default: 0] += 1
                busy[m.a].insert(s)
                busy[m.b].insert(s)
                break
            }
        }
        if slots == nil {
            return summarise(
                placements, participants: participants, meetings: meetings,
                bound: slotLowerBound(participants: participants, meetings: meetings, tables: tables), slotBound: true)
        }
        let problem = Problem(
            participants: participants, meetings: meetings, slots: slots ?? 0, tables: tables,
            availability: availability)
        return summarise(
            placements, participants: participants, meetings: meetings, bound: upperBound(problem), slotBound: false)
    }

    static func summarise(
        _ placements: [Placement?], participants: Int, meetings: [Meeting], bound: Int, slotBound: Bool
    ) -> Result {
        var slotsOf = [[Int]](repeating: [], count: participants)
        var last = -1, scheduled = 0
        for (e, p) in placements.enumerated() {
            guard let p else { continue }
            scheduled += 1
            last = max(last, p.slot)
            slotsOf[meetings[e].a].append(p.slot)
            slotsOf[meetings[e].b].append(p.slot)
        }
        let gaps = slotsOf.reduce(0) { total, slots in
            guard let low = slots.min(), let high = slots.max() else { return total }
            return total + high - low + 1 - slots.count
        }
        return Result(
            placements: placements, scheduled: scheduled, slotsUsed: last + 1, gaps: gaps, bound: bound,
            isSlotBound: slotBound)
    }

    // MARK: Upper bound

    /// No schedule places more meetings than this (see the type's documentation).
    public static func upperBound(_ problem: Problem) -> Int { bound(problem).value }

    /// The bound, and per meeting the flow it carries in the b-matching (0, 1 or 2 halves):
    /// the meetings worth placing first.
    static func bound(_ problem: Problem) -> (value: Int, flow: [Int]) {
        var flow = [Int](repeating: 0, count: problem.meetings.count)
        guard problem.slots > 0, problem.tables > 0 else { return (0, flow) }
        let board = Board(problem)
        let schedulable = problem.meetings.indices.filter { e in (0..<board.words).contains { board.common(e, $0) != 0 }
        }
        // Each person's limit: the most of their meetings that fit their available slots.
        var mine = [[Int]](repeating: [], count: problem.participants)
        for e in schedulable { mine[problem.meetings[e].a].append(e); mine[problem.meetings[e].b].append(e) }
        let limit = mine.map { own in matchIntoSlots(own, board: board) }
        // b-matching of the meetings under those limits: max flow on the double cover, halved.
        let n = problem.participants
        var network = FlowNetwork(nodes: 2 * n + 2)
        let source = 2 * n, sink = 2 * n + 1
        for p in 0..<n where limit[p] > 0 {
            network.add(source, p, limit[p])
            network.add(n + p, sink, limit[p])
        }
        var arcs: [(meeting: Int, arc: Int)] = []
        for e in schedulable {
            let m = problem.meetings[e]
            arcs.append((e, network.to.count))
            network.add(m.a, n + m.b, 1)
            arcs.append((e, network.to.count))
            network.add(m.b, n + m.a, 1)
        }
        let people = network.maxFlow(source, sink) / 2
        for (e, arc) in arcs where network.capacity[arc] == 0 { flow[e] += 1 }
        // Tables: per slot, at most L meetings and half the people available then.
        var free = [Int](repeating: 0, count: problem.slots)
        for p in 0..<n where limit[p] > 0 {
            for s in 0..<problem.slots where board.has(board.available, p, s) { free[s] += 1 }
        }
        let tables = free.reduce(0) { $0 + min(problem.tables, $1 / 2) }
        return (min(schedulable.count, people, tables), flow)
    }

    /// The largest matching of meetings to distinct slots available to both their people.
    static func matchIntoSlots(_ meetings: [Int], board: Board) -> Int {
        var slotOwner = [Int](repeating: -1, count: board.slots)
        var matched = 0
        for (i, _) in meetings.enumerated() {
            var seen = [Bool](repeating: false, count: board.slots)
            func augment(_ i: Int) -> Bool {
                for w in 0..<board.words {
                    var x = board.common(meetings[i], w)
                    while x != 0 {
                        let s = w * 64 + x.trailingZeroBitCount
                        x &= x - 1
                        if seen[s] { continue }
                        seen[s] = true
                        if slotOwner[s] < 0 || augment(slotOwner[s]) { slotOwner[s] = i; return true }
                    }
                }
                return false
            }
            if augment(i) { matched += 1 }
            if matched == board.slots { break }
        }
        return matched
    }
}

/// Max flow by Dinic's algorithm (integer capacities).
struct FlowNetwork {
    var head: [Int32]
    var next: [Int32] = []
    var to: [Int32] = []
    var capacity: [Int32] = []

    init(nodes: Int) { head = [Int32](repeating: -1, count: nodes) }

    mutating func add(_ u: Int, _ v: Int, _ c: Int) {
        for (x, y, cap) in [(u, v, c), (v, u, 0)] {
            to.append(Int32(y))
            capacity.append(Int32(cap))
            next.append(head[x])
            head[x] = Int32(to.count - 1)
        }
    }

    mutating func maxFlow(_ s: Int, _ t: Int) -> Int {
        var flow = 0
        var level = [Int32](repeating: -1, count: head.count)
        var iterator = head
        var queue = [Int](repeating: 0, count: head.count)
        while true {
            for i in level.indices { level[i] = -1 }
            level[s] = 0
            var front = 0, back = 1
            queue[0] = s
            while front < back {
                let u = queue[front]
                front += 1
                var e = head[u]
                while e >= 0 {
                    let v = Int(to[Int(e)])
                    if capacity[Int(e)] > 0 && level[v] < 0 { level[v] = level[u] + 1; queue[back] = v; back += 1 }
                    e = next[Int(e)]
                }
            }
            guard level[t] >= 0 else { return flow }
            iterator = head
            // Depth-first blocking flow with an explicit stack of edges.
            while true {
                var path: [Int32] = []
                var u = s
                var found = false
                while true {
                    if u == t { found = true; break }
                    var advanced = false
                    while iterator[u] >= 0 {
                        let e = iterator[u]
                        let v = Int(to[Int(e)])
                        if capacity[Int(e)] > 0 && level[v] == level[u] + 1 {
                            path.append(e)
                            u = v
                            advanced = true
                            break
                        }
                        iterator[u] = next[Int(e)]
                    }
                    if advanced { continue }
                    // Dead end: retreat.
                    level[u] = -1
                    guard let e = path.popLast() else { break }
                    u = Int(to[Int(e ^ 1)])
                    iterator[u] = next[Int(iterator[u])]
                }
                guard found else { break }
                let pushed = path.map { capacity[Int($0)] }.min() ?? 0
                for e in path { capacity[Int(e)] -= pushed; capacity[Int(e ^ 1)] += pushed }
                flow += Int(pushed)
            }
        }
    }
}

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
