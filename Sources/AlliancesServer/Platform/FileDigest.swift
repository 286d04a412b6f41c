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
        return (bytes, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }

    /// The hex SHA-256 of a file just received; an unreadable one is a server error.
    static func hex(path: String) throws -> String {
        guard let digest = try sha256(path: path) else {
            throw AppError(.internalServerError, "Document illisible.")
        }
        return digest.hex
    }
}
