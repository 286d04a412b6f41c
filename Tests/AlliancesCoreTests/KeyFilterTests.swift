import AlliancesCore
import Testing

@Suite struct KeyFilterTests {
    @Test func test_a_key_given_before_is_always_reported_and_few_others_are() {
        // 256 blocks for 10,000 keys: as loaded as the default filter after ten million.
        var filter = KeyFilter(blocks: 256)
        let given = (0..<10_000).map { String(format: "W%09d", $0 * 7) }
        // Being new, a key may still meet bits set by others: rarely.
        var maybeWhenNew = 0
        for key in given where filter.insert(key) { maybeWhenNew += 1 }
        #expect(maybeWhenNew < 100)
        var missed = 0
        for key in given where !filter.insert(key) { missed += 1 }
        #expect(missed == 0, "never a false 'not seen'")
        var wrong = 0
        for key in (0..<10_000).map({ String(format: "W%09d", $0 * 7 + 3) }) where filter.mayContain(key) { wrong += 1 }
        // About 0.5 % by simulation at this load.
        #expect(wrong < 150, "\(wrong) of 10,000 unseen keys reported as maybe seen")
        #expect(given.allSatisfy { filter.mayContain($0) })
    }

    @Test func test_a_nearly_empty_filter_reports_no_unseen_key() {
        var filter = KeyFilter(blocks: 1 << 12)
        for key in ["W751000001", "W751000002", "W131000003"] { _ = filter.insert(key) }
        let unseen = filter.mayContain("W751000004"), seen = filter.insert("W751000002")
        #expect(!unseen)
        #expect(seen)
    }
}
