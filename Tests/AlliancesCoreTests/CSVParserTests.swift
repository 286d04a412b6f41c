@testable import AlliancesCore
import Testing

@Suite struct CSVParserTests {
    func parse(_ bytes: [UInt8], separator: Character = ";", chunk: Int = 1 << 20) -> [CSVRecord] {
        var parser = CSVParser(separator: separator.asciiValue!)
        var records: [CSVRecord] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + chunk)
            parser.feed(bytes[index..<end]) { records.append($0) }
            index = end
        }
        parser.finish { records.append($0) }
        return records
    }

    func texts(_ records: [CSVRecord]) -> [[String]] {
        records.map { record in
            var fallback = false
            return (0..<record.count).map { record.string($0, usedFallback: &fallback) }
        }
    }

    static let nasty = Array(
        "\u{FEFF}id;titre;objet\r\nW1;\"Les \"\"Amis\"\" ; du quartier\";\"ligne 1\r\nligne 2\"\r\n\r\nW2;Simple;\nW3;\"\";fin sans retour"
            .utf8)

    @Test func test_quotes_separators_newlines_bom_crlf_and_blank_lines() {
        let records = parse(Self.nasty)
        #expect(
            texts(records) == [
                ["id", "titre", "objet"],
                ["W1", "Les \"Amis\" ; du quartier", "ligne 1\nligne 2"],
                ["W2", "Simple", ""],
                ["W3", "", "fin sans retour"]
            ])
        #expect(records.map(\.line) == [1, 2, 5, 6])
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func test_the_same_records_whatever_the_chunk_size(chunk: Int) {
        #expect(texts(parse(Self.nasty, chunk: chunk)) == texts(parse(Self.nasty)))
    }

    @Test func test_latin1_fields_fall_back_to_windows_1252() {
        let bytes: [UInt8] =
            Array("id;titre\nW1;".utf8) + [0x43, 0x6C, 0x75, 0x62, 0x20, 0x64, 0xE9, 0x20, 0x8C, 0x75, 0x76, 0x72, 0x65]
            + [10]
        let records = parse(bytes)
        var fallback = false
        #expect(records[1].string(1, usedFallback: &fallback) == "Club dé Œuvre")
        #expect(fallback)
    }

    @Test func test_unterminated_quote_is_flagged() {
        let records = parse(Array("a;b\n1;\"jamais fermé\n2;3\n".utf8))
        #expect(records.count == 2)
        #expect(records[1].unterminatedQuote)
    }

    @Test func test_header_lookup_is_by_name_and_case_insensitive() {
        let records = parse(Array("TYPECOM,COM,LIBELLE\nCOM,67482,Strasbourg\n".utf8), separator: ",")
        let header = CSVHeader(records[0])
        #expect(header.missing(["typecom", "com", "dep", "libelle"]) == ["dep"])
        var fields = FieldReader(header: header, record: records[1])
        #expect(fields("libelle") == "Strasbourg")
        #expect(fields("absente") == nil)
    }

    @Test func test_fields_are_trimmed_of_any_blank_and_empty_ones_are_absent() {
        let records = parse(Array("a;b;c;d;e\n  Élan \t;\u{A0}Club\u{A0};\"  \";;\" x\ny \"\n".utf8))
        var fields = FieldReader(header: CSVHeader(records[0]), record: records[1])
        #expect(fields("a") == "Élan")
        #expect(fields("b") == "Club")
        #expect(fields("c") == nil && fields("d") == nil)
        #expect(fields("e") == "x\ny")
        #expect((0..<records[1].count).map { records[1].field($0).count } == [9, 8, 2, 0, 5])
    }

    @Test func test_rna_rules() throws {
        let header = CSVHeader(
            parse(
                Array("id;titre;titre_court;objet;adrs_codeinsee;position;date_creat;date_disso;siteweb;siret\n".utf8))[
                    0])
        func organisation(_ line: String) throws(RejectReason) -> RegisterOrganisation {
            var fields = FieldReader(header: header, record: parse(Array(line.utf8))[0])
            return try RNAFormat.organisation(&fields)
        }
        let dissolved = try organisation(
            "W751000001;Amicale;AMI;Objet;75107;D;1990-05-04;2014-05-01;www.amicale.example;")
        #expect(!dissolved.active)
        #expect(dissolved.closedOn == "2014-05-01")
        #expect(dissolved.website == "https://www.amicale.example")
        #expect(dissolved.acronym == "AMI")
        let open = try organisation("W751000002;Club;;;75056;A;0001-01-01;0001-01-01;;")
        #expect(open.active && open.closedOn == nil && open.createdOn == nil)
        #expect(throws: RejectReason.self) { try organisation("X12;Club;;;75056;A;;;;") }
        #expect(throws: RejectReason.self) { try organisation("W751000003;;;;75056;A;;;;") }
        #expect(throws: RejectReason.self) { try organisation("W751000004;Club;;;7505;A;;;;") }
    }

    @Test func test_the_older_rna_import_file_is_read_by_header_names() throws {
        let text =
            "id;id_ex;siret;gestion;date_creat;date_publi;nature;groupement;titre;objet;objet_social1;objet_social2;adr1;adr2;adr3;adrs_codepostal;libcom;adrs_codeinsee;dir_civilite;siteweb;observation;position;rup_mi;maj_time\n"
            + "W133000123;0133012345;;133P;1985-06-01;1985-07-01;D;S;AMICALE DES BOULISTES;Pratique de la pétanque;;;;;;13001;MARSEILLE;13201;PM;;;A;;2010-01-01\n"
        let records = parse(Array(text.utf8))
        var fields = FieldReader(header: CSVHeader(records[0]), record: records[1])
        let organisation = try RNAFormat.organisation(&fields)
        #expect(organisation.name == "AMICALE DES BOULISTES")
        #expect(organisation.communeCode == "13201")
        #expect(organisation.active)
        #expect(organisation.createdOn == "1985-06-01")
    }
}

/// Stored fingerprints decide "unchanged" on the next import: the function must give the
/// same value for the same fields from one version to the next (FNV-1a over the fields).
@Test func test_register_fingerprints_stay_the_same_across_versions() {
    var row = RegisterOrganisation(
        kind: .association, name: "Les Amis d'Étienne", acronym: "AE", rnaId: "W751000001", siren: nil, siret: nil,
        communeCode: "75107", description: "Objet ; « cité »", website: nil, createdOn: "2015-01-08", closedOn: nil,
        active: true, sizeClass: nil, headcountBand: nil, legalCategory: nil, ess: nil)
    #expect(row.fingerprint == "62487b0f98a6f288")
    row = RegisterOrganisation(
        kind: .company, name: "Coopérative du Rhin", acronym: nil, rnaId: nil, siren: "123456789",
        siret: "12345678900017",
        communeCode: "67482", description: nil, website: "https://exemple.fr", createdOn: nil, closedOn: "2020-02-29",
        active: false, sizeClass: .sme, headcountBand: .b21, legalCategory: "5498", ess: true,
        latitude: 48.583_148, longitude: 7.747_882)
    #expect(row.fingerprint == "5e90d84305da4d83")
}
