import AlliancesCore
import SQLKit

/// Restitution's use cases: the organiser names rapporteurs and runs each workshop's vote;
/// participants post proposals and place their dots; rapporteurs moderate the proposals
/// and write the workshop's output. The SQL is in `RestitutionStore`; who a registration
/// is in a session is read through `RegistrationStore`.
struct RestitutionService: Sendable {
    let database: Database
    let store = RestitutionStore()
    let registrations = RegistrationStore()

    /// What a registration may do in a workshop.
    enum Part: Equatable {
        case rapporteur
        case participant
    }

    /// Everything of an event's restitution, for the organiser's page, the synthesis and
    /// the exports.
    struct Overview: Sendable {
        var restitutions: [Int: SessionRestitution]
        var rapporteurs: [Int: [(registrationID: Int, name: String)]]
        var proposals: [Int: [Proposal]]

        func restitution(_ sessionID: Int) -> SessionRestitution {
            restitutions[sessionID] ?? .empty(sessionID: sessionID)
        }

        /// The visible proposals of a session, most voted first.
        func ranking(_ sessionID: Int) -> [Proposal] {
            DotVoting.ranking(
                (proposals[sessionID] ?? []).filter { $0.status == .visible }, votes: \.votes, order: \.id)
        }
    }

    static let notAWorkshop = AppError.notFound("Cet atelier n'existe pas dans cette rencontre.")

    func overview(eventID: Int) async throws -> Overview {
        try await database.withConnection { db in
            var rapporteurs: [Int: [(registrationID: Int, name: String)]] = [:]
            for r in try await store.rapporteurs(eventID: eventID, on: db) {
                rapporteurs[r.sessionID, default: []].append((r.registrationID, r.name))
            }
            return Overview(
                restitutions: try await store.restitutions(eventID: eventID, on: db), rapporteurs: rapporteurs,
                proposals: Dictionary(grouping: try await store.proposals(eventID: eventID, on: db), by: \.sessionID))
        }
    }

    func restitution(session: EventSession) async throws -> SessionRestitution {
        try await database.withConnection { db in
            var found = try await store.restitution(sessionID: session.id, on: db) ?? .empty(sessionID: session.id)
            found.output.commitments = try await store.commitments(sessionID: session.id, on: db)
            return found
        }
    }

    func proposals(sessionID: Int) async throws -> [Proposal] {
        try await database.withConnection { db in try await store.proposals(sessionID: sessionID, on: db) }
    }

    func ballot(sessionID: Int, registrationID: Int) async throws -> [Int: Int] {
        try await database.withConnection { db in
            try await store.ballot(sessionID: sessionID, registrationID: registrationID, on: db)
        }
    }

    /// The registration's part in the workshop: its rapporteur, or a participant (confirmed
    /// for the event and holding a confirmed seat in the session); nil for anyone else.
    func part(of registration: Registration, in session: EventSession) async throws -> Part? {
        guard session.kind == .workshop, registration.status == .confirmed else { return nil }
        return try await database.withConnection { db in
            if try await store.isRapporteur(sessionID: session.id, registrationID: registration.id, on: db) {
                return .rapporteur
            }
            let seat = try await registrations.sessionStatus(
                registrationID: registration.id, sessionID: session.id, on: db)
            return seat == .confirmed ? .participant : nil
        }
    }

    /// The sessions where the registration is rapporteur.
    func rapporteurSessions(registrationID: Int) async throws -> [Int] {
        try await database.withConnection { db in try await store.sessions(rapporteur: registrationID, on: db) }
    }

    func participants(sessionID: Int) async throws -> [(id: Int, name: String, organisation: String?)] {
        try await database.withConnection { db in
            try await registrations.sessionParticipants(sessionID: sessionID, on: db)
        }
    }

    // MARK: Organiser

    func configure(session: EventSession, votes: Int, state: VoteState) async throws {
        try await database.transaction { db in
            let now = nowSeconds()
            try await store.ensure(sessionID: session.id, eventID: session.eventID, at: now, on: db)
            try await store.lockExclusive(sessionID: session.id, at: now, on: db)
            try await store.saveSettings(sessionID: session.id, votes: votes, state: state, at: now, on: db)
        }
    }

    /// Names a rapporteur among the session's participants.
    func addRapporteur(session: EventSession, registrationID: Int) async throws {
        try await database.transaction { db in
            guard
                try await registrations.sessionParticipants(sessionID: session.id, on: db).contains(where: {
                    $0.id == registrationID
                })
            else {
                throw AppError(
                    .unprocessableContent,
                    "Le rapporteur se choisit parmi les participants inscrits à cet atelier.")
            }
            try await store.ensure(sessionID: session.id, eventID: session.eventID, at: nowSeconds(), on: db)
            try await store.addRapporteur(sessionID: session.id, registrationID: registrationID, on: db)
        }
    }

    func removeRapporteur(session: EventSession, registrationID: Int) async throws {
        try await database.write { db in
            try await store.removeRapporteur(sessionID: session.id, registrationID: registrationID, on: db)
        }
    }

    // MARK: Participants

    /// The vote's settings under the shared lock (`RestitutionStore`), the session's row
    /// made first if it has none: the write is paid once per session, not on every vote.
    private func voteSettings(_ session: EventSession, on db: any SQLDatabase) async throws -> (
        state: VoteState, limit: Int
    ) {
        if let settings = try await store.voteSettings(sessionID: session.id, on: db) { return settings }
        try await store.ensure(sessionID: session.id, eventID: session.eventID, at: nowSeconds(), on: db)
        guard let settings = try await store.voteSettings(sessionID: session.id, on: db) else {
            throw Self.notAWorkshop
        }
        return settings
    }

    /// Posts a proposal; refused once the vote is closed, and beyond the bound per person.
    func propose(session: EventSession, registrationID: Int, text: String, theme: String?) async throws -> Int {
        try await database.transaction { db in
            let now = nowSeconds()
            let settings = try await voteSettings(session, on: db)
            if settings.state == .closed {
                throw AppError(.conflict, "Le vote est clos pour cet atelier : les propositions aussi.")
            }
            let posted = try await store.proposalCount(sessionID: session.id, registrationID: registrationID, on: db)
            if posted >= RestitutionRules.maxProposalsPerParticipant {
                throw AppError(
                    .tooManyRequests,
                    "Vous avez déjà posté \(posted) propositions dans cet atelier : c'est le maximum par personne.")
            }
            return try await store.insertProposal(
                sessionID: session.id, registrationID: registrationID, text: text, theme: theme, at: now, on: db)
        }
    }

    /// Sets the voter's dots on a proposal to `dots` (an absolute number, so that a request
    /// sent twice counts once).
    func vote(session: EventSession, registrationID: Int, proposalID: Int, dots: Int) async throws {
        try await database.transaction { db in
            let settings = try await voteSettings(session, on: db)
            guard let proposal = try await store.proposal(id: proposalID, sessionID: session.id, on: db),
                proposal.status == .visible
            else {
                throw AppError.notFound("Cette proposition n'existe pas dans cet atelier.")
            }
            let used = try await store.lockBallot(sessionID: session.id, registrationID: registrationID, on: db)
            let current = try await store.dots(proposalID: proposalID, registrationID: registrationID, on: db)
            if let refusal = DotVoting.refusal(
                state: settings.state, limit: settings.limit, used: used, current: current, requested: dots)
            {
                throw AppError(settings.state == .open ? .unprocessableContent : .conflict, refusal)
            }
            guard
                try await store.setDots(
                    sessionID: session.id, proposalID: proposalID, registrationID: registrationID, from: current,
                    to: dots, limit: settings.limit, on: db)
            else {
                throw AppError(.conflict, "Votre vote n'a pas pu être enregistré : rechargez la page et recommencez.")
            }
        }
    }

    // MARK: Follow-ups

    /// A commitment or proposal about to become a need, an offer or a partnership: where
    /// (the commitment's organisation's lab, or the event's, or the facilitator's), for
    /// whom, and the text the marketplace's form starts from.
    struct FollowUpDraft: Sendable {
        let labSlug: String
        let organisationID: Int?
        let title: String
        let description: String
    }

    /// `chosenLab`: the lab the organiser picked when nothing else names one (a network
    /// event's proposal, for an administrator without a lab); nil when they must pick one.
    func followUpDraft(
        event: RencontreEvent, session: EventSession, source: FollowUpSource, viewer: Viewer, chosenLab: String?
    ) async throws -> FollowUpDraft? {
        try await database.withConnection { db in
            let title: String
            var what: String
            var organisationID: Int?
            switch source.item {
            case .commitment(let position):
                let commitments = try await store.commitments(sessionID: session.id, on: db)
                guard position < commitments.count else {
                    throw AppError.notFound("Cet engagement n'existe pas dans la restitution de cet atelier.")
                }
                let c = commitments[position]
                title = c.what
                what = "\(c.who) s'engage : \(c.what)\(c.due.map { " (pour \($0))" } ?? "")."
                organisationID = c.organisationID
            case .proposal(let id):
                guard let p = try await store.proposal(id: id, sessionID: session.id, on: db), p.status == .visible
                else {
                    throw AppError.notFound("Cette proposition n'existe pas dans cet atelier.")
                }
                title = p.text
                what = "Proposition votée (\(p.votes) vote\(p.votes > 1 ? "s" : "")) : \(p.text)"
            }
            what = "Issu de l'atelier « \(session.title) » de la rencontre « \(event.title) ». " + what
            let organisationLab = try await organisationID.asyncMap {
                try await OrganisationStore().labID(organisationID: $0, on: db)
            }
            var chosen: Lab?
            if let chosenLab {
                guard let lab = try await LabStore().find(slug: chosenLab, on: db),
                    Permissions.isFacilitator(viewer, ofLab: lab.id)
                else {
                    throw AppError.badRequest("Choisissez un labo que vous animez pour y donner suite.")
                }
                chosen = lab
            }
            let found = try await (organisationLab ?? event.labID ?? viewer.labID).asyncMap {
                try await LabStore().find(id: $0, on: db)
            }
            guard let lab = found ?? chosen else { return nil }
            if organisationLab == nil { organisationID = nil }
            return FollowUpDraft(
                labSlug: lab.slug, organisationID: organisationID, title: String(title.prefix(160)),
                description: what)
        }
    }

    /// Records that a need, an offer or a partnership was made from a workshop's commitment
    /// or proposal, when the viewer organises that rencontre (anyone else's form carrying a
    /// source links nothing). Returns whether it was recorded.
    @discardableResult
    func recordFollowUp(source: FollowUpSource, kind: FollowUpKind, labID: Int, targetID: Int, viewer: Viewer)
        async throws -> Bool
    {
        try await database.transaction { db in
            guard let session = try await EventStore().session(id: source.sessionID, on: db),
                let event = try await EventStore().event(id: session.eventID, on: db),
                EventPermissions.canOrganise(viewer, eventLabID: event.labID)
            else { return false }
            let label: String
            switch source.item {
            case .commitment(let position):
                let commitments = try await store.commitments(sessionID: session.id, on: db)
                guard position < commitments.count else { return false }
                label = commitments[position].followUpLabel
            case .proposal(let id):
                guard let p = try await store.proposal(id: id, sessionID: session.id, on: db) else { return false }
                label = "Proposition : \(p.text)"
            }
            try await store.insertFollowUp(
                sessionID: session.id, source: label, kind: kind, labID: labID, targetID: targetID,
                userID: viewer.userID, at: nowSeconds(), on: db)
            return true
        }
    }

    func followUps(eventID: Int) async throws -> [Int: [FollowUp]] {
        try await database.withConnection { db in try await store.followUps(eventID: eventID, on: db) }
    }

    // MARK: Rapporteurs

    enum Moderation: String {
        case hide = "masquer"
        case show = "afficher"
        case merge = "fusionner"
    }

    /// Hides a proposal (its dots go back to the voters), shows it again, or merges it into
    /// another visible proposal of the session (its dots move there).
    func moderate(session: EventSession, proposalID: Int, action: Moderation, into: Int?) async throws {
        try await database.transaction { db in
            let now = nowSeconds()
            try await store.ensure(sessionID: session.id, eventID: session.eventID, at: now, on: db)
            try await store.lockExclusive(sessionID: session.id, at: now, on: db)
            guard let proposal = try await store.proposal(id: proposalID, sessionID: session.id, on: db) else {
                throw AppError.notFound("Cette proposition n'existe pas dans cet atelier.")
            }
            switch action {
            case .hide:
                guard proposal.status == .visible else { return }
                try await store.refundVotes(proposalID: proposalID, sessionID: session.id, on: db)
                try await store.setProposalStatus(id: proposalID, status: .hidden, mergedInto: nil, at: now, on: db)
            case .show:
                guard proposal.status == .hidden else {
                    throw AppError(.conflict, "Seule une proposition masquée peut être affichée de nouveau.")
                }
                try await store.setProposalStatus(id: proposalID, status: .visible, mergedInto: nil, at: now, on: db)
            case .merge:
                guard let into, into != proposalID,
                    let target = try await store.proposal(id: into, sessionID: session.id, on: db),
                    target.status == .visible, proposal.status == .visible
                else {
                    throw AppError(
                        .unprocessableContent,
                        "Choisissez une autre proposition visible de cet atelier pour y fusionner celle-ci.")
                }
                try await store.moveVotes(from: proposalID, into: into, on: db)
                try await store.setProposalStatus(id: proposalID, status: .merged, mergedInto: into, at: now, on: db)
            }
        }
    }

    /// Saves the output as a draft or published; a commitment naming an organisation
    /// registered at the event (letter case and accents aside) is linked to it.
    func saveOutput(session: EventSession, output: WorkshopOutput, publish: Bool) async throws {
        try await database.transaction { db in
            let now = nowSeconds()
            var output = output
            for index in output.commitments.indices {
                let matches = try await registrations.organisationNamed(
                    folded: TextNormalisation.fold(output.commitments[index].who), eventID: session.eventID, on: db)
                if Set(matches.map(\.organisationID)).count == 1 {
                    output.commitments[index].organisationID = matches[0].organisationID
                }
            }
            try await store.ensure(sessionID: session.id, eventID: session.eventID, at: now, on: db)
            let status: OutputStatus = publish ? .published : (output.isEmpty ? .empty : .draft)
            try await store.saveOutput(sessionID: session.id, output: output, status: status, at: now, on: db)
        }
    }
}
