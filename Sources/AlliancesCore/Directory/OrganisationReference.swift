/// What a person typed in an organisation picker: its number ("12"), a suggestion picked
/// from the list ("Élan Solidaire — Mulhouse (n° 12)"), or words to search for.
public enum OrganisationReference: Sendable, Equatable {
    case empty
    case id(Int)
    case words(String)

    public init(_ text: String?) {
        let trimmed = TextRules.clean(text) ?? ""
        guard !trimmed.isEmpty else {
            self = .empty
            return
        }
        if let id = Int(trimmed), id > 0 {
            self = .id(id)
            return
        }
        // "… (n° 12)" at the end: a suggestion picked from the list.
        if trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") {
            let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            if inside.hasPrefix("n° "), let id = Int(inside.dropFirst(3)), id > 0 {
                self = .id(id)
                return
            }
        }
        self = .words(String(trimmed.prefix(200)))
    }

    /// How a suggestion is written, so that picking it gives back its number.
    public static func label(id: Int, name: String, commune: String?) -> String {
        "\(name)\(commune.map { " — \($0)" } ?? "") (n° \(id))"
    }
}
