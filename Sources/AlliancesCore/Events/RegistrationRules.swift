/// What a person typed in the registration form.
public struct RegistrationInput: Sendable, Codable, Equatable {
    public var name: String?
    public var email: String?
    public var organisation: String?
    public var actorKind: String?
    public var region: String?
    public var dietary: String?
    public var listed: Bool?

    public init(
        name: String? = nil, email: String? = nil, organisation: String? = nil, actorKind: String? = nil,
        region: String? = nil,
        dietary: String? = nil, listed: Bool? = nil
    ) {
        self.name = name
        self.email = email
        self.organisation = organisation
        self.actorKind = actorKind
        self.region = region
        self.dietary = dietary
        self.listed = listed
    }
}

/// A registration form that passed every check: the e-mail normalised, the codes known.
public struct CheckedRegistration: Sendable, Equatable {
    public let name: String
    public let email: String
    public let organisation: String?
    public let kind: ActorKind?
    public let region: String?
    public let dietary: String?
    public let listed: Bool
}

extension RegistrationInput {
    /// Checks the form, with one French message per wrong field.
    public func validate() -> Result<CheckedRegistration, ValidationErrors> {
        var errors = ValidationErrors()
        let name = TextRules.check(
            self.name, field: "name", label: "Le nom", required: true, maxLength: 120, minLength: 2, into: &errors)
        var email = TextRules.check(
            self.email, field: "email", label: "L'e-mail", required: true, maxLength: 254, into: &errors)
        if let value = email {
            if EmailAddress.isValid(value) {
                email = EmailAddress.normalise(value)
            } else {
                errors.add("email", "L'e-mail n'a pas une forme valide (ex. prenom.nom@exemple.fr).")
                email = nil
            }
        }
        let organisation = TextRules.check(
            self.organisation, field: "organisation", label: "L'organisation", required: false, maxLength: 200,
            into: &errors)
        var kind: ActorKind?
        if let raw = TextRules.clean(actorKind) {
            kind = ActorKind(rawValue: raw)
            if kind == nil { errors.add("actorKind", "Type d'acteur inconnu : « \(raw.prefix(40)) ».") }
        }
        var region: String?
        if let raw = TextRules.clean(self.region) {
            if ReferenceGeography.regions.contains(where: { $0.code == raw }) {
                region = raw
            } else {
                errors.add("region", "Région inconnue : « \(raw.prefix(10)) ».")
            }
        }
        let dietary = TextRules.check(
            self.dietary, field: "dietary", label: "Le régime alimentaire", required: false, maxLength: 300,
            into: &errors)
        guard errors.isEmpty, let name, let email else { return .failure(errors) }
        return .success(
            CheckedRegistration(
                name: name, email: email, organisation: organisation, kind: kind, region: region, dietary: dietary,
                listed: self.listed ?? false))
    }
}

/// Who may run a rencontre: the facilitators of its lab, or network admins for a network
/// event (no lab); who may create one: facilitators and network admins.
public enum EventPermissions {
    public static func canOrganise(_ viewer: Viewer?, eventLabID: Int?) -> Bool {
        if let lab = eventLabID { return Permissions.isFacilitator(viewer, ofLab: lab) }
        return viewer?.role == .admin
    }

    /// A synthesis chosen public is for everyone who may see the event; otherwise for the
    /// organisers and the members of the event's lab (a network event's: organisers only).
    public static func canSeeSynthesis(_ viewer: Viewer?, eventLabID: Int?, visibility: SynthesisVisibility) -> Bool {
        if visibility == .public || canOrganise(viewer, eventLabID: eventLabID) { return true }
        return eventLabID.map { Permissions.isLabMember(viewer, labID: $0) } ?? false
    }

    public static func canCreateEvents(_ viewer: Viewer?) -> Bool {
        viewer.map { $0.role == .admin || $0.role == .facilitator } ?? false
    }

    /// A guest's seat is held until the e-mailed link is followed; an account's is confirmed
    /// at once; without a seat left, the waiting list.
    public static func initialStatus(seatClaimed: Bool, signedIn: Bool) -> SeatStatus {
        seatClaimed ? (signedIn ? .confirmed : .offered) : .waiting
    }
}
