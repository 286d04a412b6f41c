/// French text folding used for sorting and accent-insensitive matching.
///
/// Written by hand rather than with Foundation's `folding(options:)` because the result
/// is stored in the database and must be identical on every platform and Foundation
/// version: the mapping below is explicit and covers Latin-1 and Latin Extended-A.
public enum TextNormalisation {
    /// Lowercases, removes diacritics, expands ligatures and collapses whitespace.
    /// "  Élan  Solidaire  " → "elan solidaire", "Œuvre" → "oeuvre".
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            // Combining marks (decomposed accents) are dropped.
            if (0x0300...0x036F).contains(scalar.value) { continue }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            if let mapped = foldTable[scalar.value] {
                out.append(contentsOf: mapped.unicodeScalars)
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    out.append(lower)
                }
            }
        }
        return String(out)
    }

    /// A URL-safe slug: "Labo régional Alsacien" → "labo-regional-alsacien".
    public static func slug(_ text: String) -> String {
        var result = ""
        var dash = false
        for ch in fold(text).unicodeScalars {
            let v = ch.value
            let isAlnum = (v >= 97 && v <= 122) || (v >= 48 && v <= 57)
            if isAlnum {
                if dash && !result.isEmpty { result.append("-") }
                dash = false
                result.unicodeScalars.append(ch)
            } else {
                dash = true
            }
        }
        return result
    }

    private static let foldTable: [UInt32: String] = {
        var table: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("àáâãäåāăąÀÁÂÃÄÅĀĂĄ", "a"), ("çćĉċčÇĆĈĊČ", "c"), ("ďđĎĐ", "d"),
            ("èéêëēĕėęěÈÉÊËĒĔĖĘĚ", "e"), ("ĝğġģĜĞĠĢ", "g"), ("ĥħĤĦ", "h"),
            ("ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ", "i"), ("ĵĴ", "j"), ("ķĶ", "k"), ("ĺļľŀłĹĻĽĿŁ", "l"),
            ("ñńņňŉÑŃŅŇ", "n"), ("òóôõöøōŏőÒÓÔÕÖØŌŎŐ", "o"), ("ŕŗřŔŖŘ", "r"),
            ("śŝşšŚŜŞŠ", "s"), ("ţťŧŢŤŦ", "t"), ("ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ", "u"),
            ("ŵŴ", "w"), ("ýÿŷÝŸŶ", "y"), ("źżžŹŻŽ", "z"),
        ]
        for (chars, replacement) in groups {
            for scalar in chars.unicodeScalars { table[scalar.value] = replacement }
        }
        for (chars, replacement) in [("œŒ", "oe"), ("æÆ", "ae"), ("ß", "ss")] {
            for scalar in chars.unicodeScalars { table[scalar.value] = replacement }
        }
        // Typographic apostrophes and dashes fold to their ASCII forms.
        table[0x2019] = "'"
        table[0x2018] = "'"
        table[0x2013] = "-"
        table[0x2014] = "-"
        return table
    }()
}
