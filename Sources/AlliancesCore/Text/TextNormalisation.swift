/// French text folding used for sorting and accent-insensitive matching.
///
/// Written by hand rather than with Foundation's `folding(options:)` because the result
/// is stored in the database and must be identical on every platform and Foundation
/// version: the mapping below is explicit and covers Latin-1 and Latin Extended-A.
public enum TextNormalisation {
    /// Lowercases, removes diacritics, expands ligatures and collapses whitespace.
    /// "  Élan  Solidaire  " → "elan solidaire", "Œuvre" → "oeuvre".
    public static func fold(_ text: String) -> String {
        // Written into UTF-8 bytes; ASCII (most of any French name) takes the short path
        // without Unicode property lookups, the rest goes through the table.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        func append(_ scalar: Unicode.Scalar) {
            if scalar.value < 0x80 { out.append(UInt8(scalar.value)) } else { out.append(contentsOf: String(scalar).utf8) }
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isSpace = value < 0x80 ? (value == 32 || (9...13).contains(value)) : scalar.properties.isWhitespace
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            // Combining marks (decomposed accents) are dropped.
            if (0x0300...0x036F).contains(value) { continue }
            if pendingSpace {
                out.append(32)
                pendingSpace = false
            }
            if value < 0x80 {
                out.append((65...90).contains(value) ? UInt8(value + 32) : UInt8(value))
            } else if let mapped = foldTable[value] {
                out.append(contentsOf: mapped.utf8)
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { append(lower) }
            }
        }
        return String(decoding: out, as: UTF8.self)
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
