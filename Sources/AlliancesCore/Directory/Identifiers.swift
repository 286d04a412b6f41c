/// Checks for the public identifiers of French organisations.
public enum Identifiers {
    /// SIREN: nine digits with a Luhn check digit.
    public static func isValidSIREN(_ text: String) -> Bool {
        text.utf8.count == 9 && luhn(text)
    }

    /// SIRET: fourteen digits (SIREN + NIC) with a Luhn check digit. La Poste's
    /// establishments (SIREN 356000000) use a digit sum divisible by 5 instead.
    public static func isValidSIRET(_ text: String) -> Bool {
        guard text.utf8.count == 14, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        if text.hasPrefix("356000000") {
            let sum = text.utf8.reduce(0) { $0 + Int($1 - 48) }
            return sum % 5 == 0
        }
        return luhn(text)
    }

    /// RNA number: "W" followed by nine alphanumerics (e.g. W672001234).
    public static func isValidRNA(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[0] == UInt8(ascii: "W") else { return false }
        return bytes[1...].allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }
    }

    static func luhn(_ text: String) -> Bool {
        var sum = 0
        var double = false
        for byte in text.utf8.reversed() {
            guard byte >= 48 && byte <= 57 else { return false }
            var digit = Int(byte - 48)
            if double {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
            double.toggle()
        }
        return sum % 10 == 0
    }
}
