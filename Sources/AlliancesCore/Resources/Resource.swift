/// Pooled resources: what an organisation lends to others of the territory (a room, a
/// vehicle, equipment, days of skills…), who may book it, on what terms and when.
public enum ResourceKind: String, Sendable, Codable, CaseIterable, Hashable {
    case room = "salle"
    case vehicle = "vehicule"
    case equipment = "materiel"
    case skills = "competences"
    case software = "logiciel-service"
    case storage = "stockage"
    case other = "autre"

    public var label: String {
        switch self {
        case .room: "Salle"
        case .vehicle: "Véhicule"
        case .equipment: "Matériel"
        case .skills: "Journées de compétences"
        case .software: "Logiciel ou service"
        case .storage: "Stockage"
        case .other: "Autre"
        }
    }
}

/// Who may see and book a resource, besides its organisation and the lab's facilitators.
public enum ResourceAudience: String, Sendable, Codable, CaseIterable, Hashable {
    /// Members of the lab's organisations.
    case lab = "labo"
    /// Members of any lab's organisations (and facilitators) on this platform.
    case network = "reseau"
    /// Anyone with an account.
    case registered = "inscrits"

    public var label: String {
        switch self {
        case .lab: "Les membres du labo"
        case .network: "Les membres du réseau (tous les labos)"
        case .registered: "Toute personne inscrite sur la plateforme"
        }
    }
}

public enum ResourceConditions: String, Sendable, Codable, CaseIterable, Hashable {
    case free = "gratuit"
    case costShare = "participation"
    case exchange = "echange"

    public var label: String {
        switch self {
        case .free: "Gratuit"
        case .costShare: "Participation aux frais"
        case .exchange: "En échange d'un service"
        }
    }
}

/// Opening hours: for each weekday (1 = Monday … 7 = Sunday) one range, in minutes of the
/// day; a day absent is closed. Stored as `1=09:00-18:00;3=14:00-20:00`.
public struct WeeklyHours: Sendable, Equatable, Codable {
    public struct Range: Sendable, Equatable, Codable {
        public let open: Int
        public let close: Int
    }

    public private(set) var days: [Int: Range]

    public init(days: [Int: Range] = [:]) { self.days = days }

    public static let dayNames = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

    public var text: String {
        days.keys.sorted().compactMap { day in
            days[day].map { "\(day)=\(Self.clock($0.open))-\(Self.clock($0.close))" }
        }.joined(separator: ";")
    }

    /// Parses the stored form; nil when it is not one.
    public init?(text: String) {
        var days: [Int: Range] = [:]
        for part in text.split(separator: ";") {
            let pair = part.split(separator: "=")
            guard pair.count == 2, let day = Int(pair[0]), (1...7).contains(day) else { return nil }
            let times = pair[1].split(separator: "-")
            guard times.count == 2, let open = Self.minutes(String(times[0])),
                let close = Self.minutes(String(times[1])), open < close
            else { return nil }
            days[day] = Range(open: open, close: close)
        }
        self.days = days
    }

    /// "09:30" → 570; "24:00" is the end of the day.
    public static func minutes(_ text: String) -> Int? {
        if text == "24:00" { return 1_440 }
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
            let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return h * 60 + m
    }

    public static func clock(_ minutes: Int) -> String {
        "\(LocalDateTime.two(minutes / 60)):\(LocalDateTime.two(minutes % 60))"
    }

    /// Whether `start`…`end` (minute indexes, see `LocalDateTime.minuteIndex`) lies in the
    /// opening hours: a booking within one day inside that day's range; over several days,
    /// it starts and ends within opening hours.
    public func contains(start: Int, end: Int) -> Bool {
        let (startDay, endDay) = (start / 1_440, (end - 1) / 1_440)
        guard let first = days[LocalDateTime.weekday(day: startDay)],
            let last = days[LocalDateTime.weekday(day: endDay)]
        else { return false }
        let (from, to) = (start - startDay * 1_440, end - endDay * 1_440)
        return from >= first.open && from < first.close && to > last.open && to <= last.close
    }

    /// "lundi 9h–18h, mercredi 14h–20h".
    public var french: String {
        guard !days.isEmpty else { return "Aucun créneau d'ouverture" }
        return days.keys.sorted().compactMap { day in
            days[day].map { "\(Self.dayNames[day - 1]) \(Self.clock($0.open))–\(Self.clock($0.close))" }
        }.joined(separator: ", ")
    }
}

extension LocalDateTime {
    /// Minutes since 1970-01-01 00:00 of the same clock (no time zone: bookings are in the
    /// territory's local time), for comparing and storing ranges.
    public var minuteIndex: Int { Self.days(year: year, month: month, day: day) * 1_440 + hour * 60 + minute }

    public init(minuteIndex: Int) {
        let days = minuteIndex >= 0 ? minuteIndex / 1_440 : (minuteIndex - 1_439) / 1_440
        let (y, m, d) = Self.civil(days: days)
        let rest = minuteIndex - days * 1_440
        self.init(year: y, month: m, day: d, hour: rest / 60, minute: rest % 60)
    }

    /// 1 = Monday … 7 = Sunday, for a day number since 1970-01-01 (a Thursday).
    public static func weekday(day: Int) -> Int { ((day % 7 + 7) % 7 + 3) % 7 + 1 }

    /// Days since 1970-01-01 of a civil date (the proleptic Gregorian calendar).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// What a person typed into the resource form, before checks.
public struct ResourceInput: Sendable, Equatable {
    public var organisationID: String?
    public var kind: String?
    public var title: String?
    public var description: String?
    public var commune: String?
    public var audience: String?
    public var conditions: String?
    public var price: String?
    public var exchange: String?
    public var quantity: String?
    /// Per weekday (1…7): opening and closing time, "HH:MM" each, both empty when closed.
    public var hours: [Int: (open: String?, close: String?)]
    /// One date per line (`AAAA-MM-JJ`).
    public var closedDates: String?

    public init(
        organisationID: String? = nil, kind: String? = nil, title: String? = nil, description: String? = nil,
        commune: String? = nil, audience: String? = nil, conditions: String? = nil, price: String? = nil,
        exchange: String? = nil, quantity: String? = nil, hours: [Int: (open: String?, close: String?)] = [:],
        closedDates: String? = nil
    ) {
        (self.organisationID, self.kind, self.title, self.description) = (organisationID, kind, title, description)
        (self.commune, self.audience, self.conditions, self.price) = (commune, audience, conditions, price)
        (self.exchange, self.quantity, self.hours, self.closedDates) = (exchange, quantity, hours, closedDates)
    }

    public static func == (a: ResourceInput, b: ResourceInput) -> Bool {
        a.title == b.title && a.organisationID == b.organisationID && a.kind == b.kind
            && a.description == b.description && a.commune == b.commune && a.audience == b.audience
            && a.conditions == b.conditions && a.price == b.price && a.exchange == b.exchange
            && a.quantity == b.quantity && a.closedDates == b.closedDates
            && a.hours.keys.sorted() == b.hours.keys.sorted()
            && a.hours.keys.allSatisfy {
                a.hours[$0]?.open == b.hours[$0]?.open && a.hours[$0]?.close == b.hours[$0]?.close
            }
    }
}

/// A resource form that passed every check.
public struct ResourceDraft: Sendable, Equatable {
    public let organisationID: Int
    public let kind: ResourceKind
    public let title: String
    public let description: String?
    /// The commune as typed (a name or an INSEE code), resolved by the server in the lab's
    /// perimeter.
    public let commune: String?
    public let audience: ResourceAudience
    public let conditions: ResourceConditions
    /// Cost share in euro cents, when `conditions` is a cost share.
    public let priceCents: Int?
    public let exchange: String?
    public let quantity: Int
    public let hours: WeeklyHours
    public let closedDates: [String]

    public static let maxQuantity = 10_000

    /// "12,50" or "12.5" → 1250; nil when it is not an amount with at most two decimals.
    static func cents(_ text: String) -> Int? {
        let parts = text.split(separator: text.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), !parts[0].isEmpty,
            parts[0].count <= 7, let euros = Int(parts[0])
        else { return nil }
        guard parts.count == 2 else { return euros * 100 }
        guard (1...2).contains(parts[1].count), let decimals = Int(parts[1]) else { return nil }
        return euros * 100 + (parts[1].count == 1 ? decimals * 10 : decimals)
    }

    public static func validate(_ input: ResourceInput) -> Result<ResourceDraft, ValidationErrors> {
        var errors = ValidationErrors()
        let organisation = TextRules.clean(input.organisationID).flatMap(Int.init)
        if organisation == nil { errors.add("organisationID", "Choisissez l'organisation qui prête la ressource.") }
        let kind = TextRules.clean(input.kind).flatMap(ResourceKind.init(rawValue:))
        if kind == nil { errors.add("kind", "Choisissez le type de ressource.") }
        let title = TextRules.check(
            input.title, field: "title", label: "Le nom de la ressource", required: true, maxLength: 120, into: &errors)
        let description = TextRules.check(
            input.description, field: "description", label: "La description", required: false, maxLength: 4_000,
            multiline: true, into: &errors)
        let commune = TextRules.check(
            input.commune, field: "commune", label: "La commune", required: false, maxLength: 80, into: &errors)
        let audience = TextRules.clean(input.audience).flatMap(ResourceAudience.init(rawValue:))
        if audience == nil { errors.add("audience", "Dites qui peut réserver la ressource.") }
        let conditions = TextRules.clean(input.conditions).flatMap(ResourceConditions.init(rawValue:))
        if conditions == nil { errors.add("conditions", "Choisissez les conditions du prêt.") }
        var price: Int?
        if conditions == .costShare {
            if let raw = TextRules.clean(input.price), let cents = Self.cents(raw), cents > 0, cents <= 10_000_000 {
                price = cents
            } else {
                errors.add("price", "Indiquez la participation demandée en euros (par exemple 25 ou 12,50).")
            }
        }
        let exchange = TextRules.check(
            input.exchange, field: "exchange", label: "L'échange attendu", required: conditions == .exchange,
            maxLength: 500, into: &errors)
        let quantity = TextRules.clean(input.quantity).map { Int($0) } ?? 1
        if quantity == nil || !(1...maxQuantity).contains(quantity!) {
            errors.add("quantity", "La quantité disponible est un nombre entier de 1 à 10 000.")
        }
        var days: [Int: WeeklyHours.Range] = [:]
        for day in 1...7 {
            let open = TextRules.clean(input.hours[day]?.open), close = TextRules.clean(input.hours[day]?.close)
            if open == nil && close == nil { continue }
            let name = WeeklyHours.dayNames[day - 1]
            guard let open, let close, let from = WeeklyHours.minutes(open), let to = WeeklyHours.minutes(close)
            else {
                errors.add("hours-\(day)", "Horaires du \(name) : indiquez l'ouverture et la fermeture (HH:MM).")
                continue
            }
            guard from < to else {
                errors.add("hours-\(day)", "Horaires du \(name) : la fermeture suit l'ouverture.")
                continue
            }
            days[day] = WeeklyHours.Range(open: from, close: to)
        }
        if days.isEmpty && !errors.errors.contains(where: { $0.field.hasPrefix("hours-") }) {
            errors.add("hours-1", "Ouvrez au moins un jour de la semaine.")
        }
        var closed: [String] = []
        for line in (input.closedDates ?? "").split(whereSeparator: \.isNewline) {
            guard let date = TextRules.clean(String(line)) else { continue }
            if CalendarDate.isValid(date) {
                closed.append(date)
            } else {
                errors.add(
                    "closedDates", "Date de fermeture invalide : « \(date.prefix(20)) » (AAAA-MM-JJ, une par ligne).")
                break
            }
        }
        if closed.count > 366 { errors.add("closedDates", "Au plus 366 dates de fermeture.") }
        guard errors.isEmpty, let organisation, let kind, let title, let audience, let conditions, let quantity else {
            return .failure(errors)
        }
        return .success(
            ResourceDraft(
                organisationID: organisation, kind: kind, title: title, description: description, commune: commune,
                audience: audience, conditions: conditions, priceCents: price,
                exchange: conditions == .exchange ? exchange : nil, quantity: quantity, hours: WeeklyHours(days: days),
                closedDates: Array(Set(closed)).sorted()))
    }
}
