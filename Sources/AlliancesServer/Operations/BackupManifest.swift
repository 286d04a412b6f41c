import Foundation

/// `manifest.json` at the root of a backup archive: what it holds and how to check it.
/// Read by `alliances restore` before anything is changed.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// This layout; a restore refuses a format it does not know.
    public static let currentFormat = 1

    public var format = BackupManifest.currentFormat
    /// When the snapshot was taken, seconds since 1970 (UTC).
    public var createdAt: Int
    /// The database's migration version; a binary that knows fewer migrations refuses it.
    public var schemaVersion: Int
    public var engine: String
    /// The database file in the archive: `database.sqlite` or `database.pgdump`
    /// (`pg_dump --format=custom`).
    public var database: String
    /// Rows per table in the snapshot, checked again after a restore.
    public var tables: [String: Int]
    /// Every file of the archive but the manifest: the database, then `data/…`.
    public var files: [File]

    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public var rows: Int { tables.values.reduce(0, +) }
    public var dataFiles: [File] { files.filter { $0.path.hasPrefix("data/") } }

    static func digest(path: String) throws -> (bytes: Int, sha256: String) {
        guard let digest = try FileDigest.sha256(path: path) else { throw BackupFailure("Cannot read \(path).") }
        return (digest.bytes, digest.hex)
    }
}

/// Why a backup or a restore stopped, in a sentence an operator can act on.
public struct BackupFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
