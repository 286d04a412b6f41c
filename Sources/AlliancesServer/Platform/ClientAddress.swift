import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOConcurrencyHelpers
import NIOCore

/// An IPv4 or IPv6 address as its bytes (4 or 16). IPv4-mapped IPv6 addresses
/// (`::ffff:192.0.2.1`, what a dual-stack socket reports for an IPv4 peer) are read as
/// IPv4, so one rule covers both spellings. Parsing is NIO's (`inet_pton`), not ours.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(_ text: some StringProtocol) {
        let text = String(text)
        guard !text.isEmpty, text.utf8.count <= 64, let address = try? SocketAddress(ipAddress: text, port: 0) else {
            return nil
        }
        switch address {
        case .v4(let v4):
            var raw = v4.address.sin_addr
            bytes = withUnsafeBytes(of: &raw) { Array($0) }
        case .v6(let v6):
            var raw = v6.address.sin6_addr
            let all = withUnsafeBytes(of: &raw) { Array($0) }
            bytes = all[0..<12].elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]) ? Array(all[12...]) : all
        case .unixDomainSocket:
            return nil
        }
    }

    public var isLoopback: Bool {
        bytes.count == 4 ? bytes[0] == 127 : bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    /// The canonical spelling: dotted quad, or RFC 5952 through NIO.
    public var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var parts: [String] = []
        for i in stride(from: 0, to: 16, by: 2) {
            parts.append(String(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]), radix: 16))
        }
        let text = parts.joined(separator: ":")
        if let address = try? SocketAddress(ipAddress: text, port: 0), let canonical = address.ipAddress {
            return canonical
        }
        return text
    }
}

/// A block of addresses in CIDR notation (`10.0.0.0/8`, `fd00::/8`, or one address).
public struct AddressBlock: Sendable, Equatable, CustomStringConvertible {
    public let network: IPAddress
    public let prefix: Int

    public init?(_ text: some StringProtocol) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let network = IPAddress(first) else { return nil }
        let bits = network.bytes.count * 8
        var prefix = bits
        if parts.count == 2 {
            // An IPv4 block written as a mapped IPv6 one (::ffff:10.0.0.0/104) is read as IPv4.
            guard var value = Int(parts[1]), value >= 0 else { return nil }
            if bits == 32, first.contains(":") { value -= 96 }
            guard (0...bits).contains(value) else { return nil }
            prefix = value
        }
        self.network = network
        self.prefix = prefix
    }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var left = prefix
        for (a, b) in zip(address.bytes, network.bytes) {
            guard left > 0 else { return true }
            let mask: UInt8 = left >= 8 ? 0xFF : ~(0xFF >> UInt8(left))
            if a & mask != b & mask { return false }
            left -= 8
        }
        return true
    }

    public var description: String { "\(network)/\(prefix)" }

    /// `10.0.0.0/8, 127.0.0.1` → blocks; nil with the first entry that is not an address.
    public static func list(_ text: String) -> Result<[AddressBlock], InvalidEntry> {
        var blocks: [AddressBlock] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let block = AddressBlock(entry) else { return .failure(InvalidEntry(entry: entry)) }
            blocks.append(block)
        }
        return .success(blocks)
    }

    public struct InvalidEntry: Error, CustomStringConvertible {
        public let entry: String
        public var description: String {
            "« \(entry.prefix(60)) » is not an IP address or a CIDR block (e.g. 10.0.0.0/8, ::1)."
        }
    }
}

/// Who is on the other end of a request. The socket's peer is the client unless it is one
/// of the trusted reverse proxies; then the proxy's forwarding header names the client.
/// Proxies append the address they received the request from, so the header is read from
/// the right: the first hop that is not a trusted proxy is the client (what a client
/// writes in the header itself is on the left, never reached). Only the configured header
/// is read: were both read, a client could send the one its proxy does not manage.
public struct ClientAddressResolver: Sendable {
    public enum Header: String, Sendable, CaseIterable {
        case xForwardedFor = "x-forwarded-for"
        case forwarded
    }

    let trusted: [AddressBlock]
    let header: Header

    init(trusted: [AddressBlock], header: Header = .xForwardedFor) {
        self.trusted = trusted
        self.header = header
    }

    func isTrusted(_ address: IPAddress) -> Bool { trusted.contains { $0.contains(address) } }

    /// The client's address, canonical, or the peer's text when it is not an IP address.
    func resolve(peer: String?, headers: HTTPFields) -> String {
        guard let peer else { return "unknown" }
        guard let peerAddress = IPAddress(peer) else { return peer }
        guard isTrusted(peerAddress) else { return peerAddress.description }
        var client = peerAddress
        for hop in hops(headers).reversed() {
            // Anything unreadable ends the walk: the last trusted hop is what we know.
            guard let address = IPAddress(hop) else { break }
            client = address
            if !isTrusted(address) { break }
        }
        return client.description
    }

    /// The hops named by the header, left to right, over every line of it.
    func hops(_ headers: HTTPFields) -> [Substring] {
        switch header {
        case .xForwardedFor:
            return headers[values: HTTPField.Name("X-Forwarded-For")!].flatMap { $0.split(separator: ",") }.map(
                Self.strip)
        case .forwarded:
            // RFC 7239: `for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"`.
            return headers[values: HTTPField.Name("Forwarded")!].flatMap { $0.split(separator: ",") }.map { element in
                let pair = element.split(separator: ";").first {
                    $0.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("for=")
                }
                return pair.map { Self.strip($0.trimmingCharacters(in: .whitespaces).dropFirst(4)) } ?? ""
            }
        }
    }

    /// Spaces, quotes, IPv6 brackets and a port removed.
    static func strip(_ raw: some StringProtocol) -> Substring {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        if text.hasPrefix("[") {
            guard let end = text.firstIndex(of: "]") else { return "" }
            return text[text.index(after: text.startIndex)..<end]
        }
        // IPv4 with a port: one colon. IPv6 has several and no port without brackets.
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") { return text[..<colon] }
        return text
    }
}

/// Puts the client's address in the context before anything reads it (login throttling,
/// guest registration limits, the audit). When requests carry a forwarding header from a
/// peer that is not a trusted proxy, says so once in the log and counts them: behind an
/// unconfigured proxy every client shares the proxy's address, and limits per address
/// would lock everybody out together.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let resolver: ClientAddressResolver
    let warned = NIOLockedValueBox(false)
    let untrusted = Counter(label: "alliances_forwarded_from_untrusted_peer_total")

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let peer = context.peerAddress
        context.remoteAddress = resolver.resolve(peer: peer, headers: request.headers)
        if !resolver.hops(request.headers).isEmpty, peer.flatMap(IPAddress.init).map(resolver.isTrusted) != true {
            untrusted.increment()
            if !warned.withLockedValue({
                let was = $0; $0 = true; return was
            }) {
                context.logger.warning(
                    "Requests carry a \(resolver.header.rawValue) header from \(peer ?? "an unknown peer"), which is not a trusted proxy: client addresses are the peer's. Behind a reverse proxy, start the server with --trusted-proxy (see docs/SECURITY.md)."
                )
            }
        }
        return try await next(request, context)
    }
}

/// Who may read `/metrics`: a scraper on this very machine (a loopback peer, and no
/// forwarding header, so not a visitor relayed by a reverse proxy on the same host), or
/// anyone presenting the `--metrics-token` as a Bearer token. Counters reveal activity
/// (logins refused, registrations, imports) that is nobody else's business.
struct MetricsAccess: Sendable {
    let token: String?

    func allows(peer: String?, headers: HTTPFields) -> Bool {
        if let token, !token.isEmpty, let authorization = headers[.authorization], authorization.hasPrefix("Bearer "),
            Tokens.constantTimeEquals(String(authorization.dropFirst("Bearer ".count)), token)
        {
            return true
        }
        let forwarded = ["Forwarded", "X-Forwarded-For", "X-Real-IP"].contains { headers[HTTPField.Name($0)!] != nil }
        return !forwarded && peer.flatMap(IPAddress.init)?.isLoopback == true
    }
}
