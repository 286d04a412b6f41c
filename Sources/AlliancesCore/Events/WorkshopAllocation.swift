/// Workshop allocation from ranked choices: in each time slot, every participant who ranked
/// workshops gets at most one, capacities are respected, and the total cost is minimal.
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
/// Locked placements keep their seats; participants who ranked nothing in a slot can be
/// given, last, a seat where most remain. Not handled yet: a workshop repeated in several
/// slots (never twice to one participant).
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

        public init(slot: Int, capacity: Int) {
            self.slot = slot
            self.capacity = capacity
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
        /// ranked one, for someone left without) still has a seat: 0 for an optimum.
        public var waste: Int
        /// Participant-slots placed without a choice (`placeUnranked`).
        public var placedWithoutChoice: Int
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
            // 10,000 participants in a slot), the deepest ranks share the smallest weight.
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

    public static func solve(_ problem: Problem, objective: Objective = .rankMaximal) -> Result {
        let slots = Set(problem.workshops.map(\.slot)).sorted()
        var assignment = [[Int: Int]](repeating: [:], count: problem.choices.count)
        var total: Int128 = 0
        var unassigned = 0, waste = 0
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
        for lock in problem.locked where problem.choices.indices.contains(lock.participant) && problem.workshops.indices.contains(lock.workshop) {
            let s = slotIndex[problem.workshops[lock.workshop].slot]!
            guard lockedSlot.insert(lock.participant * slots.count + s).inserted else { continue }
            assignment[lock.participant][problem.workshops[lock.workshop].slot] = lock.workshop
            lockedSeats[lock.workshop] += 1
        }
        for (p, choices) in problem.choices.enumerated() {
            for s in counter.indices { counter[s] = 0 }
            for w in choices {
                let s = slotIndex[problem.workshops[w].slot]!
                if lockedSlot.contains(p * slots.count + s) { continue }
                counter[s] += 1
                if counter[s] == 1 { rowsBySlot[s].append(p); ranksBySlot[s].append([]) }
                ranksBySlot[s][ranksBySlot[s].count - 1].append((columnOf[w], counter[s]))
            }
        }
        let k = max(1, ranksBySlot.joined().map(\.count).max() ?? 1)
        var profile = [Int](repeating: 0, count: k)
        for (s, slot) in slots.enumerated() {
            let columns = columnsBySlot[s], rows = rowsBySlot[s]
            let n = rows.count
            let costs = (0...k).map { rank in cost(objective, rank: rank == 0 ? nil : rank, maxRank: k, rows: n) }
            let arcs: [[(column: Int, cost: Int128, rank: Int)]] = ranksBySlot[s].map { mine in
                mine.map { ($0.column, costs[$0.rank], $0.rank) } + [(columns.count, costs[0], 0)]
            }
            let capacities = columns.map { max(0, problem.workshops[$0].capacity - lockedSeats[$0]) } + [Int.max]
            // 64-bit arithmetic when the total fits (always for rank², for rank-maximal with few
            // participants or ranks): a third faster than 128-bit.
            let largest = costs.map(\.magnitude).max() ?? 0
            let placed = largest < UInt128(Int64.max / 8) / UInt128(max(1, n))
                ? Transportation.solve(arcs: arcs.map { $0.map { ($0.column, Int64($0.cost)) } }, capacities: capacities)
                : Transportation.solve(arcs: arcs.map { $0.map { ($0.column, $0.cost) } }, capacities: capacities)
            var load = [Int](repeating: 0, count: columns.count + 1)
            for column in placed { load[column] += 1 }
            for (r, column) in placed.enumerated() {
                let arc = arcs[r].first { $0.column == column }!
                total += arc.cost
                if column < columns.count {
                    assignment[rows[r]][slot] = columns[column]
                    profile[arc.rank - 1] += 1
                } else {
                    unassigned += 1
                }
                let given = column < columns.count ? arc.rank : Int.max
                if arcs[r].contains(where: { $0.column < columns.count && $0.rank < given && load[$0.column] < capacities[$0.column] }) { waste += 1 }
            }
        }
        var placedWithoutChoice = 0
        if problem.placeUnranked {
            // Every placement so far, the locked ones included.
            var taken = [Int](repeating: 0, count: problem.workshops.count)
            for slots in assignment { for w in slots.values { taken[w] += 1 } }
            for (s, slot) in slots.enumerated() {
                for p in problem.choices.indices where assignment[p][slot] == nil && !lockedSlot.contains(p * slots.count + s)
                    && !problem.choices[p].contains(where: { problem.workshops[$0].slot == slot }) {
                    guard let best = columnsBySlot[s].filter({ taken[$0] < problem.workshops[$0].capacity })
                        .max(by: { (problem.workshops[$0].capacity - taken[$0], -$0) < (problem.workshops[$1].capacity - taken[$1], -$1) }) else { break }
                    assignment[p][slot] = best
                    taken[best] += 1
                    placedWithoutChoice += 1
                }
            }
        }
        return Result(assignment: assignment, cost: total, profile: profile, unassigned: unassigned, waste: waste, placedWithoutChoice: placedWithoutChoice)
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
    public static func solve<Cost: FixedWidthInteger & SignedInteger>(arcs: [[(column: Int, cost: Cost)]], capacities: [Int]) -> [Int] {
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

        for row in arcs.indices {
            for j in 0...c { distance[j] = infinity; settled[j] = false; parentColumn[j] = -1; parentRow[j] = -1 }
            for arc in arcs[row] where arc.cost - potential[arc.column] < distance[arc.column] {
                distance[arc.column] = arc.cost - potential[arc.column]
            }
            while true {
                var x = -1
                for j in 0...c where !settled[j] && distance[j] < infinity && (x < 0 || distance[j] < distance[x]) { x = j }
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
