/// Durations as operators write them on a command line: `2h`, `90m`, `1h30m`, `7d`, `45s`
/// (`min` is `m`). nil for anything else, zero included.
public enum DurationText {
    public static func seconds(_ text: String) -> Int? {
        var total = 0
        var number = ""
        var unit = ""
        func flush() -> Bool {
            guard let value = Int(number), !unit.isEmpty else { return false }
            let factor: Int
            switch unit {
            case "d", "j": factor = 86_400
            case "h": factor = 3_600
            case "m", "min": factor = 60
            case "s": factor = 1
            default: return false
            }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            guard !overflow, total <= Int.max - product else { return false }
            total += product
            number = ""
            unit = ""
            return true
        }
        for character in text.lowercased() where !character.isWhitespace {
            if character.isASCII && character.isNumber {
                if !unit.isEmpty { guard flush() else { return nil } }
                guard number.count < 12 else { return nil }
                number.append(character)
            } else if character.isASCII && character.isLetter, !number.isEmpty {
                unit.append(character)
            } else {
                return nil
            }
        }
        guard flush(), total > 0 else { return nil }
        return total
    }

    /// A duration in French words, largest units first: « 1 jour », « 2 h 30 min ».
    public static func describe(_ seconds: Int) -> String {
        let days = seconds / 86_400, hours = seconds % 86_400 / 3_600, minutes = seconds % 3_600 / 60
        var parts: [String] = []
        if days > 0 { parts.append(days == 1 ? "1 jour" : "\(days) jours") }
        if hours > 0 { parts.append("\(hours) h") }
        if minutes > 0 { parts.append("\(minutes) min") }
        if parts.isEmpty { parts.append("\(seconds) s") }
        return parts.joined(separator: " ")
    }
}
