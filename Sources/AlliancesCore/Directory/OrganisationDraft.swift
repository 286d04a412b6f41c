/// What a person typed into the organisation form (or sent to the API), before checks.
public struct OrganisationInput: Sendable, Codable, Equatable {
    public var name: String?
    public var acronym: String?
    public var kind: String?
    public var sizeClass: String?
    public var headcountBand: String?
    public var siren: String?
    public var siret: String?
    public var rnaId: String?
    public var description: String?
    public var website: String?
    /// An INSEE commune code or a commune name; resolved by the server against its communes.
    public var commune: String?
    public var themes: [String]?
    public var active: Bool?

    public init(
        name: String? = nil, acronym: String? = nil, kind: String? = nil, sizeClass: String? = nil,
        headcountBand: String? = nil, siren: String? = nil, siret: String? = nil, rnaId: String? = nil,
        description: String? = nil, website: String? = nil, commune: String? = nil,
        themes: [String]? = nil, active: Bool? = nil
    ) {
        self.name = name
        self.acronym = acronym
        self.kind = kind
        self.sizeClass = sizeClass
        self.headcountBand = headcountBand
        self.siren = siren
        self.siret = siret
        self.rnaId = rnaId
        self.description = description
        self.website = website
        self.commune = commune
        self.themes = themes
        self.active = active
    }
}

/// A checked organisation, ready to be stored. The commune is kept as typed; the
/// server resolves it to an INSEE code it knows.
public struct OrganisationDraft: Sendable, Equatable {
    public var name: String
    public var acronym: String?
    public var kind: ActorKind
    public var sizeClass: SizeClass?
    public var headcountBand: HeadcountBand?
    public var siren: String?
    public var siret: String?
    public var rnaId: String?
    public var description: String?
    public var website: String?
    public var commune: String?
    public var themes: [Theme]
    public var active: Bool

    public static let maxThemes = 8

    public init(
        name: String, acronym: String? = nil, kind: ActorKind, sizeClass: SizeClass? = nil,
        headcountBand: HeadcountBand? = nil,
        siren: String? = nil, siret: String? = nil, rnaId: String? = nil, description: String? = nil,
        website: String? = nil,
        commune: String? = nil, themes: [Theme] = [], active: Bool = true
    ) {
        self.name = name
        self.acronym = acronym
        self.kind = kind
        self.sizeClass = sizeClass
        self.headcountBand = headcountBand
        self.siren = siren
        self.siret = siret
        self.rnaId = rnaId
        self.description = description
        self.website = website
        self.commune = commune
        self.themes = themes
        self.active = active
    }

    public static func validate(_ input: OrganisationInput) -> Result<OrganisationDraft, ValidationErrors> {
        var errors = ValidationErrors()
        let name = TextRules.check(
            input.name, field: "name", label: "Le nom", required: true, maxLength: 200, minLength: 2, into: &errors)
        let acronym = TextRules.check(
            input.acronym, field: "acronym", label: "Le sigle", required: false, maxLength: 30, into: &errors)
        let description = TextRules.check(
            input.description, field: "description", label: "La description", required: false, maxLength: 5000,
            multiline: true, into: &errors)

        var kind: ActorKind?
        if let raw = TextRules.clean(input.kind) {
            kind = ActorKind(rawValue: raw)
            if kind == nil { errors.add("kind", "Type d'acteur inconnu : « \(raw) ».") }
        } else {
            errors.add("kind", "Le type d'acteur est obligatoire.")
        }

        var sizeClass: SizeClass?
        if let raw = TextRules.clean(input.sizeClass) {
            sizeClass = SizeClass(rawValue: raw)
            if sizeClass == nil { errors.add("sizeClass", "Taille d'entreprise inconnue : « \(raw) ».") }
        }
        var band: HeadcountBand?
        if let raw = TextRules.clean(input.headcountBand) {
            band = HeadcountBand(rawValue: raw)
            if band == nil { errors.add("headcountBand", "Tranche d'effectif SIRENE inconnue : « \(raw) ».") }
        }
        if kind != nil, kind != .company, sizeClass != nil {
            errors.add("sizeClass", "La taille d'entreprise ne s'applique qu'aux entreprises.")
            sizeClass = nil
        }
        if kind == .company, sizeClass == nil, let implied = band?.sizeClass {
            sizeClass = implied
        }

        let siren = TextRules.clean(input.siren).map { $0.filter { $0 != " " } }
        if let siren, !Identifiers.isValidSIREN(siren) {
            errors.add("siren", "Le SIREN doit compter 9 chiffres avec une clé valide.")
        }
        let siret = TextRules.clean(input.siret).map { $0.filter { $0 != " " } }
        if let siret {
            if !Identifiers.isValidSIRET(siret) {
                errors.add("siret", "Le SIRET doit compter 14 chiffres avec une clé valide.")
            } else if let siren, Identifiers.isValidSIREN(siren), !siret.hasPrefix(siren) {
                errors.add("siret", "Le SIRET doit commencer par le SIREN (\(siren)).")
            }
        }
        let rna = TextRules.clean(input.rnaId)?.uppercased()
        if let rna, !Identifiers.isValidRNA(rna) {
            errors.add("rnaId", "Le numéro RNA doit être un « W » suivi de 9 caractères (ex. W672001234).")
        }

        var website = TextRules.check(
            input.website, field: "website", label: "Le site web", required: false, maxLength: 300, into: &errors)
        if let site = website, !WebAddress.isValid(site) {
            errors.add("website", "Le site web doit être une adresse commençant par https:// ou http://.")
            website = nil
        }

        let commune = TextRules.check(
            input.commune, field: "commune", label: "La commune", required: false, maxLength: 100, into: &errors)

        let themes = TextRules.codes(
            input.themes, as: Theme.self, field: "themes", unknown: "Thème inconnu", max: maxThemes,
            maxMessage: "Choisissez au plus \(maxThemes) thèmes.", into: &errors)

        guard errors.isEmpty, let name, let kind else { return .failure(errors) }
        return .success(
            OrganisationDraft(
                name: name, acronym: acronym, kind: kind, sizeClass: sizeClass, headcountBand: band,
                siren: siren, siret: siret, rnaId: rna, description: description, website: website,
                commune: commune, themes: themes, active: input.active ?? true
            ))
    }
}

/// A contact person of an organisation.
public struct PersonInput: Sendable, Codable, Equatable {
    public var name: String?
    public var role: String?
    public var email: String?
    public var phone: String?

    public init(name: String? = nil, role: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.role = role
        self.email = email
        self.phone = phone
    }
}

public struct PersonDraft: Sendable, Equatable {
    public var name: String
    public var role: String?
    public var email: String?
    public var phone: String?

    public init(name: String, role: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.role = role
        self.email = email
        self.phone = phone
    }

    public static func validate(_ input: PersonInput) -> Result<PersonDraft, ValidationErrors> {
        var errors = ValidationErrors()
        let name = TextRules.check(
            input.name, field: "name", label: "Le nom", required: true, maxLength: 120, minLength: 2, into: &errors)
        let role = TextRules.check(
            input.role, field: "role", label: "La fonction", required: false, maxLength: 120, into: &errors)
        var email = TextRules.clean(input.email).map(EmailAddress.normalise)
        if let value = email, !EmailAddress.isValid(value) {
            errors.add("email", "L'adresse e-mail « \(value) » n'est pas valide.")
            email = nil
        }
        let phone = TextRules.clean(input.phone)
        if let value = phone, !PhoneNumber.isValid(value) {
            errors.add("phone", "Le téléphone doit contenir de 6 à 15 chiffres (espaces, points et + acceptés).")
        }
        guard errors.isEmpty, let name else { return .failure(errors) }
        return .success(PersonDraft(name: name, role: role, email: email, phone: phone))
    }
}
