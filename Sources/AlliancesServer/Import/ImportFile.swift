import AlliancesCore
import Foundation

/// The outcome of an import, printed at the end and shown on the web.
public struct ImportSummary: Sendable, Equatable, Codable, CustomStringConvertible {
    public var read = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var inactive = 0
    public var outsidePerimeter = 0
    public var skipped = 0
    public var rejected = 0
    public var encodingFallbacks = 0
    public var seconds = 0.0

    /// Adds the counts of a part of the import (a batch written).
    mutating func add(_ part: ImportSummary) {
        read += part.read; created += part.created; updated += part.updated; unchanged += part.unchanged
        inactive += part.inactive; outsidePerimeter += part.outsidePerimeter; skipped += part.skipped
        rejected += part.rejected; encodingFallbacks += part.encodingFallbacks
    }

    public var description: String {
        var text =
            "read \(read), created \(created), updated \(updated), unchanged \(unchanged), inactive \(inactive), outside the perimeter \(outsidePerimeter), rejected \(rejected)"
        if skipped > 0 { text += ", skipped \(skipped)" }
        text += String(format: " in %.1f s", seconds)
        if encodingFallbacks > 0 {
            text += "; warning: \(encodingFallbacks) rows were not UTF-8 and were read as Windows-1252"
        }
        return text
    }
}

public struct ImportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Progress as an import reads its file.
public struct ImportProgress: Sendable {
    public let rows: Int
    public let bytesRead: Int
    public let totalBytes: Int
    public let elapsed: Double
}

/// Rows that could not be used: line number, reason in plain words, raw line; written by
/// `CSVWriter` for French Excel, so a raw line that starts like a formula is neutralised.
final class RejectsFile {
    let path: String
    private var handle: FileHandle?
    private var buffer = ""

    init(path: String) { self.path = path }

    func add(line: Int, reason: String, raw: String) throws {
        if handle == nil {
            // Rejected rows are never dropped unseen: no rejects file, no import.
            let header = CSVWriter.byteOrderMark + CSVWriter.row(["ligne", "raison", "ligne_brute"])
            guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8)),
                let opened = FileHandle(forWritingAtPath: path)
            else {
                throw ImportError(
                    "Cannot write the rejects file \(path) (line \(line) was rejected: \(reason)); check that its folder exists and is writable."
                )
            }
            opened.seekToEndOfFile()
            handle = opened
        }
        buffer += CSVWriter.row([String(line), reason, raw])
        if buffer.utf8.count > 64 * 1024 { try flush() }
    }

    func flush() throws {
        guard let handle, !buffer.isEmpty else { return }
        try handle.write(contentsOf: Data(buffer.utf8))
        buffer = ""
    }

    func close() throws {
        try flush()
        try handle?.close()
    }
}
