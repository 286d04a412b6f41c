/// The network's calendar of rencontres: every lab's published events, narrowed to one lab
/// (or the events of the network itself, which belong to no lab) and to a period.
public enum EventPeriod: String, Sendable, CaseIterable {
    case all = "toutes"
    case upcoming = "a-venir"
    case past = "passees"

    public var label: String {
        switch self {
        case .all: "Toutes"
        case .upcoming: "À venir (et en cours)"
        case .past: "Passées"
        }
    }
}

public struct EventCalendarQuery: Sendable, Equatable {
    /// The value of `labo` that names the network's own events (those of no lab).
    public static let networkValue = "reseau"

    /// A lab's slug, `networkValue`, or nil for every lab.
    public var lab: String?
    public var period: EventPeriod = .all

    public init(lab: String? = nil, period: EventPeriod = .all) {
        (self.lab, self.period) = (lab, period)
    }

    /// Reads `labo` and `periode`; an unknown period or a malformed lab is refused in French
    /// (whether a well-formed slug names a lab is the server's question).
    public static func parse(_ get: (String) -> String?) -> Result<EventCalendarQuery, ValidationErrors> {
        var query = EventCalendarQuery()
        var errors = ValidationErrors()
        if let raw = TextRules.clean(get("periode")) {
            if let period = EventPeriod(rawValue: raw) {
                query.period = period
            } else {
                errors.add("periode", "Période inconnue : « \(raw.prefix(20)) » (toutes, a-venir ou passees).")
            }
        }
        if let raw = TextRules.clean(get("labo")) {
            if raw.count <= 60, raw.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
                query.lab = raw
            } else {
                errors.add("labo", "Labo inconnu : « \(raw.prefix(40)) ».")
            }
        }
        return errors.isEmpty ? .success(query) : .failure(errors)
    }

    /// Whether an event of lab `labID` (nil: the network's), from `start` to `end`, is in
    /// the calendar at `now`; `labSlug` is the slug of that lab.
    public func includes(labSlug: String?, start: LocalDateTime, end: LocalDateTime, now: LocalDateTime) -> Bool {
        if let lab, lab != (labSlug ?? Self.networkValue) { return false }
        switch period {
        case .all: return true
        case .upcoming: return end >= now
        case .past: return end < now
        }
    }
}
