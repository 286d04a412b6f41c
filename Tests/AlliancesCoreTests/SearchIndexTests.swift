import AlliancesCore
import Testing

@Suite struct SearchIndexTests {
    static func org(
        _ id: Int, _ name: String, kind: ActorKind = .association, commune: String = "", description: String = "",
        themes: [Theme] = [], departement: String = "67", at place: (Double, Double)? = nil, ess: Bool = false,
        active: Bool = true
    ) -> SearchDocument {
        SearchDocument(
            kind: .organisation, id: id, title: name, subtitle: kind.label, snippet: description,
            fields: [
                (name, SearchDocument.nameWeight), (commune, SearchDocument.placeWeight),
                (themes.map(\.label).joined(separator: " "), SearchDocument.themeWeight),
                (description, SearchDocument.textWeight)
            ],
            actorKind: kind, sizeClass: kind == .company ? .sme : nil, themes: ThemeSet(themes),
            departement: departement, ess: ess,
            active: active, latitude: place?.0, longitude: place?.1, audience: .everyone, organisationID: id)
    }

    static let strasbourg = (48.5734, 7.7521), mulhouse = (47.7508, 7.3359), colmar = (48.0794, 7.3585)

    static let index = SearchIndex([
        org(
            1, "Élan Solidaire Mulhouse", commune: "Mulhouse",
            description: "Accompagnement vers l'emploi, ateliers éducatifs", themes: [.employment, .solidarity],
            departement: "68", at: mulhouse),
        org(
            2, "Régie de Quartier des Coteaux", kind: .essStructure, commune: "Mulhouse",
            description: "Emplois d'insertion", themes: [.employment, .cityPolicy], departement: "68", at: mulhouse,
            ess: true),
        org(
            3, "Activités Éducatives du Rhin", commune: "Strasbourg", description: "Soutien scolaire",
            themes: [.education], at: strasbourg),
        org(
            4, "Groupe Hexagone Services", kind: .company, commune: "Strasbourg",
            description: "Mécénat de compétences et insertion", themes: [.employment], at: strasbourg),
        org(
            5, "Numéria Conseil", kind: .company, commune: "Strasbourg", description: "Conseil numérique",
            themes: [.digital], at: strasbourg),
        org(
            6, "Sport pour Tous Colmar", commune: "Colmar", description: "Clubs multisports pour les jeunes",
            themes: [.sport, .youth], departement: "68", at: colmar),
        org(
            7, "Ancienne association fermée", commune: "Colmar", description: "insertion", departement: "68",
            at: colmar, active: false),
        SearchDocument(
            kind: .person, id: 100, title: "Claire Insertion", subtitle: "Directrice",
            fields: [("Claire Insertion", 3)], actorKind: .association,
            sizeClass: nil, themes: ThemeSet([]), departement: "68", ess: false, active: true, latitude: nil,
            longitude: nil,
            audience: .facilitators, organisationID: 1)
    ])

    func titles(
        _ text: String, audience: SearchDocument.Audience = .everyone,
        _ configure: (inout SearchQuery) -> Void = { _ in }
    ) -> [String] {
        var q = SearchQuery()
        q.text = text
        configure(&q)
        return Self.index.search(q, audience: audience).hits.map(\.document.title)
    }

    @Test func test_accents_case_plurals_and_feminine_forms_match() {
        #expect(titles("educatif ").contains("Activités Éducatives du Rhin"))
        #expect(titles("ÉDUCATIVES ").contains("Élan Solidaire Mulhouse"))
        #expect(titles("emploi ").contains("Régie de Quartier des Coteaux"), "emploi finds emplois")
    }

    @Test func test_names_weigh_more_than_descriptions() {
        // "Insertion" is in the description of 2 and 4; "Éducatives" is the name of 3 and a word of 1's description.
        #expect(titles("éducatives ").first == "Activités Éducatives du Rhin")
    }

    @Test func test_prefix_while_typing_and_one_typo_in_names() {
        #expect(titles("mulh").contains("Élan Solidaire Mulhouse"))
        #expect(titles("Hexagome ").first == "Groupe Hexagone Services")
        #expect(titles("Numeria ").first == "Numéria Conseil")
        #expect(titles("asso sport").first == "Sport pour Tous Colmar")
    }

    @Test func test_all_words_are_required_then_relaxed_when_nobody_has_them_all() {
        var q = SearchQuery()
        q.text = "insertion Mulhouse "
        let both = Self.index.search(q, audience: .everyone)
        // Élan's theme is "Emploi et insertion"; the Régie's description says "insertion".
        #expect(Set(both.hits.map(\.document.title)) == ["Régie de Quartier des Coteaux", "Élan Solidaire Mulhouse"])
        #expect(!both.relaxed)
        q.text = "sport Mulhouse "
        let relaxed = Self.index.search(q, audience: .everyone)
        #expect(relaxed.relaxed)
        #expect(relaxed.total >= 2)
    }

    @Test func test_facets_count_under_the_other_filters() {
        var q = SearchQuery()
        q.text = "insertion "
        q.actorKind = .company
        let r = Self.index.search(q, audience: .everyone)
        #expect(r.hits.map(\.document.title) == ["Groupe Hexagone Services"])
        #expect(r.actorKindCounts[.essStructure] == 1, "other kinds stay visible in the kind facet")
        #expect(r.actorKindCounts[.company] == 1)
        #expect(r.departementCounts["67"] == 1 && r.departementCounts["68"] == nil)
        #expect(r.activeCounts.active == 1 && r.activeCounts.closed == 0)
        q.actorKind = nil
        q.status = .all
        #expect(Self.index.search(q, audience: .everyone).total == 4, "1 (theme), 2, 4 and the closed 7")
        q.ess = true
        #expect(Self.index.search(q, audience: .everyone).hits.map(\.document.id) == [2])
    }

    @Test func test_distance_filter_and_sort() {
        let near = titles("") {
            $0.near = Self.mulhouse; $0.radiusKm = 50; $0.sort = .distance
        }
        #expect(near.prefix(2).sorted() == ["Régie de Quartier des Coteaux", "Élan Solidaire Mulhouse"].sorted())
        #expect(near.last == "Sport pour Tous Colmar")
        #expect(!near.contains("Numéria Conseil"))
        var q = SearchQuery()
        q.near = Self.mulhouse
        q.sort = .distance
        let hits = Self.index.search(q, audience: .everyone).hits
        #expect(hits.compactMap(\.distanceKm) == hits.compactMap(\.distanceKm).sorted())
    }

    @Test func test_people_only_for_facilitators() {
        #expect(!titles("Claire ").contains("Claire Insertion"))
        #expect(!titles("Claire ", audience: .members).contains("Claire Insertion"))
        #expect(titles("Claire ", audience: .facilitators).contains("Claire Insertion"))
    }

    @Test func test_any_input_gives_results_or_nothing_never_a_crash() {
        for text in [
            "", "\" * ( ) NEAR OR", "'; DROP TABLE organisations; --", "🙂🤝", "a",
            String(repeating: "insertion ", count: 1_100), "\u{0}\u{FFFF}", "-", "l'", "%_"
        ] {
            var q = SearchQuery()
            q.text = text
            let r = Self.index.search(q, audience: .everyone)
            #expect(r.total >= 0)
        }
        var q = SearchQuery()
        q.text = String(repeating: "insertion ", count: 1_100)
        #expect(Self.index.search(q, audience: .everyone).truncated)
    }

    @Test func test_pages_follow_each_other_and_deep_pages_sort_the_same() {
        let docs = (0..<2_500).map {
            Self.org($0, "Association numéro \($0)", commune: "Colmar", description: "insertion", at: Self.colmar)
        }
        let index = SearchIndex(docs)
        var q = SearchQuery()
        q.text = "insertion"
        q.pageSize = 20
        let first = index.search(q, audience: .everyone).hits.map(\.document.id)
        q.page = 2
        let second = index.search(q, audience: .everyone).hits.map(\.document.id)
        #expect(first.count == 20 && second.count == 20 && Set(first).isDisjoint(with: second))
        q.page = 60  // beyond 1,000 kept results: the deep path
        q.pageSize = 20
        let deep = index.search(q, audience: .everyone).hits.map(\.document.id)
        q.pageSize = 1_200
        q.page = 1
        let all = index.search(q, audience: .everyone).hits.map(\.document.id)
        #expect(deep == Array(all[1_180..<1_200]))
    }

    @Test func test_highlight_marks_matching_words_as_written() {
        let h = Highlight(terms: Set(FrenchAnalyzer.terms("éducatif")), prefix: "mulh")
        let parts = h.segments("Ateliers Éducatives à Mulhouse")
        #expect(parts.filter(\.marked).map(\.text) == ["Éducatives", "Mulhouse"])
        #expect(parts.map(\.text).joined() == "Ateliers Éducatives à Mulhouse")
    }

    /// The former, character-based splitting, kept here as the reference the scalar-based
    /// one must agree with.
    static func referenceSegments(_ h: Highlight, _ text: String) -> [(text: String, marked: Bool)] {
        var out: [(String, Bool)] = []
        var plain = ""
        var word = ""
        func flushWord() {
            guard !word.isEmpty else { return }
            let folded = TextNormalisation.fold(word)
            if h.terms.contains(FrenchAnalyzer.stem(folded)) || (h.prefix.map { folded.hasPrefix($0) } ?? false) {
                if !plain.isEmpty { out.append((plain, false)); plain = "" }
                out.append((word, true))
            } else {
                plain += word
            }
            word = ""
        }
        for ch in text {
            if ch.isLetter || ch.isNumber { word.append(ch) } else { flushWord(); plain.append(ch) }
        }
        flushWord()
        if !plain.isEmpty { out.append((plain, false)) }
        return out
    }

    @Test func test_highlight_splits_as_characters_would_on_any_text() {
        let h = Highlight(terms: Set(FrenchAnalyzer.terms("jeunes emploi café numérique 2025")), prefix: "soli")
        var texts = [
            "", "Jeunes", "  l’emploi des jeunes — au café « Numérique » !", "Cafe\u{301} solidaire\u{A0}2025",
            "e\u{301}cole jeune\u{301}s", " \u{301}jeunes", "1\u{FE0F}\u{20E3} emploi👩‍👩‍👧jeunes",
            "ÉLAN solidarité—EMPLOI…jeunes'café", "日本語 jeunes ١٢٣ emploi", "x\u{0}jeunes\u{7F}emploi"
        ]
        // And random texts over letters, marks, digits, punctuation and spaces of several scripts.
        let alphabet: [Unicode.Scalar] = Array(
            "aeijlmnopsuéèçÉ019 ,.'’«»—-\u{A0}\u{202F}\u{301}\u{308}日١👩\u{200D}".unicodeScalars)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                scalars.append(alphabet.randomElement(using: &generator)!)
            }
            texts.append(String(scalars))
        }
        for text in texts {
            let got = h.segments(text), expected = Self.referenceSegments(h, text)
            #expect(got.map(\.text) == expected.map(\.text), "\(text.debugDescription)")
            #expect(got.map(\.marked) == expected.map(\.marked), "\(text.debugDescription)")
        }
    }
}

@Suite struct MapShapeTests {
    @Test func test_encoding_round_trips_and_simplification_keeps_the_shape() {
        let square =
            (0...100).map { (lon: Double(700 + $0) / 100, lat: 48.0) } + [
                (lon: 8, lat: 49), (lon: 7, lat: 49), (lon: 7, lat: 48)
            ]
        let shape = AreaShape(code: "67", name: "Bas-Rhin", rings: [square])
        #expect(AreaShape.decode(code: "67", name: "Bas-Rhin", shape.encoded) == shape)
        let simple = shape.simplified(tolerance: 0.001)
        #expect(simple.rings[0].count == 4 || simple.rings[0].count == 5)
        let projection = MapProjection(shapes: [shape], width: 600)!
        let (x0, y0) = projection.point(lon: 7, lat: 49)
        let (x1, y1) = projection.point(lon: 8, lat: 48)
        #expect(x0 < x1 && y0 < y1, "west is left, north is up")
        #expect(projection.path(simple).hasPrefix("M"))
    }

    @Test func test_colour_classes_match_the_legend() throws {
        for max in [1, 2, 3, 7, 10, 123, 4_312] {
            let bounds = ChoroplethScale.bounds(max: max)
            for count in 0...min(max, 500) {
                let index = ChoroplethScale.classIndex(count, max: max)
                let bound = try #require(bounds[index], "count \(count) of \(max) falls in an empty class")
                #expect(bound.low <= count && count <= bound.high, "count \(count) of \(max)")
            }
        }
    }

    /// Cache keys use the text as the search sees it: case, accents and spaces do not make
    /// a new key, and a key is no longer than the used part of the text.
    @Test func test_query_normal_form() {
        #expect(SearchQuery.normalForm("Écoles   SOLIDAIRES") == SearchQuery.normalForm("ecoles solidaires"))
        #expect(
            SearchQuery.normalForm("ecoles solidaires") != SearchQuery.normalForm("ecoles solidaires "),
            "a word being typed also matches as a prefix")
        #expect(SearchQuery.normalForm("ecoles") != SearchQuery.normalForm("ecole"))
        let long = String(repeating: "insertion ", count: 10_000)
        #expect(SearchQuery.normalForm(long).count <= SearchQuery.maxLength + 1)
        #expect(SearchQuery.normalForm(long).hasSuffix("!"), "the cut is part of the key: the page says so")
        #expect(SearchQuery.normalForm(long) == SearchQuery.normalForm(String(long.prefix(5_000))))
    }
}

@Suite struct StemmerTests {
    /// The stemmer's rules as first written, over Unicode strings: the reference the
    /// byte-wise version must agree with.
    static func reference(_ word: String) -> String {
        let suffixes: [(String, String)] = [
            ("issements", ""), ("issement", ""), ("atrices", "at"), ("atrice", "at"), ("ateurs", "at"),
            ("ateur", "at"), ("ations", "at"), ("ation", "at"), ("utions", "u"), ("ution", "u"), ("ements", ""),
            ("ement", ""), ("ments", ""), ("ment", ""), ("ives", ""), ("ive", ""), ("ifs", ""), ("if", ""),
            ("euses", "eu"), ("euse", "eu"), ("eux", "eu"), ("iennes", "ien"), ("ienne", "ien"), ("iens", "ien"),
            ("elles", "el"), ("elle", "el"), ("els", "el"), ("ances", "anc"), ("ance", "anc"), ("ences", "enc"),
            ("ence", "enc"), ("ites", "it"), ("ite", "it"), ("iques", "iqu"), ("ique", "iqu"), ("ees", ""), ("ee", ""),
            ("es", ""), ("aux", "al"), ("s", ""), ("x", ""), ("e", "")
        ]
        guard word.count > 4, word.unicodeScalars.first.map({ $0.value >= 97 }) == true else { return word }
        for (suffix, replacement) in suffixes where word.hasSuffix(suffix) {
            if word.count - suffix.count + replacement.count >= 4 {
                return String(word.dropLast(suffix.count)) + replacement
            }
        }
        return word
    }

    @Test func test_the_bytewise_stemmer_agrees_with_the_rules_on_every_word() {
        var words = SyntheticText.words.map(TextNormalisation.fold)
        words += [
            "associations", "educatives", "educatif", "accompagnement", "etablissements", "animatrices", "solidarite",
            "numeriques", "jeux", "generaux", "a", "ab", "abcd", "abcde", "2015", "1er", "ees", "chateaux", "elles",
            "ZZZZZZ", "été", "cœur", "naïves"
        ]
        for word in words { #expect(FrenchAnalyzer.stem(word) == Self.reference(word), "\(word)") }
    }

    /// The analyzer's words as first read, scalar by scalar: the reference for the bytes.
    static func referenceTerms(_ text: String) -> [(term: String, surface: String)] {
        var out: [(String, String)] = []
        var current = ""
        func flush() {
            if !current.isEmpty {
                if current.count >= 2 && !FrenchAnalyzer.stopWords.contains(current) {
                    out.append((FrenchAnalyzer.stem(current), current))
                }
                current = ""
            }
        }
        for scalar in TextNormalisation.fold(text).unicodeScalars {
            let v = scalar.value
            if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) { current.unicodeScalars.append(scalar) } else { flush() }
        }
        flush()
        return out
    }

    @Test func test_the_bytewise_analyzer_reads_the_same_words() {
        let texts =
            [
                "Éducatives et éducatif : l'Association des Œuvres, 2015 — cœur👍numérique !",
                "Mécénat de compétences, jeunes (16-25 ans) & seniors… ÇA marche ; «guillemets» x a b",
                "", "   ", "a", "ÉTÉ", "Straße 12bis naïve façade ñandú 東京 emoji🎉fin"
            ] + SyntheticText.words
        for text in texts {
            let got = FrenchAnalyzer.termsWithSurfaces(text), want = Self.referenceTerms(text)
            #expect(got.map(\.term) == want.map(\.term) && got.map(\.surface) == want.map(\.surface), "\(text)")
        }
    }
}
