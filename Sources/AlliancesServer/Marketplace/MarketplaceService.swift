import AlliancesCore
import SQLKit

/// The marketplace's use cases, shared by the web pages and the JSON API so both apply
/// the same checks: needs and offers, recommendations with feedback, introductions.
struct MarketplaceService: Sendable {
    let database: Database
    let listings = ListingStore()
    let introductions = IntroductionStore()
    let organisations = OrganisationStore()
    let cache = LabVersionCache<RecommendationPools>(job: "recommender-pools")
    /// Where the links in messages point to.
    var publicURL = "http://127.0.0.1:8080"

    /// Tells the member accounts of an organisation, through the outbox, that something
    /// happened to one of its introductions (the lab's message to that side included).
    static func notify(
        organisationID: Int, lab: Lab, introductionID: Int, subject: String, lines: [String], publicURL: String,
        on db: any SQLDatabase
    ) async throws {
        let link = "\(publicURL)/labs/\(lab.slug)/mises-en-relation/\(introductionID)"
        for member in try await AccountStore().members(organisationID: organisationID, on: db) {
            let body =
                (["Bonjour \(member.name),", ""] + lines + [
                    "", "La mise en relation : \(link)", "", "— \(lab.name)"
                ]).joined(separator: "\n")
            try await OutboxStore().enqueue(
                to: member.email, subject: "\(subject) — \(lab.name)", body: body, kind: "mise-en-relation",
                eventID: nil, registrationID: nil, on: db)
        }
    }

    // MARK: Needs and offers

    /// Validates, checks the organisation belongs to the lab and the viewer may act for
    /// it, resolves the commune, then writes with an audit entry in one transaction.
    func saveListing(lab: Lab, listingID: Int?, input: ListingInput, viewer: Viewer) async throws -> Result<
        Int, ValidationErrors
    > {
        let draft: ListingDraft
        switch ListingDraft.validate(input) {
        case .failure(let errors): return .failure(errors)
        case .success(let value): draft = value
        }
        let (listings, organisations) = (self.listings, self.organisations)
        return try await database.transaction { db in
            var errors = ValidationErrors()
            var wasPublished = false
            // The listing edited must be one of the lab's that the viewer manages, whatever
            // organisation the form now names.
            if let listingID {
                guard let existing = try await listings.find(id: listingID, labID: lab.id, on: db) else {
                    throw AppError.notFound("Cette annonce n'existe pas dans ce labo.")
                }
                wasPublished = existing.status == .published
                guard Permissions.canManageListing(viewer, labID: lab.id, organisationID: existing.organisationID)
                else { throw AppError.forbidden }
            }
            guard try await organisations.find(id: draft.organisationID, labID: lab.id, on: db) != nil else {
                errors.add("organisationId", "Cette organisation n'existe pas dans ce labo.")
                return .failure(errors)
            }
            guard Permissions.canManageListing(viewer, labID: lab.id, organisationID: draft.organisationID) else {
                throw AppError.forbidden
            }
            var commune: Commune?
            if let text = draft.commune {
                switch try await organisations.resolveCommune(text, perimeter: lab.perimeter, on: db) {
                case .success(let found): commune = found
                case .failure(let error): errors.errors.append(error)
                }
            }
            if !errors.isEmpty { return .failure(errors) }
            let id: Int
            if let listingID {
                try await listings.update(id: listingID, labID: lab.id, draft: draft, commune: commune, on: db)
                id = listingID
            } else {
                id = try await listings.create(
                    labID: lab.id, draft: draft, commune: commune, userID: viewer.userID, on: db)
            }
            try await AuditLog.record(
                userID: viewer.userID, labID: lab.id, action: listingID == nil ? "listing.create" : "listing.update",
                target: "listing:\(id)", on: db)
            if draft.status == .published && !wasPublished {
                try await WebhookEvents.emit(
                    draft.kind == .need ? .needPublished : .offerPublished, labID: lab.id, object: "listing", id: id,
                    path: { "/api/v1/labs/\($0)/listings/\(id)" }, audience: .lab(lab.id), on: db)
            }
            return .success(id)
        }
    }

    /// The listing named in the URL if the viewer may see it; a 404 otherwise (a hidden
    /// listing is not revealed to exist).
    func visibleListing(id: Int, lab: Lab, viewer: Viewer?, kind: ListingKind?) async throws -> Listing {
        let listings = self.listings
        let listing = try await database.withConnection { db in try await listings.find(id: id, labID: lab.id, on: db) }
        guard let listing, kind == nil || listing.kind == kind,
            Permissions.canSeeListing(
                viewer, labID: lab.id, organisationID: listing.organisationID, status: listing.status,
                visibility: listing.visibility)
        else {
            throw AppError.notFound("Cette annonce n'existe pas ou n'est pas visible.")
        }
        return listing
    }

    // MARK: Recommendations

    func pools(_ lab: Lab, fresh: Bool = false) async throws -> RecommendationPools {
        let (database, labID) = (self.database, lab.id)
        return try await cache.value(for: lab, fresh: fresh) {
            try await RecommendationPools.build(labID: labID, database: database)
        }
    }

    struct Recommendations: Sendable {
        /// Offers for a need, needs for an offer or an organisation.
        let listings: [Recommendation]
        let organisations: [Recommendation]
        /// The viewer's own marks, by candidate.
        let marks: [MatchProfile.Subject: Bool]
    }

    /// Recommendations for `source`, as `viewer` may see them. The lab's history (declined
    /// and successful introductions, "not relevant" marks) weighs in and is named in the
    /// explanations only for those who may see the source's recommendations (its members
    /// and the lab's facilitators); anyone else gets scores and reasons from public data.
    func recommendations(lab: Lab, source: MatchProfile, viewer: Viewer?, limit: Int = 10) async throws
        -> Recommendations
    {
        let pools = try await pools(lab)
        let introductions = self.introductions
        let history = Permissions.canSeeRecommendations(viewer, labID: lab.id, organisationID: source.organisationID)
        let (book, marks) = try await database.withConnection { db in
            let book =
                history
                ? try await introductions.outcomes(labID: lab.id, organisationID: source.organisationID, on: db)
                : OutcomeBook()
            guard let viewer else { return (book, [MatchProfile.Subject: Bool]()) }
            return (book, try await introductions.marks(userID: viewer.userID, source: source.subject, on: db))
        }
        let recommender = Recommender(outcomes: book)
        let members = Permissions.isLabMember(viewer, labID: lab.id)
        let now = nowSeconds()
        return Recommendations(
            listings: recommender.recommend(
                for: source, in: pools.listings,
                filter: Recommender.counterpartFilter(for: source, listings: true, includeMembersOnly: members),
                limit: limit, now: now),
            organisations: recommender.recommend(
                for: source, in: pools.organisations,
                filter: Recommender.counterpartFilter(for: source, listings: false, includeMembersOnly: members),
                limit: limit, now: now),
            marks: marks)
    }

    /// The organisation as the recommender sees it (from the lab's pool).
    func organisationProfile(lab: Lab, organisationID: Int) async throws -> MatchProfile? {
        if let profile = try await pools(lab).organisations.profile(of: .organisation(id: organisationID)) {
            return profile
        }
        // Right after a write the previous pools are served while new ones are built: an
        // organisation just created is only in the new ones.
        return try await pools(lab, fresh: true).organisations.profile(of: .organisation(id: organisationID))
    }

    func feedback(
        lab: Lab, viewer: Viewer, source: MatchProfile.Subject, sourceOrganisation: Int,
        candidate: MatchProfile.Subject, relevant: Bool
    ) async throws {
        guard Permissions.canSeeRecommendations(viewer, labID: lab.id, organisationID: sourceOrganisation) else {
            throw AppError.forbidden
        }
        let introductions = self.introductions
        try await database.transaction { db in
            try await introductions.saveFeedback(
                labID: lab.id, userID: viewer.userID, source: source, sourceOrganisation: sourceOrganisation,
                candidate: candidate, relevant: relevant, on: db)
        }
    }

    // MARK: Introductions

    struct IntroductionRequest: Sendable {
        var organisationA: Int?
        var organisationB: Int?
        var needID: Int?
        var offerID: Int?
        var message: String?
        var messageA: String?
        var messageB: String?
        /// The experience sheet it is asked from, checked by the caller: visible to the
        /// viewer, and naming organisation B as its contact.
        var sheetID: Int? = nil
    }

    /// A facilitator proposes (both messages), or a member asks the lab (side A is the
    /// member's organisation, the message goes to the facilitator).
    func createIntroduction(lab: Lab, viewer: Viewer, request: IntroductionRequest) async throws -> Result<
        Int, ValidationErrors
    > {
        let facilitator = Permissions.canProposeIntroduction(viewer, labID: lab.id)
        guard facilitator || Permissions.canRequestIntroduction(viewer, labID: lab.id) else { throw AppError.forbidden }
        var errors = ValidationErrors()
        let organisationA = facilitator ? request.organisationA : viewer.organisationID
        if organisationA == nil { errors.add("organisationA", "Choisissez la première organisation.") }
        if request.organisationB == nil { errors.add("organisationB", "Choisissez l'organisation à rencontrer.") }
        if let a = organisationA, a == request.organisationB {
            errors.add("organisationB", "Une organisation ne peut pas être mise en relation avec elle-même.")
        }
        let message = TextRules.check(
            request.message, field: "message", label: "Le message", required: false, maxLength: 2000, multiline: true,
            into: &errors)
        let messageA = TextRules.check(
            request.messageA, field: "messageA", label: "Le message à la première organisation", required: facilitator,
            maxLength: 2000, multiline: true, into: &errors)
        let messageB = TextRules.check(
            request.messageB, field: "messageB", label: "Le message à la seconde organisation", required: facilitator,
            maxLength: 2000, multiline: true, into: &errors)
        guard errors.isEmpty, let a = organisationA, let b = request.organisationB else { return .failure(errors) }
        let (introductions, organisations, listings) = (self.introductions, self.organisations, self.listings)
        return try await database.transaction { db in
            var errors = ValidationErrors()
            if try await organisations.find(id: a, labID: lab.id, on: db) == nil {
                errors.add("organisationA", "Cette organisation n'existe pas dans ce labo.")
            }
            if try await organisations.find(id: b, labID: lab.id, on: db) == nil {
                errors.add("organisationB", "Cette organisation n'existe pas dans ce labo.")
            }
            for (field, id, kind) in [
                ("needId", request.needID, ListingKind.need), ("offerId", request.offerID, .offer)
            ] {
                guard let id else { continue }
                // A listing the viewer may not see cannot be named (its title would show on the introduction).
                guard let listing = try await listings.find(id: id, labID: lab.id, on: db), listing.kind == kind,
                    listing.organisationID == a || listing.organisationID == b,
                    Permissions.canSeeListing(
                        viewer, labID: lab.id, organisationID: listing.organisationID, status: listing.status,
                        visibility: listing.visibility)
                else {
                    errors.add(
                        field,
                        "L'annonce liée doit être \(kind == .need ? "un besoin" : "une offre") de l'une des deux organisations."
                    )
                    continue
                }
            }
            if !errors.isEmpty { return .failure(errors) }
            let state =
                facilitator
                ? IntroductionState(status: .proposed) : IntroductionState(status: .requested, answerA: .accepted)
            let id = try await introductions.create(
                labID: lab.id, organisationA: a, organisationB: b, needID: request.needID, offerID: request.offerID,
                state: state, requestMessage: message, messageA: messageA, messageB: messageB,
                userID: viewer.userID, sheetID: request.sheetID, on: db)
            try await introductions.addEvent(
                introductionID: id, userID: viewer.userID, organisationID: facilitator ? nil : a,
                action: facilitator ? "proposée par le labo" : "demandée au labo", status: state.status,
                // The request's message is for the lab only; it stays on the introduction.
                note: nil, on: db)
            try await AuditLog.record(
                userID: viewer.userID, labID: lab.id,
                action: facilitator ? "introduction.propose" : "introduction.request", target: "introduction:\(id)",
                on: db)
            if facilitator {
                for (side, message) in [(a, messageA), (b, messageB)] {
                    try await Self.notify(
                        organisationID: side, lab: lab, introductionID: id,
                        subject: "Le labo vous propose une rencontre",
                        lines: [message ?? "", "", "Acceptez ou déclinez depuis la page de la mise en relation."],
                        publicURL: publicURL, on: db)
                }
            }
            return .success(id)
        }
    }

    func visibleIntroduction(id: Int, lab: Lab, viewer: Viewer?) async throws -> Introduction {
        let introductions = self.introductions
        let found = try await database.withConnection { db in
            try await introductions.find(id: id, labID: lab.id, on: db)
        }
        guard let found,
            Permissions.canSeeIntroduction(
                viewer, labID: lab.id, organisationA: found.organisationA, organisationB: found.organisationB,
                status: found.status)
        else {
            throw AppError.notFound("Cette mise en relation n'existe pas ou ne vous concerne pas.")
        }
        return found.shown(to: viewer)
    }

    enum Change: Sendable {
        case propose(messageA: String?, messageB: String?)
        /// `onBehalfOf`: the side a facilitator records an answer for (given by phone or
        /// e-mail); members always answer for their own side.
        case answer(IntroductionAnswer, note: String?, onBehalfOf: IntroductionSide?)
        case advance(IntroductionStatus, note: String?)
    }

    /// Applies a change through the state machine, re-reading the row inside the
    /// transaction so two answers at once cannot overwrite each other.
    func change(lab: Lab, introductionID: Int, viewer: Viewer, change: Change) async throws -> Result<
        Introduction, ValidationErrors
    > {
        let (introductions, listings) = (self.introductions, self.listings)
        return try await database.transaction { db in
            guard var introduction = try await introductions.find(id: introductionID, labID: lab.id, on: db),
                Permissions.canSeeIntroduction(
                    viewer, labID: lab.id, organisationA: introduction.organisationA,
                    organisationB: introduction.organisationB, status: introduction.status)
            else {
                throw AppError.notFound("Cette mise en relation n'existe pas ou ne vous concerne pas.")
            }
            let before = introduction.state
            let facilitator = Permissions.isFacilitator(viewer, ofLab: lab.id)
            let side = Permissions.side(
                of: viewer, labID: lab.id, organisationA: introduction.organisationA,
                organisationB: introduction.organisationB)
            var errors = ValidationErrors()
            var action: String
            var note: String?
            var organisationID: Int?
            var proposedBy: Int?
            do {
                switch change {
                case .propose(let rawA, let rawB):
                    guard facilitator else { throw AppError.forbidden }
                    let a = TextRules.check(
                        rawA, field: "messageA", label: "Le message à la première organisation", required: true,
                        maxLength: 2000, multiline: true, into: &errors)
                    let b = TextRules.check(
                        rawB, field: "messageB", label: "Le message à la seconde organisation", required: true,
                        maxLength: 2000, multiline: true, into: &errors)
                    if !errors.isEmpty { return .failure(errors) }
                    try introduction.state.propose()
                    introduction.messageA = a
                    introduction.messageB = b
                    proposedBy = viewer.userID
                    action = "proposée par le labo"
                case .answer(let answer, let rawNote, let onBehalfOf):
                    note = TextRules.check(
                        rawNote, field: "note", label: "Le mot", required: false, maxLength: 2000, multiline: true,
                        into: &errors)
                    if !errors.isEmpty { return .failure(errors) }
                    // A side answers for itself; a facilitator may record a side's answer
                    // given by phone or e-mail, and the history says so.
                    let answering: IntroductionSide
                    if let side {
                        answering = side
                    } else if facilitator, let onBehalfOf {
                        answering = onBehalfOf
                    } else {
                        throw AppError.forbidden
                    }
                    try introduction.state.answer(answering, answer)
                    organisationID = introduction.organisation(answering).id
                    action =
                        (answer == .accepted ? "acceptée" : "déclinée")
                        + (side == nil ? " (réponse enregistrée par le labo)" : "")
                case .advance(let next, let rawNote):
                    guard facilitator || side != nil else { throw AppError.forbidden }
                    if next == .withdrawn && !facilitator && introduction.status != .requested {
                        throw AppError.forbidden
                    }
                    note = TextRules.check(
                        rawNote, field: "note", label: "Le mot", required: false, maxLength: 2000, multiline: true,
                        into: &errors)
                    if !errors.isEmpty { return .failure(errors) }
                    try introduction.state.advance(to: next)
                    organisationID = side.map { introduction.organisation($0).id }
                    action = next.label
                }
            } catch let failure as IntroductionState.Failure {
                guard case .notAllowed(let message) = failure else { throw failure }
                errors.add("status", message)
                return .failure(errors)
            }
            try await introductions.save(introduction, proposedBy: proposedBy, on: db)
            if case .propose = change {
                for (side, message) in [
                    (introduction.organisationA, introduction.messageA),
                    (introduction.organisationB, introduction.messageB)
                ] {
                    try await Self.notify(
                        organisationID: side, lab: lab, introductionID: introduction.id,
                        subject: "Le labo vous propose une rencontre",
                        lines: [message ?? "", "", "Acceptez ou déclinez depuis la page de la mise en relation."],
                        publicURL: publicURL, on: db)
                }
            }
            if introduction.state.contactsVisible && !before.contactsVisible {
                for side in [introduction.organisationA, introduction.organisationB] {
                    try await Self.notify(
                        organisationID: side, lab: lab, introductionID: introduction.id,
                        subject: "Mise en relation acceptée",
                        lines: [
                            "\(introduction.organisationAName) et \(introduction.organisationBName) ont accepté : leurs coordonnées sont sur la page de la mise en relation."
                        ],
                        publicURL: publicURL, on: db)
                }
            }

            try await introductions.addEvent(
                introductionID: introduction.id, userID: viewer.userID, organisationID: organisationID,
                action: action, status: introduction.status, note: note, on: db)
            if introduction.status == .accepted && before.status != .accepted {
                try await WebhookEvents.emit(
                    .introductionAccepted, labID: lab.id, object: "introduction", id: introduction.id,
                    path: { "/api/v1/labs/\($0)/introductions/\(introduction.id)" },
                    audience: .organisations(labID: lab.id, [introduction.organisationA, introduction.organisationB]),
                    on: db)
            }
            if introduction.status == .accepted {
                // Both said yes: the listings behind it are now being discussed.
                for id in [introduction.needID, introduction.offerID].compactMap({ $0 }) {
                    if let listing = try await listings.find(id: id, labID: lab.id, on: db),
                        listing.status == .published
                    {
                        try await listings.setStatus(id: id, labID: lab.id, status: .inDiscussion, on: db)
                    }
                }
            }
            try await AuditLog.record(
                userID: viewer.userID, labID: lab.id, action: "introduction.\(introduction.status.rawValue)",
                target: "introduction:\(introduction.id)", on: db)
            return .success(introduction)
        }
    }
}
