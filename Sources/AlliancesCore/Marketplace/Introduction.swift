/// Where an introduction (mise en relation) stands.
public enum IntroductionStatus: String, Sendable, Codable, CaseIterable, Hashable {
    /// A member asked the lab for it; the facilitator has not proposed it yet.
    case requested = "demandee"
    /// Proposed by a facilitator; waiting for both sides.
    case proposed = "proposee"
    /// Both sides accepted: their contact people are shown to each other.
    case accepted = "acceptee"
    case declined = "declinee"
    case meetingHeld = "rencontre-faite"
    case partnership = "partenariat"
    case closed = "close"
    case withdrawn = "retiree"

    public var label: String {
        switch self {
        case .requested: "Demandée au labo"
        case .proposed: "Proposée, en attente des réponses"
        case .accepted: "Acceptée des deux côtés"
        case .declined: "Déclinée"
        case .meetingHeld: "Rencontre faite"
        case .partnership: "A débouché sur un partenariat"
        case .closed: "Close"
        case .withdrawn: "Retirée"
        }
    }

    /// Still waiting for somebody to act.
    public var isPending: Bool { self == .requested || self == .proposed }
    /// Led somewhere (for the facilitator's dashboard and the recommender's outcomes).
    public var isSuccess: Bool { self == .meetingHeld || self == .partnership }
}

public enum IntroductionAnswer: String, Sendable, Codable, CaseIterable, Hashable {
    case accepted = "accepte"
    case declined = "decline"

    public var label: String { self == .accepted ? "Accepte" : "Décline" }
}

public enum IntroductionSide: String, Sendable, Codable, Hashable {
    case a, b
}

/// The rules of an introduction as a small state machine, free of storage, so that the
/// consent rule ("contacts only when both accept") is tested on its own.
public struct IntroductionState: Sendable, Equatable {
    public var status: IntroductionStatus
    public var answerA: IntroductionAnswer?
    public var answerB: IntroductionAnswer?

    public init(status: IntroductionStatus, answerA: IntroductionAnswer? = nil, answerB: IntroductionAnswer? = nil) {
        self.status = status
        self.answerA = answerA
        self.answerB = answerB
    }

    public enum Failure: Error, Equatable, Sendable {
        case notAllowed(String)
    }

    /// Contact details of each side are visible to the other only while both have
    /// accepted and the introduction was neither declined nor withdrawn.
    public var contactsVisible: Bool {
        guard answerA == .accepted, answerB == .accepted else { return false }
        switch status {
        case .accepted, .meetingHeld, .partnership, .closed: return true
        case .requested, .proposed, .declined, .withdrawn: return false
        }
    }

    /// The facilitator turns a member's request into a proposal; the requesting side
    /// (side A) has already said yes by asking.
    public mutating func propose() throws(Failure) {
        guard status == .requested else { throw .notAllowed("Seule une demande peut être proposée.") }
        status = .proposed
        answerA = .accepted
        settle()
    }

    /// A side answers, or changes its mind: accepting after declining is allowed while
    /// the introduction is still open; declining at any point before a meeting hides
    /// the contacts again.
    public mutating func answer(_ side: IntroductionSide, _ answer: IntroductionAnswer) throws(Failure) {
        switch status {
        case .proposed, .accepted: break
        case .declined where answer == .accepted: break
        default: throw .notAllowed("On ne peut plus répondre à cette mise en relation (\(status.label.lowercased())).")
        }
        if side == .a { answerA = answer } else { answerB = answer }
        settle()
    }

    private mutating func settle() {
        if answerA == .declined || answerB == .declined {
            status = .declined
        } else if answerA == .accepted && answerB == .accepted {
            status = .accepted
        } else {
            status = .proposed
        }
    }

    /// What happened next, recorded by the facilitator or either side.
    public mutating func advance(to next: IntroductionStatus) throws(Failure) {
        let allowed: Set<IntroductionStatus>
        switch status {
        case .requested: allowed = [.withdrawn]
        case .proposed: allowed = [.withdrawn]
        case .accepted: allowed = [.meetingHeld, .partnership, .closed, .withdrawn]
        case .meetingHeld: allowed = [.partnership, .closed]
        case .partnership: allowed = [.closed]
        case .declined: allowed = [.closed]
        case .closed, .withdrawn: allowed = []
        }
        guard allowed.contains(next) else {
            throw .notAllowed("Passage impossible de « \(status.label) » à « \(next.label) ».")
        }
        status = next
    }

    /// The next steps offered on the page.
    public var nextSteps: [IntroductionStatus] {
        IntroductionStatus.allCases.filter { next in
            var copy = self
            return (try? copy.advance(to: next)) != nil
        }
    }
}
