/// What one lab did in a period, for the network dashboard: the barometer's main figures
/// and the counts of the platform's other capabilities, side by side with the other labs'.
public struct LabFigures: Sendable, Equatable {
    /// Active organisations in the directory, by world.
    public var organisations: [NetworkWorld: Int] = [:]
    /// Associations and companies engaged in an active partnership (the barometer's shares).
    public var engagedAssociations = Share(count: 0, population: 0)
    public var engagedCompanies = Share(count: 0, population: 0)
    /// Needs and offers published in the period (drafts are not counted).
    public var needs = 0
    public var offers = 0
    /// Introductions made in the period, and those both sides accepted (whatever came after).
    public var introductions = 0
    public var acceptedIntroductions = 0
    /// Partnerships active in the period, in all and by mode group (a partnership with
    /// several modes counts in each).
    public var partnerships = 0
    public var partnershipsByMode: [String: Int] = [:]
    /// The lab's rencontres starting in the period, their confirmed registrations and the
    /// people checked in at the door.
    public var events = 0
    public var registrations = 0
    public var attendees = 0
    /// Experience sheets published in the period.
    public var sheets = 0
    /// Resources offered today.
    public var resources = 0

    public init() {}

    public var acceptance: Double? {
        introductions > 0 ? Double(acceptedIntroductions) / Double(introductions) : nil
    }

    public var attendance: Double? { registrations > 0 ? Double(attendees) / Double(registrations) : nil }
}

/// The four worlds the dashboard counts organisations in.
public enum NetworkWorld: String, Sendable, CaseIterable, Hashable {
    case associations, companies = "entreprises", localAuthorities = "collectivites", others = "autres"

    public var label: String {
        switch self {
        case .associations: "Associations"
        case .companies: "Entreprises"
        case .localAuthorities: "Collectivités"
        case .others: "Autres acteurs"
        }
    }

    public static func of(_ kind: ActorKind) -> NetworkWorld {
        switch kind {
        case .association: .associations
        case .company: .companies
        case .localAuthority: .localAuthorities
        default: .others
        }
    }
}

/// One line of the dashboard: how it is read from a lab's figures, shown and compared.
public struct NetworkIndicator: Sendable, Identifiable {
    public enum Unit: Sendable { case count, percent }

    public let id: String
    public let label: String
    public let unit: Unit
    /// The key of the national reference figure beside it, if any (see `ReferenceFigure.key`).
    public let referenceKey: String?
    public let value: @Sendable (LabFigures) -> Double?

    public static let all: [NetworkIndicator] = {
        var list: [NetworkIndicator] = NetworkWorld.allCases.map { world in
            NetworkIndicator(
                id: "organisations-" + world.rawValue, label: "\(world.label) dans l'annuaire", unit: .count,
                referenceKey: nil, value: { Double($0.organisations[world] ?? 0) })
        }
        list += [
            NetworkIndicator(
                id: "associations-engagees", label: "Associations engagées dans un partenariat", unit: .percent,
                referenceKey: BarometerSegment.associations.rawValue, value: { $0.engagedAssociations.ratio }),
            NetworkIndicator(
                id: "entreprises-engagees", label: "Entreprises engagées dans un partenariat", unit: .percent,
                referenceKey: BarometerSegment.companies.rawValue, value: { $0.engagedCompanies.ratio }),
            NetworkIndicator(
                id: "besoins", label: "Besoins publiés", unit: .count, referenceKey: nil,
                value: { Double($0.needs) }),
            NetworkIndicator(
                id: "offres", label: "Offres publiées", unit: .count, referenceKey: nil, value: { Double($0.offers) }),
            NetworkIndicator(
                id: "mises-en-relation", label: "Mises en relation", unit: .count, referenceKey: nil,
                value: { Double($0.introductions) }),
            NetworkIndicator(
                id: "acceptation", label: "Mises en relation acceptées des deux côtés", unit: .percent,
                referenceKey: nil, value: { $0.acceptance }),
            NetworkIndicator(
                id: "partenariats", label: "Partenariats actifs", unit: .count, referenceKey: nil,
                value: { Double($0.partnerships) })
        ]
        list += ModeGroup.allCases.map { group in
            NetworkIndicator(
                id: "partenariats-" + group.key.dropFirst("mode:".count),
                label: "Partenariats : \(group.label)", unit: .count, referenceKey: nil,
                value: { Double($0.partnershipsByMode[group.key] ?? 0) })
        }
        list += [
            NetworkIndicator(
                id: "rencontres", label: "Rencontres organisées", unit: .count, referenceKey: nil,
                value: { Double($0.events) }),
            NetworkIndicator(
                id: "inscriptions", label: "Inscriptions confirmées aux rencontres", unit: .count, referenceKey: nil,
                value: { Double($0.registrations) }),
            NetworkIndicator(
                id: "presence", label: "Inscrits présents le jour venu", unit: .percent, referenceKey: nil,
                value: { $0.attendance }),
            NetworkIndicator(
                id: "fiches", label: "Fiches d'expérience publiées", unit: .count, referenceKey: nil,
                value: { Double($0.sheets) }),
            NetworkIndicator(
                id: "ressources", label: "Ressources mutualisées proposées", unit: .count, referenceKey: nil,
                value: { Double($0.resources) })
        ]
        return list
    }()
}

/// Whose figures the dashboard shows to whom. Network admins see every lab; a facilitator
/// sees their own lab's and those of the labs that chose to show theirs to the network;
/// nobody else sees the dashboard (the figures go beyond the public barometer: needs,
/// introductions, attendance).
public enum NetworkDashboard {
    public static func canSee(_ viewer: Viewer?) -> Bool {
        viewer?.role == .admin || viewer?.role == .facilitator
    }

    public static func visibleLabs(
        _ viewer: Viewer?, labs: [(id: Int, sharesFigures: Bool)]
    ) -> [Int] {
        guard canSee(viewer), let viewer else { return [] }
        return labs.filter { viewer.role == .admin || $0.id == viewer.labID || $0.sharesFigures }.map(\.id)
    }

    /// Whether this viewer may choose if the lab's figures are shown to the other labs.
    public static func canChooseSharing(_ viewer: Viewer?, labID: Int) -> Bool {
        Permissions.isFacilitator(viewer, ofLab: labID)
    }
}
