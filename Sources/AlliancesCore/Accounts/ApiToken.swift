/// What the first API tokens could do, for every capability at once: read what their owner
/// may read, or also write where the owner may write. Tokens made since carry `ApiScopes`;
/// this one reads the older rows, and the `token_scope` field scripts may still send.
public enum ApiScope: String, Sendable, CaseIterable, Codable {
    case read = "lecture"
    case readWrite = "lecture-ecriture"

    public var label: String {
        switch self {
        case .read: "Lecture"
        case .readWrite: "Lecture et écriture"
        }
    }
}

/// The parts of the API a token's scopes are given per: each path of `/api/v1` belongs to
/// one, so a token made for a spreadsheet of events cannot read the directory.
public enum ApiCapability: String, Sendable, CaseIterable, Codable {
    case directory = "annuaire"
    case marketplace = "echanges"
    case partnerships = "partenariats"
    case events = "rencontres"
    case library = "bibliotheque"
    case resources = "ressources"
    case webhooks = "webhooks"

    public var label: String {
        switch self {
        case .directory: "Annuaire (labos, organisations, personnes, recherche)"
        case .marketplace: "Besoins, offres, recommandations et mises en relation"
        case .partnerships: "Partenariats et baromètre"
        case .events: "Rencontres (programme, inscriptions, restitution)"
        case .library: "Bibliothèque d'expériences"
        case .resources: "Ressources partagées"
        case .webhooks: "Webhooks (du labo pour ses facilitateurs, les vôtres pour vous)"
        }
    }

    /// The capability of an API path, nil for a path of no capability (the document, an
    /// unknown path: a token with any scope may ask, and gets its 404). `RouteCoverage`
    /// checks that every operation of the document has one.
    public static func of(path: String) -> ApiCapability? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return nil }
        switch parts[2] {
        case "events": return .events
        case "labs":
            guard parts.count >= 5 else { return .directory }
            if parts.last == "recommendations" { return .marketplace }
            switch parts[4] {
            case "organisations", "search", "people": return .directory
            case "listings", "recommendations", "introductions": return .marketplace
            case "partnerships", "barometer": return .partnerships
            case "experiences", "tools": return .library
            case "resources", "bookings": return .resources
            case "webhooks", "my-webhooks": return .webhooks
            default: return nil
            }
        default: return nil
        }
    }
}

/// A token's access to one capability.
public enum ApiAccess: String, Sendable, CaseIterable, Codable, Comparable {
    case none = "aucun"
    case read = "lecture"
    case write = "ecriture"

    public var label: String {
        switch self {
        case .none: "Aucun accès"
        case .read: "Lecture"
        case .write: "Lecture et écriture"
        }
    }

    private var rank: Int {
        switch self {
        case .none: 0
        case .read: 1
        case .write: 2
        }
    }
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// What a token may do, per capability; stored as `annuaire:lecture,rencontres:ecriture`
/// (capabilities not named: no access). Tokens made before scopes per capability carry
/// one `ApiScope` for every capability (`init(legacy:)`).
public struct ApiScopes: Sendable, Equatable {
    public private(set) var levels: [ApiCapability: ApiAccess]

    public init(_ levels: [ApiCapability: ApiAccess]) { self.levels = levels.filter { $0.value != .none } }

    public init(legacy scope: ApiScope) {
        self.init(
            Dictionary(uniqueKeysWithValues: ApiCapability.allCases.map { ($0, scope == .read ? .read : .write) }))
    }

    public subscript(_ capability: ApiCapability) -> ApiAccess { levels[capability] ?? .none }

    /// The stored text, in the capabilities' order.
    public var encoded: String {
        ApiCapability.allCases.compactMap { c in levels[c].map { "\(c.rawValue):\($0.rawValue)" } }
            .joined(separator: ",")
    }

    /// Nil for a text that is not a list of known `capability:access` pairs.
    public init?(encoded: String) {
        var levels: [ApiCapability: ApiAccess] = [:]
        for pair in encoded.split(separator: ",") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let c = ApiCapability(rawValue: String(parts[0])),
                let a = ApiAccess(rawValue: String(parts[1]))
            else { return nil }
            levels[c] = a
        }
        self.init(levels)
    }

    /// The widest access granted anywhere: the stored `scope` column keeps it, for older
    /// readers of the table.
    public var widest: ApiScope { levels.values.contains(.write) ? .readWrite : .read }

    /// "Annuaire : lecture ; Rencontres : lecture et écriture", for the lists of tokens.
    public var summary: String {
        let granted = ApiCapability.allCases.compactMap { c in
            levels[c].map { "\(c.shortLabel) : \($0.label.lowercased())" }
        }
        return granted.isEmpty ? "aucun accès" : granted.joined(separator: " ; ")
    }

    /// Why a request is outside these scopes (a French sentence for the 403), or nil when
    /// it is within them. Reads (GET, HEAD) need read access to the path's capability,
    /// anything else write access; a path of no capability needs nothing.
    public func refusal(method: String, path: String) -> String? {
        guard let capability = ApiCapability.of(path: path) else { return nil }
        let reading = method == "GET" || method == "HEAD"
        let needed: ApiAccess = reading ? .read : .write
        guard self[capability] < needed else { return nil }
        return reading
            ? "Ce jeton ne donne pas accès à « \(capability.shortLabel) » : créez un jeton qui le permet."
            : "Ce jeton ne permet pas d'écrire dans « \(capability.shortLabel) » : créez un jeton « lecture et écriture » pour cette partie."
    }
}

extension ApiCapability {
    public var shortLabel: String {
        switch self {
        case .directory: "Annuaire"
        case .marketplace: "Échanges"
        case .partnerships: "Partenariats"
        case .events: "Rencontres"
        case .library: "Bibliothèque"
        case .resources: "Ressources"
        case .webhooks: "Webhooks"
        }
    }
}

/// Who a token belongs to: a person ("Mon compte"), or a lab, for the integrations its
/// facilitators set up (listed, made and revoked by every facilitator of the lab).
public enum ApiTokenKind: String, Sendable, CaseIterable, Codable {
    case personal = "personnel"
    case lab = "labo"
}

/// The "new token" form, on "Mon compte" or on a lab's integrations page, checked.
public struct ApiTokenDraft: Sendable, Equatable {
    public let name: String
    public let scopes: ApiScopes
    public let days: Int

    /// The validities offered: a month, three months, a year. A token never lives longer.
    public static let validities = [30, 90, 365]
    public static let maxActivePerUser = 20
    /// A lab's integrations: at most this many valid lab tokens at once.
    public static let maxActivePerLab = 20

    /// `access(capability)` reads the form's `scope_<capability>` field. A form without
    /// any (a script written before scopes per capability) may send `token_scope`
    /// (`lecture` or `lecture-ecriture`) for every capability at once.
    public static func validate(
        name: String?, scope: String?, days: String?, access: (ApiCapability) -> String? = { _ in nil }
    ) -> Result<Self, ValidationErrors> {
        var errors = ValidationErrors()
        let name = TextRules.check(
            name, field: "token_name", label: "Le nom du jeton", required: true, maxLength: 80, into: &errors)
        var scopes: ApiScopes?
        let given = ApiCapability.allCases.map { ($0, access($0)) }.filter { $0.1 != nil }
        if !given.isEmpty {
            var levels: [ApiCapability: ApiAccess] = [:]
            for (capability, raw) in given {
                guard let level = raw.flatMap(ApiAccess.init(rawValue:)) else {
                    errors.add(
                        "scope_\(capability.rawValue)",
                        "Choisissez l'accès à « \(capability.shortLabel) » : aucun, lecture, ou lecture et écriture.")
                    continue
                }
                levels[capability] = level
            }
            let built = ApiScopes(levels)
            if errors.isEmpty, built.levels.isEmpty {
                errors.add(
                    "scope_\(ApiCapability.directory.rawValue)",
                    "Donnez au jeton l'accès à au moins une partie : sans accès, il ne servirait à rien.")
            }
            scopes = built
        } else if let legacy = scope.flatMap(ApiScope.init(rawValue:)) {
            scopes = ApiScopes(legacy: legacy)
        } else {
            errors.add("token_scope", "Choisissez ce que le jeton permet : lecture, ou lecture et écriture.")
        }
        let days = days.flatMap { Int($0) }.flatMap { validities.contains($0) ? $0 : nil }
        if days == nil { errors.add("token_days", "Choisissez une durée de validité : 30, 90 ou 365 jours.") }
        guard errors.isEmpty, let name, let scopes, let days else { return .failure(errors) }
        return .success(ApiTokenDraft(name: name, scopes: scopes, days: days))
    }
}

extension Permissions {
    /// A lab's integration tokens act with a facilitator's rights in the lab: made, listed
    /// and revoked by its facilitators (and the network admins).
    public static func canManageLabTokens(_ viewer: Viewer?, labID: Int) -> Bool {
        isFacilitator(viewer, ofLab: labID)
    }
}
