/// An archived lab keeps everything and changes nothing: every request that would change
/// something under the lab's addresses (its pages, its API, its rencontres) is refused until
/// a network admin restores it; reading works as before.
public enum LabArchive {
    /// What a change request is about, when it is under a lab's or an event's addresses.
    public enum Target: Sendable, Equatable {
        case lab(slug: String)
        case event(slug: String)
    }

    public static let message =
        "Ce labo est archivé : ses données se consultent mais ne se modifient plus. Un administrateur du réseau peut le restaurer."

    /// The one change an archived lab accepts: being restored.
    public static let restorePath = "restaurer"

    /// The lab or event a request would change, or nil for a read or a request about neither.
    public static func target(method: String, path: String) -> Target? {
        guard !["GET", "HEAD", "OPTIONS"].contains(method) else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.count >= 3, parts[0] == "labs" {
            return parts[2] == restorePath && parts.count == 3 ? nil : .lab(slug: parts[1])
        }
        if parts.count >= 4, parts[0] == "api", parts[1] == "v1", parts[2] == "labs" { return .lab(slug: parts[3]) }
        if parts.count >= 3, parts[0] == "evenements" { return .event(slug: parts[1]) }
        if parts.count >= 4, parts[0] == "api", parts[1] == "v1", parts[2] == "events" {
            return .event(slug: parts[3])
        }
        return nil
    }
}

extension Permissions {
    /// Only a network admin archives a lab, and restores it.
    public static func canArchiveLab(_ viewer: Viewer?) -> Bool { viewer?.role == .admin }
}
