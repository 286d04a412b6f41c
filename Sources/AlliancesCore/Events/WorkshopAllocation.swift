/// Workshop allocation from ranked choices: in each time slot, every participant who ranked
/// workshops gets at most one, capacities are respected, a workshop repeated in several
/// slots is never given twice to one participant, and the total cost is minimal.
///
/// A slot is a transportation problem with many rows (participants) and few columns (the
/// slot's workshops, plus "no workshop"). It is solved exactly by successive shortest
/// paths, one participant at a time, on the graph of the columns only: moving participant
/// q from workshop a to workshop b costs c(q,b) − c(q,a), and each ordered pair (a, b)
/// keeps a heap of the participants of a who ranked b, so the cheapest move is at its top.
/// Column potentials keep reduced costs non-negative (a row's potential always exists when
/// every compressed arc is non-negative, and the Johnson update keeps them so), so each
/// step is one Dijkstra over the columns: O(columns²) per participant.
///
/// Repeated workshops couple the slots, and the coupled problem is no longer a flow (one
/// workshop per slot and one session per repeated workshop are two crossing partitions of a
/// participant's placements). The slots solved apart give a lower bound; when someone got
/// the same workshop twice, a repair (keep it where it ranks best, solve those slots again)
/// gives a valid allocation, then a branch and bound (one branch per session of the conflict
/// forbids it there: every valid allocation lacks all of those placements but one, so the
/// branches cover them all; only that slot is solved again) finishes small cases exactly.
/// Where the search does not finish within its limits, a Lagrangian bound (a multiplier per
/// participant and repeated workshop, subgradient steps) raises the lower bound to the
/// linear relaxation's at best, and its iterates, repaired, are candidate allocations. The
/// result says whether optimality is proven and carries the bound: the organiser sees the
/// gap. Measured in BENCHMARKS.md (CP-SAT is the reference there).
///
/// Locked placements keep their seats; participants who ranked nothing in a slot can be
/// given, last, a seat where most remain.
public enum WorkshopAllocation {
    public enum Objective: Sendable, Equatable {
        /// As many first choices as possible, then second choices… (weights (n+1)^(K−r)).
        case rankMaximal
        /// Σ rank², no workshop costing (K+1)²: spreads disappointment.
        case rankSquared
    }

    public struct Workshop: Sendable, Equatable {
        public var slot: Int
        public var capacity: Int
        /// Sessions of one workshop repeated in several slots share a group: at most one of
        /// them per participant.
        public var group: Int?

        public init(slot: Int, capacity: Int, group: Int? = nil) {
            self.slot = slot
            self.capacity = capacity
            self.group = group
        }
    }

    public struct Problem: Sendable, Equatable {
        public var workshops: [Workshop]
        /// Per participant, the workshops ranked, best first, all slots together (the rank
        /// of a workshop is its position among those of its slot).
        public var choices: [[Int]]
        /// Placements the organiser fixed by hand: kept as they are, their seats taken
        /// first, the participant's choices in that slot set aside.
        public var locked: [Lock]
        /// Whether participants who ranked nothing in a slot get, once everyone else is
        /// placed, a seat in the workshop with the most seats left.
        public var placeUnranked: Bool

        public struct Lock: Sendable, Equatable {
            public var participant: Int
            public var workshop: Int

            public init(participant: Int, workshop: Int) {
                self.participant = participant
                self.workshop = workshop
            }
        }

        public init(workshops: [Workshop], choices: [[Int]], locked: [Lock] = [], placeUnranked: Bool = false) {
            self.workshops = workshops
            self.choices = choices
            self.locked = locked
            self.placeUnranked = placeUnranked
        }
    }

    public struct Result: Sendable, Equatable {
        /// Per participant, the workshop of each slot they got (slot → workshop).
        public var assignment: [[Int: Int]]
        public var cost: Int128
        /// How many got their 1st, 2nd… choice (index 0 = 1st).
        public var profile: [Int]
        /// Participant-slots ranked but left without a workshop.
        public var unassigned: Int
        /// Participant-slots where a workshop ranked better than the one given (or any
        /// ranked one, for someone left without) still has a seat, and is not the session of
        /// a repeated workshop they already have: 0 for an optimum.
        public var waste: Int
        /// Participant-slots placed without a choice (`placeUnranked`).
        public var placedWithoutChoice: Int
        /// No allocation can cost less than this (the slots solved apart, refined by the search).
        public var lowerBound: Int128 = 0
        /// Whether `cost` is proven minimal (always, without repeated workshops).
        public var provenOptimal: Bool = true
        /// Branch-and-bound nodes solved (0 without repeated workshops given twice).
        public var searchNodes: Int = 0
    }

    /// The cost of getting a workshop of rank r (1 = first), and of none.
    public static func cost(_ objective: Objective, rank: Int?, maxRank k: Int, rows: Int) -> Int128 {
        switch objective {
        case .rankSquared:
            let r = rank ?? (k + 1)
            return Int128(r * r)
        case .rankMaximal:
            guard let rank else { return 0 }
            // (n+1)^(K−r) makes one better rank outweigh any number of worse ones. The total
            // must fit in 128 bits: with more ranks than that allows (more than 8 ranks for
            // 10,000 participants), the deepest ranks share the smallest weight.
            let base = Int128(rows + 1)
            var exponents = 0, power: Int128 = base
            while exponents < k - 1 {
                let (next, overflow) = power.multipliedReportingOverflow(by: base)
                if overflow || next > Int128.max / 4 { break }
                power = next
                exponents += 1
            }
            var weight: Int128 = 1
            for _ in 0..<max(0, min(k - rank, exponents)) { weight *= base }
            return -weight
        }
    }

    /// `searchLimit`: branch-and-bound nodes allowed when repeated workshops conflict;
    /// `lagrangianIterations`: steps towards a better bound when the search could not finish.
    /// `timeLimit`: when it is over, the search and the bound stop where they are.
    ///
    /// The steps of the description above, in order (`WorkshopAllocation+Solver.swift`).
    public static func solve(
        _ problem: Problem, objective: Objective = .rankMaximal, searchLimit: Int = 100,
        lagrangianIterations: Int = 400, timeLimit: Duration = .seconds(10)
    ) -> Result {
        let clock = ContinuousClock()
        // The network: per slot its columns (workshops and "none"), rows (participants who
        // ranked something there) and arcs (their ranks), once the locked seats are taken.
        let solver = Solver(problem, objective: objective, deadline: clock.now.advanced(by: timeLimit))
        // Every slot solved apart: optimal when no repeated workshop is given twice.
        let root = solver.solveSlotsApart()
        // Otherwise repair, then branch and bound within the limits.
        var search = solver.branchAndBound(from: root, limit: searchLimit)
        // Where it could not finish: the Lagrangian bound and its repaired iterates.
        if !search.exhausted { solver.lagrangian(&search, iterations: lagrangianIterations) }
        var chosen = search.best
        // A heuristic allocation moves people up where a better-ranked seat is still free.
        if !search.exhausted { solver.moveUp(&chosen) }
        return solver.report(chosen, lowerBound: search.lowerBound, exhausted: search.exhausted)
    }
}

/// A transportation problem with few columns: each row goes to exactly one of its columns
/// (cost given), column j takes at most `capacities[j]` rows; minimal total cost.
/// Successive shortest paths on the columns' graph (see `WorkshopAllocation`).
public enum Transportation {
    struct Heap<Cost: FixedWidthInteger & SignedInteger> {
        var items: [(key: Cost, row: Int32)] = []

        mutating func push(_ key: Cost, _ row: Int32) {
            items.append((key, row))
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard items[i].key < items[parent].key else { break }
                items.swapAt(i, parent)
                i = parent
            }
        }

        mutating func pop() {
            items.swapAt(0, items.count - 1)
            items.removeLast()
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count && items[l].key < items[smallest].key { smallest = l }
                if r < items.count && items[r].key < items[smallest].key { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
    }

    /// Returns the column of each row.
    public static func solve<Cost: FixedWidthInteger & SignedInteger>(
        arcs: [[(column: Int, cost: Cost)]], capacities: [Int]
    ) -> [Int] {
        let c = capacities.count
        let sink = c
        var potential = [Cost](repeating: 0, count: c + 1)
        var load = [Int](repeating: 0, count: c)
        var column = [Int](repeating: -1, count: arcs.count)
        // heaps[a * c + b]: rows at a that also have b, keyed by cost(b) − cost(a).
        var heaps = [Heap<Cost>](repeating: Heap(), count: c * c)
        let infinity = Cost.max / 4
        var distance = [Cost](repeating: 0, count: c + 1)
        var settled = [Bool](repeating: false, count: c + 1)
        var parentColumn = [Int](repeating: -1, count: c + 1)
        var parentRow = [Int32](repeating: -1, count: c + 1)

        func place(_ row: Int, at a: Int) {
            column[row] = a
            let own = arcs[row].first { $0.column == a }!.cost
            for arc in arcs[row] where arc.column != a {
                heaps[a * c + arc.column].push(arc.cost - own, Int32(row))
            }
        }

        func cheapest(_ a: Int, _ b: Int) -> (key: Cost, row: Int32)? {
            while let top = heaps[a * c + b].items.first {
                if column[Int(top.row)] == a { return top }
                heaps[a * c + b].pop()
            }
            return nil
        }

        // First, every row whose cheapest column still has room goes there: each such row is
        // at its own minimum, so no exchange among them can lower the cost, and zero
        // potentials are valid for what follows. Only the others need a shortest path.
        var deferred: [Int] = []
        for row in arcs.indices {
            guard let best = arcs[row].min(by: { $0.cost < $1.cost }), best.column < c,
                load[best.column] < capacities[best.column]
            else {
                deferred.append(row)
                continue
            }
            load[best.column] += 1
            place(row, at: best.column)
        }
        for row in deferred {
            for j in 0...c { distance[j] = infinity; settled[j] = false; parentColumn[j] = -1; parentRow[j] = -1 }
            for arc in arcs[row] where arc.cost - potential[arc.column] < distance[arc.column] {
                distance[arc.column] = arc.cost - potential[arc.column]
            }
            while true {
                var x = -1
                for j in 0...c where !settled[j] && distance[j] < infinity && (x < 0 || distance[j] < distance[x]) {
                    x = j
                }
                guard x >= 0 else { break }
                settled[x] = true
                if x == sink { break }
                if load[x] < capacities[x] {
                    let d = distance[x] + potential[x] - potential[sink]
                    if d < distance[sink] { distance[sink] = d; parentColumn[sink] = x; parentRow[sink] = -1 }
                }
                for y in 0..<c where !settled[y] && y != x {
                    guard let move = cheapest(x, y) else { continue }
                    let d = distance[x] + move.key + potential[x] - potential[y]
                    if d < distance[y] { distance[y] = d; parentColumn[y] = x; parentRow[y] = move.row }
                }
            }
            guard distance[sink] < infinity else { continue }  // cannot happen with an unlimited column
            // Walk back: the last column gains the row; each move shifts one row along.
            var y = parentColumn[sink]
            load[y] += 1
            while parentColumn[y] >= 0 {
                let x = parentColumn[y], moved = Int(parentRow[y])
                place(moved, at: y)
                y = x
            }
            place(row, at: y)
            let limit = distance[sink]
            for j in 0...c { potential[j] += min(distance[j], limit) }
        }
        return column
    }
}
