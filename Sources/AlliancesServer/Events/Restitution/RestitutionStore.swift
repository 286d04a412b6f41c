import AlliancesCore
import SQLKit

/// A workshop's restitution settings and rapporteur's output.
struct SessionRestitution: Sendable, Equatable {
    let sessionID: Int
    var votesPerParticipant: Int
    var voteState: VoteState
    var outputStatus: OutputStatus
    var output: WorkshopOutput

    static func empty(sessionID: Int) -> SessionRestitution {
        SessionRestitution(
            sessionID: sessionID, votesPerParticipant: RestitutionRules.defaultVotes, voteState: .notOpen,
            outputStatus: .empty, output: WorkshopOutput())
    }
}

/// A need, offer or partnership made from a workshop's commitment or proposal.
struct FollowUp: Sendable, Equatable, Codable {
    /// The commitment or proposal, as it read when the follow-up was made.
    let source: String
    let kind: FollowUpKind
    let labSlug: String
    let targetID: Int

    var path: String { "/labs/\(labSlug)/\(kind.path)/\(targetID)" }
}

/// A participant's proposal with its votes.
struct Proposal: Sendable, Equatable {
    let id: Int
    let sessionID: Int
    let registrationID: Int?
    let text: String
    let theme: String?
    let status: ProposalStatus
    let mergedInto: Int?
    let votes: Int
    let voters: Int
}

/// All SQL of restitution: `session_restitutions`, `session_rapporteurs`,
/// `restitution_commitments`, `proposals`, `ballots`, `proposal_votes`.
///
/// Concurrency of the vote: a vote reads the session's settings with a shared row lock
/// (PostgreSQL `FOR SHARE`; SQLite's write transactions are serial already), so votes do not
/// wait for one another but wait for a moderation or a change of settings, which update
/// that row; then it locks the voter's ballot row, so one voter's requests run one after
/// the other and the dots they read are those they change.
struct RestitutionStore: Sendable {
    static func decodeRestitution(_ row: any SQLRow) throws -> SessionRestitution {
        var output = WorkshopOutput()
        output.findings = try row.optionalString("findings")
        output.proposals = try row.optionalString("proposals")
        output.obstacles = try row.optionalString("obstacles")
        output.resources = try row.optionalString("resources")
        output.nextSteps = try row.optionalString("next_steps")
        return SessionRestitution(
            sessionID: try row.int("session_id"), votesPerParticipant: try row.int("votes_per_participant"),
            voteState: try row.code(VoteState.self, "vote_state", in: "session_restitutions"),
            outputStatus: try row.code(OutputStatus.self, "output_status", in: "session_restitutions"),
            output: output)
    }

    static func decodeProposal(_ row: any SQLRow) throws -> Proposal {
        Proposal(
            id: try row.int("id"), sessionID: try row.int("session_id"),
            registrationID: try row.optionalInt("registration_id"), text: try row.string("body"),
            theme: try row.optionalString("theme"),
            status: try row.code(ProposalStatus.self, "status", in: "proposals"),
            mergedInto: try row.optionalInt("merged_into"), votes: try row.int("votes"), voters: try row.int("voters"))
    }

    // MARK: Settings and output

    /// The session's row, created with the defaults when it has none yet.
    func ensure(sessionID: Int, eventID: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO session_restitutions (session_id, event_id, updated_at) VALUES (\(bind: sessionID), \(bind: eventID), \(bind: now))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }

    func restitution(sessionID: Int, on db: any SQLDatabase) async throws -> SessionRestitution? {
        try await db.raw("SELECT * FROM session_restitutions WHERE session_id = \(bind: sessionID)").first().map(
            Self.decodeRestitution)
    }

    func restitutions(eventID: Int, on db: any SQLDatabase) async throws -> [Int: SessionRestitution] {
        var found: [Int: SessionRestitution] = [:]
        for row in try await db.raw("SELECT * FROM session_restitutions WHERE event_id = \(bind: eventID)").all() {
            let r = try Self.decodeRestitution(row)
            found[r.sessionID] = r
        }
        for (sessionID, commitments) in try await commitments(eventID: eventID, on: db) {
            found[sessionID]?.output.commitments = commitments
        }
        return found
    }

    /// Takes the session's row exclusively: votes of the session wait until the
    /// transaction ends, and those that follow see what it changed.
    func lockExclusive(sessionID: Int, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE session_restitutions SET updated_at = \(bind: now) WHERE session_id = \(bind: sessionID)"
        ).run()
    }

    /// The vote's settings, read under a shared lock (see the type's comment).
    func voteSettings(sessionID: Int, on db: any SQLDatabase) async throws -> (state: VoteState, limit: Int)? {
        let lock: SQLQueryString = db.dialect.name == "postgresql" ? " FOR SHARE" : ""
        return try await db.raw(
            "SELECT vote_state, votes_per_participant FROM session_restitutions WHERE session_id = \(bind: sessionID)"
                + lock
        ).first().map {
            (
                try $0.code(VoteState.self, "vote_state", in: "session_restitutions"),
                try $0.int("votes_per_participant")
            )
        }
    }

    func saveSettings(sessionID: Int, votes: Int, state: VoteState, at now: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE session_restitutions SET votes_per_participant = \(bind: votes), vote_state = \(bind: state.rawValue),
            updated_at = \(bind: now) WHERE session_id = \(bind: sessionID)
            """
        ).run()
    }

    /// Writes the output and its commitments (in the order given).
    func saveOutput(
        sessionID: Int, output: WorkshopOutput, status: OutputStatus, at now: Int, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            UPDATE session_restitutions SET findings = \(bind: output.findings), proposals = \(bind: output.proposals),
            obstacles = \(bind: output.obstacles), resources = \(bind: output.resources), next_steps = \(bind: output.nextSteps),
            output_status = \(bind: status.rawValue), updated_at = \(bind: now) WHERE session_id = \(bind: sessionID)
            """
        ).run()
        try await db.raw("DELETE FROM restitution_commitments WHERE session_id = \(bind: sessionID)").run()
        for (position, c) in output.commitments.enumerated() {
            try await db.raw(
                """
                INSERT INTO restitution_commitments (session_id, position, who, organisation_id, what, due)
                VALUES (\(bind: sessionID), \(bind: position), \(bind: c.who), \(bind: c.organisationID), \(bind: c.what), \(bind: c.due))
                """
            ).run()
        }
    }

    static func decodeCommitment(_ row: any SQLRow) throws -> Commitment {
        Commitment(
            who: try row.string("who"), organisationID: try row.optionalInt("organisation_id"),
            what: try row.string("what"), due: try row.optionalString("due"))
    }

    func commitments(eventID: Int, on db: any SQLDatabase) async throws -> [Int: [Commitment]] {
        var found: [Int: [Commitment]] = [:]
        for row in try await db.raw(
            """
            SELECT c.* FROM restitution_commitments c JOIN event_sessions s ON s.id = c.session_id
            WHERE s.event_id = \(bind: eventID) ORDER BY c.session_id, c.position
            """
        ).all() {
            found[try row.int("session_id"), default: []].append(try Self.decodeCommitment(row))
        }
        return found
    }

    func commitments(sessionID: Int, on db: any SQLDatabase) async throws -> [Commitment] {
        try await db.raw(
            "SELECT * FROM restitution_commitments WHERE session_id = \(bind: sessionID) ORDER BY position"
        ).all().map(Self.decodeCommitment)
    }

    // MARK: Rapporteurs

    func rapporteurs(eventID: Int, on db: any SQLDatabase) async throws -> [(
        sessionID: Int, registrationID: Int, name: String
    )] {
        try await db.raw(
            """
            SELECT sr.session_id, sr.registration_id, r.name FROM session_rapporteurs sr
            JOIN registrations r ON r.id = sr.registration_id JOIN event_sessions s ON s.id = sr.session_id
            WHERE s.event_id = \(bind: eventID) ORDER BY sr.session_id, r.name, r.id
            """
        ).all().map { (try $0.int("session_id"), try $0.int("registration_id"), try $0.string("name")) }
    }

    func isRapporteur(sessionID: Int, registrationID: Int, on db: any SQLDatabase) async throws -> Bool {
        try await db.raw(
            "SELECT 1 AS x FROM session_rapporteurs WHERE session_id = \(bind: sessionID) AND registration_id = \(bind: registrationID)"
        ).first() != nil
    }

    func sessions(rapporteur registrationID: Int, on db: any SQLDatabase) async throws -> [Int] {
        try await db.raw(
            "SELECT session_id FROM session_rapporteurs WHERE registration_id = \(bind: registrationID)"
        ).all().map { try $0.int("session_id") }
    }

    func addRapporteur(sessionID: Int, registrationID: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO session_rapporteurs (session_id, registration_id) VALUES (\(bind: sessionID), \(bind: registrationID))
            ON CONFLICT DO NOTHING
            """
        ).run()
    }

    func removeRapporteur(sessionID: Int, registrationID: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            "DELETE FROM session_rapporteurs WHERE session_id = \(bind: sessionID) AND registration_id = \(bind: registrationID)"
        ).run()
    }

    // MARK: Proposals

    private static let proposalColumns: SQLQueryString = """
        SELECT p.*, CAST(COALESCE(SUM(v.dots), 0) AS BIGINT) AS votes, COUNT(v.registration_id) AS voters
        FROM proposals p LEFT JOIN proposal_votes v ON v.proposal_id = p.id
        """

    func insertProposal(
        sessionID: Int, registrationID: Int?, text: String, theme: String?, at now: Int, on db: any SQLDatabase
    ) async throws -> Int {
        try await db.raw(
            """
            INSERT INTO proposals (session_id, registration_id, body, theme, status, created_at, updated_at)
            VALUES (\(bind: sessionID), \(bind: registrationID), \(bind: text), \(bind: theme), 'visible', \(bind: now), \(bind: now))
            RETURNING id
            """
        ).first()!.int("id")
    }

    func proposalCount(sessionID: Int, registrationID: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            "SELECT COUNT(*) AS n FROM proposals WHERE session_id = \(bind: sessionID) AND registration_id = \(bind: registrationID)"
        ).first()?.int("n") ?? 0
    }

    /// The session's proposals in the order they were posted, with their votes.
    func proposals(sessionID: Int, on db: any SQLDatabase) async throws -> [Proposal] {
        try await db.raw(
            Self.proposalColumns + " WHERE p.session_id = \(bind: sessionID) GROUP BY p.id ORDER BY p.id"
        ).all().map(Self.decodeProposal)
    }

    func proposals(eventID: Int, on db: any SQLDatabase) async throws -> [Proposal] {
        try await db.raw(
            Self.proposalColumns
                + """
                 JOIN event_sessions s ON s.id = p.session_id WHERE s.event_id = \(bind: eventID)
                GROUP BY p.id ORDER BY p.session_id, p.id
                """
        ).all().map(Self.decodeProposal)
    }

    func proposal(id: Int, sessionID: Int, on db: any SQLDatabase) async throws -> Proposal? {
        try await db.raw(
            Self.proposalColumns + " WHERE p.id = \(bind: id) AND p.session_id = \(bind: sessionID) GROUP BY p.id"
        ).first().map(Self.decodeProposal)
    }

    func setProposalStatus(
        id: Int, status: ProposalStatus, mergedInto: Int?, at now: Int, on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            UPDATE proposals SET status = \(bind: status.rawValue), merged_into = \(bind: mergedInto), updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// Gives the dots placed on a proposal back to their voters.
    func refundVotes(proposalID: Int, sessionID: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE ballots SET used = used - (SELECT v.dots FROM proposal_votes v WHERE v.proposal_id = \(bind: proposalID)
                AND v.registration_id = ballots.registration_id)
            WHERE session_id = \(bind: sessionID) AND registration_id IN (SELECT registration_id FROM proposal_votes WHERE proposal_id = \(bind: proposalID))
            """
        ).run()
        try await db.raw("DELETE FROM proposal_votes WHERE proposal_id = \(bind: proposalID)").run()
    }

    /// Moves the dots placed on `from` to `into`, voter by voter (a voter's dots on both add
    /// up); the voters' ballots do not change.
    func moveVotes(from: Int, into: Int, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO proposal_votes (proposal_id, registration_id, dots)
            SELECT \(bind: into), registration_id, dots FROM proposal_votes WHERE proposal_id = \(bind: from)
            ON CONFLICT (proposal_id, registration_id) DO UPDATE SET dots = proposal_votes.dots + excluded.dots
            """
        ).run()
        try await db.raw("DELETE FROM proposal_votes WHERE proposal_id = \(bind: from)").run()
    }

    // MARK: Follow-ups

    func insertFollowUp(
        sessionID: Int, source: String, kind: FollowUpKind, labID: Int, targetID: Int, userID: Int?, at now: Int,
        on db: any SQLDatabase
    ) async throws {
        try await db.raw(
            """
            INSERT INTO restitution_followups (session_id, source, kind, lab_id, target_id, created_by, created_at)
            VALUES (\(bind: sessionID), \(bind: source), \(bind: kind.rawValue), \(bind: labID), \(bind: targetID), \(bind: userID), \(bind: now))
            """
        ).run()
    }

    /// The event's follow-ups, by session, in the order they were made, with their lab's slug.
    func followUps(eventID: Int, on db: any SQLDatabase) async throws -> [Int: [FollowUp]] {
        var found: [Int: [FollowUp]] = [:]
        for row in try await db.raw(
            """
            SELECT f.*, l.slug FROM restitution_followups f JOIN event_sessions s ON s.id = f.session_id
            JOIN labs l ON l.id = f.lab_id WHERE s.event_id = \(bind: eventID) ORDER BY f.session_id, f.id
            """
        ).all() {
            found[try row.int("session_id"), default: []].append(
                FollowUp(
                    source: try row.string("source"),
                    kind: try row.code(FollowUpKind.self, "kind", in: "restitution_followups"),
                    labSlug: try row.string("slug"), targetID: try row.int("target_id")))
        }
        return found
    }

    /// The follow-up rate of the rencontres of a lab and of the network (events without a
    /// lab) that started within `from`…`to` (days as `YYYYMMDD`): their published outputs'
    /// commitments and their visible proposals, and what was followed up in that lab.
    func followUpRate(labID: Int, from: Int, to: Int, on db: any SQLDatabase) async throws -> FollowUpRate {
        var rate = FollowUpRate()
        for row in try await db.raw(
            """
            SELECT e.starts_at,
              (SELECT COUNT(*) FROM restitution_commitments c WHERE c.session_id = r.session_id AND r.output_status = 'publie') AS commitments,
              (SELECT COUNT(*) FROM proposals p WHERE p.session_id = r.session_id AND p.status = 'visible') AS proposals,
              (SELECT COUNT(DISTINCT f.source) FROM restitution_followups f WHERE f.session_id = r.session_id AND f.lab_id = \(bind: labID)) AS followed
            FROM session_restitutions r JOIN events e ON e.id = r.event_id
            WHERE e.lab_id = \(bind: labID) OR e.lab_id IS NULL
            """
        ).all() {
            guard let day = CalendarDate.number(String(try row.string("starts_at").prefix(10))), day >= from, day <= to
            else { continue }
            rate.add(
                commitments: try row.int("commitments"), proposals: try row.int("proposals"),
                followed: try row.int("followed"))
        }
        return rate
    }

    // MARK: Ballots

    /// The voter's ballot, created empty if needed and locked until the transaction ends;
    /// returns the dots it has placed.
    func lockBallot(sessionID: Int, registrationID: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            """
            INSERT INTO ballots (session_id, registration_id, used) VALUES (\(bind: sessionID), \(bind: registrationID), 0)
            ON CONFLICT DO NOTHING
            """
        ).run()
        return try await db.raw(
            """
            UPDATE ballots SET used = used WHERE session_id = \(bind: sessionID) AND registration_id = \(bind: registrationID)
            RETURNING used
            """
        ).first()?.int("used") ?? 0
    }

    func dots(proposalID: Int, registrationID: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw(
            "SELECT dots FROM proposal_votes WHERE proposal_id = \(bind: proposalID) AND registration_id = \(bind: registrationID)"
        ).first()?.int("dots") ?? 0
    }

    /// Sets the voter's dots on a proposal, the ballot moving by the difference; the update
    /// is conditional on the limit, so a ballot never passes it even if a caller erred.
    /// Returns false (and changes nothing) when it would.
    func setDots(
        sessionID: Int, proposalID: Int, registrationID: Int, from current: Int, to requested: Int, limit: Int,
        on db: any SQLDatabase
    ) async throws -> Bool {
        let delta = requested - current
        let moved = try await db.raw(
            """
            UPDATE ballots SET used = used + \(bind: delta)
            WHERE session_id = \(bind: sessionID) AND registration_id = \(bind: registrationID)
            AND used + \(bind: delta) <= \(bind: limit) AND used + \(bind: delta) >= 0
            RETURNING used
            """
        ).first()
        guard moved != nil else { return false }
        if requested == 0 {
            try await db.raw(
                "DELETE FROM proposal_votes WHERE proposal_id = \(bind: proposalID) AND registration_id = \(bind: registrationID)"
            ).run()
        } else {
            try await db.raw(
                """
                INSERT INTO proposal_votes (proposal_id, registration_id, dots) VALUES (\(bind: proposalID), \(bind: registrationID), \(bind: requested))
                ON CONFLICT (proposal_id, registration_id) DO UPDATE SET dots = excluded.dots
                """
            ).run()
        }
        return true
    }

    /// The voter's dots per proposal of the session.
    func ballot(sessionID: Int, registrationID: Int, on db: any SQLDatabase) async throws -> [Int: Int] {
        var dots: [Int: Int] = [:]
        for row in try await db.raw(
            """
            SELECT v.proposal_id, v.dots FROM proposal_votes v JOIN proposals p ON p.id = v.proposal_id
            WHERE p.session_id = \(bind: sessionID) AND v.registration_id = \(bind: registrationID)
            """
        ).all() {
            dots[try row.int("proposal_id")] = try row.int("dots")
        }
        return dots
    }

    /// Per ballot of the session, its `used` and the sum of its dots (equal unless broken),
    /// and the voters: for the consistency checks and the organiser's page.
    func ballotCheck(sessionID: Int, on db: any SQLDatabase) async throws -> (ballots: Int, broken: Int, dots: Int) {
        let row = try await db.raw(
            """
            SELECT COUNT(*) AS n, CAST(COALESCE(SUM(b.used), 0) AS BIGINT) AS dots,
            CAST(COALESCE(SUM(CASE WHEN b.used <> COALESCE((SELECT SUM(v.dots) FROM proposal_votes v JOIN proposals p ON p.id = v.proposal_id
                WHERE p.session_id = b.session_id AND v.registration_id = b.registration_id), 0) THEN 1 ELSE 0 END), 0) AS BIGINT) AS broken
            FROM ballots b WHERE b.session_id = \(bind: sessionID) AND b.used > 0
            """
        ).first()
        return (try row?.int("n") ?? 0, try row?.int("broken") ?? 0, try row?.int("dots") ?? 0)
    }
}
