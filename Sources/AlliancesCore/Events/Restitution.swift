/// What a workshop produced: its rapporteur's output, the participants' proposals and
/// their dot-votes. The rules here are those of the forms and of the vote; the server keeps
/// them true under concurrent requests.

/// Whether a workshop's dot-vote takes ballots.
public enum VoteState: String, Sendable, Codable, CaseIterable, Hashable {
    case notOpen = "pas-ouvert"
    case open = "ouvert"
    case closed = "clos"

    public var label: String {
        switch self {
        case .notOpen: "Vote pas encore ouvert"
        case .open: "Vote ouvert"
        case .closed: "Vote clos"
        }
    }
}

/// A proposal as the rapporteur moderated it.
public enum ProposalStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case visible = "visible"
    /// Off-topic: not shown, its votes given back to the voters.
    case hidden = "masquee"
    /// A duplicate: its votes moved to the proposal it was merged into.
    case merged = "fusionnee"

    public var label: String {
        switch self {
        case .visible: "Visible"
        case .hidden: "Masquée"
        case .merged: "Fusionnée"
        }
    }
}

/// Where the rapporteur's output stands.
public enum OutputStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case empty = "vide"
    case draft = "brouillon"
    case published = "publie"

    public var label: String {
        switch self {
        case .empty: "Pas encore rédigée"
        case .draft: "Brouillon"
        case .published: "Publiée"
        }
    }
}

/// Who sees an event's synthesis.
public enum SynthesisVisibility: String, Sendable, Codable, CaseIterable, Hashable {
    case lab = "labo"
    case `public` = "public"

    public var label: String {
        switch self {
        case .lab: "Réservée à l'équipe du labo"
        case .public: "Publique"
        }
    }
}

/// "Qui fait quoi, pour quand": a commitment taken in a workshop.
public struct Commitment: Sendable, Equatable, Codable {
    public var who: String
    /// The directory's organisation when `who` names one of the event's registered organisations.
    public var organisationID: Int?
    public var what: String
    public var due: String?

    public init(who: String, organisationID: Int? = nil, what: String, due: String? = nil) {
        (self.who, self.organisationID, self.what, self.due) = (who, organisationID, what, due)
    }

    /// How a follow-up names the commitment it came from.
    public var followUpLabel: String { "Engagement : \(who) — \(what)" }
}

/// The rapporteur's structured output of a workshop.
public struct WorkshopOutput: Sendable, Equatable, Codable {
    public var findings: String?
    public var proposals: String?
    public var obstacles: String?
    public var resources: String?
    public var nextSteps: String?
    public var commitments: [Commitment]

    public init(
        findings: String? = nil, proposals: String? = nil, obstacles: String? = nil, resources: String? = nil,
        nextSteps: String? = nil, commitments: [Commitment] = []
    ) {
        self.findings = findings
        self.proposals = proposals
        self.obstacles = obstacles
        self.resources = resources
        self.nextSteps = nextSteps
        self.commitments = commitments
    }

    /// The text fields that hold something, with their labels, in the form's order.
    public var filledSections: [(label: String, text: String)] {
        Self.sections.compactMap { section in self[keyPath: section.path].map { (section.label, $0) } }
    }

    public var isEmpty: Bool {
        [findings, proposals, obstacles, resources, nextSteps].allSatisfy { $0 == nil } && commitments.isEmpty
    }

    /// The text fields with their French labels, in the form's order.
    public static var sections: [(key: String, label: String, path: WritableKeyPath<WorkshopOutput, String?>)] {
        [
            ("findings", "Constats clés", \.findings),
            ("proposals", "Propositions retenues", \.proposals),
            ("obstacles", "Freins identifiés", \.obstacles),
            ("resources", "Ressources que les participants proposent de mettre en commun", \.resources),
            ("nextSteps", "Prochaines étapes", \.nextSteps)
        ]
    }
}

public enum RestitutionRules {
    public static let proposalMaxLength = 280
    public static let themeMaxLength = 200
    public static let sectionMaxLength = 4_000
    public static let commitmentMaxLength = 300
    public static let maxCommitments = 30
    /// Dots a participant may spread over a workshop's proposals.
    public static let votesRange = 1...20
    public static let defaultVotes = 3
    /// Proposals a participant may post in one workshop: enough for any real workshop, a
    /// bound on what one link can flood the projector with.
    public static let maxProposalsPerParticipant = 20

    /// A proposal as typed: its text (1 to 280 characters, one line) and optional theme.
    public static func proposal(text: String?, theme: String?, themes: [String]) -> Result<
        (text: String, theme: String?), ValidationErrors
    > {
        var errors = ValidationErrors()
        let body = TextRules.check(
            text, field: "text", label: "La proposition", required: true, maxLength: proposalMaxLength,
            into: &errors)
        var chosen: String?
        if let theme = TextRules.clean(theme) {
            if themes.contains(theme) {
                chosen = theme
            } else {
                errors.add("theme", "Ce thème n'est pas une des questions de l'atelier.")
            }
        }
        guard errors.isEmpty, let body else { return .failure(errors) }
        return .success((body, chosen))
    }

    /// The output form's fields: `findings`, `proposals`, `obstacles`, `resources`,
    /// `nextSteps` (multi-line, ≤ 4,000 characters each) and commitments as
    /// `commitment-who-N`, `commitment-what-N`, `commitment-due-N` (a row with neither who
    /// nor what is an unused row; a row with only one of them is an error).
    public static func output(_ form: [String: String], rows: Int) -> Result<WorkshopOutput, ValidationErrors> {
        var errors = ValidationErrors()
        var output = WorkshopOutput()
        for section in WorkshopOutput.sections {
            output[keyPath: section.path] = TextRules.check(
                form[section.key], field: section.key, label: section.label, required: false,
                maxLength: sectionMaxLength, multiline: true, into: &errors)
        }
        for row in 0..<min(rows, maxCommitments) {
            let whoField = "commitment-who-\(row)", whatField = "commitment-what-\(row)"
            let who = TextRules.check(
                form[whoField], field: whoField, label: "Qui (engagement \(row + 1))", required: false,
                maxLength: commitmentMaxLength, into: &errors)
            let what = TextRules.check(
                form[whatField], field: whatField, label: "Quoi (engagement \(row + 1))", required: false,
                maxLength: commitmentMaxLength, into: &errors)
            let due = TextRules.check(
                form["commitment-due-\(row)"], field: "commitment-due-\(row)",
                label: "Pour quand (engagement \(row + 1))", required: false, maxLength: 100, into: &errors)
            switch (who, what) {
            case (nil, nil):
                if due != nil { errors.add(whatField, "Engagement \(row + 1) : dites qui fait quoi.") }
            case (let who?, let what?):
                output.commitments.append(Commitment(who: who, what: what, due: due))
            case (nil, _):
                if TextRules.clean(form[whoField]) == nil {
                    errors.add(whoField, "Engagement \(row + 1) : dites qui s'engage.")
                }
            case (_, nil):
                if TextRules.clean(form[whatField]) == nil {
                    errors.add(whatField, "Engagement \(row + 1) : dites à quoi on s'engage.")
                }
            }
        }
        return errors.isEmpty ? .success(output) : .failure(errors)
    }

    /// The number of dots per participant as typed by the organiser.
    public static func votes(_ text: String?) -> Int? {
        guard let text = TextRules.clean(text), let n = Int(text), votesRange.contains(n) else { return nil }
        return n
    }
}

/// Dot-voting: each participant spreads at most N dots over the visible proposals and may
/// move them while the vote is open.
public enum DotVoting {
    /// Why setting a participant's dots on a proposal to `requested` is refused, or nil when
    /// it is allowed. `used` counts the participant's dots on all proposals, `current`
    /// those on this one.
    public static func refusal(state: VoteState, limit: Int, used: Int, current: Int, requested: Int) -> String? {
        switch state {
        case .notOpen: return "Le vote n'est pas encore ouvert pour cet atelier."
        case .closed: return "Le vote est clos pour cet atelier : les votes ne peuvent plus changer."
        case .open: break
        }
        if requested < 0 { return "Un nombre de votes ne peut pas être négatif." }
        if used - current + requested > limit {
            return
                "Vous avez \(limit) vote\(limit > 1 ? "s" : "") à répartir et en avez déjà placé \(used - current) ailleurs : retirez-en d'une autre proposition d'abord."
        }
        return nil
    }

    /// Proposals by votes, most first; ties in the order they were posted.
    public static func ranking<P>(_ proposals: [P], votes: (P) -> Int, order: (P) -> Int) -> [P] {
        proposals.sorted { (-votes($0), order($0)) < (-votes($1), order($1)) }
    }
}

/// What a facilitator made of a commitment or a proposal in the marketplace.
public enum FollowUpKind: String, Sendable, Codable, CaseIterable, Hashable {
    case need = "besoin"
    case offer = "offre"
    case partnership = "partenariat"
    case sheet = "fiche"

    public var label: String {
        switch self {
        case .need: "Besoin"
        case .offer: "Offre"
        case .partnership: "Partenariat"
        case .sheet: "Fiche d'expérience"
        }
    }

    /// The lab's pages of this kind: `/labs/{lab}/{path}`.
    public var path: String {
        switch self {
        case .need: "besoins"
        case .offer: "offres"
        case .partnership: "partenariats"
        case .sheet: "bibliotheque"
        }
    }
}

/// How many of what rencontres' workshops produced became a need, an offer or a
/// partnership: per workshop, its commitments and its three most voted proposals, of which
/// those that got at least one follow-up (by what they say, so one item followed up twice
/// counts once). The synthesis shows it per event, the barometer per lab and period.
public struct FollowUpRate: Sendable, Equatable {
    public private(set) var followed = 0
    public private(set) var items = 0

    public init() {}

    /// Adds a workshop: its commitments, its visible proposals, and the distinct items
    /// followed up.
    public mutating func add(commitments: Int, proposals: Int, followed: Int) {
        let items = commitments + min(3, proposals)
        self.items += items
        self.followed += min(followed, items)
    }

    public var ratio: Double? { items > 0 ? Double(followed) / Double(items) : nil }
}

/// Which commitment or proposal of a workshop a follow-up comes from, as carried by the
/// marketplace's forms: `SESSION-engagement-POSITION` or `SESSION-proposition-ID`.
public struct FollowUpSource: Sendable, Equatable {
    public enum Item: Sendable, Equatable {
        case commitment(position: Int)
        case proposal(id: Int)
    }

    public let sessionID: Int
    public let item: Item

    public init(sessionID: Int, item: Item) {
        self.sessionID = sessionID
        self.item = item
    }

    public init?(_ text: String?) {
        guard let text, text.count <= 60 else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let session = Int(parts[0]), session > 0, let n = Int(parts[2]), n >= 0 else {
            return nil
        }
        switch parts[1] {
        case "engagement": self.init(sessionID: session, item: .commitment(position: n))
        case "proposition": self.init(sessionID: session, item: .proposal(id: n))
        default: return nil
        }
    }

    public var text: String {
        switch item {
        case .commitment(let position): "\(sessionID)-engagement-\(position)"
        case .proposal(let id): "\(sessionID)-proposition-\(id)"
        }
    }
}

/// A question from the room to a plenary session (a round table, the grands témoins…), as
/// its moderator handled it.
public enum QuestionStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// Asked, not yet seen by the moderator: shown to its author only.
    case pending = "en-attente"
    /// Approved: on the screen and open to upvotes.
    case approved = "approuvee"
    case answered = "repondue"
    case hidden = "masquee"

    public var label: String {
        switch self {
        case .pending: "En attente de modération"
        case .approved: "Approuvée"
        case .answered: "Répondue"
        case .hidden: "Masquée"
        }
    }
}

public enum PlenaryQuestions {
    /// The sessions that take questions from the room.
    public static let kinds: Set<SessionKind> = [.keynote, .roundTable, .restitution, .conclusion]
    public static let maxLength = 280
    /// Questions one participant may ask in one session.
    public static let maxPerParticipant = 10

    /// Most upvoted first; ties in the order they were asked.
    public static func ranking<Q>(_ questions: [Q], votes: (Q) -> Int, order: (Q) -> Int) -> [Q] {
        DotVoting.ranking(questions, votes: votes, order: order)
    }
}

/// "Would you come again?"
public enum ComeAgain: String, Sendable, Codable, CaseIterable, Hashable {
    case yes = "oui"
    case maybe = "peut-etre"
    case no = "non"

    public var label: String {
        switch self {
        case .yes: "Oui"
        case .maybe: "Peut-être"
        case .no: "Non"
        }
    }
}

/// A participant's answer to the post-event evaluation.
public struct EvaluationAnswer: Sendable, Equatable {
    /// Satisfaction from 1 to 5, by session (the sessions left unrated are absent).
    public var scores: [Int: Int]
    public var keep: String?
    public var change: String?
    public var comeAgain: ComeAgain?

    public init(scores: [Int: Int] = [:], keep: String? = nil, change: String? = nil, comeAgain: ComeAgain? = nil) {
        (self.scores, self.keep, self.change, self.comeAgain) = (scores, keep, change, comeAgain)
    }

    /// The form's fields: `score-SESSION` (1 to 5, or empty), `keep`, `change` (≤ 2,000
    /// characters), `comeAgain`. `sessions`: the sessions that may be rated.
    public static func validate(_ form: [String: String], sessions: [Int]) -> Result<EvaluationAnswer, ValidationErrors>
    {
        var errors = ValidationErrors()
        var answer = EvaluationAnswer()
        for session in sessions {
            guard let raw = TextRules.clean(form["score-\(session)"]) else { continue }
            if let n = Int(raw), (1...5).contains(n) {
                answer.scores[session] = n
            } else {
                errors.add("score-\(session)", "Une note va de 1 à 5.")
            }
        }
        answer.keep = TextRules.check(
            form["keep"], field: "keep", label: "Ce qu'il faut garder", required: false, maxLength: 2_000,
            multiline: true, into: &errors)
        answer.change = TextRules.check(
            form["change"], field: "change", label: "Ce qu'il faut changer", required: false, maxLength: 2_000,
            multiline: true, into: &errors)
        if let raw = TextRules.clean(form["comeAgain"]) {
            if let value = ComeAgain(rawValue: raw) {
                answer.comeAgain = value
            } else {
                errors.add("comeAgain", "Réponse inconnue : oui, peut-être ou non.")
            }
        }
        if errors.isEmpty && answer.scores.isEmpty && answer.keep == nil && answer.change == nil
            && answer.comeAgain == nil
        {
            errors.add("keep", "Le questionnaire est vide : notez au moins une session ou répondez à une question.")
        }
        return errors.isEmpty ? .success(answer) : .failure(errors)
    }
}
