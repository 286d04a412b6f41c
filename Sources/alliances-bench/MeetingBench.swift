import AlliancesCore
import Foundation

/// `meetings`: the one-to-one meeting scheduler on seeded instances (issue "Rencontres
/// II"): 2,000 participants / 20,000 meetings and 15,000 / 86,000, first with everyone
/// available throughout (slots used against max(Δ, ⌈M/L⌉)), then with 32 fixed slots and
/// individual availabilities (meetings placed against the upper bound); greedy first fit
/// beside, in the same run.
func meetingBench() {
    func ms(_ start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
    for (n, m, tables) in [(2_000, 20_000, 700), (15_000, 86_000, 3_000)] {
        let full = MeetingScheduler.syntheticInstance(
            participants: n, meetings: m, slots: 32, tables: tables, availability: false, maxPerPerson: 30, seed: 2026)
        var start = DispatchTime.now().uptimeNanoseconds
        let ours = MeetingScheduler.minimumSlots(participants: n, meetings: full.meetings, tables: tables)
        let oursTime = ms(start)
        start = DispatchTime.now().uptimeNanoseconds
        let greedy = MeetingScheduler.firstFit(participants: n, meetings: full.meetings, tables: tables)
        let greedyTime = ms(start)
        print(
            String(
                format:
                    "%d participants, %d meetings, %d tables, everyone available: bound %d slots; ours %d slots (%@) in %.0f ms, %d gaps; first fit %d slots in %.0f ms, %d gaps",
                n, full.meetings.count, tables, ours.bound, ours.slotsUsed,
                ours.reachesBound ? "= bound" : "above the bound", oursTime, ours.gaps,
                greedy.slotsUsed, greedyTime, greedy.gaps))
        let fixed = MeetingScheduler.syntheticInstance(
            participants: n, meetings: m, slots: 32, tables: tables, availability: true, maxPerPerson: 24, seed: 2027)
        start = DispatchTime.now().uptimeNanoseconds
        let scheduled = MeetingScheduler.schedule(fixed)
        let scheduledTime = ms(start)
        start = DispatchTime.now().uptimeNanoseconds
        let baseline = MeetingScheduler.firstFit(
            participants: n, meetings: fixed.meetings, tables: tables, slots: 32, availability: fixed.availability)
        let baselineTime = ms(start)
        let bound = Double(max(1, scheduled.bound))
        print(
            String(
                format:
                    "%d participants, %d meetings, 32 slots, %d tables, availabilities: upper bound %d; ours %d (%.2f %%) in %.0f ms, %d gaps; first fit %d (%.2f %%) in %.0f ms, %d gaps",
                n, fixed.meetings.count, tables, scheduled.bound, scheduled.scheduled,
                Double(scheduled.scheduled) / bound * 100, scheduledTime, scheduled.gaps,
                baseline.scheduled, Double(baseline.scheduled) / bound * 100, baselineTime, baseline.gaps))
    }
}
