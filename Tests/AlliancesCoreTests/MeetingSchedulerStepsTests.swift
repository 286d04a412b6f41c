@testable import AlliancesCore
import Testing

/// The named steps of `MeetingScheduler.schedule`, on instances checked by hand.
@Suite struct MeetingSchedulerStepsTests {
    typealias S = MeetingScheduler

    @Test func test_announced_meetings_are_on_the_board_at_their_slot_and_table() {
        let problem = S.Problem(
            participants: 3, meetings: [S.Meeting(0, 1), S.Meeting(1, 2)], slots: 2, tables: 2,
            fixed: [1: S.Placement(slot: 1, table: 1)])
        var board = S.Board(problem)
        let placements = S.placeAnnounced(problem, on: &board)
        #expect(placements == [nil, S.Placement(slot: 1, table: 1)])
        #expect(board.slotOf == [-1, 1])
    }

    @Test func test_the_most_constrained_meetings_come_first_and_impossible_ones_are_left_out() {
        // Person 2 is available in slot 0 only; person 3 never.
        let availability = [[true, true], [true, true], [true, false], [false, false]]
        let problem = S.Problem(
            participants: 4, meetings: [S.Meeting(0, 1), S.Meeting(0, 2), S.Meeting(1, 3)], slots: 2, tables: 2,
            availability: availability)
        let board = S.Board(problem)
        let order = S.placementOrder(problem, board: board, flow: [0, 0, 0])
        #expect(order == [1, 0])
    }

    @Test func test_gaps_shrink_when_a_meeting_can_move_next_to_the_others() {
        // Person 0 meets 1 in slot 0 and 2 in slot 2: moving the second to slot 1 closes the gap.
        let problem = S.Problem(
            participants: 3, meetings: [S.Meeting(0, 1), S.Meeting(0, 2)], slots: 3, tables: 1)
        var board = S.Board(problem)
        var scratch = [UInt64](repeating: 0, count: board.words)
        board.place(0, 0)
        board.place(1, 2)
        #expect(board.gaps(0) == 1)
        S.reduceGaps([0, 1], problem: problem, on: &board, &scratch)
        #expect(board.gaps(0) == 0)
    }

    @Test func test_tables_are_the_first_free_ones_of_each_slot() {
        let problem = S.Problem(
            participants: 6, meetings: [S.Meeting(0, 1), S.Meeting(2, 3), S.Meeting(4, 5)], slots: 1, tables: 3,
            fixed: [0: S.Placement(slot: 0, table: 0)])
        var board = S.Board(problem)
        var placements = S.placeAnnounced(problem, on: &board)
        board.place(1, 0)
        board.place(2, 0)
        S.assignTables([1, 2], board: board, into: &placements)
        #expect(placements.map { $0?.table } == [0, 1, 2])
    }

    @Test func test_a_meeting_left_out_gets_in_by_moving_the_one_in_its_way() {
        // Two slots, one table. Meeting 0 (0–1) sits in slot 0; meeting 1 (2–3) can only be
        // in slot 0 (person 2 is away in slot 1): meeting 0 must move to slot 1.
        let availability = [[true, true], [true, true], [true, false], [true, true]]
        let problem = S.Problem(
            participants: 4, meetings: [S.Meeting(0, 1), S.Meeting(2, 3)], slots: 2, tables: 1,
            availability: availability)
        var board = S.Board(problem)
        var scratch = [UInt64](repeating: 0, count: board.words)
        board.place(0, 0)
        S.placeLeftOut([1], on: &board, bound: 2, &scratch)
        #expect(board.slotOf == [1, 0])
    }
}
