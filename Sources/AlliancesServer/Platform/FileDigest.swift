import Crypto
import Foundation

/// A file's SHA-256 and size, read in 1 MiB chunks (a partnership document, a backup's
/// files). nil when the file cannot be opened; each caller says so in its own words.
enum FileDigest {
    static func sha256(path: String) throws -> (bytes: Int, hex: String)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (bytes, Hex.string(hasher.finalize()))
    }

    /// The hex SHA-256 of a file just received; an unreadable one is a server error.
    static func hex(path: String) throws -> String {
        guard let digest = try sha256(path: path) else {
            throw AppError(.internalServerError, "Document illisible.")
        }
        return digest.hex
    }
}

/// Lowercase hexadecimal of bytes (a digest), as Python's `hexdigest()` writes it. Written
/// here because `String(format: "%02x")` per byte cost 5 % of a signed-in request's CPU
/// (perf, BENCHMARKS.md): a session key is hashed on every request.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func string(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
