import AlliancesCore
import Testing

/// The allocation against a brute-force optimum on small random instances, and the
/// properties every allocation must have.
@Suite struct WorkshopAllocationTests {
    typealias W = WorkshopAllocation

    /// The best cost by trying every way to seat everyone (or not) in every slot.
    static func bruteForce(_ problem: W.Problem, _ objective: W.Objective) -> Int128 {
        let k = max(1, problem.maxRank)
        var total: Int128 = 0
        for slot in Set(problem.workshops.map(\.slot)) {
            let rows = problem.choices.indices.compactMap { p -> [(workshop: Int, rank: Int)]? in
                let mine = problem.ranked(p).filter { problem.workshops[$0.workshop].slot == slot }
                return mine.isEmpty ? nil : mine
            }
            let n = rows.count
            var load = [Int](repeating: 0, count: problem.workshops.count)
            var best = Int128.max
            func explore(_ r: Int, _ cost: Int128) {
                if r == n { best = min(best, cost); return }
                explore(r + 1, cost + W.cost(objective, rank: nil, maxRank: k, rows: n))
                for option in rows[r] where load[option.workshop] < problem.workshops[option.workshop].capacity {
                    load[option.workshop] += 1
                    explore(r + 1, cost + W.cost(objective, rank: option.rank, maxRank: k, rows: n))
                    load[option.workshop] -= 1
                }
            }
            explore(0, 0)
            total += best
        }
        return total
    }

    static func random(_ generator: inout SeededGenerator, participants: Int, slots: Int, perSlot: Int, maxCapacity: Int, ranks: Int = 5) -> W.Problem {
        var workshops: [W.Workshop] = []
        for slot in 0..<slots { for _ in 0..<perSlot { workshops.append(.init(slot: slot, capacity: Int.random(in: 0...maxCapacity, using: &generator))) } }
        let choices: [[Int]] = (0..<participants).map { _ in
            (0..<slots).flatMap { slot -> [Int] in
                let ids = Array(slot * perSlot..<(slot + 1) * perSlot).shuffled(using: &generator)
                return Array(ids.prefix(Int.random(in: 0...min(perSlot, ranks), using: &generator)))
            }
        }
        return W.Problem(workshops: workshops, choices: choices)
    }

    @Test(arguments: [W.Objective.rankMaximal, .rankSquared])
    func test_matches_brute_force_on_small_random_instances(objective: W.Objective) {
        var generator = SeededGenerator(seed: objective == .rankMaximal ? 7 : 8)
        for _ in 0..<300 {
            let problem = Self.random(&generator, participants: Int.random(in: 1...7, using: &generator), slots: Int.random(in: 1...2, using: &generator),
                                      perSlot: Int.random(in: 1...4, using: &generator), maxCapacity: 3)
            let result = W.solve(problem, objective: objective)
            #expect(result.cost == Self.bruteForce(problem, objective), "\(problem)")
            Self.expectValid(problem, result)
            if objective == .rankMaximal { #expect(result.waste == 0, "\(problem)") }
        }
    }

    static func expectValid(_ problem: W.Problem, _ result: W.Result) {
        var load = [Int](repeating: 0, count: problem.workshops.count)
        for (p, slots) in result.assignment.enumerated() {
            for (slot, workshop) in slots {
                #expect(problem.workshops[workshop].slot == slot, "a workshop in its own slot")
                #expect(problem.choices[p].contains(workshop), "only a ranked workshop")
                load[workshop] += 1
            }
        }
        for (w, workshop) in problem.workshops.enumerated() { #expect(load[w] <= workshop.capacity, "capacity of workshop \(w)") }
    }

    @Test func test_rank_maximal_prefers_more_first_choices() {
        // Two workshops of one seat; A wants 1 then 2, B wants 1 only, C wants 2 only.
        // Rank-maximal gives workshop 1 to B and workshop 2 to C: two first choices.
        let problem = W.Problem(workshops: [.init(slot: 0, capacity: 1), .init(slot: 0, capacity: 1)], choices: [[0, 1], [0], [1]])
        let result = W.solve(problem)
        #expect(result.profile == [2, 0])
        #expect(result.unassigned == 1 && result.waste == 0)
        #expect(result.assignment[1][0] == 0 && result.assignment[2][0] == 1)
    }

    @Test func test_larger_random_instance_is_valid_and_without_waste() {
        var generator = SeededGenerator(seed: 99)
        let problem = Self.random(&generator, participants: 2_000, slots: 2, perSlot: 12, maxCapacity: 200)
        let result = W.solve(problem)
        Self.expectValid(problem, result)
        #expect(result.waste == 0)
        #expect(result.profile.reduce(0, +) + result.unassigned == problem.choices.indices.reduce(0) { total, p in
            total + Set(problem.choices[p].map { problem.workshops[$0].slot }).count
        })
    }

    @Test func test_locked_placements_and_participants_who_ranked_nothing() {
        // Slot 0: workshops 0 (2 seats) and 1 (2 seats). Participant 0 is locked in 1 (though
        // they ranked 0 first); 1, 2 and 3 rank 1 first; 4 ranked nothing.
        let problem = W.Problem(workshops: [.init(slot: 0, capacity: 2), .init(slot: 0, capacity: 2)],
                                choices: [[0, 1], [1, 0], [1, 0], [1, 0], []],
                                locked: [.init(participant: 0, workshop: 1)], placeUnranked: true)
        let result = W.solve(problem)
        #expect(result.assignment[0][0] == 1, "the lock is kept")
        // One seat left in workshop 1 for three who want it first: one first choice, two seconds.
        #expect(result.profile == [1, 2])
        #expect(result.assignment[4][0] == nil, "no seat left for who ranked nothing")
        #expect(result.placedWithoutChoice == 0 && result.waste == 0)
        Self.expectValid(W.Problem(workshops: problem.workshops, choices: problem.choices.enumerated().map { $0.offset == 0 ? [1] : $0.element }), result)
        // With more seats the participant who ranked nothing gets the emptiest workshop.
        var roomy = problem
        roomy.workshops = [.init(slot: 0, capacity: 5), .init(slot: 0, capacity: 2)]
        let placed = W.solve(roomy)
        #expect(placed.profile == [1, 2] && placed.placedWithoutChoice == 1)
        #expect(placed.assignment[4][0] == 0)
    }
}

/// The ranks read literally from the choices, for the brute force (the solver reads them in
/// one pass of its own).
extension WorkshopAllocation.Problem {
    /// Per participant, (workshop, rank from 1) for each ranked workshop.
    func ranked(_ participant: Int) -> [(workshop: Int, rank: Int)] {
        var seen: [Int: Int] = [:]
        return choices[participant].map { w in
            let slot = workshops[w].slot
            seen[slot, default: 0] += 1
            return (w, seen[slot]!)
        }
    }

    var maxRank: Int { choices.indices.map { p in ranked(p).map(\.rank).max() ?? 0 }.max() ?? 0 }
}
