import AlliancesCore
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit

/// Use cases of the experience library: writing a sheet (from scratch, a partnership or a
/// workshop's commitment), its review and publication, versions, comments, the searchable
/// index of published sheets, and the templates and tools.
struct LibraryService: Sendable {
    let database: Database
    let publicURL: String
    let store = LibraryStore()
    /// The published sheets of each lab, rebuilt when the lab's data version changes
    /// (publishing, archiving and restoring bump it). A small library is rebuilt while the
    /// reader waits, so a publication or an archive shows at once; a large one (over
    /// `freshLimit` sheets: 10,000 take about a second to index) keeps serving the previous
    /// index while the new one builds, as the directory's search does. A sheet's own page
    /// reads the database, so an archived sheet is gone from it at once either way.
    let cache = LabVersionCache<ExperienceLibrary>(job: "library-index")
    static let freshLimit = 2_000
    /// The list's rendered results and the API's encoded pages, by `key`: a query asked
    /// again is served without searching or rendering (the key names the index's version,
    /// so a publication never serves a stale page from here).
    let pages = BoundedCache<HTML>(maxBytes: 32 * 1024 * 1024) { $0.rendered.utf8.count + 256 }
    let bodies = BoundedCache<ByteBuffer>(maxBytes: 32 * 1024 * 1024) { $0.readableBytes + 256 }

    static func key(labID: Int, version: Int, reach: SheetVisibility, query: LibraryQuery, flags: String) -> String {
        let filters = LibraryFacet.allCases.map { query.filters[$0] ?? "" }.joined(separator: ",")
        return [
            String(labID), String(version), reach.rawValue, flags, SearchQuery.normalForm(query.text), filters,
            String(query.page), String(query.pageSize)
        ].joined(separator: "\u{1F}")
    }

    /// How many sheets each lab's last built index holds (read without waiting on the cache).
    let sizes = NIOLockedValueBox<[Int: Int]>([:])

    func index(_ lab: Lab) async throws -> ExperienceLibrary {
        let (database, labID, sizes) = (self.database, lab.id, self.sizes)
        let version = lab.dataVersion
        let fresh = (sizes.withLockedValue { $0[labID] } ?? 0) <= Self.freshLimit
        return try await cache.value(for: lab, fresh: fresh) {
            let entries = try await database.withConnection { db in try await Self.entries(labID: labID, on: db) }
            sizes.withLockedValue { $0[labID] = entries.count }
            return ExperienceLibrary(entries, version: version)
        }
    }

    /// The cache's key for the network's library (no lab has this id).
    static let networkKey = 0

    /// The sheets every lab shares with the network or the public, in one index, rebuilt
    /// when any lab's data version changes (`labs`: every lab, their versions summed).
    func networkIndex(labs: [Lab]) async throws -> ExperienceLibrary {
        let database = self.database
        let version = labs.reduce(0) { $0 + $1.dataVersion }
        let fresh = (sizes.withLockedValue { $0[Self.networkKey] } ?? 0) <= Self.freshLimit
        return try await cache.value(key: Self.networkKey, version: version, fresh: fresh) { [sizes] in
            let entries = try await database.withConnection { db in
                try await Self.entries(try await LibraryStore().publishedToNetwork(on: db), on: db)
            }
            sizes.withLockedValue { $0[Self.networkKey] = entries.count }
            return ExperienceLibrary(entries, version: version)
        }
    }

    static func entries(labID: Int, on db: any SQLDatabase) async throws -> [LibraryEntry] {
        try await entries(try await LibraryStore().published(labID: labID, on: db), on: db)
    }

    /// Index entries for published sheets (of one or several labs), with their
    /// organisations' names, kinds and départements read in each sheet's lab.
    static func entries(_ published: [LibraryStore.Published], on db: any SQLDatabase) async throws
        -> [LibraryEntry]
    {
        let cards = try await OrganisationStore().cards(
            idsByLab: Dictionary(grouping: published, by: \.sheet.labID).mapValues {
                $0.flatMap(\.draft.organisationIDs)
            },
            on: db)
        return published.map { p in
            let d = p.draft
            let organisations = d.organisationIDs.compactMap { cards[$0] }
            let body = [
                d.context, d.timeline.joined(separator: "\n"), d.economicModel,
                d.results.map { "\($0.indicator) \($0.value)" }.joined(separator: "\n"), d.lessons,
                organisations.map(\.name).joined(separator: " ")
            ].compactMap { $0 }.joined(separator: "\n")
            return LibraryEntry(
                id: p.sheet.id, title: d.title, summary: d.summary, territory: d.territory, body: body,
                questions: d.questions, themes: d.themes, modes: d.modes, governance: d.governance, scaling: d.scaling,
                worlds: Set(organisations.map(\.kind)), departements: Set(organisations.compactMap(\.departementCode)),
                visibility: p.sheet.visibility, organisationIDs: d.organisationIDs,
                publishedAt: p.sheet.publishedAt ?? p.sheet.updatedAt, labID: p.sheet.labID)
        }
    }

    /// A sheet as one viewer gets it: the version they read (the published one for
    /// readers, the latest for its authors and the lab's facilitators), its organisations.
    struct Shown: Sendable {
        let sheet: ExperienceSheet
        let version: SheetVersion
        let published: SheetVersion?
        let canEdit: Bool
        let organisations: [OrganisationStore.Card]
    }

    /// The sheet if the viewer may read it, else a French 404 that does not tell whether it
    /// exists. `version`: a given version, for those who may edit.
    func visible(id: Int, lab: Lab, viewer: Viewer?, version wanted: Int? = nil) async throws -> Shown {
        try await database.withConnection { db in
            let notFound = AppError.notFound(Self.notFound)
            guard let sheet = try await store.sheet(id: id, labID: lab.id, on: db) else { throw notFound }
            let authors = try await store.organisations(sheetID: id, on: db)
            guard
                Permissions.canReadSheet(
                    viewer, labID: lab.id, authorOrganisations: authors, showsPublished: sheet.showsPublished,
                    visibility: sheet.visibility)
            else { throw notFound }
            let canEdit = Permissions.canEditSheet(viewer, labID: lab.id, authorOrganisations: authors)
            if wanted != nil && !canEdit { throw notFound }
            let number = wanted ?? (canEdit ? sheet.currentVersion : sheet.publishedVersion ?? sheet.currentVersion)
            guard let version = try await store.version(sheetID: id, number: number, on: db) else {
                throw AppError.notFound("Cette version de la fiche n'existe pas.")
            }
            let published =
                sheet.publishedVersion == number
                ? version
                : try await sheet.publishedVersion.asyncMap { try await store.version(sheetID: id, number: $0, on: db) }
                    ?? nil
            let cards = try await OrganisationStore().cards(ids: version.draft.organisationIDs, labID: lab.id, on: db)
            return Shown(
                sheet: sheet, version: version, published: published, canEdit: canEdit,
                organisations: version.draft.organisationIDs.compactMap { cards[$0] })
        }
    }

    /// The sheets written from a partnership, or naming an organisation, that the viewer
    /// may read (published ones, and those they may edit).
    func readable(partnershipID: Int, lab: Lab, viewer: Viewer?, on db: any SQLDatabase) async throws
        -> [ExperienceSheet]
    {
        try await readable(try await store.sheets(partnershipID: partnershipID, labID: lab.id, on: db), lab, viewer, db)
    }

    func readable(organisationID: Int, lab: Lab, viewer: Viewer?, on db: any SQLDatabase) async throws
        -> [ExperienceSheet]
    {
        try await readable(
            try await store.sheets(organisationID: organisationID, labID: lab.id, on: db), lab, viewer, db)
    }

    private func readable(_ sheets: [ExperienceSheet], _ lab: Lab, _ viewer: Viewer?, _ db: any SQLDatabase)
        async throws -> [ExperienceSheet]
    {
        var kept: [ExperienceSheet] = []
        for sheet in sheets {
            let authors = try await store.organisations(sheetID: sheet.id, on: db)
            if Permissions.canReadSheet(
                viewer, labID: lab.id, authorOrganisations: authors, showsPublished: sheet.showsPublished,
                visibility: sheet.visibility)
            {
                kept.append(sheet)
            }
        }
        return kept
    }

    static let notFound = "Cette fiche n'existe pas ou n'est pas partagée avec vous."

    /// The sheet and its organisations, for one who may edit it; for anyone else the
    /// sheet's French 404 (never telling a sheet they may not see from one that does not exist).
    func edited(sheetID: Int, lab: Lab, viewer: Viewer, on db: any SQLDatabase) async throws -> (
        sheet: ExperienceSheet, authors: Set<Int>
    ) {
        guard let sheet = try await store.sheet(id: sheetID, labID: lab.id, on: db) else {
            throw AppError.notFound(Self.notFound)
        }
        let authors = try await store.organisations(sheetID: sheetID, on: db)
        guard Permissions.canEditSheet(viewer, labID: lab.id, authorOrganisations: authors) else {
            throw AppError.notFound(Self.notFound)
        }
        return (sheet, authors)
    }

    /// Who may start a sheet: the lab's facilitators and its members with an organisation.
    static func canWrite(_ viewer: Viewer?, lab: Lab) -> Bool {
        Permissions.isFacilitator(viewer, ofLab: lab.id)
            || (viewer?.organisationID != nil && viewer?.role == .member && viewer?.labID == lab.id)
    }

    /// Creates a sheet (`sheetID` nil) or saves its next version. The organisations must be
    /// the lab's; a member's own organisation must stay among them (so they keep editing).
    func save(lab: Lab, sheetID: Int?, input: SheetInput, partnershipID: Int?, viewer: Viewer) async throws -> Result<
        Int, ValidationErrors
    > {
        guard Self.canWrite(viewer, lab: lab) else { throw AppError.forbidden }
        if let sheetID {
            // Whoever may not edit the sheet learns nothing about it, not even what their form lacks.
            _ = try await database.withConnection { db in
                try await edited(sheetID: sheetID, lab: lab, viewer: viewer, on: db)
            }
        }
        let draft: SheetDraft
        switch SheetDraft.validate(input) {
        case .failure(let errors): return .failure(errors)
        case .success(let value): draft = value
        }
        let now = nowSeconds()
        return try await database.transaction { db in
            var errors = ValidationErrors()
            let existing = try await OrganisationStore().existing(ids: draft.organisationIDs, labID: lab.id, on: db)
            if let missing = draft.organisationIDs.first(where: { !existing.contains($0) }) {
                errors.add("parties", "L'organisation n° \(missing) n'est pas dans l'annuaire de ce labo.")
            }
            if !Permissions.isFacilitator(viewer, ofLab: lab.id), let own = viewer.organisationID,
                !draft.organisationIDs.contains(own)
            {
                errors.add("parties", "Votre organisation doit figurer parmi celles de la fiche.")
            }
            if draft.contactPersonID != nil, try await Self.contactPerson(of: draft, on: db) == nil {
                errors.add(
                    "contactPerson",
                    "La personne à contacter doit être une personne de l'organisation à contacter, dans l'annuaire.")
            }
            guard errors.isEmpty else { return .failure(errors) }
            guard let sheetID else {
                return .success(
                    try await store.create(
                        labID: lab.id, draft: draft, partnershipID: partnershipID, userID: viewer.userID, at: now,
                        on: db))
            }
            let (sheet, _) = try await edited(sheetID: sheetID, lab: lab, viewer: viewer, on: db)
            guard try await store.addVersion(sheet: sheet, draft: draft, userID: viewer.userID, at: now, on: db) else {
                throw AppError(.conflict, "La fiche a été modifiée entre-temps : rechargez-la avant d'enregistrer.")
            }
            return .success(sheetID)
        }
    }

    /// A lifecycle step: the authors submit; a facilitator publishes, sends back (saying
    /// why), archives or restores. The comment is kept with the step.
    func take(_ action: SheetAction, sheetID: Int, lab: Lab, viewer: Viewer, comment: String?) async throws -> Result<
        SheetStatus, ValidationErrors
    > {
        let note = TextRules.clean(comment)
        var errors = ValidationErrors()
        if let note, note.count > 4_000 { errors.add("comment", "Le commentaire dépasse 4 000 caractères.") }
        if action == .sendBack && note == nil {
            errors.add("comment", "Dites aux auteurs ce qu'il faut reprendre avant de renvoyer la fiche.")
        }
        guard errors.isEmpty else { return .failure(errors) }
        let now = nowSeconds()
        let result: Result<SheetStatus, ValidationErrors> = try await database.transaction { db in
            let (sheet, authors) = try await edited(sheetID: sheetID, lab: lab, viewer: viewer, on: db)
            guard Permissions.canTake(action, viewer, labID: lab.id, authorOrganisations: authors) else {
                throw AppError(.forbidden, "Seule l'équipe du labo publie, renvoie, archive ou restaure une fiche.")
            }
            guard let next = action.next(from: sheet.status) else {
                var errors = ValidationErrors()
                errors.add(
                    "action", "Impossible de « \(action.rawValue) » une fiche « \(sheet.status.label.lowercased()) ».")
                return .failure(errors)
            }
            let publish = action == .publish
            // Publishing gives the sheet the visibility its current version asks for.
            let visibility =
                publish
                ? try await store.version(sheetID: sheetID, number: sheet.currentVersion, on: db)?.draft.visibility
                : nil
            guard
                try await store.setStatus(
                    sheet: sheet, to: next, publish: publish, visibility: visibility ?? sheet.visibility, at: now,
                    on: db)
            else { throw AppError(.conflict, "La fiche a changé entre-temps : rechargez-la.") }
            if let note {
                try await store.addComment(
                    sheetID: sheetID, version: sheet.currentVersion, userID: viewer.userID, action: action, body: note,
                    at: now, on: db)
            }
            if publish || action == .archive || action == .restore {
                try await LabStore.bumpVersion(labID: lab.id, on: db)
            }
            try await notify(action, sheet: sheet, authors: authors, lab: lab, note: note, on: db)
            return .success(next)
        }
        return result
    }

    /// The outbox tells the authors a sheet was published or sent back, and the lab's
    /// facilitators that one waits for review.
    func notify(
        _ action: SheetAction, sheet: ExperienceSheet, authors: Set<Int>, lab: Lab, note: String?,
        on db: any SQLDatabase
    ) async throws {
        let link = "\(publicURL)/labs/\(lab.slug)/bibliotheque/\(sheet.id)"
        var recipients: [(name: String, email: String)] = []
        let line: String
        switch action {
        case .submit:
            recipients = try await AccountStore().facilitators(labID: lab.id, on: db).map { ($0.name, $0.email) }
            line = "La fiche d'expérience « \(sheet.title) » attend votre relecture."
        case .publish, .sendBack:
            for organisation in authors.sorted() {
                recipients += try await AccountStore().members(organisationID: organisation, on: db).map {
                    ($0.name, $0.email)
                }
            }
            line =
                action == .publish
                ? "Votre fiche d'expérience « \(sheet.title) » est publiée."
                : "Votre fiche d'expérience « \(sheet.title) » vous est renvoyée avec ces remarques :\n\n\(note ?? "")"
        case .archive, .restore: return
        }
        for recipient in recipients {
            try await OutboxStore().enqueue(
                to: recipient.email, subject: "Fiche d'expérience — \(lab.name)",
                body: ["Bonjour \(recipient.name),", "", line, "", "La fiche : \(link)", "", "— \(lab.name)"]
                    .joined(separator: "\n"), kind: "bibliotheque", eventID: nil, registrationID: nil, on: db)
        }
    }

    func comment(sheetID: Int, lab: Lab, viewer: Viewer, text: String?) async throws -> Result<Void, ValidationErrors> {
        var errors = ValidationErrors()
        let body = TextRules.check(
            text, field: "comment", label: "Le commentaire", required: true, maxLength: 4_000, multiline: true,
            into: &errors)
        guard errors.isEmpty, let body else { return .failure(errors) }
        return try await database.transaction { db in
            let (sheet, _) = try await edited(sheetID: sheetID, lab: lab, viewer: viewer, on: db)
            try await store.addComment(
                sheetID: sheetID, version: sheet.currentVersion, userID: viewer.userID, action: nil, body: body,
                at: nowSeconds(), on: db)
            return .success(())
        }
    }

    // MARK: Tools

    /// The person a draft designates, when the directory has them in its contact
    /// organisation (nil when none is named, or they are not, or no longer, there).
    static func contactPerson(of draft: SheetDraft, on db: any SQLDatabase) async throws -> Person? {
        guard let person = draft.contactPersonID, let organisation = draft.contactOrganisationID else { return nil }
        return try await OrganisationStore().person(id: person, organisationID: organisation, on: db)
    }

    /// The contact a sheet names (its published version's, else its latest), for an
    /// introduction made from it: the sheet's title, the contact organisation and person.
    /// Read without a viewer: only an introduction's page calls it, for the person's name
    /// once both sides accepted.
    func contact(sheetID: Int, labID: Int, on db: any SQLDatabase) async throws -> (
        title: String, organisationID: Int?, personID: Int?
    )? {
        guard let sheet = try await store.sheet(id: sheetID, labID: labID, on: db),
            let version = try await store.version(
                sheetID: sheetID, number: sheet.publishedVersion ?? sheet.currentVersion, on: db)
        else { return nil }
        return (version.draft.title, version.draft.contactOrganisationID, version.draft.contactPersonID)
    }

    func visibleTool(id: Int, lab: Lab, viewer: Viewer?) async throws -> LibraryTool {
        let store = self.store
        let found = try await database.withConnection { db in try await store.tool(id: id, labID: lab.id, on: db) }
        guard let tool = found, Permissions.canReadTool(viewer, labID: lab.id, visibility: tool.visibility) else {
            throw AppError.notFound("Cet outil n'existe pas ou n'est pas partagé avec vous.")
        }
        return tool
    }

    func saveTool(lab: Lab, toolID: Int?, input: ToolInput, viewer: Viewer) async throws -> Result<
        Int, ValidationErrors
    > {
        guard Permissions.canManageTools(viewer, labID: lab.id) else { throw AppError.forbidden }
        let draft: ToolDraft
        switch ToolDraft.validate(input) {
        case .failure(let errors): return .failure(errors)
        case .success(let value): draft = value
        }
        let now = nowSeconds()
        return .success(
            try await database.transaction { db in
                guard let toolID else {
                    return try await store.createTool(
                        labID: lab.id, draft: draft, userID: viewer.userID, at: now, on: db)
                }
                guard try await store.tool(id: toolID, labID: lab.id, on: db) != nil else {
                    throw AppError.notFound("Cet outil n'existe pas.")
                }
                try await store.updateTool(id: toolID, draft: draft, at: now, on: db)
                return toolID
            })
    }
}
