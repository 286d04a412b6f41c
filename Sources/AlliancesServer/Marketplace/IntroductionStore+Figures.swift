import AlliancesCore
import SQLKit

extension IntroductionStore {
    /// Introductions of a lab made (proposed or asked for) in [`from`, `to`) (epoch seconds),
    /// and how many of them both sides accepted, whatever came after.
    func counts(labID: Int, from: Int, to: Int, on db: any SQLDatabase) async throws
        -> (made: Int, accepted: Int)
    {
        let accepted: [IntroductionStatus] = [.accepted, .meetingHeld, .partnership]
        var made = 0, yes = 0
        for row in try await db.raw(
            """
            SELECT status, COUNT(*) AS n FROM introductions
            WHERE lab_id = \(bind: labID) AND created_at >= \(bind: from) AND created_at < \(bind: to)
            GROUP BY status
            """
        ).all() {
            let n = try row.int("n")
            made += n
            if accepted.contains(try row.code(IntroductionStatus.self, "status", in: "introductions")) { yes += n }
        }
        return (made, yes)
    }
}
