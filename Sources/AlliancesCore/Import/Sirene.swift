/// INSEE SIRENE stock files: StockEtablissement (sites) and StockUniteLegale (legal units).
///
/// The legal-unit file has no address, so a lab imports establishments first: the head
/// offices (`etablissementSiege`) inside its perimeter are kept, then the legal units of
/// those head offices become organisations.
public enum SireneFormat {
    public static let establishmentColumns = [
        "siren", "siret", "etablissementSiege", "codeCommuneEtablissement", "etatAdministratifEtablissement"
    ]
    public static let legalUnitColumns = ["siren", "categorieJuridiqueUniteLegale", "etatAdministratifUniteLegale"]

    public struct HeadOffice: Sendable, Equatable {
        public let siren: String
        public let siret: String
        public let communeCode: String
        public let active: Bool
        public let latitude: Double?
        public let longitude: Double?

        public init(
            siren: String, siret: String, communeCode: String, active: Bool, latitude: Double?, longitude: Double?
        ) {
            self.siren = siren
            self.siret = siret
            self.communeCode = communeCode
            self.active = active
            self.latitude = latitude
            self.longitude = longitude
        }
    }

    /// A head office, or nil for a secondary establishment (not wanted).
    public static func headOffice(_ fields: inout FieldReader) throws(RejectReason) -> HeadOffice? {
        guard let flag = fields("etablissementSiege")?.lowercased() else {
            throw RejectReason("etablissementSiege absent")
        }
        guard flag == "true" || flag == "1" || flag == "o" else { return nil }
        guard let siret = fields("siret"), Identifiers.isValidSIRET(siret) else {
            throw RejectReason("SIRET absent ou invalide")
        }
        let siren = fields("siren") ?? String(siret.prefix(9))
        guard siret.hasPrefix(siren) else {
            throw RejectReason("le SIRET \(siret) ne commence pas par le SIREN \(siren)")
        }
        guard let commune = fields("codeCommuneEtablissement")?.uppercased(), CommuneCode.isWellFormed(commune) else {
            throw RejectReason("code commune absent ou mal formé (établissement à l'étranger ?)")
        }
        let latitude = fields("latitude").flatMap(Double.init)
        let longitude = fields("longitude").flatMap(Double.init)
        let valid =
            latitude.map { (-90...90).contains($0) } ?? false && longitude.map { (-180...180).contains($0) } ?? false
        return HeadOffice(
            siren: siren, siret: siret, communeCode: commune,
            active: fields("etatAdministratifEtablissement")?.uppercased() == "A",
            latitude: valid ? latitude : nil, longitude: valid ? longitude : nil)
    }

    /// The actor kind a legal category (catégorie juridique, niveau III) implies.
    /// 92xx associations (9260: association de droit local, Alsace-Moselle), 93xx
    /// foundations, 72xx and 734x local authorities and their groupings, 7383–7385
    /// universities, other 7xxx public bodies, 8xxx mutual and social-economy bodies,
    /// 91xx professional bodies and unions; everything else is a company, or an ESS
    /// structure when SIRENE flags it as part of the social economy.
    public static func kind(legalCategory: String, ess: Bool?) -> ActorKind {
        let code = Int(legalCategory) ?? 0
        switch code {
        case 9200..<9300: return .association
        case 9300..<9400: return .foundation
        case 9100..<9200: return .network
        case 7383...7385: return .university
        case 7200..<7300, 7340..<7350: return .localAuthority
        case 7000..<8000: return .publicBody
        case 8000..<9000: return .essStructure
        default: return ess == true ? .essStructure : .company
        }
    }

    /// Size class of a company: INSEE's `categorieEntreprise` (decided at group level) when
    /// present, the headcount band otherwise. INSEE's "PME" includes micro-companies, so
    /// a PME with fewer than 10 staff is a micro-company here.
    public static func sizeClass(category: String?, band: HeadcountBand?) -> SizeClass? {
        switch category?.uppercased() {
        case "GE": return .large
        case "ETI": return .midCap
        case "PME": return band?.sizeClass == .micro ? .micro : .sme
        default: return band?.sizeClass
        }
    }

    public static func legalUnit(_ fields: inout FieldReader, headOffice: HeadOffice) throws(RejectReason)
        -> RegisterOrganisation
    {
        guard let siren = fields("siren"), Identifiers.isValidSIREN(siren) else {
            throw RejectReason("SIREN absent ou invalide")
        }
        let category = fields("categorieJuridiqueUniteLegale") ?? ""
        let essFlag = fields("economieSocialeSolidaireUniteLegale")?.uppercased()
        let ess: Bool? = essFlag == "O" ? true : essFlag == "N" ? false : nil
        var name = fields("denominationUniteLegale")
        if name == nil, let last = fields("nomUsageUniteLegale") ?? fields("nomUniteLegale") {
            name = [fields("prenom1UniteLegale"), last].compactMap { $0 }.joined(separator: " ")
        }
        // Units under "diffusion partielle" have their names replaced by [ND]: nothing usable.
        guard let name, !name.contains("[ND]") else { throw RejectReason("dénomination absente ou non diffusible") }
        let kind = kind(legalCategory: category, ess: ess)
        let band = fields("trancheEffectifsUniteLegale").flatMap(HeadcountBand.init(rawValue:))
        var rna = fields("identifiantAssociationUniteLegale")?.uppercased()
        if let value = rna, !Identifiers.isValidRNA(value) { rna = nil }
        let sigle = fields("sigleUniteLegale")
        return RegisterOrganisation(
            kind: kind, name: name.limited(to: 200), acronym: sigle.flatMap { $0.hasAtMost(30) ? $0 : nil },
            rnaId: rna, siren: siren, siret: headOffice.siret, communeCode: headOffice.communeCode,
            description: nil, website: nil, createdOn: RegisterDates.parse(fields("dateCreationUniteLegale")),
            closedOn: nil,
            active: fields("etatAdministratifUniteLegale")?.uppercased() == "A",
            sizeClass: kind == .company ? sizeClass(category: fields("categorieEntreprise"), band: band) : nil,
            headcountBand: band, legalCategory: category.isEmpty ? nil : category, ess: ess,
            latitude: headOffice.latitude, longitude: headOffice.longitude)
    }
}
