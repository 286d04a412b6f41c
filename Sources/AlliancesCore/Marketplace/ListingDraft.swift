/// What a person typed into the need/offer form (or sent to the API), before checks.
public struct ListingInput: Sendable, Codable, Equatable {
    public var kind: String?
    public var organisationId: Int?
    public var title: String?
    public var description: String?
    public var modes: [String]?
    public var themes: [String]?
    /// An INSEE code or a commune name; empty means the whole territory of the lab.
    public var commune: String?
    public var radiusKm: String?
    public var startDate: String?
    public var endDate: String?
    public var hours: String?
    public var euros: String?
    public var inKind: String?
    public var status: String?
    public var visibility: String?

    public init(
        kind: String? = nil, organisationId: Int? = nil, title: String? = nil, description: String? = nil,
        modes: [String]? = nil, themes: [String]? = nil, commune: String? = nil, radiusKm: String? = nil,
        startDate: String? = nil, endDate: String? = nil, hours: String? = nil, euros: String? = nil,
        inKind: String? = nil, status: String? = nil, visibility: String? = nil
    ) {
        self.kind = kind
        self.organisationId = organisationId
        self.title = title
        self.description = description
        self.modes = modes
        self.themes = themes
        self.commune = commune
        self.radiusKm = radiusKm
        self.startDate = startDate
        self.endDate = endDate
        self.hours = hours
        self.euros = euros
        self.inKind = inKind
        self.status = status
        self.visibility = visibility
    }

    // The API accepts numbers for the numeric fields as well as strings.
    enum CodingKeys: String, CodingKey {
        case kind, organisationId, title, description, modes, themes, commune, radiusKm, startDate, endDate, hours,
            euros, inKind, status, visibility
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func flexible(_ key: CodingKeys) throws -> String? {
            if let int = try? c.decodeIfPresent(Int.self, forKey: key) { return String(int) }
            return try c.decodeIfPresent(String.self, forKey: key)
        }
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        organisationId = try c.decodeIfPresent(Int.self, forKey: .organisationId)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        modes = try c.decodeIfPresent([String].self, forKey: .modes)
        themes = try c.decodeIfPresent([String].self, forKey: .themes)
        commune = try c.decodeIfPresent(String.self, forKey: .commune)
        radiusKm = try flexible(.radiusKm)
        startDate = try c.decodeIfPresent(String.self, forKey: .startDate)
        endDate = try c.decodeIfPresent(String.self, forKey: .endDate)
        hours = try flexible(.hours)
        euros = try flexible(.euros)
        inKind = try c.decodeIfPresent(String.self, forKey: .inKind)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        visibility = try c.decodeIfPresent(String.self, forKey: .visibility)
    }
}

/// A checked need or offer. The commune is kept as typed; the server resolves it.
public struct ListingDraft: Sendable, Equatable {
    public var kind: ListingKind
    public var organisationID: Int
    public var title: String
    public var description: String?
    public var modes: [PartnershipMode]
    public var themes: [Theme]
    public var commune: String?
    public var radiusKm: Int?
    public var startDate: String?
    public var endDate: String?
    public var hours: Int?
    public var euros: Int?
    public var inKind: String?
    public var status: ListingStatus
    public var visibility: ListingVisibility

    public static let maxThemes = 5

    public init(
        kind: ListingKind, organisationID: Int, title: String, description: String?, modes: [PartnershipMode],
        themes: [Theme],
        commune: String?, radiusKm: Int?, startDate: String?, endDate: String?, hours: Int?, euros: Int?,
        inKind: String?,
        status: ListingStatus, visibility: ListingVisibility
    ) {
        self.kind = kind
        self.organisationID = organisationID
        self.title = title
        self.description = description
        self.modes = modes
        self.themes = themes
        self.commune = commune
        self.radiusKm = radiusKm
        self.startDate = startDate
        self.endDate = endDate
        self.hours = hours
        self.euros = euros
        self.inKind = inKind
        self.status = status
        self.visibility = visibility
    }

    public static func validate(_ input: ListingInput) -> Result<ListingDraft, ValidationErrors> {
        var errors = ValidationErrors()
        var kind: ListingKind?
        if let raw = TextRules.clean(input.kind) {
            kind = ListingKind(rawValue: raw)
            if kind == nil { errors.add("kind", "Type d'annonce inconnu : « \(raw) » (besoin ou offre).") }
        } else {
            errors.add("kind", "Précisez s'il s'agit d'un besoin ou d'une offre.")
        }
        if input.organisationId == nil {
            errors.add("organisationId", "L'organisation qui porte l'annonce est obligatoire.")
        }
        let title = TextRules.check(
            input.title, field: "title", label: "Le titre", required: true, maxLength: 160, minLength: 3, into: &errors)
        let description = TextRules.check(
            input.description, field: "description", label: "La description", required: false, maxLength: 5000,
            multiline: true, into: &errors)
        let inKind = TextRules.check(
            input.inKind, field: "inKind", label: "La description de l'apport en nature", required: false,
            maxLength: 500, into: &errors)

        let modes = TextRules.codes(
            input.modes, as: PartnershipMode.self, field: "modes", unknown: "Mode de partenariat inconnu",
            max: PartnershipMode.allCases.count, maxMessage: "", into: &errors)
        if modes.isEmpty && errors.message(for: "modes") == nil {
            errors.add("modes", "Choisissez au moins un mode de partenariat.")
        }
        let themes = TextRules.codes(
            input.themes, as: Theme.self, field: "themes", unknown: "Thème inconnu", max: maxThemes,
            maxMessage: "Choisissez au plus \(maxThemes) thèmes.", into: &errors)

        let commune = TextRules.check(
            input.commune, field: "commune", label: "La commune", required: false, maxLength: 100, into: &errors)
        let radius = integer(
            input.radiusKm, field: "radiusKm", label: "Le rayon", range: 1...500, unit: "km", into: &errors)
        if radius != nil && commune == nil && errors.message(for: "commune") == nil {
            errors.add(
                "commune", "Un rayon n'a de sens qu'autour d'une commune : indiquez la commune ou videz le rayon.")
        }
        let hours = integer(
            input.hours, field: "hours", label: "Le nombre d'heures", range: 0...1_000_000, unit: "heures",
            into: &errors)
        let euros = integer(
            input.euros, field: "euros", label: "Le montant", range: 0...1_000_000_000, unit: "euros", into: &errors)

        let start = date(input.startDate, field: "startDate", label: "La date de début", into: &errors)
        let end = date(input.endDate, field: "endDate", label: "La date de fin", into: &errors)
        if let start, let end, end < start {
            errors.add("endDate", "La date de fin doit suivre la date de début.")
        }

        var status = ListingStatus.published
        if let raw = TextRules.clean(input.status) {
            if let value = ListingStatus(rawValue: raw) {
                status = value
            } else {
                errors.add("status", "Statut inconnu : « \(raw.prefix(40)) ».")
            }
        }
        var visibility = ListingVisibility.members
        if let raw = TextRules.clean(input.visibility) {
            if let value = ListingVisibility(rawValue: raw) {
                visibility = value
            } else {
                errors.add("visibility", "Visibilité inconnue : « \(raw.prefix(40)) » (membres ou public).")
            }
        }
        guard errors.isEmpty, let kind, let title, let organisationID = input.organisationId else {
            return .failure(errors)
        }
        return .success(
            ListingDraft(
                kind: kind, organisationID: organisationID, title: title, description: description, modes: modes,
                themes: themes,
                commune: commune, radiusKm: commune == nil ? nil : radius, startDate: start, endDate: end,
                hours: hours, euros: euros, inKind: inKind, status: status, visibility: visibility))
    }

    public static func integer(
        _ raw: String?, field: String, label: String, range: ClosedRange<Int>, unit: String,
        into errors: inout ValidationErrors
    ) -> Int? {
        guard let text = TextRules.clean(raw) else { return nil }
        let digits = text.filter { $0 != " " && $0 != "\u{202F}" && $0 != "\u{00A0}" }
        guard let value = Int(digits), range.contains(value) else {
            errors.add(
                field, "\(label) doit être un nombre entier entre \(range.lowerBound) et \(range.upperBound) \(unit).")
            return nil
        }
        return value
    }

    /// A calendar date written AAAA-MM-JJ (what `<input type="date">` sends).
    public static func date(_ raw: String?, field: String, label: String, into errors: inout ValidationErrors)
        -> String?
    {
        guard let text = TextRules.clean(raw) else { return nil }
        guard CalendarDate.isValid(text) else {
            errors.add(field, "\(label) doit être une date valide au format AAAA-MM-JJ.")
            return nil
        }
        return text
    }
}

/// `YYYY-MM-DD` dates, checked without Foundation (Core uses the standard library only).
public enum CalendarDate {
    public static func isValid(_ text: String) -> Bool {
        parse(text) != nil
    }

    public static func parse(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1900...2200).contains(y), (1...12).contains(m)
        else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard (1...days).contains(d) else { return nil }
        return (y, m, d)
    }

    /// "2026-03-09" → "9 mars 2026".
    public static func french(_ text: String) -> String {
        guard let (y, m, d) = parse(text) else { return text }
        let months = [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
            "décembre"
        ]
        return "\(d == 1 ? "1er" : String(d)) \(months[m - 1]) \(y)"
    }
}
