/// A territory space to create: name, URL slug and perimeter (a region, or départements;
/// neither means a national network space).
public struct LabDraft: Sendable, Equatable {
    public let name: String
    public let slug: String
    public let description: String?
    public let perimeter: Perimeter
    public let regionCode: String?
    /// How to reach the lab's team, shown on its public home page.
    public var contactEmail: String? = nil
    public var website: String? = nil
    /// The lab's own colour ("#1d5fa8"), readable on the pages (`LabColour`).
    public var colour: String? = nil

    /// Path segments used by pages under /labs/.
    public static let reservedSlugs: Set<String> = ["nouveau"]

    public static func validate(
        name: String?, slug: String?, description: String?, region: String?, departements: String?,
        contactEmail: String? = nil, website: String? = nil, colour: String? = nil
    ) -> Result<LabDraft, ValidationErrors> {
        var errors = ValidationErrors()
        var accent: String?
        switch LabColour.check(colour) {
        case .success(let value): accent = value
        case .failure(let refusal): errors.add("colour", refusal.message)
        }
        let contact = TextRules.clean(contactEmail).map(EmailAddress.normalise)
        if let contact, !EmailAddress.isValid(contact) {
            errors.add(
                "contactEmail", "L'adresse de contact « \(contact.prefix(80)) » n'est pas une adresse e-mail valide.")
        }
        let site = TextRules.check(
            website, field: "website", label: "Le site web", required: false, maxLength: 300, into: &errors)
        if let site, !WebAddress.isValid(site) {
            errors.add("website", "Le site web doit être une adresse commençant par https:// ou http://.")
        }
        let name = TextRules.check(
            name, field: "name", label: "Le nom", required: true, maxLength: 120, minLength: 2, into: &errors)
        let description = TextRules.check(
            description, field: "description", label: "La description", required: false, maxLength: 2000,
            multiline: true, into: &errors)
        var slugValue = TextRules.clean(slug) ?? name.map(TextNormalisation.slug) ?? ""
        if slugValue != TextNormalisation.slug(slugValue) || slugValue.isEmpty || slugValue.count > 60 {
            errors.add(
                "slug",
                "L'identifiant d'adresse ne peut contenir que des minuscules sans accents, des chiffres et des tirets (60 au plus)."
            )
            slugValue = ""
        } else if reservedSlugs.contains(slugValue) {
            errors.add("slug", "L'identifiant « \(slugValue) » est réservé.")
        }
        let regionCode = TextRules.clean(region)
        var perimeter = Perimeter(departementCodes: [])
        if let regionCode {
            if ReferenceGeography.regionsByCode[regionCode] == nil {
                errors.add("region", "Région inconnue : « \(regionCode) ».")
            } else {
                perimeter = .region(regionCode)
            }
        }
        if let text = TextRules.clean(departements) {
            switch Perimeter.parse(text) {
            case .failure(.unknownDepartements(let codes)):
                errors.add("departements", "Département(s) inconnu(s) : \(codes.joined(separator: ", ")).")
            case .success(let parsed):
                if let regionCode, let region = ReferenceGeography.regionsByCode[regionCode],
                    parsed.departementCodes.contains(where: {
                        ReferenceGeography.departementsByCode[$0]?.regionCode != regionCode
                    })
                {
                    errors.add("departements", "Ces départements ne sont pas tous dans la région \(region.name).")
                } else {
                    perimeter = parsed
                }
            }
        }
        guard errors.isEmpty, let name else { return .failure(errors) }
        var draft = LabDraft(
            name: name, slug: slugValue, description: description, perimeter: perimeter, regionCode: regionCode)
        (draft.contactEmail, draft.website, draft.colour) = (contact, site, accent)
        return .success(draft)
    }
}
