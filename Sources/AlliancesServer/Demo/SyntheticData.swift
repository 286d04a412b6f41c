import AlliancesCore
import Foundation
import SQLKit

/// Generates many fictional organisations for benchmarks and load tests.
/// Deterministic: the same count and seed give the same rows.
public enum SyntheticData {
    typealias Generator = SeededGenerator

    static let firstWords = [
        "Association", "Collectif", "Atelier", "Maison", "Réseau", "Compagnie", "Cercle", "Union", "Amicale", "Comité",
        "Entreprise", "Société", "Coopérative", "Groupe", "Institut", "Fondation"
    ]
    static let middleWords = [
        "solidaire", "des jardins", "du numérique", "de l'insertion", "des jeunes", "sportive", "culturelle", "du Ried",
        "de la vallée", "des familles", "de l'énergie", "des mobilités", "du bois", "des saveurs", "de la santé",
        "des savoirs"
    ]
    static let places = DirectoryDemo.communes.filter { ["67", "68"].contains($0.departementCode) }

    /// Inserts `count` organisations into the lab, in batches, with progress reports.
    public static func generate(
        count: Int, labSlug: String, seed: UInt64 = 2015, database: Database,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws {
        guard let lab = try await database.withConnection({ db in try await LabStore().find(slug: labSlug, on: db) })
        else {
            throw DatabaseError(description: "Unknown lab \(labSlug): load the demo first (alliances demo).")
        }
        let communes = places.filter { lab.perimeter.contains(departement: $0.departementCode) }
        var random = Generator(seed: seed)
        let batch = 500
        var done = 0
        let store = OrganisationStore()
        while done < count {
            let size = min(batch, count - done)
            var rows: [(OrganisationDraft, Commune?)] = []
            for index in 0..<size {
                let kindRoll = Int.random(in: 0..<100, using: &random)
                let kind: ActorKind =
                    kindRoll < 55
                    ? .association
                    : kindRoll < 88
                        ? .company
                        : kindRoll < 92
                            ? .essStructure
                            : kindRoll < 95
                                ? .localAuthority : kindRoll < 97 ? .foundation : kindRoll < 99 ? .network : .university
                var band: HeadcountBand?
                var sizeClass: SizeClass?
                if kind == .company {
                    let bands: [HeadcountBand] = [
                        .none, .b01, .b02, .b03, .b03, .b11, .b12, .b21, .b22, .b31, .b32, .b41, .b51, .b52
                    ]
                    band = bands[Int.random(in: 0..<bands.count, using: &random)]
                    sizeClass = band?.sizeClass
                }
                let commune = communes.isEmpty ? nil : communes[Int.random(in: 0..<communes.count, using: &random)]
                let name =
                    "\(firstWords.randomElement(using: &random)!) \(middleWords.randomElement(using: &random)!) \(commune?.name ?? "") n° \(done + index + 1)"
                var themes: Set<Theme> = []
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    themes.insert(Theme.allCases.randomElement(using: &random)!)
                }
                let draft = OrganisationDraft(
                    name: name, kind: kind, sizeClass: sizeClass, headcountBand: band,
                    description: "Organisation fictive générée pour les tests de charge : "
                        + SyntheticText.sentence(words: Int.random(in: 8...30, using: &random), using: &random) + ".",
                    commune: commune?.code, themes: themes.sorted { $0.rawValue < $1.rawValue },
                    active: Int.random(in: 0..<100, using: &random) >= 5)
                rows.append((draft, commune))
            }
            try await database.transaction { db in
                try await store.insertBatch(labID: lab.id, rows: rows, on: db)
            }
            done += size
            progress(done)
        }
    }
}

extension SyntheticData {
    /// Generates `offers` offers and `needs` needs for random active organisations of the
    /// lab (companies and public actors offer, associations need), for the recommender's
    /// benchmarks. Deterministic for a seed.
    public static func generateListings(offers: Int, needs: Int, labSlug: String, database: Database, seed: UInt64 = 7)
        async throws
    {
        guard let lab = try await database.withConnection({ db in try await LabStore().find(slug: labSlug, on: db) })
        else {
            throw DatabaseError(description: "Unknown lab \(labSlug): load the demo first (alliances demo).")
        }
        let (resource, purpose) = try await database.withConnection { db -> ([(Int, String?)], [(Int, String?)]) in
            var resource: [(Int, String?)] = [], purpose: [(Int, String?)] = []
            for row in try await OrganisationStore().kinds(labID: lab.id, activeOnly: true, on: db) {
                if MatchProfile.isResourceSide(row.kind) {
                    resource.append((row.id, row.commune))
                } else {
                    purpose.append((row.id, row.commune))
                }
            }
            return (resource, purpose)
        }
        guard !resource.isEmpty, !purpose.isEmpty else { return }
        var random = Generator(seed: seed)
        for (kind, total, owners) in [(ListingKind.offer, offers, resource), (.need, needs, purpose)] {
            var done = 0
            while done < total {
                let size = min(500, total - done)
                try await database.transaction { db in
                    var rows: [ListingStore.BulkRow] = []
                    let now = nowSeconds()
                    for _ in 0..<size {
                        let (owner, commune) = owners.randomElement(using: &random)!
                        var modes: Set<PartnershipMode> = []
                        for _ in 0..<Int.random(in: 1...2, using: &random) {
                            modes.insert(PartnershipMode.allCases.randomElement(using: &random)!)
                        }
                        var themes: Set<Theme> = []
                        for _ in 0..<Int.random(in: 1...3, using: &random) {
                            themes.insert(Theme.allCases.randomElement(using: &random)!)
                        }
                        let title = SyntheticText.sentence(words: 5, using: &random)
                        let description = SyntheticText.sentence(
                            words: Int.random(in: 8...30, using: &random), using: &random)
                        let radius: Int? =
                            Bool.random(using: &random) ? [10, 30, 50].randomElement(using: &random)! : nil
                        rows.append(
                            ListingStore.BulkRow(
                                organisationID: owner, kind: kind, title: title, description: description,
                                modes: modes.sorted { $0.rawValue < $1.rawValue },
                                themes: themes.sorted { $0.rawValue < $1.rawValue },
                                commune: radius == nil ? nil : commune, radiusKm: radius,
                                visibility: Bool.random(using: &random) ? "public" : "membres",
                                createdAt: now - Int.random(in: 0...(300 * 86_400), using: &random), updatedAt: now))
                    }
                    try await ListingStore().insertBatch(labID: lab.id, rows: rows, on: db)
                    try await LabStore.bumpVersion(labID: lab.id, on: db)
                }
                done += size
            }
        }
    }
}

extension SyntheticData {
    /// Generates `count` partnerships between the lab's organisations (two parties, a third
    /// one time in five; an association with another actor most of the time), started
    /// between 2015 and 2026, at every stage, one in five ended, for the barometer's
    /// benchmarks. Deterministic for a seed.
    public static func generatePartnerships(count: Int, labSlug: String, database: Database, seed: UInt64 = 11)
        async throws
    {
        guard let lab = try await database.withConnection({ db in try await LabStore().find(slug: labSlug, on: db) })
        else {
            throw DatabaseError(description: "Unknown lab \(labSlug): load the demo first (alliances demo).")
        }
        let (associations, others) = try await database.withConnection { db -> ([Int], [Int]) in
            var associations: [Int] = [], others: [Int] = []
            for row in try await OrganisationStore().kinds(labID: lab.id, activeOnly: false, on: db) {
                if row.kind == .association {
                    associations.append(row.id)
                } else {
                    others.append(row.id)
                }
            }
            return (associations, others)
        }
        guard associations.count + others.count >= 3 else { return }
        let everyone = associations + others
        var random = Generator(seed: seed)
        var done = 0
        while done < count {
            let size = min(500, count - done)
            try await database.transaction { db in
                var drafts: [PartnershipDraft] = []
                for _ in 0..<size {
                    var members: [Int] = []
                    let first =
                        !associations.isEmpty && Int.random(in: 0..<100, using: &random) < 75
                        ? associations.randomElement(using: &random)! : everyone.randomElement(using: &random)!
                    members.append(first)
                    while members.count < (Int.random(in: 0..<5, using: &random) == 0 ? 3 : 2) {
                        let next = (others.isEmpty ? everyone : others).randomElement(using: &random)!
                        if !members.contains(next) { members.append(next) }
                    }
                    var modes: Set<PartnershipMode> = []
                    for _ in 0..<Int.random(in: 1...2, using: &random) {
                        modes.insert(PartnershipMode.allCases.randomElement(using: &random)!)
                    }
                    var themes: Set<Theme> = []
                    for _ in 0..<Int.random(in: 1...2, using: &random) {
                        themes.insert(Theme.allCases.randomElement(using: &random)!)
                    }
                    let year = Int.random(in: 2015...2026, using: &random)
                    let start =
                        "\(year)-\(String(format: "%02d", Int.random(in: 1...12, using: &random)))-\(String(format: "%02d", Int.random(in: 1...28, using: &random)))"
                    var stage = [
                        PartnershipStage.firstMeeting, .dialogue, .experimentation, .experimentation, .agreement,
                        .agreement, .agreement, .evaluation, .renewed, .ended
                    ]
                    .randomElement(using: &random)!
                    var end: String?
                    if stage == .ended || Int.random(in: 0..<10, using: &random) == 0 {
                        stage = .ended
                        end = "\(min(2026, year + Int.random(in: 0...4, using: &random)))-12-31"
                    }
                    let input = PartnershipInput(
                        title: "Partenariat " + SyntheticText.sentence(words: 4, using: &random),
                        parties: members.map { PartyInput(organisationId: $0, role: nil) },
                        modes: modes.map(\.rawValue), themes: themes.map(\.rawValue), stage: stage.rawValue,
                        startDate: start, endDate: end,
                        euros: Bool.random(using: &random) ? String(Int.random(in: 500...50_000, using: &random)) : nil)
                    guard case .success(let draft) = PartnershipDraft.validate(input) else { continue }
                    drafts.append(draft)
                }
                try await PartnershipStore().insertBatch(labID: lab.id, drafts: drafts, on: db)
            }
            done += size
        }
    }
}

extension SyntheticData {
    /// Published experience sheets for the library's benchmarks: random facets, one to
    /// three of the lab's organisations, text from the synthetic vocabulary.
    public static func generateSheets(count: Int, labSlug: String, database: Database, seed: UInt64 = 13)
        async throws
    {
        guard let lab = try await database.withConnection({ db in try await LabStore().find(slug: labSlug, on: db) })
        else {
            throw DatabaseError(description: "Unknown lab \(labSlug): load the demo first (alliances demo).")
        }
        let organisations = try await database.withConnection { db in
            try await OrganisationStore().kinds(labID: lab.id, activeOnly: true, on: db).map(\.id)
        }
        guard !organisations.isEmpty else { return }
        var random = Generator(seed: seed)
        let store = LibraryStore()
        var done = 0
        while done < count {
            let size = min(500, count - done)
            try await database.transaction { db in
                let now = nowSeconds()
                for _ in 0..<size {
                    func some<T: CaseIterable>(_ type: T.Type, _ most: Int) -> [T] where T.AllCases: Collection {
                        (0..<Int.random(in: 1...most, using: &random)).map { _ in
                            T.allCases.randomElement(using: &random)!
                        }
                    }
                    var parties: [PartyInput] = []
                    for _ in 0..<Int.random(in: 1...3, using: &random) {
                        let id = organisations.randomElement(using: &random)!
                        if !parties.contains(where: { $0.organisationId == id }) {
                            parties.append(PartyInput(organisationId: id, role: nil))
                        }
                    }
                    let input = SheetInput(
                        title: SyntheticText.sentence(words: 6, using: &random),
                        summary: SyntheticText.sentence(words: Int.random(in: 15...40, using: &random), using: &random),
                        questions: some(ExperienceQuestion.self, 2).map(\.rawValue),
                        themes: some(ExperienceTheme.self, 2).map(\.rawValue),
                        modes: some(PartnershipMode.self, 2).map(\.rawValue),
                        governance: GovernanceForm.allCases.randomElement(using: &random)!.rawValue,
                        scaling: ScalingPath.allCases.randomElement(using: &random)!.rawValue,
                        visibility: SheetVisibility.allCases.randomElement(using: &random)!.rawValue,
                        context: SyntheticText.sentence(words: Int.random(in: 20...60, using: &random), using: &random),
                        lessons: SyntheticText.sentence(words: Int.random(in: 20...60, using: &random), using: &random),
                        parties: parties)
                    guard case .success(let draft) = SheetDraft.validate(input) else { continue }
                    let id = try await store.create(
                        labID: lab.id, draft: draft, partnershipID: nil, userID: nil, at: now, on: db)
                    guard let sheet = try await store.sheet(id: id, labID: lab.id, on: db) else { continue }
                    _ = try await store.setStatus(
                        sheet: sheet, to: .published, publish: true, visibility: draft.visibility, at: now, on: db)
                }
                try await LabStore.bumpVersion(labID: lab.id, on: db)
            }
            done += size
        }
    }
}
