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
    public static func solve(
        _ problem: Problem, objective: Objective = .rankMaximal, searchLimit: Int = 100,
        lagrangianIterations: Int = 400, timeLimit: Duration = .seconds(10)
    ) -> Result {
        let clock = ContinuousClock(), deadline = clock.now.advanced(by: timeLimit)
        let slots = Set(problem.workshops.map(\.slot)).sorted()
        var assignment = [[Int: Int]](repeating: [:], count: problem.choices.count)
        // One pass over the choices: per slot, its rows and each row's (column, rank).
        let slotIndex = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1, $0) })
        var columnOf = [Int](repeating: 0, count: problem.workshops.count)
        var columnsBySlot = [[Int]](repeating: [], count: slots.count)
        for (w, workshop) in problem.workshops.enumerated() {
            let s = slotIndex[workshop.slot]!
            columnOf[w] = columnsBySlot[s].count
            columnsBySlot[s].append(w)
        }
        var rowsBySlot = [[Int]](repeating: [], count: slots.count)
        var ranksBySlot = [[[(column: Int, rank: Int)]]](repeating: [], count: slots.count)
        var counter = [Int](repeating: 0, count: slots.count)
        // Locked placements first: their seats are taken, their slot is settled.
        var lockedSeats = [Int](repeating: 0, count: problem.workshops.count)
        var lockedSlot = Set<Int>()  // participant * slots.count + slot index
        var lockedGroups = Set<[Int]>()  // [participant, group]
        for lock in problem.locked
        where problem.choices.indices.contains(lock.participant) && problem.workshops.indices.contains(lock.workshop) {
            let s = slotIndex[problem.workshops[lock.workshop].slot]!
            guard lockedSlot.insert(lock.participant * slots.count + s).inserted else { continue }
            assignment[lock.participant][problem.workshops[lock.workshop].slot] = lock.workshop
            lockedSeats[lock.workshop] += 1
            if let group = problem.workshops[lock.workshop].group { lockedGroups.insert([lock.participant, group]) }
        }
        for (p, choices) in problem.choices.enumerated() {
            for s in counter.indices { counter[s] = 0 }
            for w in choices {
                let s = slotIndex[problem.workshops[w].slot]!
                if lockedSlot.contains(p * slots.count + s) { continue }
                counter[s] += 1
                if counter[s] == 1 { rowsBySlot[s].append(p); ranksBySlot[s].append([]) }
                // A repeated workshop already locked for this participant elsewhere is out.
                if let group = problem.workshops[w].group, lockedGroups.contains([p, group]) { continue }
                ranksBySlot[s][ranksBySlot[s].count - 1].append((columnOf[w], counter[s]))
            }
        }
        let k = max(
            1, ranksBySlot.joined().map(\.count).max() ?? 1,
            ranksBySlot.joined().compactMap { $0.last?.rank }.max() ?? 1)
        // One weight scale for all slots, so that slots coupled by repeated workshops trade
        // ranks on the same terms.
        let n = rowsBySlot.reduce(0) { $0 + $1.count }
        let costs = (0...k).map { rank in cost(objective, rank: rank == 0 ? nil : rank, maxRank: k, rows: n) }
        let capacitiesBySlot = columnsBySlot.map { columns in
            columns.map { max(0, problem.workshops[$0].capacity - lockedSeats[$0]) } + [Int.max]
        }

        // Repeated workshops a participant ranked in several slots: the only constraints the
        // slots solved apart can break, each with a Lagrange multiplier (see below).
        var pairIndex: [[Int]: Int] = [:]  // [participant, group] → multiplier
        var arcPair: [[[Int]]] = []  // slot → row → per ranked arc, multiplier or -1
        for s in slots.indices {
            arcPair.append(
                ranksBySlot[s].enumerated().map { r, mine in
                    mine.map { arc in
                        guard let group = problem.workshops[columnsBySlot[s][arc.column]].group else { return -1 }
                        let key = [rowsBySlot[s][r], group]
                        if let i = pairIndex[key] { return i }
                        pairIndex[key] = pairIndex.count
                        return pairIndex.count - 1
                    }
                })
        }

        /// One slot solved, without the placements forbidden (row * columns + column); with
        /// multipliers, each arc of a repeated workshop costs `scale` × its cost + its
        /// multiplier. Returns the placements and their cost without multipliers.
        func solveSlot(_ s: Int, forbidden: Set<Int>, multipliers: [Int128]? = nil, scale: Int128 = 1) -> (
            placed: [Int], cost: Int128
        ) {
            let columns = columnsBySlot[s].count
            let arcs: [[(column: Int, cost: Int128)]] = ranksBySlot[s].enumerated().map { r, mine in
                mine.enumerated().compactMap { j, arc in
                    if forbidden.contains(r * (columns + 1) + arc.column) { return nil }
                    let extra = multipliers.map { m in arcPair[s][r][j] >= 0 ? m[arcPair[s][r][j]] : 0 } ?? 0
                    return (arc.column, costs[arc.rank] * scale + extra)
                } + [(columns, costs[0] * scale)]
            }
            // 64-bit arithmetic when the total fits (always for rank², for rank-maximal with few
            // participants or ranks): a third faster than 128-bit.
            let biggest = arcs.joined().map(\.cost.magnitude).max() ?? 0
            let placed =
                biggest < UInt128(Int64.max / 8) / UInt128(max(1, rowsBySlot[s].count))
                ? Transportation.solve(
                    arcs: arcs.map { $0.map { ($0.column, Int64($0.cost)) } }, capacities: capacitiesBySlot[s])
                : Transportation.solve(
                    arcs: arcs.map { $0.map { ($0.column, $0.cost) } }, capacities: capacitiesBySlot[s])
            var total: Int128 = 0
            for (r, column) in placed.enumerated() {
                total += column == columns ? costs[0] : costs[ranksBySlot[s][r].first { $0.column == column }!.rank]
            }
            return (placed, total)
        }

        struct Node {
            var forbidden: [Set<Int>]
            var placed: [[Int]]
            var costs: [Int128]
            var bound: Int128 { costs.reduce(0, +) }
        }
        var root = Node(forbidden: Array(repeating: [], count: slots.count), placed: [], costs: [])
        for s in slots.indices {
            let (placed, cost) = solveSlot(s, forbidden: [])
            root.placed.append(placed)
            root.costs.append(cost)
        }
        var lowerBound = root.bound

        /// Sessions of one repeated workshop given to one participant: [(slot, row, column)]
        /// of the first such participant, or nil when there are none.
        let repeats = problem.workshops.contains { $0.group != nil }
        func conflict(_ node: Node) -> [(slot: Int, row: Int, column: Int)]? {
            guard repeats else { return nil }
            var seen: [[Int]: [(slot: Int, row: Int, column: Int)]] = [:]  // [participant, group]
            for s in slots.indices {
                for (r, column) in node.placed[s].enumerated() where column < columnsBySlot[s].count {
                    guard let group = problem.workshops[columnsBySlot[s][column]].group else { continue }
                    seen[[rowsBySlot[s][r], group], default: []].append((s, r, column))
                }
            }
            return seen.values.filter { $0.count > 1 }.min { ($0[0].slot, $0[0].row) < ($1[0].slot, $1[0].row) }
        }

        var nodes = 0, exhausted = true
        /// Every repeated workshop given twice stays only where it ranks best; the slots that
        /// lost one are solved again (with the multipliers, when given), until none is left.
        func repair(_ start: Node, multipliers: [Int128]? = nil, scale: Int128 = 1) -> Node {
            var repaired = start
            while true {
                var seen: [[Int]: [(slot: Int, row: Int, column: Int, rank: Int)]] = [:]
                for s in slots.indices {
                    for (r, column) in repaired.placed[s].enumerated() where column < columnsBySlot[s].count {
                        guard let group = problem.workshops[columnsBySlot[s][column]].group else { continue }
                        let rank = ranksBySlot[s][r].first { $0.column == column }!.rank
                        seen[[rowsBySlot[s][r], group], default: []].append((s, r, column, rank))
                    }
                }
                var touched = Set<Int>()
                for placements in seen.values where placements.count > 1 {
                    let kept = placements.min { ($0.rank, $0.slot) < ($1.rank, $1.slot) }!
                    for x in placements where x.slot != kept.slot {
                        repaired.forbidden[x.slot].insert(x.row * (columnsBySlot[x.slot].count + 1) + x.column)
                        touched.insert(x.slot)
                    }
                }
                if touched.isEmpty { return repaired }
                for s in touched {
                    (repaired.placed[s], repaired.costs[s]) = solveSlot(
                        s, forbidden: repaired.forbidden[s], multipliers: multipliers, scale: scale)
                }
                nodes += touched.count
            }
        }

        var best: Node? = conflict(root) == nil ? root : nil
        if best == nil {
            best = repair(root)
            // Branch and bound, depth first, the cheaper branch first.
            func search(_ node: Node) {
                if node.bound >= best!.bound { return }
                guard let placements = conflict(node) else { best = node; return }
                if nodes >= searchLimit || clock.now > deadline { exhausted = false; return }
                var children: [Node] = []
                for x in placements {
                    var child = node
                    child.forbidden[x.slot].insert(x.row * (columnsBySlot[x.slot].count + 1) + x.column)
                    (child.placed[x.slot], child.costs[x.slot]) = solveSlot(x.slot, forbidden: child.forbidden[x.slot])
                    nodes += 1
                    children.append(child)
                }
                for child in children.sorted(by: { $0.bound < $1.bound }) { search(child) }
            }
            search(root)
            if exhausted { lowerBound = best!.bound }
        }
        if !exhausted, let incumbent = best {
            // Lagrangian bound: each multiplier λ ≥ 0 prices the constraint "this participant
            // gets this repeated workshop at most once". For any λ, the slots solved apart with
            // costs c + λ, minus Σλ, is a lower bound (each slot is a flow, so this reaches the
            // linear relaxation's bound at best). Subgradient steps (Polyak) raise it; every
            // iterate, repaired, is also a candidate allocation. Costs are scaled so that
            // multipliers can be fractions of a rank's cost.
            let scale: Int128 = 1_000
            var multipliers = [Int128](repeating: 0, count: pairIndex.count)
            var upper = incumbent.bound, bestBound = lowerBound
            var step = 2.0, sinceBetter = 0
            let fits =
                (costs.map(\.magnitude).max() ?? 0) < UInt128(Int128.max / 16) / UInt128(scale) / UInt128(max(1, n))
            for _ in 0..<(fits ? lagrangianIterations : 0) {
                var node = Node(forbidden: Array(repeating: [], count: slots.count), placed: [], costs: [])
                var relaxed: Int128 = 0
                for s in slots.indices {
                    let (placed, cost) = solveSlot(s, forbidden: [], multipliers: multipliers, scale: scale)
                    node.placed.append(placed)
                    node.costs.append(cost)
                    relaxed += cost * scale
                    for (r, column) in placed.enumerated() where column < columnsBySlot[s].count {
                        let j = ranksBySlot[s][r].firstIndex { $0.column == column }!
                        if arcPair[s][r][j] >= 0 { relaxed += multipliers[arcPair[s][r][j]] }
                    }
                }
                nodes += slots.count
                // The bound, in whole cost units (every allocation's cost is an integer).
                let value = relaxed - multipliers.reduce(0, +)
                let bound = value >= 0 ? (value + scale - 1) / scale : -((-value) / scale)
                if bound > bestBound { bestBound = bound; sinceBetter = 0 } else { sinceBetter += 1 }
                if sinceBetter >= 8 { step /= 2; sinceBetter = 0 }
                let candidate = repair(node, multipliers: multipliers, scale: scale)
                if candidate.bound < upper { upper = candidate.bound; best = candidate }
                if bestBound >= upper || step < 1e-4 || clock.now > deadline { break }
                // Subgradient: sessions of the workshop given − 1, per multiplier.
                var gradient = [Int](repeating: -1, count: pairIndex.count)
                for s in slots.indices {
                    for (r, column) in node.placed[s].enumerated() where column < columnsBySlot[s].count {
                        let j = ranksBySlot[s][r].firstIndex { $0.column == column }!
                        if arcPair[s][r][j] >= 0 { gradient[arcPair[s][r][j]] += 1 }
                    }
                }
                // Multipliers at 0 with a negative gradient stay at 0: they do not count.
                let norm = zip(gradient, multipliers).reduce(0) { $0 + (($1.0 < 0 && $1.1 == 0) ? 0 : $1.0 * $1.0) }
                if norm == 0 { break }
                let t = step * Double(upper * scale - value) / Double(norm)
                for i in multipliers.indices where gradient[i] != 0 {
                    multipliers[i] = max(0, multipliers[i] + Int128((t * Double(gradient[i])).rounded()))
                }
            }
            lowerBound = max(lowerBound, bestBound)
            if lowerBound >= upper { exhausted = true }
        }
        var chosen = best!
        if !exhausted {
            // A heuristic allocation may leave someone below a workshop they ranked better
            // that still has a seat (and is not one they have elsewhere): move them up.
            var held: [[Int]: Int] = [:]  // [participant, group] → sessions held
            for s in slots.indices {
                for (r, column) in chosen.placed[s].enumerated() where column < columnsBySlot[s].count {
                    if let g = problem.workshops[columnsBySlot[s][column]].group {
                        held[[rowsBySlot[s][r], g], default: 0] += 1
                    }
                }
            }
            for (p, slots) in assignment.enumerated() {
                for w in slots.values { if let g = problem.workshops[w].group { held[[p, g], default: 0] += 1 } }
            }
            for s in slots.indices {
                let columns = columnsBySlot[s]
                var load = [Int](repeating: 0, count: columns.count + 1)
                for column in chosen.placed[s] { load[column] += 1 }
                for r in chosen.placed[s].indices {
                    let column = chosen.placed[s][r], p = rowsBySlot[s][r]
                    let given = column < columns.count ? ranksBySlot[s][r].first { $0.column == column }!.rank : Int.max
                    guard
                        let better = ranksBySlot[s][r].first(where: {
                            $0.rank < given && load[$0.column] < capacitiesBySlot[s][$0.column]
                                && (problem.workshops[columns[$0.column]].group.map { held[[p, $0], default: 0] == 0 }
                                    ?? true)
                        })
                    else { continue }
                    if column < columns.count, let g = problem.workshops[columns[column]].group {
                        held[[p, g], default: 0] -= 1
                    }
                    if let g = problem.workshops[columns[better.column]].group { held[[p, g], default: 0] += 1 }
                    load[column] -= 1
                    load[better.column] += 1
                    chosen.placed[s][r] = better.column
                }
            }
        }

        var total: Int128 = 0
        var unassigned = 0, waste = 0
        var profile = [Int](repeating: 0, count: k)
        // Repeated workshops each participant has, for the waste count.
        var groupsOf: [Int: Set<Int>] = [:]
        if repeats {
            for (p, slots) in assignment.enumerated() {
                for w in slots.values { if let g = problem.workshops[w].group { groupsOf[p, default: []].insert(g) } }
            }
            for s in slots.indices {
                for (r, column) in chosen.placed[s].enumerated() where column < columnsBySlot[s].count {
                    if let g = problem.workshops[columnsBySlot[s][column]].group {
                        groupsOf[rowsBySlot[s][r], default: []].insert(g)
                    }
                }
            }
        }
        for (s, slot) in slots.enumerated() {
            let columns = columnsBySlot[s], capacities = capacitiesBySlot[s]
            var load = [Int](repeating: 0, count: columns.count + 1)
            for column in chosen.placed[s] { load[column] += 1 }
            for (r, column) in chosen.placed[s].enumerated() {
                let p = rowsBySlot[s][r]
                let given: Int
                if column < columns.count {
                    given = ranksBySlot[s][r].first { $0.column == column }!.rank
                    assignment[p][slot] = columns[column]
                    profile[given - 1] += 1
                    total += costs[given]
                } else {
                    given = Int.max
                    unassigned += 1
                    total += costs[0]
                }
                let mine = groupsOf[p] ?? []
                if ranksBySlot[s][r].contains(where: {
                    $0.column < columns.count && $0.rank < given && load[$0.column] < capacities[$0.column]
                        && !(problem.workshops[columns[$0.column]].group.map { mine.contains($0) } ?? false)
                }) {
                    waste += 1
                }
            }
        }
        var placedWithoutChoice = 0
        if problem.placeUnranked {
            // Every placement so far, the locked ones included.
            var taken = [Int](repeating: 0, count: problem.workshops.count)
            for slots in assignment { for w in slots.values { taken[w] += 1 } }
            for (s, slot) in slots.enumerated() {
                for p in problem.choices.indices
                where assignment[p][slot] == nil && !lockedSlot.contains(p * slots.count + s)
                    && !problem.choices[p].contains(where: { problem.workshops[$0].slot == slot })
                {
                    let mine = Set(assignment[p].values.compactMap { problem.workshops[$0].group })
                    guard
                        let best = columnsBySlot[s].filter({
                            taken[$0] < problem.workshops[$0].capacity
                                && !(problem.workshops[$0].group.map { mine.contains($0) } ?? false)
                        })
                        .max(by: {
                            (problem.workshops[$0].capacity - taken[$0], -$0) < (
                                problem.workshops[$1].capacity - taken[$1], -$1
                            )
                        })
                    else { continue }
                    assignment[p][slot] = best
                    taken[best] += 1
                    placedWithoutChoice += 1
                }
            }
        }
        return Result(
            assignment: assignment, cost: total, profile: profile, unassigned: unassigned, waste: waste,
            placedWithoutChoice: placedWithoutChoice, lowerBound: lowerBound,
            provenOptimal: exhausted || total == lowerBound,
            searchNodes: nodes)
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
