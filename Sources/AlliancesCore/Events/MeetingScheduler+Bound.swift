/// The upper bound `schedule` is reported against: people's own limits, then a b-matching
/// of the meetings by max flow, and the tables.
extension MeetingScheduler {
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
