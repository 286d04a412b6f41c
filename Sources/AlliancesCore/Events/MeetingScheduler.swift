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

    /// Fixed slots (see the type's description), step by step.
    public static func schedule(_ problem: Problem) -> Result {
        guard problem.slots > 0, problem.tables > 0 else {
            return summarise(
                Array(repeating: nil, count: problem.meetings.count), participants: problem.participants,
                meetings: problem.meetings,
                bound: 0, slotBound: false)
        }
        var board = Board(problem)
        var scratch = [UInt64](repeating: 0, count: board.words)
        // Announced meetings first, at their tables.
        var placements = placeAnnounced(problem, on: &board)
        // The bound, and its b-matching: the meetings it selects come first.
        let (bound, flow) = bound(problem)
        let order = placementOrder(problem, board: board, flow: flow)
        // Each in the free slot that leaves the fewest idle gaps.
        var unplaced: [Int] = []
        for e in order {
            if let s = board.bestSlot(e, &scratch) { board.place(e, s) } else { unplaced.append(e) }
        }
        // The meetings left out get in by Kempe interchanges or ejection chains.
        placeLeftOut(unplaced, on: &board, bound: bound, &scratch)
        // Fewer idle gaps, one meeting moved at a time.
        reduceGaps(order, problem: problem, on: &board, &scratch)
        assignTables(order, board: board, into: &placements)
        return summarise(
            placements, participants: problem.participants, meetings: problem.meetings, bound: bound, slotBound: false)
    }

    /// Puts the announced meetings on the board at their slot; returns the placements so far.
    static func placeAnnounced(_ problem: Problem, on board: inout Board) -> [Placement?] {
        var placements = [Placement?](repeating: nil, count: problem.meetings.count)
        for (e, placement) in problem.fixed.sorted(by: { $0.key < $1.key })
        where problem.meetings.indices.contains(e) && (0..<problem.slots).contains(placement.slot) {
            board.place(e, placement.slot)
            placements[e] = placement
        }
        return placements
    }

    /// The meetings to place, most constrained first: those the bound's b-matching selects
    /// (they respect every person's limit, so placing them all reaches the bound), then
    /// fewest common slots, then busiest people. Meetings with no common slot are left out.
    static func placementOrder(_ problem: Problem, board: Board, flow: [Int]) -> [Int] {
        var degree = [Int](repeating: 0, count: problem.participants)
        for m in problem.meetings {
            degree[m.a] += 1
            degree[m.b] += 1
        }
        return problem.meetings.indices.filter { problem.fixed[$0] == nil }.map { e -> (Int, Int, Int, Int) in
            var common = 0
            for w in 0..<board.words { common += board.common(e, w).nonzeroBitCount }
            return (-flow[e], common, -(degree[problem.meetings[e].a] + degree[problem.meetings[e].b]), e)
        }.filter { $0.1 > 0 }.sorted { ($0.0, $0.1, $0.2, $0.3) < ($1.0, $1.1, $1.2, $1.3) }.map(\.3)
    }

    /// The meetings left out get in by Kempe interchanges, or push the ones in their way
    /// (chains of up to three moves), while that places more and the bound is not reached.
    static func placeLeftOut(_ unplaced: [Int], on board: inout Board, bound: Int, _ scratch: inout [UInt64]) {
        var unplaced = unplaced
        board.journaling = true
        defer { board.journaling = false }
        board.visited = [Int](repeating: 0, count: board.meetings.count)
        var path: [Int] = []
        var placed = board.slotOf.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        for depth in [0, 1, 2, 2] where !unplaced.isEmpty && placed < bound {
            let before = unplaced.count
            unplaced = unplaced.filter { e in
                // At the bound, the schedule is optimal: nothing more to try.
                if placed >= bound { return true }
                if let s = board.bestSlot(e, &scratch) {
                    board.place(e, s)
                    placed += 1
                    return false
                }
                if board.placeByKempe(e, &scratch, path: &path) {
                    placed += 1
                    return false
                }
                for w in 0..<board.words {
                    var x = board.common(e, w)
                    while x != 0 {
                        let s = w * 64 + x.trailingZeroBitCount
                        x &= x - 1
                        board.stamp += 1
                        board.journal.removeAll(keepingCapacity: true)
                        if board.placeByEjecting(e, s, depth: depth, &scratch) {
                            placed += 1
                            return false
                        }
                    }
                }
                return true
            }
            if unplaced.count == before && depth == 2 { break }
        }
    }

    /// Moves a placed meeting where it leaves fewer idle gaps to its two people, while that
    /// helps (three rounds at most); announced meetings stay.
    static func reduceGaps(_ order: [Int], problem: Problem, on board: inout Board, _ scratch: inout [UInt64]) {
        for _ in 0..<3 {
            var improved = false
            for e in order where board.slotOf[e] >= 0 && !board.fixed[e] {
                let (a, b) = (problem.meetings[e].a, problem.meetings[e].b)
                let current = board.slotOf[e], before = board.gaps(a) + board.gaps(b)
                board.remove(e)
                let s = board.bestSlot(e, &scratch) ?? current
                board.place(e, s)
                if board.gaps(a) + board.gaps(b) >= before && s != current {
                    board.remove(e)
                    board.place(e, current)
                } else if s != current {
                    improved = true
                }
            }
            if !improved { break }
        }
    }

    /// Each placed meeting gets the first table of its slot not taken (announced meetings
    /// keep theirs).
    static func assignTables(_ order: [Int], board: Board, into placements: inout [Placement?]) {
        var tablesTaken = [Set<Int>](repeating: [], count: board.slots)
        for placement in placements.compactMap({ $0 }) { tablesTaken[placement.slot].insert(placement.table) }
        for e in order where board.slotOf[e] >= 0 {
            let s = board.slotOf[e]
            var table = 0
            while tablesTaken[s].contains(table) { table += 1 }
            tablesTaken[s].insert(table)
            placements[e] = Placement(slot: s, table: table)
        }
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
}
