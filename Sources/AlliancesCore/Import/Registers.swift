/// Column lookup by header name (case-insensitive, trimmed), never by position.
public struct CSVHeader: Sendable {
    public let names: [String]
    private let index: [String: Int]

    public init(_ record: CSVRecord) {
        var fallback = false
        names = (0..<record.count).map { record.string($0, usedFallback: &fallback).trimmingWhitespace() }
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name.lowercased()] == nil {
            index[name.lowercased()] = position
        }
        self.index = index
    }

    /// Asked once per field of every row: names already in lower case (as the formats'
    /// column lists are) skip the lowercasing.
    public func position(of name: String) -> Int? { index[name] ?? index[name.lowercased()] }

    /// The required columns that are missing, in the order given.
    public func missing(_ required: [String]) -> [String] {
        required.filter { position(of: $0) == nil }
    }
}

/// Reads named fields of one record; tracks whether a Windows-1252 fallback was needed.
public struct FieldReader {
    public let header: CSVHeader
    public let record: CSVRecord
    public var usedFallback = false

    public init(header: CSVHeader, record: CSVRecord) {
        self.header = header
        self.record = record
    }

    /// The trimmed value, or nil when the column is absent or the field empty.
    public mutating func callAsFunction(_ name: String) -> String? {
        callAsFunction(at: header.position(of: name))
    }

    /// The same for a column found beforehand (`header.position(of:)`).
    public mutating func callAsFunction(at position: Int?) -> String? {
        guard let position, position < record.count else { return nil }
        return record.trimmed(position, usedFallback: &usedFallback)
    }
}

/// Why a row was not imported, in plain words for the rejects file.
public struct RejectReason: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

// MARK: COG (INSEE Code officiel géographique)

public struct COGCommune: Sendable, Equatable {
    public let code: String
    public let name: String
    public let departementCode: String
    /// For a municipal arrondissement (ARM): its commune (Paris, Lyon, Marseille).
    public let parentCode: String?
}

public enum COGFormat {
    public static let communeColumns = ["TYPECOM", "COM", "DEP", "LIBELLE"]
    public static let departementColumns = ["DEP", "REG", "LIBELLE"]
    public static let regionColumns = ["REG", "LIBELLE"]

    /// Communes (COM) and municipal arrondissements (ARM) are kept; associated and
    /// delegated communes (COMA, COMD) only when asked. Returns nil for a skipped row.
    public static func commune(_ fields: inout FieldReader, includeAssociated: Bool = false) throws(RejectReason)
        -> COGCommune?
    {
        let type = fields("TYPECOM")?.uppercased() ?? ""
        switch type {
        case "COM", "ARM": break
        case "COMA", "COMD": if !includeAssociated { return nil }
        default: throw RejectReason("type de commune inconnu : « \(type) »")
        }
        guard let code = fields("COM")?.uppercased(), CommuneCode.isWellFormed(code) else {
            throw RejectReason("code commune absent ou mal formé")
        }
        guard let name = fields("LIBELLE") ?? fields("NCCENR") else { throw RejectReason("libellé absent") }
        guard let dep = fields("DEP")?.uppercased() ?? ReferenceGeography.departementCode(ofCommune: code),
            ReferenceGeography.departementsByCode[dep] != nil
        else {
            throw RejectReason("département inconnu pour la commune \(code)")
        }
        let parent = type == "COM" ? nil : fields("COMPARENT")?.uppercased()
        return COGCommune(code: code, name: name, departementCode: dep, parentCode: parent)
    }

    public static func departement(_ fields: inout FieldReader) throws(RejectReason) -> Departement {
        guard let code = fields("DEP")?.uppercased(), (2...3).contains(code.count) else {
            throw RejectReason("code département absent ou mal formé")
        }
        guard let region = fields("REG"), let name = fields("LIBELLE") else {
            throw RejectReason("région ou libellé absent")
        }
        return Departement(code: code, name: name, regionCode: region)
    }

    public static func region(_ fields: inout FieldReader) throws(RejectReason) -> Region {
        guard let code = fields("REG"), (1...2).contains(code.count), let name = fields("LIBELLE") else {
            throw RejectReason("code région ou libellé absent")
        }
        return Region(code: code.count == 1 ? "0" + code : code, name: name)
    }
}

// MARK: Organisations from registers

/// An organisation as a register describes it. Only these fields are written by imports;
/// what people edit on the platform (description once set, themes, people) is left alone.
public struct RegisterOrganisation: Sendable, Equatable {
    public var kind: ActorKind
    public var name: String
    public var acronym: String?
    public var rnaId: String?
    public var siren: String?
    public var siret: String?
    public var communeCode: String?
    public var description: String?
    public var website: String?
    public var createdOn: String?
    public var closedOn: String?
    public var active: Bool
    public var sizeClass: SizeClass?
    public var headcountBand: HeadcountBand?
    public var legalCategory: String?
    public var ess: Bool?
    public var latitude: Double? = nil
    public var longitude: Double? = nil

    /// A fingerprint of the register fields: equal fingerprints mean nothing to update.
    /// FNV-1a over each field's UTF-8 bytes ("\u{1}" for none), each field followed by 0x1F;
    /// stored with the rows, so it must not change from one version to the next.
    public var fingerprint: String {
        var hash = FNV1a()
        hash.add(kind.rawValue)
        hash.add(name)
        hash.add(acronym)
        hash.add(rnaId)
        hash.add(siren)
        hash.add(siret)
        hash.add(communeCode)
        hash.add(description)
        hash.add(website)
        hash.add(createdOn)
        hash.add(closedOn)
        hash.add(active ? "1" : "0")
        hash.add(sizeClass?.rawValue)
        hash.add(headcountBand?.rawValue)
        hash.add(legalCategory)
        hash.add(ess.map { $0 ? "1" : "0" })
        hash.add(latitude.map { "\($0)" })
        hash.add(longitude.map { "\($0)" })
        return String(hash.value, radix: 16)
    }
}

/// 64-bit FNV-1a over the UTF-8 bytes of fields, read in place (a million register rows
/// are fingerprinted per import).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    mutating func add(_ field: String?) {
        var text = field ?? "\u{1}"
        text.withUTF8 { bytes in
            for byte in bytes {
                value ^= UInt64(byte)
                value = value &* Self.prime
            }
        }
        value ^= 0x1F
        value = value &* Self.prime
    }
}

public enum RegisterDates {
    /// "2015-01-08" or nil; `0001-01-01` (the registers' "no date") and malformed values give nil.
    public static func parse(_ text: String?) -> String? {
        guard var text, text.utf8.count >= 10 else { return nil }
        // On the bytes, in place: two dates per row of a million-row register.
        let valid = text.withUTF8 { bytes in
            (0..<10).allSatisfy { index in
                index == 4 || index == 7 ? bytes[index] == 45 : bytes[index] >= 48 && bytes[index] <= 57
            }
        }
        guard valid else { return nil }
        let day = text.utf8.count == 10 ? text : String(text.utf8.prefix(10))!
        return day == "0001-01-01" ? nil : day
    }
}

public enum RNAFormat {
    /// Columns both RNA files (waldec and the older "import" file) have.
    public static let requiredColumns = ["id", "titre", "adrs_codeinsee", "position"]

    /// Where the columns an RNA row is read from are in one file, found once from its
    /// header rather than by name for every row.
    public struct Columns: Sendable {
        let id, title, commune, dissolved, position, siret, website, shortTitle, object, created: Int?

        public init(_ header: CSVHeader) {
            id = header.position(of: "id")
            title = header.position(of: "titre")
            commune = header.position(of: "adrs_codeinsee")
            dissolved = header.position(of: "date_disso")
            position = header.position(of: "position")
            siret = header.position(of: "siret")
            website = header.position(of: "siteweb")
            shortTitle = header.position(of: "titre_court")
            object = header.position(of: "objet")
            created = header.position(of: "date_creat")
        }
    }

    public static func organisation(_ fields: inout FieldReader) throws(RejectReason) -> RegisterOrganisation {
        try organisation(&fields, columns: Columns(fields.header))
    }

    /// Reads the rows of one file: its columns are found from the first row's header, once.
    public struct Reader {
        private var columns: Columns?

        public init() {}

        public mutating func organisation(_ fields: inout FieldReader) throws(RejectReason) -> RegisterOrganisation {
            let found = columns ?? Columns(fields.header)
            columns = found
            return try RNAFormat.organisation(&fields, columns: found)
        }
    }

    public static func organisation(_ fields: inout FieldReader, columns: Columns) throws(RejectReason)
        -> RegisterOrganisation
    {
        guard let id = fields(at: columns.id)?.uppercased() else { throw RejectReason("numéro RNA absent") }
        guard Identifiers.isValidRNA(id) else { throw RejectReason("numéro RNA invalide : « \(id) »") }
        guard let title = fields(at: columns.title) else { throw RejectReason("titre absent") }
        guard let commune = fields(at: columns.commune)?.uppercased() else {
            throw RejectReason("code INSEE de la commune absent")
        }
        guard CommuneCode.isWellFormed(commune) else {
            throw RejectReason("code INSEE de commune mal formé : « \(commune) »")
        }
        let closedOn = RegisterDates.parse(fields(at: columns.dissolved))
        let position = fields(at: columns.position)?.uppercased() ?? ""
        var siret = fields(at: columns.siret)?.filter { $0 != " " }
        if let value = siret, !Identifiers.isValidSIRET(value) { siret = nil }
        var website = fields(at: columns.website)
        if let site = website {
            let full = site.lowercased().hasPrefix("http") ? site : "https://" + site
            website = WebAddress.isValid(full) && full.count <= 300 ? full : nil
        }
        let shortTitle = fields(at: columns.shortTitle)
        return RegisterOrganisation(
            kind: .association, name: title.limited(to: 200),
            acronym: shortTitle.flatMap { $0.hasAtMost(30) && $0 != title ? $0 : nil },
            rnaId: id, siren: siret.map { String($0.prefix(9)) }, siret: siret, communeCode: commune,
            description: fields(at: columns.object).map { $0.limited(to: 5000) }, website: website,
            createdOn: RegisterDates.parse(fields(at: columns.created)), closedOn: closedOn,
            active: position == "A" && closedOn == nil,
            sizeClass: nil, headcountBand: nil, legalCategory: nil, ess: nil)
    }
}

extension String {
    /// At most `characters` characters. Register rows are read by the million: counting
    /// bytes first spares the character walk for the texts that are short anyway.
    func limited(to characters: Int) -> String {
        utf8.count <= characters ? self : String(prefix(characters))
    }

    /// Whether the text has at most `characters` characters (bytes counted first).
    func hasAtMost(_ characters: Int) -> Bool {
        utf8.count <= characters || count <= characters
    }
}
