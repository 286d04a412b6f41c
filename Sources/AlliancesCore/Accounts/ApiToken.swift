/// What a personal API token may do: read what its owner may read, or also write where the
/// owner may write. Writes through a token need `readWrite`; a read-only token is refused
/// any method other than GET and HEAD.
public enum ApiScope: String, Sendable, CaseIterable, Codable {
    case read = "lecture"
    case readWrite = "lecture-ecriture"

    public var label: String {
        switch self {
        case .read: "Lecture"
        case .readWrite: "Lecture et écriture"
        }
    }

    /// Whether a request with this HTTP method is within the scope.
    public func allows(method: String) -> Bool {
        switch self {
        case .readWrite: true
        case .read: method == "GET" || method == "HEAD"
        }
    }
}

/// The "new token" form on "Mon compte", checked.
public struct ApiTokenDraft: Sendable, Equatable {
    public let name: String
    public let scope: ApiScope
    public let days: Int

    /// The validities offered: a month, three months, a year. A token never lives longer.
    public static let validities = [30, 90, 365]
    public static let maxActivePerUser = 20

    public static func validate(name: String?, scope: String?, days: String?) -> Result<Self, ValidationErrors> {
        var errors = ValidationErrors()
        let name = TextRules.check(
            name, field: "token_name", label: "Le nom du jeton", required: true, maxLength: 80, into: &errors)
        let scope = scope.flatMap(ApiScope.init(rawValue:))
        if scope == nil {
            errors.add("token_scope", "Choisissez ce que le jeton permet : lecture, ou lecture et écriture.")
        }
        let days = days.flatMap { Int($0) }.flatMap { validities.contains($0) ? $0 : nil }
        if days == nil { errors.add("token_days", "Choisissez une durée de validité : 30, 90 ou 365 jours.") }
        guard errors.isEmpty, let name, let scope, let days else { return .failure(errors) }
        return .success(ApiTokenDraft(name: name, scope: scope, days: days))
    }
}
