@testable import AlliancesCore
import Testing

/// The named steps of `WorkshopAllocation.solve`, each on an instance small enough to check
/// by hand.
@Suite struct WorkshopAllocationStepsTests {
    typealias W = WorkshopAllocation

    /// Workshop "A" (group 7) in both slots, one seat each; B in slot 0, C in slot 1.
    /// Participant 0 ranks A, B in slot 0 and A, C in slot 1; participant 1 ranks A in slot 1.
    static let repeated = W.Problem(
        workshops: [
            .init(slot: 0, capacity: 1, group: 7), .init(slot: 0, capacity: 1),
            .init(slot: 1, capacity: 1, group: 7), .init(slot: 1, capacity: 1)
        ],
        choices: [[0, 1, 2, 3], [2]])

    static func solver(_ problem: W.Problem) -> W.Solver {
        W.Solver(problem, objective: .rankMaximal, deadline: ContinuousClock().now.advanced(by: .seconds(10)))
    }

    @Test func test_the_network_has_a_column_per_workshop_and_a_row_per_participant_who_ranked() {
        let solver = Self.solver(Self.repeated)
        #expect(solver.columnsBySlot == [[0, 1], [2, 3]])
        #expect(solver.rowsBySlot == [[0], [0, 1]])
        #expect(solver.ranksBySlot[1][0].map(\.rank) == [1, 2])
        #expect(solver.capacitiesBySlot == [[1, 1, Int.max], [1, 1, Int.max]])
        #expect(solver.pairCount == 2)  // (participant 0, A) and (participant 1, A)
    }

    @Test func test_slots_solved_apart_give_a_repeated_workshop_twice_and_repair_removes_it() {
        // Alone, participant 0 gets A in both slots when each slot is solved apart.
        let solver = Self.solver(W.Problem(workshops: Self.repeated.workshops, choices: [[0, 1, 2, 3]]))
        let root = solver.solveSlotsApart()
        #expect(root.placed == [[0], [0]])
        #expect(solver.conflict(root)?.map(\.slot) == [0, 1])
        // Kept where it ranks best (a tie: the first slot), replaced by C in slot 1.
        let repaired = solver.repair(root)
        #expect(repaired.placed == [[0], [1]])
        #expect(solver.conflict(repaired) == nil)
        #expect(repaired.bound > root.bound)
    }

    @Test func test_branch_and_bound_finishes_and_proves_the_optimum() {
        let solver = Self.solver(Self.repeated)
        let search = solver.branchAndBound(from: solver.solveSlotsApart(), limit: 100)
        #expect(search.exhausted)
        #expect(solver.conflict(search.best) == nil)
        #expect(search.lowerBound == search.best.bound)
        let result = solver.report(search.best, lowerBound: search.lowerBound, exhausted: true)
        #expect(result.assignment[0] == [0: 0, 1: 3] && result.assignment[1] == [1: 2])
    }

    @Test func test_the_lagrangian_bound_never_passes_the_best_allocation() {
        let solver = Self.solver(Self.repeated)
        let root = solver.solveSlotsApart()
        var search = W.Search(best: solver.repair(root), lowerBound: root.bound, exhausted: false)
        solver.lagrangian(&search, iterations: 50)
        #expect(search.lowerBound >= root.bound)
        #expect(search.lowerBound <= search.best.bound)
        #expect(solver.conflict(search.best) == nil)
    }

    @Test func test_move_up_gives_a_free_better_seat() {
        // One slot, two workshops of one seat; the participant got their second choice
        // while their first is free.
        let problem = W.Problem(
            workshops: [.init(slot: 0, capacity: 1), .init(slot: 0, capacity: 1)], choices: [[0, 1]])
        let solver = Self.solver(problem)
        var node = W.Node(forbidden: [[]], placed: [[1]], costs: [0])
        solver.moveUp(&node)
        #expect(node.placed == [[0]])
    }

    @Test func test_participants_who_ranked_nothing_get_the_seat_where_most_remain() {
        let problem = W.Problem(
            workshops: [.init(slot: 0, capacity: 2), .init(slot: 0, capacity: 5)], choices: [[0], []],
            placeUnranked: true)
        let solver = Self.solver(problem)
        var assignment: [[Int: Int]] = [[0: 0], [:]]
        #expect(solver.placeUnranked(&assignment) == 1)
        #expect(assignment[1] == [0: 1])
    }
}
