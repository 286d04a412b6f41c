/// What a webhook subscription can be told about. Each event is "thin": its payload names
/// the object (kind, id, lab) and the API path to read it, never the object's fields, so a
/// receiver reads it with its own token and the API's access rules apply in one place.
public enum WebhookEventType: String, Sendable, CaseIterable, Codable, Hashable {
    case organisationCreated = "organisation.created"
    case organisationUpdated = "organisation.updated"
    case needPublished = "need.published"
    case offerPublished = "offer.published"
    case introductionAccepted = "introduction.accepted"
    case registrationCreated = "registration.created"
    case registrationCancelled = "registration.cancelled"
    case registrationPromoted = "registration.promoted"
    case checkedIn = "registration.checked_in"
    case partnershipChanged = "partnership.changed"
    /// Sent on demand from the subscription's page, to try a receiver.
    case ping = "ping"

    public var label: String {
        switch self {
        case .organisationCreated: "Organisation créée"
        case .organisationUpdated: "Organisation modifiée"
        case .needPublished: "Besoin publié"
        case .offerPublished: "Offre publiée"
        case .introductionAccepted: "Mise en relation acceptée"
        case .registrationCreated: "Inscription à une rencontre"
        case .registrationCancelled: "Inscription annulée"
        case .registrationPromoted: "Inscription confirmée depuis la liste d'attente"
        case .checkedIn: "Accueil (émargement) d'un participant"
        case .partnershipChanged: "Partenariat créé ou modifié"
        case .ping: "Essai"
        }
    }

    /// The events a subscription may choose (`ping` is sent on demand only).
    public static let subscribable: [WebhookEventType] = allCases.filter { $0 != .ping }
}

/// The "new subscription" form, checked. The secret is made by the server.
public struct WebhookSubscriptionDraft: Sendable, Equatable {
    public let name: String
    public let url: String
    public let events: [WebhookEventType]

    public static let maxPerLab = 20
    public static let maxPerPerson = 5
    public static let maxURLLength = 2_000

    /// `allowPrivateAddresses` is the server's `--webhooks-allow-private-addresses` (tests, a
    /// receiver on the same host): without it, a URL naming this machine or a private
    /// network is refused, so a subscription cannot make the server call its neighbours.
    public static func validate(
        name: String?, url: String?, events: [String], allowPrivateAddresses: Bool
    ) -> Result<Self, ValidationErrors> {
        var errors = ValidationErrors()
        let name = TextRules.check(
            name, field: "webhook_name", label: "Le nom de l'abonnement", required: true, maxLength: 80, into: &errors)
        let text = TextRules.clean(url)
        var checkedURL: String?
        if let text {
            if text.count > maxURLLength {
                errors.add("webhook_url", "L'adresse est trop longue (\(maxURLLength) caractères au plus).")
            } else if let target = WebhookTarget(text) {
                if !target.https && !allowPrivateAddresses {
                    errors.add(
                        "webhook_url", "L'adresse doit commencer par https:// (les envois sont signés, pas chiffrés).")
                } else if !allowPrivateAddresses && target.isPrivate {
                    errors.add(
                        "webhook_url",
                        "Cette adresse désigne ce serveur ou un réseau privé : indiquez l'adresse publique du service qui reçoit."
                    )
                } else {
                    checkedURL = text
                }
            } else {
                errors.add(
                    "webhook_url",
                    "Adresse non reconnue : indiquez une adresse complète, comme https://crm.example.org/alliances.")
            }
        } else {
            errors.add("webhook_url", "Indiquez l'adresse (URL) qui recevra les notifications.")
        }
        var chosen: [WebhookEventType] = []
        for raw in events {
            guard let type = WebhookEventType(rawValue: raw), type != .ping else {
                errors.add("webhook_events", "Événement inconnu : « \(String(raw.prefix(60))) ».")
                continue
            }
            if !chosen.contains(type) { chosen.append(type) }
        }
        if events.isEmpty { errors.add("webhook_events", "Choisissez au moins un événement.") }
        guard errors.isEmpty, let name, let checkedURL else { return .failure(errors) }
        return .success(WebhookSubscriptionDraft(name: name, url: checkedURL, events: chosen))
    }
}

/// The parts of a webhook URL that decide whether it may be called: scheme and host. Only
/// `http` and `https`, a host, no user or password in the URL (it would end up in logs).
public struct WebhookTarget: Sendable, Equatable {
    public let https: Bool
    public let host: String

    public init?(_ url: String) {
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            https = true
            rest = url.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            https = false
            rest = url.dropFirst(7)
        } else {
            return nil
        }
        guard !url.contains(where: { $0 == " " || $0.isNewline || $0 == "\\" }) else { return nil }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = String(authority)
        if host.hasPrefix("[") {
            guard let end = host.firstIndex(of: "]") else { return nil }
            host = String(host[host.index(after: host.startIndex)..<end])
        } else if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), (1...65_535).contains(number)
            else { return nil }
            host = String(host[..<colon])
        }
        host = host.lowercased()
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ".-_:".contains($0)) })
        else { return nil }
        self.host = host
    }

    /// This machine or a private, link-local or unique-local network, by name or literal
    /// address (a name that resolves to such an address is refused at delivery time).
    public var isPrivate: Bool {
        if host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".local")
            || host.hasSuffix(".internal")
        {
            return true
        }
        return Self.isPrivate(address: host)
    }

    /// Whether a literal IPv4 or IPv6 address is loopback, private, link-local, unique-local,
    /// unspecified or carrier-grade NAT. A name (not an address) answers false.
    public static func isPrivate(address: String) -> Bool {
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, let bytes = Optional(parts.compactMap { UInt8($0) }), bytes.count == 4 {
            switch (bytes[0], bytes[1]) {
            case (0, _), (10, _), (127, _), (169, 254), (192, 168): return true
            case (172, 16...31), (100, 64...127): return true
            default: return false
            }
        }
        guard address.contains(":") else { return false }
        let lower = address.lowercased()
        if lower == "::" || lower == "::1" { return true }
        if lower.hasPrefix("fe8") || lower.hasPrefix("fe9") || lower.hasPrefix("fea") || lower.hasPrefix("feb") {
            return true
        }
        if lower.hasPrefix("fc") || lower.hasPrefix("fd") { return true }
        if lower.hasPrefix("::ffff:") { return isPrivate(address: String(lower.dropFirst(7))) }
        return false
    }
}

/// When a failed delivery is tried again, and when it is given up.
public enum WebhookRetry {
    /// A delivery not accepted (2xx) within this time is given up and its subscription
    /// paused; nothing is deleted: reactivating it sends what waited, in order.
    public static let window = 24 * 3600

    /// Seconds before the next attempt after `attempts` failed ones: 30 s, 1 min, 2, 4…,
    /// at most an hour apart (about 30 attempts in 24 h).
    public static func delay(afterAttempts attempts: Int) -> Int {
        min(30 * (1 << min(max(attempts - 1, 0), 7)), 3600)
    }
}

/// A subscription as its page shows it (never its secret).
public struct WebhookSubscription: Sendable, Equatable {
    public let id: Int
    public let labID: Int
    public let ownerID: Int?
    public let name: String
    public let url: String
    public let events: [WebhookEventType]
    public let active: Bool
    public let pausedReason: String?
    public let createdAt: Int
    /// A person's own subscription (told of what concerns them), not the lab's.
    public var personal = false

    public init(
        id: Int, labID: Int, ownerID: Int?, name: String, url: String, events: [WebhookEventType], active: Bool,
        pausedReason: String?, createdAt: Int, personal: Bool = false
    ) {
        self.personal = personal
        self.id = id
        self.labID = labID
        self.ownerID = ownerID
        self.name = name
        self.url = url
        self.events = events
        self.active = active
        self.pausedReason = pausedReason
        self.createdAt = createdAt
    }
}

/// One event for one subscription, and how its sending went.
public struct WebhookDelivery: Sendable, Equatable {
    public let id: Int
    public let subscriptionID: Int
    public let eventID: String
    public let type: WebhookEventType
    public let payload: String
    public let createdAt: Int
    public let attempts: Int
    public let nextAttemptAt: Int
    public let deadline: Int
    public let deliveredAt: Int?
    public let givenUpAt: Int?
    public let lastStatus: Int?
    public let lastError: String?

    public init(
        id: Int, subscriptionID: Int, eventID: String, type: WebhookEventType, payload: String, createdAt: Int,
        attempts: Int, nextAttemptAt: Int, deadline: Int, deliveredAt: Int?, givenUpAt: Int?, lastStatus: Int?,
        lastError: String?
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.eventID = eventID
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deadline = deadline
        self.deliveredAt = deliveredAt
        self.givenUpAt = givenUpAt
        self.lastStatus = lastStatus
        self.lastError = lastError
    }

    public var stateLabel: String {
        if deliveredAt != nil { return "Reçu" }
        if givenUpAt != nil { return "Abandonné" }
        return attempts == 0 ? "En attente" : "Nouvel essai prévu"
    }
}

extension Permissions {
    /// A lab's webhooks are its facilitators' (and the network admins') business: they
    /// announce activity of the whole lab.
    public static func canManageWebhooks(_ viewer: Viewer?, labID: Int) -> Bool {
        isFacilitator(viewer, ofLab: labID)
    }

    /// A person of the lab (a member, or one of its facilitators) subscribes for themself.
    public static func canSubscribeForThemself(_ viewer: Viewer?, labID: Int) -> Bool {
        isLabMember(viewer, labID: labID)
    }
}

/// Who hears of an event through a personal subscription, besides the lab's own
/// subscriptions: the people it concerns, among those the API would show it to. Payloads
/// name the object only; the receiver reads it with its owner's token, under the API's rules.
public enum WebhookAudience: Sendable, Equatable {
    /// Nobody personally.
    case nobody
    /// The members of these organisations of the lab: their organisation's record, an
    /// introduction or a partnership it is party to.
    case organisations(labID: Int, [Int])
    /// Everyone of the lab: a need or an offer its members read.
    case lab(Int)
    /// The person registered with this address: their own registration.
    case person(email: String)

    /// Whether the owner of a personal subscription is among them, as they are now
    /// (`labID`, `organisationID` and `email` of their account; a deactivated account hears nothing).
    public func reaches(labID: Int?, organisationID: Int?, email: String, active: Bool) -> Bool {
        guard active else { return false }
        switch self {
        case .nobody: return false
        case .organisations(let lab, let ids):
            return labID == lab && organisationID.map(ids.contains) == true
        case .lab(let lab): return labID == lab
        case .person(let address): return EmailAddress.normalise(email) == EmailAddress.normalise(address)
        }
    }
}
