/// Fixed slots: the board the scheduler places meetings on, with the moves it tries
/// (best slot, Kempe interchanges, ejection chains) and a journal to undo them.
extension MeetingScheduler {
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
}
