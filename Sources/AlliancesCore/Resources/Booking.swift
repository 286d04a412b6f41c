/// A request to use a resource for a time range. The owner's organisation answers it, as
/// an introduction is answered: nothing is shared before they accept.
public enum BookingStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case requested = "demandee"
    case accepted = "acceptee"
    case declined = "refusee"
    case cancelled = "annulee"

    public var label: String {
        switch self {
        case .requested: "Demandée"
        case .accepted: "Acceptée"
        case .declined: "Refusée"
        case .cancelled: "Annulée"
        }
    }
}

/// What a person typed into the booking form.
public struct BookingInput: Sendable, Equatable {
    public var start: String?
    public var end: String?
    public var quantity: String?
    public var message: String?

    public init(start: String? = nil, end: String? = nil, quantity: String? = nil, message: String? = nil) {
        (self.start, self.end, self.quantity, self.message) = (start, end, quantity, message)
    }
}

/// A booking request that passed every check against the resource.
public struct BookingRequest: Sendable, Equatable {
    public let start: LocalDateTime
    public let end: LocalDateTime
    public let quantity: Int
    public let message: String?

    public init(start: LocalDateTime, end: LocalDateTime, quantity: Int, message: String?) {
        (self.start, self.end, self.quantity, self.message) = (start, end, quantity, message)
    }

    /// At most 31 days per booking.
    public static let longest = 31 * 1_440

    /// `now`: the territory's local time. `stock`, `hours`, `closedDates`: the resource's.
    public static func validate(
        _ input: BookingInput, stock: Int, hours: WeeklyHours, closedDates: [String], now: LocalDateTime
    ) -> Result<BookingRequest, ValidationErrors> {
        var errors = ValidationErrors()
        let start = TextRules.clean(input.start).flatMap(LocalDateTime.init)
        if start == nil { errors.add("start", "Indiquez le début (date et heure).") }
        let end = TextRules.clean(input.end).flatMap(LocalDateTime.init)
        if end == nil { errors.add("end", "Indiquez la fin (date et heure).") }
        let quantity = TextRules.clean(input.quantity).map { Int($0) } ?? 1
        if let quantity, quantity < 1 {
            errors.add("quantity", "La quantité est au moins 1.")
        } else if let quantity, quantity > stock {
            errors.add("quantity", "Quantité demandée (\(quantity)) supérieure au stock de la ressource (\(stock)).")
        } else if quantity == nil {
            errors.add("quantity", "La quantité est un nombre entier.")
        }
        let message = TextRules.check(
            input.message, field: "message", label: "Le message", required: false, maxLength: 1_000, multiline: true,
            into: &errors)
        if let start, let end {
            let (a, b) = (start.minuteIndex, end.minuteIndex)
            if b <= a {
                errors.add("end", "La fin doit suivre le début.")
            } else if a < now.minuteIndex {
                errors.add("start", "Ce créneau est déjà passé : choisissez un début à venir.")
            } else if b - a > longest {
                errors.add("end", "Une réservation dure au plus 31 jours.")
            } else if !hours.contains(start: a, end: b) {
                errors.add("start", "Ce créneau sort des horaires d'ouverture (\(hours.french)).")
            } else if let closed = Self.closedDay(from: a, to: b, closedDates: closedDates) {
                errors.add("start", "La ressource est fermée le \(CalendarDate.french(closed)).")
            }
        }
        guard errors.isEmpty, let start, let end, let quantity else { return .failure(errors) }
        return .success(BookingRequest(start: start, end: end, quantity: quantity, message: message))
    }

    /// The first closed date the range touches.
    static func closedDay(from start: Int, to end: Int, closedDates: [String]) -> String? {
        guard !closedDates.isEmpty else { return nil }
        let closed = Set(closedDates)
        for day in (start / 1_440)...((end - 1) / 1_440) {
            let date = LocalDateTime(minuteIndex: day * 1_440).date
            if closed.contains(date) { return date }
        }
        return nil
    }
}

/// The rule that keeps accepted bookings within the stock.
public enum BookingRules {
    /// The most units held at once by `bookings` (minute ranges, half-open) during
    /// `start`…`end`: a sweep over their starts and ends.
    public static func peak(_ bookings: [(start: Int, end: Int, quantity: Int)], start: Int, end: Int) -> Int {
        var changes: [(at: Int, delta: Int)] = []
        for b in bookings where b.start < end && b.end > start {
            changes.append((max(b.start, start), b.quantity))
            changes.append((min(b.end, end), -b.quantity))
        }
        // Ends before starts at the same minute: a range ending at 10:00 frees its units for
        // one starting at 10:00.
        changes.sort { ($0.at, $0.delta) < ($1.at, $1.delta) }
        var held = 0, most = 0
        for change in changes {
            held += change.delta
            most = max(most, held)
        }
        return most
    }

    /// Whether `quantity` more units fit beside the accepted `bookings` during the range.
    public static func fits(
        quantity: Int, start: Int, end: Int, stock: Int, accepted bookings: [(start: Int, end: Int, quantity: Int)]
    ) -> Bool {
        peak(bookings, start: start, end: end) + quantity <= stock
    }
}

extension Permissions {
    /// The organisation's members and the lab's facilitators manage a resource and answer
    /// its bookings.
    public static func canManageResource(_ viewer: Viewer?, labID: Int, organisationID: Int) -> Bool {
        canEditOrganisation(viewer, labID: labID, organisationID: organisationID)
    }

    /// Who may see and book a resource offered in the lab `labID`.
    public static func canBookResource(_ viewer: Viewer?, labID: Int, audience: ResourceAudience) -> Bool {
        guard let viewer else { return false }
        switch audience {
        case .lab: return isLabMember(viewer, labID: labID)
        case .network: return viewer.role == .admin || viewer.labID != nil
        case .registered: return true
        }
    }

    /// Who may see a resource: those who may book it, and those who manage it.
    public static func canSeeResource(_ viewer: Viewer?, labID: Int, organisationID: Int, audience: ResourceAudience)
        -> Bool
    {
        canBookResource(viewer, labID: labID, audience: audience)
            || canManageResource(viewer, labID: labID, organisationID: organisationID)
    }
}
