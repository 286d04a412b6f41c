/// A streaming CSV parser (RFC 4180 plus what official French files do in practice).
///
/// Bytes are fed in chunks of any size; complete records come out through a callback, so
/// memory stays constant whatever the file size. Handles a UTF-8 byte-order mark, CRLF or
/// LF, quoted fields holding separators, doubled quotes and newlines, blank lines and a
/// missing final newline. Each record reports the physical line it starts on, for reject
/// messages. Fields are raw bytes; `CSVRecord.string(_:)` decodes them as UTF-8, falling
/// back to Windows-1252 for files exported by older tools.
///
/// Hand-written because no CSV package on this machine streams bytes with line numbers
/// and per-field encoding fallback; SwiftCSV and CSV.swift read whole strings.
public struct CSVParser {
    public let separator: UInt8
    /// The current record: its fields' bytes one after the other, and where each ends.
    /// One buffer per record rather than one per field: a million-row file with 39
    /// columns is 39 million fewer allocations.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var fieldStart = 0
    private var inQuotes = false
    private var quoteSeen = false  // a quote inside a quoted field: end or escaped quote
    private var fieldWasQuoted = false
    private var line = 1
    private var recordLine = 1
    /// Bytes seen so far while deciding whether the file starts with a BOM (which may be
    /// split across chunks); nil once decided.
    private var bomPending: [UInt8]? = []
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    private var pendingCR = false
    private var recordHasContent = false

    public init(separator: UInt8 = UInt8(ascii: ",")) {
        self.separator = separator
    }

    /// Feeds a chunk; calls `emit` for every record completed by it.
    public mutating func feed(_ bytes: some Collection<UInt8>, emit: (CSVRecord) throws -> Void) rethrows {
        if bomPending == nil,
            let done = try bytes.withContiguousStorageIfAvailable({ buffer in try process(buffer, emit: emit) })
        {
            return done
        }
        var input = Array(bytes)[...]
        if var pending = bomPending {
            while pending.count < 3, let byte = input.first, Self.bom.starts(with: pending + [byte]) {
                pending.append(byte)
                input = input.dropFirst()
            }
            if pending.count < 3 && input.isEmpty {
                bomPending = pending  // still undecided: wait for the next chunk
                return
            }
            bomPending = nil
            if pending != Self.bom { try process(pending, emit: emit) }
        }
        try input.withUnsafeBufferPointer { buffer in try process(buffer, emit: emit) }
    }

    private mutating func process(_ bytes: [UInt8], emit: (CSVRecord) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in try process(buffer, emit: emit) }
    }

    private mutating func process(_ input: UnsafeBufferPointer<UInt8>, emit: (CSVRecord) throws -> Void) rethrows {
        var index = 0
        while index < input.count {
            let byte = input[index]
            index += 1
            if pendingCR {
                pendingCR = false
                if byte == 10 { continue }  // CRLF: the LF was already handled as the CR
            }
            if inQuotes {
                if quoteSeen {
                    quoteSeen = false
                    if byte == 34 { self.bytes.append(34); continue }  // "" inside quotes
                    inQuotes = false  // closing quote; fall through
                } else if byte == 34 {
                    quoteSeen = true
                    continue
                } else {
                    if byte == 10 {
                        line += 1
                    } else if byte == 13 {
                        line += 1; pendingCR = true; self.bytes.append(10); continue
                    }
                    // The bytes up to the next quote or line break, at once.
                    let end = Self.runEnd(input, from: index) { $0 == 34 || $0 == 10 || $0 == 13 }
                    self.bytes.append(byte)
                    self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
                    index = end
                    continue
                }
            }
            switch byte {
            case separator:
                endField()
            case 10, 13:
                line += 1
                if byte == 13 { pendingCR = true }
                try endRecord(emit)
            case 34 where self.bytes.count == fieldStart && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                recordHasContent = true
            default:
                // The bytes up to the next separator, quote or line break, at once: most
                // of a file, appended without a test per byte on the parser's state.
                let separator = separator
                let end = Self.runEnd(input, from: index) { $0 == separator || $0 == 34 || $0 == 10 || $0 == 13 }
                self.bytes.append(byte)
                self.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
                index = end
                recordHasContent = true
            }
        }
    }

    /// The index of the first byte from `start` on that `stops`, or the end of `input`.
    @inline(__always)
    private static func runEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int, stops: (UInt8) -> Bool) -> Int {
        var end = start
        while end < input.count, !stops(input[end]) { end += 1 }
        return end
    }

    /// Completes the last record when the file does not end with a newline.
    public mutating func finish(emit: (CSVRecord) throws -> Void) rethrows {
        if let pending = bomPending {
            bomPending = nil
            if pending != Self.bom { try process(pending, emit: emit) }
        }
        if quoteSeen { quoteSeen = false; inQuotes = false }
        if inQuotes {
            // An unterminated quote: what was read is still handed over, flagged.
            inQuotes = false
            endField()
            let record = CSVRecord(bytes: bytes, ends: ends, line: recordLine, unterminatedQuote: true)
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            fieldStart = 0
            recordHasContent = false
            try emit(record)
            return
        }
        if recordHasContent || !ends.isEmpty || bytes.count > fieldStart { try endRecord(emit) }
    }

    private mutating func endField() {
        ends.append(bytes.count)
        fieldStart = bytes.count
        fieldWasQuoted = false
        recordHasContent = true
    }

    private mutating func endRecord(_ emit: (CSVRecord) throws -> Void) rethrows {
        defer { recordLine = line }
        guard recordHasContent || bytes.count > fieldStart else {
            // Blank line.
            fieldWasQuoted = false
            return
        }
        endField()
        let record = CSVRecord(bytes: bytes, ends: ends, line: recordLine, unterminatedQuote: false)
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        fieldStart = 0
        recordHasContent = false
        try emit(record)
    }
}

public struct CSVRecord: Sendable {
    /// The fields' bytes one after the other; field `i` ends at `ends[i]`.
    let bytes: [UInt8]
    let ends: [Int]
    /// The physical line (1-based) where the record starts.
    public let line: Int
    public let unterminatedQuote: Bool

    public var count: Int { ends.count }

    /// The raw bytes of field `index` (empty when there is no such field).
    public func field(_ index: Int) -> ArraySlice<UInt8> {
        guard index < ends.count else { return [] }
        return bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }

    /// The field as text: UTF-8 when valid, otherwise Windows-1252 (`usedFallback` is set).
    public func string(_ index: Int, usedFallback: inout Bool) -> String {
        Self.decode(field(index), usedFallback: &usedFallback)
    }

    /// The field without the spaces, tabs and line breaks around it (any Unicode space
    /// too), or nil when nothing is left. ASCII blanks are cut on the bytes, before any
    /// string is made, which is most of what files hold.
    public func trimmed(_ index: Int, usedFallback: inout Bool) -> String? {
        var slice = field(index)
        while let first = slice.first, first == 32 || (9...13).contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, last == 32 || (9...13).contains(last) { slice = slice.dropLast() }
        guard !slice.isEmpty else { return nil }
        let text = Self.decode(slice, usedFallback: &usedFallback)
        // A non-ASCII space at either end (no-break space...): the full rule.
        if slice.first! >= 0x80 || slice.last! >= 0x80 {
            let trimmed = text.trimmingWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        }
        return text
    }

    static func decode(_ bytes: ArraySlice<UInt8>, usedFallback: inout Bool) -> String {
        // Read in place: ASCII needs no validation, the rest is validated as UTF-8.
        let text = bytes.withUnsafeBufferPointer { buffer -> String? in
            buffer.allSatisfy { $0 < 0x80 }
                ? String(decoding: buffer, as: UTF8.self) : String(validating: buffer, as: UTF8.self)
        }
        if let text { return text }
        usedFallback = true
        return Windows1252.decode(bytes)
    }

    /// The record as it appeared, for reject files.
    public func raw(separator: UInt8) -> String {
        var fallback = false
        return (0..<count).map { index -> String in
            let text = string(index, usedFallback: &fallback)
            let needsQuotes = text.utf8.contains { $0 == separator || $0 == 34 || $0 == 10 || $0 == 13 }
            return needsQuotes
                ? "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
                : text
        }.joined(separator: String(UnicodeScalar(separator)))
    }
}

public enum Windows1252 {
    /// Bytes 0x80–0x9F differ from Latin-1; the rest map to the same code points.
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,
        0x017E, 0x0178
    ]

    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value: UInt32 = (0x80...0x9F).contains(byte) ? high[Int(byte - 0x80)] : UInt32(byte)
            scalars.append(UnicodeScalar(value) ?? "?")
        }
        return String(scalars)
    }
}
