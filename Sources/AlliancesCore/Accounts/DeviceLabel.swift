/// A short French description of a browser from its User-Agent ("Firefox sur Android"),
/// for the list of sessions on "Mon compte". Only this label is kept, never the header.
public enum DeviceLabel {
    public static func describe(userAgent: String?) -> String {
        guard let agent = userAgent, !agent.isEmpty else { return "Navigateur inconnu" }
        let browsers: [(String, String)] = [
            ("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"),
            ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl"), ("python", "Python")
        ]
        let systems: [(String, String)] = [
            ("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux")
        ]
        let browser = browsers.first { agent.contains($0.0) }?.1 ?? "Navigateur"
        guard let system = systems.first(where: { agent.contains($0.0) })?.1 else { return browser }
        return "\(browser) sur \(system)"
    }
}
