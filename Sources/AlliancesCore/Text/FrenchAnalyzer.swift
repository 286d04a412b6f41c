/// Turns French text into index terms: folded (case and accents), split on anything that
/// is not a letter or digit, stop words removed, and a light stemmer so that plurals and
/// feminine forms meet ("éducatives" and "éducatif" → "educat", "associations" →
/// "association").
///
/// Written here rather than taken from a library: no Swift package on this machine does
/// French analysis, and the same terms must come out on every platform because they are
/// stored and compared (the search capability will index them for both SQLite and
/// PostgreSQL). The rules are a small subset of the Snowball French stemmer's suffix
/// removal, chosen for the vocabulary of partnerships; they are tested one by one.
public enum FrenchAnalyzer {
    public static func terms(_ text: String) -> [String] {
        termsWithSurfaces(text).map(\.term)
    }

    /// The words of the text as written (lower-cased, accents kept) with their terms, for
    /// showing a person the words two texts share.
    public static func writtenWords(_ text: String) -> [(term: String, word: String)] {
        var out: [(String, String)] = []
        var current = ""
        func flush() {
            if !current.isEmpty {
                let folded = TextNormalisation.fold(current)
                if folded.count >= 2 && !stopWords.contains(folded)
                    && folded.unicodeScalars.allSatisfy({
                        ($0.value >= 97 && $0.value <= 122) || ($0.value >= 48 && $0.value <= 57)
                    })
                {
                    out.append((stem(folded), current.lowercased()))
                }
                current = ""
            }
        }
        for ch in text {
            if ch.isLetter || ch.isNumber { current.append(ch) } else { flush() }
        }
        flush()
        return out
    }

    /// Suffixes removed, longest first; each leaves a stem of at least 4 letters.
    private static let suffixes: [(String, String)] = [
        ("issements", ""), ("issement", ""), ("atrices", "at"), ("atrice", "at"), ("ateurs", "at"), ("ateur", "at"),
        ("ations", "at"), ("ation", "at"), ("utions", "u"), ("ution", "u"),
        ("ements", ""), ("ement", ""), ("ments", ""), ("ment", ""),
        ("ives", ""), ("ive", ""), ("ifs", ""), ("if", ""),
        ("euses", "eu"), ("euse", "eu"), ("eux", "eu"),
        ("iennes", "ien"), ("ienne", "ien"), ("iens", "ien"),
        ("elles", "el"), ("elle", "el"), ("els", "el"),
        ("ances", "anc"), ("ance", "anc"), ("ences", "enc"), ("ence", "enc"),
        ("ites", "it"), ("ite", "it"),
        ("iques", "iqu"), ("ique", "iqu"),
        ("ees", ""), ("ee", ""), ("es", ""), ("aux", "al"), ("s", ""), ("x", ""), ("e", "")
    ]

    /// The suffixes as bytes, for the ASCII words the analyzer produces.
    private static let suffixBytes: [(suffix: [UInt8], replacement: [UInt8])] = suffixes.map {
        (Array($0.0.utf8), Array($0.1.utf8))
    }

    public static func stem(_ word: String) -> String {
        // The analyzer's words are folded to ASCII: compared byte by byte, they stem in a
        // tenth of the time `count` and `hasSuffix` take over Unicode (building a library
        // of 10,000 sheets spent 40 % of its time here; perf, BENCHMARKS.md). Same rules.
        if let stemmed = word.utf8.withContiguousStorageIfAvailable({ bytes -> String? in
            guard bytes.allSatisfy({ $0 < 128 }) else { return nil }
            let n = bytes.count
            guard n > 4, bytes[0] >= 97 else { return word }
            for (suffix, replacement) in suffixBytes where suffix.count <= n {
                var matches = true
                for i in 0..<suffix.count where bytes[n - suffix.count + i] != suffix[i] {
                    matches = false
                    break
                }
                guard matches else { continue }
                if n - suffix.count + replacement.count >= 4 {
                    var out = Array(bytes[0..<(n - suffix.count)])
                    out.append(contentsOf: replacement)
                    return String(decoding: out, as: UTF8.self)
                }
            }
            return word
        }), let stemmed {
            return stemmed
        }
        // Numbers and very short words are kept as they are.
        guard word.count > 4, word.unicodeScalars.first.map({ $0.value >= 97 }) == true else { return word }
        for (suffix, replacement) in suffixes where word.hasSuffix(suffix) {
            let stemLength = word.count - suffix.count + replacement.count
            if stemLength >= 4 {
                return String(word.dropLast(suffix.count)) + replacement
            }
        }
        return word
    }

    public static let stopWords: Set<String> = [
        "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il",
        "ils",
        "je", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais", "me", "meme", "mes", "moi", "mon", "ne", "nos",
        "notre",
        "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "ta", "te",
        "tes", "toi",
        "ton", "tu", "un", "une", "vos", "votre", "vous", "est", "sont", "ont", "etre", "avoir", "plus", "tres",
        "aussi",
        "afin", "ainsi", "chez", "entre", "vers", "sans", "sous", "tout", "tous", "toute", "toutes", "dont", "ete",
        "fait",
        "faire", "peut", "nos", "sommes", "cherche", "cherchons", "recherche", "recherchons", "propose", "proposons",
        "besoin", "offre", "souhaite", "souhaitons", "etc", "ans"
    ]
}
