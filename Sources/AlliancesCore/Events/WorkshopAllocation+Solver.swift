extension WorkshopAllocation {
    /// One solution of the slots: per slot, the column of each row, and its cost; the
    /// placements each slot may not use (row * (columns + 1) + column).
    struct Node {
        var forbidden: [Set<Int>]
        var placed: [[Int]]
        var costs: [Int128]
        var bound: Int128 { costs.reduce(0, +) }
    }

    /// Where the search stands: the best allocation found, the bound no allocation can
    /// beat, whether the search finished (the best is then optimal).
    struct Search {
        var best: Node
        var lowerBound: Int128
        var exhausted: Bool
    }

    /// The steps of `solve`, sharing the network they work on. A class: the search's
    /// recursion and the Lagrangian loop update `nodes` through one reference instead of an
    /// inout `self` captured by a nested function: as a struct it ran 3–11 % slower than the
    /// closures it replaced on the repeated-workshop instances (five alternating runs), as a
    /// class at par (BENCHMARKS.md, structure issue).
    final class Solver {
        let problem: Problem
        let deadline: ContinuousClock.Instant
        let clock = ContinuousClock()
        /// The slots, in order, and each workshop's column in its slot.
        let slots: [Int]
        let columnsBySlot: [[Int]]
        /// Per slot, its rows (participants) and each row's ranked arcs (column, rank).
        let rowsBySlot: [[Int]]
        let ranksBySlot: [[[(column: Int, rank: Int)]]]
        /// Seats left per slot and column once the locked placements are in ("none" unbounded).
        let capacitiesBySlot: [[Int]]
        /// The cost of each rank (index 0: no workshop), one scale for all slots.
        let costs: [Int128]
        let maxRank: Int
        let rowCount: Int
        /// Locked placements, and which participant-slots they settle.
        var assignment: [[Int: Int]]
        let lockedSlot: Set<Int>
        /// Repeated workshops a participant ranked in several slots: a multiplier each; per
        /// slot, row and ranked arc, its multiplier or -1.
        let pairCount: Int
        let arcPair: [[[Int]]]
        let repeats: Bool
        /// Slots solved so far (the search's effort).
        var nodes = 0

        /// Builds the network: one pass over the choices, locked placements first (their
        /// seats are taken, their slot is settled).
        init(_ problem: Problem, objective: Objective, deadline: ContinuousClock.Instant) {
            self.problem = problem
            self.deadline = deadline
            let slots = Set(problem.workshops.map(\.slot)).sorted()
            self.slots = slots
            var assignment = [[Int: Int]](repeating: [:], count: problem.choices.count)
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
            var lockedSeats = [Int](repeating: 0, count: problem.workshops.count)
            var lockedSlot = Set<Int>()  // participant * slots.count + slot index
            var lockedGroups = Set<[Int]>()  // [participant, group]
            for lock in problem.locked
            where problem.choices.indices.contains(lock.participant)
                && problem.workshops.indices.contains(lock.workshop)
            {
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
                    if counter[s] == 1 {
                        rowsBySlot[s].append(p)
                        ranksBySlot[s].append([])
                    }
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
            self.costs = (0...k).map { rank in
                WorkshopAllocation.cost(objective, rank: rank == 0 ? nil : rank, maxRank: k, rows: n)
            }
            self.capacitiesBySlot = columnsBySlot.map { columns in
                columns.map { max(0, problem.workshops[$0].capacity - lockedSeats[$0]) } + [Int.max]
            }
            // Repeated workshops a participant ranked in several slots: the only constraints
            // the slots solved apart can break, each with a Lagrange multiplier.
            var pairIndex: [[Int]: Int] = [:]  // [participant, group] → multiplier
            var arcPair: [[[Int]]] = []
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
            self.columnsBySlot = columnsBySlot
            self.rowsBySlot = rowsBySlot
            self.ranksBySlot = ranksBySlot
            self.maxRank = k
            self.rowCount = n
            self.assignment = assignment
            self.lockedSlot = lockedSlot
            self.pairCount = pairIndex.count
            self.arcPair = arcPair
            self.repeats = problem.workshops.contains { $0.group != nil }
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
                total += column == columns ? costs[0] : costs[rank(s, r, column)]
            }
            return (placed, total)
        }

        /// The rank a row gave the column it got.
        func rank(_ s: Int, _ r: Int, _ column: Int) -> Int {
            ranksBySlot[s][r].first { $0.column == column }!.rank
        }

        /// Every slot solved apart, nothing forbidden: a lower bound, and the optimum when
        /// no repeated workshop is given twice.
        func solveSlotsApart() -> Node {
            var root = Node(forbidden: Array(repeating: [], count: slots.count), placed: [], costs: [])
            for s in slots.indices {
                let (placed, cost) = solveSlot(s, forbidden: [])
                root.placed.append(placed)
                root.costs.append(cost)
            }
            return root
        }

        /// Sessions of one repeated workshop given to one participant: [(slot, row, column)]
        /// of the first such participant, or nil when there are none.
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

        /// Every repeated workshop given twice stays only where it ranks best; the slots that
        /// lost one are solved again (with the multipliers, when given), until none is left.
        func repair(_ start: Node, multipliers: [Int128]? = nil, scale: Int128 = 1) -> Node {
            var repaired = start
            while true {
                var seen: [[Int]: [(slot: Int, row: Int, column: Int, rank: Int)]] = [:]
                for s in slots.indices {
                    for (r, column) in repaired.placed[s].enumerated() where column < columnsBySlot[s].count {
                        guard let group = problem.workshops[columnsBySlot[s][column]].group else { continue }
                        seen[[rowsBySlot[s][r], group], default: []].append((s, r, column, rank(s, r, column)))
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

        /// The root when it has no conflict; otherwise its repair, improved by a branch and
        /// bound (depth first, the cheaper branch first; one branch per session of the
        /// conflict forbids it there) until it finishes or reaches its limits.
        func branchAndBound(from root: Node, limit: Int) -> Search {
            guard conflict(root) != nil else { return Search(best: root, lowerBound: root.bound, exhausted: true) }
            var search = Search(best: repair(root), lowerBound: root.bound, exhausted: true)
            func explore(_ node: Node) {
                if node.bound >= search.best.bound { return }
                guard let placements = conflict(node) else {
                    search.best = node
                    return
                }
                if nodes >= limit || clock.now > deadline {
                    search.exhausted = false
                    return
                }
                var children: [Node] = []
                for x in placements {
                    var child = node
                    child.forbidden[x.slot].insert(x.row * (columnsBySlot[x.slot].count + 1) + x.column)
                    (child.placed[x.slot], child.costs[x.slot]) = solveSlot(x.slot, forbidden: child.forbidden[x.slot])
                    nodes += 1
                    children.append(child)
                }
                for child in children.sorted(by: { $0.bound < $1.bound }) { explore(child) }
            }
            explore(root)
            if search.exhausted { search.lowerBound = search.best.bound }
            return search
        }

        /// Lagrangian bound: each multiplier λ ≥ 0 prices the constraint "this participant
        /// gets this repeated workshop at most once". For any λ, the slots solved apart with
        /// costs c + λ, minus Σλ, is a lower bound (each slot is a flow, so this reaches the
        /// linear relaxation's bound at best). Subgradient steps (Polyak) raise it; every
        /// iterate, repaired, is also a candidate allocation. Costs are scaled so that
        /// multipliers can be fractions of a rank's cost.
        func lagrangian(_ search: inout Search, iterations: Int) {
            let scale: Int128 = 1_000
            var multipliers = [Int128](repeating: 0, count: pairCount)
            var upper = search.best.bound, bestBound = search.lowerBound
            var step = 2.0, sinceBetter = 0
            let fits =
                (costs.map(\.magnitude).max() ?? 0) < UInt128(Int128.max / 16) / UInt128(scale)
                / UInt128(max(1, rowCount))
            for _ in 0..<(fits ? iterations : 0) {
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
                if bound > bestBound {
                    bestBound = bound
                    sinceBetter = 0
                } else {
                    sinceBetter += 1
                }
                if sinceBetter >= 8 {
                    step /= 2
                    sinceBetter = 0
                }
                let candidate = repair(node, multipliers: multipliers, scale: scale)
                if candidate.bound < upper {
                    upper = candidate.bound
                    search.best = candidate
                }
                if bestBound >= upper || step < 1e-4 || clock.now > deadline { break }
                // Subgradient: sessions of the workshop given − 1, per multiplier.
                var gradient = [Int](repeating: -1, count: pairCount)
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
            search.lowerBound = max(search.lowerBound, bestBound)
            if search.lowerBound >= upper { search.exhausted = true }
        }

        /// A heuristic allocation may leave someone below a workshop they ranked better that
        /// still has a seat (and is not one they have elsewhere): move them up.
        func moveUp(_ chosen: inout Node) {
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
                    let given = column < columns.count ? rank(s, r, column) : Int.max
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

        /// The allocation as the result reports it: each participant's workshops, the cost,
        /// the profile of ranks, who was left without, the waste; then, if asked, the
        /// participants who ranked nothing in a slot placed where most seats remain.
        func report(_ chosen: Node, lowerBound: Int128, exhausted: Bool) -> Result {
            var assignment = self.assignment
            var total: Int128 = 0
            var unassigned = 0, waste = 0
            var profile = [Int](repeating: 0, count: maxRank)
            // Repeated workshops each participant has, for the waste count.
            var groupsOf: [Int: Set<Int>] = [:]
            if repeats {
                for (p, slots) in assignment.enumerated() {
                    for w in slots.values {
                        if let g = problem.workshops[w].group { groupsOf[p, default: []].insert(g) }
                    }
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
                        given = rank(s, r, column)
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
            let placedWithoutChoice = problem.placeUnranked ? placeUnranked(&assignment) : 0
            return Result(
                assignment: assignment, cost: total, profile: profile, unassigned: unassigned, waste: waste,
                placedWithoutChoice: placedWithoutChoice, lowerBound: lowerBound,
                provenOptimal: exhausted || total == lowerBound,
                searchNodes: nodes)
        }

        /// Participants who ranked nothing in a slot (and were not locked there) get, last, a
        /// seat in the workshop with the most seats left (not a repeated one they have).
        func placeUnranked(_ assignment: inout [[Int: Int]]) -> Int {
            var placed = 0
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
                    placed += 1
                }
            }
            return placed
        }
    }
}
