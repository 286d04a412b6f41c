/// A lab's own colour, used for its pages' header, buttons and links in place of the
/// platform's. Only colours that keep text readable are taken: white text on it, and it as
/// text on the pages' light background, need a contrast of 4.5 to 1 (WCAG 2.2, 1.4.3).
public enum LabColour {
    /// The pages' lightest background the colour is used on (links in notices).
    public static let background = "#f6f7f9"
    public static let minimumContrast = 4.5

    /// "#1d5fa8" from "#1D5FA8" or "1d5fa8"; nil for anything else.
    public static func normalise(_ text: String) -> String? {
        var hex = Substring(text.trimmingWhitespace().lowercased())
        if hex.hasPrefix("#") { hex = hex.dropFirst() }
        guard hex.count == 6, hex.allSatisfy({ $0.isHexDigit }) else { return nil }
        return "#" + hex
    }

    /// Relative luminance of "#rrggbb" (WCAG 2.2's definition).
    public static func luminance(_ hex: String) -> Double {
        let digits = Array(hex.dropFirst())
        func channel(_ index: Int) -> Double {
            let value = Double(Int(String(digits[index * 2..<index * 2 + 2]), radix: 16) ?? 0) / 255
            return value <= 0.04045 ? value / 12.92 : pow24((value + 0.055) / 1.055)
        }
        return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    }

    /// x^2.4 without Foundation: e^(2.4 ln x), by series good to 1e-9 on (0, 1].
    static func pow24(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        var m = x, k = 0.0
        while m < 0.5 { m *= 2; k -= 1 }
        // ln m for m in [0.5, 1): 2 atanh((m - 1) / (m + 1)).
        let t = (m - 1) / (m + 1), t2 = t * t
        var term = t, sum = 0.0, n = 1.0
        while abs(term / n) > 1e-15 { sum += term / n; term *= t2; n += 2 }
        let ln = 2 * sum + k * 0.6931471805599453
        let y = 2.4 * ln
        // e^y for y <= 0: by halving and squaring.
        var r = 1.0, z = y / 1024, zt = 1.0
        for i in 1...20 { zt *= z / Double(i); r += zt }
        for _ in 0..<10 { r *= r }
        return r
    }

    /// Contrast ratio between two colours, 1 to 21.
    public static func contrast(_ a: String, _ b: String) -> Double {
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// The colour's darker shade, for hovered buttons and links (each channel at 80 %).
    public static func darker(_ hex: String) -> String {
        let digits = Array(hex.dropFirst())
        var out = "#"
        for index in 0..<3 {
            let value = Int(Double(Int(String(digits[index * 2..<index * 2 + 2]), radix: 16) ?? 0) * 0.8)
            let text = String(value, radix: 16)
            out += (text.count == 1 ? "0" : "") + text
        }
        return out
    }

    /// Why a colour is refused, in French.
    public struct Refusal: Error, Equatable {
        public let message: String
    }

    /// The colour typed in a form: nil when none, or a French message saying why not.
    public static func check(_ text: String?) -> Result<String?, Refusal> {
        guard let text = TextRules.clean(text) else { return .success(nil) }
        guard let hex = normalise(text) else {
            return .failure(Refusal(message: "La couleur « \(text.prefix(20)) » n'est pas de la forme #1d5fa8."))
        }
        let ratio = min(contrast(hex, "#ffffff"), contrast(hex, background))
        guard ratio >= minimumContrast else {
            let shown = String((ratio * 10).rounded() / 10).split(separator: ".").joined(separator: ",")
            return .failure(
                Refusal(
                    message:
                        "La couleur \(hex) est trop claire : son contraste avec le fond des pages est de \(shown) pour 1 (4,5 au moins, pour rester lisible). Choisissez une teinte plus foncée."
                )
            )
        }
        return .success(hex)
    }
}
