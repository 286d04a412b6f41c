import AlliancesCore
import Hummingbird

/// A workshop's restitution through the API, for a participant app: the person is found by
/// their account's address among the event's registrations (as for meetings), and takes
/// part as on their private link's page: a confirmed participant of the workshop posts
/// proposals and spends their dots; its rapporteurs also moderate. The same use cases as
/// the pages (`RestitutionService.propose`, `.vote`, `.moderate`), so the same bounds and
/// French messages. Its rapporteurs also write the workshop's output (`…/output`), as on
/// their output page.
enum RestitutionAPI {
    static func register(_ routes: RouteTable) {
        routes.get("/api/v1/events/:event/sessions/:id/workshop", workshop)
        routes.post("/api/v1/events/:event/sessions/:id/proposals", propose)
        routes.put("/api/v1/events/:event/sessions/:id/votes/:proposal", vote)
        routes.post("/api/v1/events/:event/sessions/:id/proposals/:proposal/moderate", moderate)
        routes.get("/api/v1/events/:event/sessions/:id/output", output)
        routes.put("/api/v1/events/:event/sessions/:id/output", saveOutput)
    }

    /// The workshop and the registration of one of its rapporteurs; 403 for its other participants.
    static func rapporteur(_ context: AppContext, _ services: Services) async throws -> (EventSession, Registration) {
        let (session, registration, part) = try await participant(context, services)
        guard part == .rapporteur else {
            throw AppError(.forbidden, "Seuls les rapporteurs de cet atelier peuvent faire cela.")
        }
        return (session, registration)
    }

    static func outputBody(_ session: EventSession, _ services: Services) async throws -> Response {
        let restitution = try await services.restitution.restitution(session: session)
        return JSONResponse.make(WorkshopOutputDTO(status: restitution.outputStatus, output: restitution.output))
    }

    static func output(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        try await outputBody(try await rapporteur(context, services).0, services)
    }

    /// Saves the whole output, as a draft or published (`publish`), through the form's checks.
    static func saveOutput(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (session, _) = try await rapporteur(context, services)
        let input = try await DirectoryAPI.decode(OutputWriteInput.self, request, context)
        let commitments = input.commitments ?? []
        if commitments.count > RestitutionRules.maxCommitments {
            throw DirectoryAPI.validationError(
                field: "commitments", "Au plus \(RestitutionRules.maxCommitments) engagements.")
        }
        var fields: [String: String] = [:]
        for section in WorkshopOutput.sections {
            if let text = input[keyPath: OutputWriteInput.path(section.key)] { fields[section.key] = text }
        }
        for (row, c) in commitments.enumerated() {
            fields["commitment-who-\(row)"] = c.who
            fields["commitment-what-\(row)"] = c.what
            fields["commitment-due-\(row)"] = c.due
        }
        switch RestitutionRules.output(fields, rows: commitments.count) {
        case .failure(let errors): throw DirectoryAPI.validationError(OutputWriteInput.fields(errors))
        case .success(let output):
            try await services.restitution.saveOutput(session: session, output: output, publish: input.publish ?? false)
            return try await outputBody(session, services)
        }
    }

    /// The caller's registration and part in the workshop named by the path.
    static func participant(_ context: AppContext, _ services: Services) async throws -> (
        EventSession, Registration, RestitutionService.Part
    ) {
        let (loaded, registration) = try await EventsAPI.ownRegistration(context, services, details: true)
        let session = try EventAccess.session(
            loaded, context, services, parameter: "id", missing: RestitutionService.notAWorkshop
        ) { $0.kind == .workshop }
        guard let part = try await services.restitution.part(of: registration, in: session) else {
            throw AppError(.forbidden, "Seuls les participants confirmés de cet atelier peuvent y proposer et voter.")
        }
        return (session, registration, part)
    }

    static func body(
        _ session: EventSession, _ registration: Registration, _ part: RestitutionService.Part,
        _ services: Services, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let restitution = try await services.restitution.restitution(session: session)
        let proposals = try await services.restitution.proposals(sessionID: session.id)
        let ballot = try await services.restitution.ballot(sessionID: session.id, registrationID: registration.id)
        return JSONResponse.make(
            WorkshopDTO(
                session: session, part: part, restitution: restitution,
                // Participants see the visible proposals; rapporteurs also what they moderated.
                proposals: part == .rapporteur ? proposals : proposals.filter { $0.status == .visible },
                ballot: ballot, registrationID: registration.id),
            status: status)
    }

    static func workshop(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (session, registration, part) = try await participant(context, services)
        return try await body(session, registration, part, services)
    }

    static func propose(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (session, registration, part) = try await participant(context, services)
        let input = try await DirectoryAPI.decode(ProposalWriteInput.self, request, context)
        switch RestitutionRules.proposal(text: input.text, theme: input.theme, themes: session.questions) {
        case .failure(let errors): throw DirectoryAPI.validationError(errors)
        case .success(let proposal):
            _ = try await services.restitution.propose(
                session: session, registrationID: registration.id, text: proposal.text, theme: proposal.theme)
            return try await body(session, registration, part, services, status: .created)
        }
    }

    static func vote(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (session, registration, part) = try await participant(context, services)
        let proposal = try services.id("proposal", context)
        let input = try await DirectoryAPI.decode(VoteWriteInput.self, request, context)
        guard let dots = input.dots else {
            throw DirectoryAPI.validationError(
                field: "dots", "Dites combien de gommettes vous mettez sur cette proposition (0 pour les retirer).")
        }
        try await services.restitution.vote(
            session: session, registrationID: registration.id, proposalID: proposal, dots: dots)
        return try await body(session, registration, part, services)
    }

    static func moderate(_ request: Request, _ context: AppContext, _ services: Services) async throws -> Response {
        let (session, registration) = try await rapporteur(context, services)
        let input = try await DirectoryAPI.decode(ModerationInput.self, request, context)
        guard let action = input.action.flatMap(RestitutionService.Moderation.init(rawValue:)) else {
            throw DirectoryAPI.validationError(
                field: "action", "Action de modération inconnue : masquer, afficher ou fusionner.")
        }
        try await services.restitution.moderate(
            session: session, proposalID: try services.id("proposal", context), action: action, into: input.into)
        return try await body(session, registration, .rapporteur, services)
    }
}

struct ProposalWriteInput: Codable, Sendable {
    var text: String?
    /// One of the workshop's questions, as written in the programme.
    var theme: String?
}

struct VoteWriteInput: Codable, Sendable {
    /// The dots the caller puts on the proposal now (absolute: sending it twice counts once).
    var dots: Int?
}

struct ModerationInput: Codable, Sendable {
    /// masquer, afficher or fusionner.
    var action: String?
    /// With fusionner: the visible proposal it is merged into.
    var into: Int?
}

/// A workshop as one participant takes part in it: the vote, the proposals, their ballot.
struct WorkshopDTO: Codable, Sendable {
    struct Proposal: Codable, Sendable {
        let id: Int
        let text: String
        let theme: String?
        let status: String
        let votes: Int
        let voters: Int
        let mergedInto: Int?
        /// Posted by the caller.
        let mine: Bool
    }

    struct Dots: Codable, Sendable {
        let proposalId: Int
        let dots: Int
    }

    let session: Int
    let title: String
    /// participant or rapporteur.
    let part: String
    /// pas-ouvert, ouvert or clos.
    let voteState: String
    let votesPerParticipant: Int
    let votesUsed: Int
    let questions: [String]
    let proposals: [Proposal]
    let ballot: [Dots]

    init(
        session: EventSession, part: RestitutionService.Part, restitution: SessionRestitution,
        proposals: [AlliancesServer.Proposal], ballot: [Int: Int], registrationID: Int
    ) {
        self.session = session.id
        title = session.title
        self.part = part == .rapporteur ? "rapporteur" : "participant"
        voteState = restitution.voteState.rawValue
        votesPerParticipant = restitution.votesPerParticipant
        votesUsed = ballot.values.reduce(0, +)
        questions = session.questions
        self.proposals = proposals.map {
            Proposal(
                id: $0.id, text: $0.text, theme: $0.theme, status: $0.status.rawValue, votes: $0.votes,
                voters: $0.voters, mergedInto: $0.mergedInto, mine: $0.registrationID == registrationID)
        }
        self.ballot = ballot.keys.sorted().map { Dots(proposalId: $0, dots: ballot[$0] ?? 0) }
    }
}

/// A workshop's output as its rapporteurs write it: the output page's sections and
/// "qui fait quoi, pour quand", saved whole.
struct OutputWriteInput: Codable, Sendable {
    struct Commitment: Codable, Sendable {
        var who: String?
        var what: String?
        var due: String?
    }

    var findings: String?
    var proposals: String?
    var obstacles: String?
    var resources: String?
    var nextSteps: String?
    var commitments: [Commitment]?
    /// true publishes it (in the synthesis); false or absent keeps it a draft.
    var publish: Bool?

    static func path(_ key: String) -> KeyPath<OutputWriteInput, String?> {
        switch key {
        case "findings": \.findings
        case "proposals": \.proposals
        case "obstacles": \.obstacles
        case "resources": \.resources
        default: \.nextSteps
        }
    }

    /// The form's field names in the messages, renamed to the API's (`commitments[0].who`).
    static func fields(_ errors: ValidationErrors) -> ValidationErrors {
        var renamed = ValidationErrors()
        for error in errors.errors {
            let parts = error.field.split(separator: "-")
            if parts.count == 3, parts[0] == "commitment", let row = Int(parts[2]) {
                renamed.add("commitments[\(row)].\(parts[1])", error.message)
            } else {
                renamed.add(error.field, error.message)
            }
        }
        return renamed
    }
}

/// A workshop's output, for its rapporteurs.
struct WorkshopOutputDTO: Codable, Sendable {
    struct Commitment: Codable, Sendable {
        let who: String
        let what: String
        let due: String?
        /// The directory's organisation when `who` names one registered at the event.
        let organisationId: Int?
    }

    /// vide, brouillon or publie.
    let status: String
    let findings: String?
    let proposals: String?
    let obstacles: String?
    let resources: String?
    let nextSteps: String?
    let commitments: [Commitment]

    init(status: OutputStatus, output o: WorkshopOutput) {
        self.status = status.rawValue
        (findings, proposals, obstacles, resources, nextSteps) = (
            o.findings, o.proposals, o.obstacles, o.resources, o.nextSteps
        )
        commitments = o.commitments.map {
            Commitment(who: $0.who, what: $0.what, due: $0.due, organisationId: $0.organisationID)
        }
    }
}
