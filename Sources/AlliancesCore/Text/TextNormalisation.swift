/// French text folding used for sorting and accent-insensitive matching.
///
/// Written by hand rather than with Foundation's `folding(options:)` because the result
/// is stored in the database and must be identical on every platform and Foundation
/// version: the mapping below is explicit and covers Latin-1 and Latin Extended-A.
public enum TextNormalisation {
    /// Lowercases, removes diacritics, expands ligatures and collapses whitespace.
    /// "  Élan  Solidaire  " → "elan solidaire", "Œuvre" → "oeuvre".
    public static func fold(_ text: String) -> String {
        // One pass over the UTF-8 bytes: ASCII (most of any French name) is handled on the
        // byte; other characters are decoded and go through the table, then Unicode's
        // properties. A million names are folded per register import.
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    if lead == 32 || (9...13).contains(lead) {
                        pendingSpace = !out.isEmpty
                        continue
                    }
                    if pendingSpace {
                        out.append(32)
                        pendingSpace = false
                    }
                    out.append((65...90).contains(lead) ? lead + 32 : lead)
                    continue
                }
                // A scalar of two to four bytes (a String is valid UTF-8).
                let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                var value = UInt32(lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07))
                for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                index += length
                // A letter of the table is neither a space nor a combining mark.
                if let mapped = folded(value) {
                    if pendingSpace {
                        out.append(32)
                        pendingSpace = false
                    }
                    out.append(contentsOf: mapped)
                    continue
                }
                guard let scalar = Unicode.Scalar(value) else { continue }
                if scalar.properties.isWhitespace {
                    pendingSpace = !out.isEmpty
                    continue
                }
                // Combining marks (decomposed accents) are dropped.
                if (0x0300...0x036F).contains(value) { continue }
                if pendingSpace {
                    out.append(32)
                    pendingSpace = false
                }
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    if lower.value < 0x80 {
                        out.append(UInt8(lower.value))
                    } else {
                        out.append(contentsOf: String(lower).utf8)
                    }
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The folded bytes of a character of the table (Latin-1, Latin Extended-A,
    /// typographic apostrophes and dashes), nil for any other.
    private static func folded(_ value: UInt32) -> [UInt8]? {
        switch value {
        case 0x2018, 0x2019: return [39]
        case 0x2013, 0x2014: return [45]
        case ..<UInt32(latinFold.count): return latinFold[Int(value)]
        default: return nil
        }
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

    /// Accented Latin letters and ligatures (up to U+017F) to their folded ASCII form,
    /// indexed by code point: "é" → "e", "Œ" → "oe".
    private static let latinFold: [[UInt8]?] = {
        var table: [[UInt8]?] = Array(repeating: nil, count: 0x180)
        let groups: [(String, String)] = [
            ("àáâãäåāăąÀÁÂÃÄÅĀĂĄ", "a"), ("çćĉċčÇĆĈĊČ", "c"), ("ďđĎĐ", "d"),
            ("èéêëēĕėęěÈÉÊËĒĔĖĘĚ", "e"), ("ĝğġģĜĞĠĢ", "g"), ("ĥħĤĦ", "h"),
            ("ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ", "i"), ("ĵĴ", "j"), ("ķĶ", "k"), ("ĺļľŀłĹĻĽĿŁ", "l"),
            ("ñńņňŉÑŃŅŇ", "n"), ("òóôõöøōŏőÒÓÔÕÖØŌŎŐ", "o"), ("ŕŗřŔŖŘ", "r"),
            ("śŝşšŚŜŞŠ", "s"), ("ţťŧŢŤŦ", "t"), ("ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ", "u"),
            ("ŵŴ", "w"), ("ýÿŷÝŸŶ", "y"), ("źżžŹŻŽ", "z"),
            ("œŒ", "oe"), ("æÆ", "ae"), ("ß", "ss")
        ]
        for (chars, replacement) in groups {
            for scalar in chars.unicodeScalars { table[Int(scalar.value)] = Array(replacement.utf8) }
        }
        return table
    }()
}
