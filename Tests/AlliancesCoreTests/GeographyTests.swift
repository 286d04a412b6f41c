import AlliancesCore
import Testing

@Suite struct GeographyTests {
    @Test func test_reference_lists_have_18_regions_and_101_departements() {
        #expect(ReferenceGeography.regions.count == 18)
        #expect(ReferenceGeography.departements.count == 101)
        #expect(Set(ReferenceGeography.departements.map(\.code)).count == 101)
    }

    @Test func test_every_departement_belongs_to_a_known_region_and_every_region_has_one() {
        let regions = Set(ReferenceGeography.regions.map(\.code))
        for dep in ReferenceGeography.departements { #expect(regions.contains(dep.regionCode), "\(dep.code)") }
        for region in ReferenceGeography.regions {
            #expect(!ReferenceGeography.departements(inRegion: region.code).isEmpty, "\(region.code)")
        }
    }

    @Test func test_grand_est_has_ten_departements_including_alsace() {
        let codes = ReferenceGeography.departements(inRegion: "44").map(\.code)
        #expect(codes.count == 10)
        #expect(codes.contains("67") && codes.contains("68"))
        #expect(ReferenceGeography.regionsByCode["44"]?.name == "Grand Est")
    }

    @Test(arguments: [("67482", "67"), ("68224", "68"), ("2A004", "2A"), ("97411", "974"), ("75056", "75")])
    func test_departement_of_a_commune_code(code: String, departement: String) {
        #expect(ReferenceGeography.departementCode(ofCommune: code) == departement)
    }

    @Test(arguments: ["6748", "674822", "ABCDE", "2C004", "97511", "", "67 48"])
    func test_malformed_or_unknown_commune_codes_have_no_departement(code: String) {
        #expect(ReferenceGeography.departementCode(ofCommune: code) == nil)
    }

    @Test func test_perimeter_parsing_rejects_unknown_codes() {
        #expect(Perimeter.parse("67, 68") == .success(Perimeter(departementCodes: ["67", "68"])))
        #expect(Perimeter.parse("67,99,20") == .failure(.unknownDepartements(["99", "20"])))
        #expect(Perimeter.region("44").departementCodes.count == 10)
        #expect(Perimeter(departementCodes: []).contains(departement: "13"))
        #expect(!Perimeter(departementCodes: ["67"]).contains(departement: "68"))
        #expect(Perimeter(departementCodes: ["68", "67"]).label == "Bas-Rhin (67), Haut-Rhin (68)")
    }
}

@Suite struct TextNormalisationTests {
    @Test func test_fold_removes_accents_case_and_extra_spaces() {
        #expect(TextNormalisation.fold("  Élan   Solidaire ") == "elan solidaire")
        #expect(TextNormalisation.fold("ŒUVRE Ça") == "oeuvre ca")
        #expect(TextNormalisation.fold("Coordin’Actions") == "coordin'actions")
        // Decomposed accents (e + combining acute) fold like precomposed ones.
        #expect(TextNormalisation.fold("E\u{301}ducatives") == TextNormalisation.fold("Éducatives"))
        // Tabs, line breaks and non-ASCII spaces collapse like ASCII ones; letters outside
        // the table are lowercased; digits and punctuation stay.
        #expect(TextNormalisation.fold("\tClub\u{A0}\u{A0}de\nFOOT  n°2\u{202F}") == "club de foot n°2")
        #expect(TextNormalisation.fold("ΑΘΗΝΑ Łódź") == "αθηνα lodz")
        #expect(TextNormalisation.fold("") == "" && TextNormalisation.fold(" \u{A0} ") == "")
    }

    /// Folding works on bytes for speed; it must give what the rule says character by
    /// character (this reference, written the plain way) for any text.
    @Test func test_fold_matches_the_character_by_character_rule_on_random_texts() {
        func reference(_ text: String) -> String {
            let table: [Character: String] = [
                "é": "e", "É": "e", "è": "e", "ê": "e", "à": "a", "À": "a", "ç": "c", "Ç": "c", "ô": "o", "ö": "o",
                "ï": "i",
                "ł": "l", "Ł": "l", "ž": "z", "œ": "oe", "Œ": "oe", "æ": "ae", "ß": "ss", "İ": "i", "\u{2019}": "'",
                "\u{2013}": "-"
            ]
            var out = ""
            var pendingSpace = false
            for scalar in text.unicodeScalars {
                if scalar.properties.isWhitespace { pendingSpace = !out.isEmpty; continue }
                if (0x0300...0x036F).contains(scalar.value) { continue }
                if pendingSpace { out += " "; pendingSpace = false }
                out += table[Character(scalar)] ?? scalar.properties.lowercaseMapping
            }
            return out
        }
        let alphabet: [String] = [
            "a", "Z", "7", "-", "'", " ", "  ", "\t", "\r\n", "\u{A0}", "\u{202F}", "é", "É", "è", "ê", "à", "À", "ç",
            "Ç", "ô", "ö", "ï", "ł", "Ł", "ž", "œ", "Œ", "æ", "ß", "\u{2019}", "\u{2013}", "e\u{301}", "Σ", "İ",
            "ﬁ", "Ж", "中", "😀", "°", "№"
        ]
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                alphabet.randomElement(using: &generator)!
            }.joined()
            #expect(TextNormalisation.fold(text) == reference(text), "\(text.debugDescription)")
        }
    }

    @Test func test_slug() {
        #expect(TextNormalisation.slug("Labo régional Alsacien !") == "labo-regional-alsacien")
        #expect(TextNormalisation.slug("--") == "")
    }
}

@Suite struct IdentifierTests {
    @Test func test_siren_and_siret_luhn_keys() {
        #expect(Identifiers.isValidSIREN("732829320"))
        #expect(!Identifiers.isValidSIREN("732829321"))
        #expect(!Identifiers.isValidSIREN("73282932"))
        #expect(Identifiers.isValidSIRET("73282932000074"))
        #expect(!Identifiers.isValidSIRET("73282932000075"))
        #expect(!Identifiers.isValidSIRET("7328293200007A"))
    }

    @Test func test_la_poste_siret_uses_the_sum_rule() {
        #expect(Identifiers.isValidSIRET("35600000000001"))
    }

    @Test func test_rna_numbers() {
        #expect(Identifiers.isValidRNA("W672001234"))
        #expect(!Identifiers.isValidRNA("672001234"))
        #expect(!Identifiers.isValidRNA("W67200123"))
    }

    @Test func test_headcount_bands_map_to_size_classes() {
        #expect(HeadcountBand.b03.sizeClass == .micro)
        #expect(HeadcountBand.b11.sizeClass == .sme)
        #expect(HeadcountBand.b31.sizeClass == .sme)
        #expect(HeadcountBand.b32.sizeClass == .midCap)
        #expect(HeadcountBand.b51.sizeClass == .midCap)
        #expect(HeadcountBand.b52.sizeClass == .large)
        #expect(HeadcountBand.unknown.sizeClass == nil)
        #expect(HeadcountBand.allCases.count == 16)
        #expect(HeadcountBand.none.isEmployer == false)
    }
}

@Suite struct LabDraftTests {
    @Test func test_a_lab_on_two_departements_of_a_region() throws {
        let draft = try LabDraft.validate(
            name: "Labo alsacien", slug: nil, description: nil, region: "44", departements: "67,68"
        ).get()
        #expect(draft.slug == "labo-alsacien")
        #expect(draft.perimeter.departementCodes == ["67", "68"])
        #expect(draft.regionCode == "44")
    }

    @Test func test_a_region_alone_covers_all_its_departements() throws {
        let draft = try LabDraft.validate(
            name: "Bretagne", slug: "bretagne", description: nil, region: "53", departements: nil
        ).get()
        #expect(draft.perimeter.departementCodes == ["22", "29", "35", "56"])
    }

    @Test func test_inconsistent_or_unknown_perimeters_are_refused() {
        guard
            case .failure(let e) = LabDraft.validate(
                name: "X", slug: "Pas Bon", description: nil, region: "44", departements: "13,99")
        else {
            Issue.record("expected failure"); return
        }
        #expect(e.message(for: "name") != nil)
        #expect(e.message(for: "slug") != nil)
        #expect(e.message(for: "departements") == "Département(s) inconnu(s) : 99.")
        guard
            case .failure(let e2) = LabDraft.validate(
                name: "Labo", slug: nil, description: nil, region: "44", departements: "13")
        else {
            Issue.record("expected failure"); return
        }
        #expect(e2.message(for: "departements") == "Ces départements ne sont pas tous dans la région Grand Est.")
    }
}
