/// The kinds of documents a partnership may carry, recognised by their first bytes (never
/// by the name or the type the browser claims alone), so that nothing executable or
/// renderable as a page is ever stored or served back.
public enum DocumentType: String, Sendable, CaseIterable, Equatable {
    case pdf, png, jpeg, docx, xlsx, pptx, odt, ods, odp

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .odp: "application/vnd.oasis.opendocument.presentation"
        }
    }

    public static let accepted = "PDF, PNG, JPEG, documents bureautiques (DOCX, XLSX, PPTX, ODT, ODS, ODP)"

    /// PDF, PNG and JPEG by signature; office files are ZIP archives, told apart by the
    /// file's extension once the ZIP signature is there.
    public static func detect(prefix: [UInt8], filename: String) -> DocumentType? {
        func starts(_ signature: [UInt8]) -> Bool {
            prefix.count >= signature.count && Array(prefix.prefix(signature.count)) == signature
        }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            let ext = filename.split(separator: ".").last.map { $0.lowercased() } ?? ""
            return [.docx, .xlsx, .pptx, .odt, .ods, .odp].first { $0.rawValue == ext }
        }
        return nil
    }

    /// A name safe to show and to put in a header: no path, no control or quote characters,
    /// at most 120 characters, never empty.
    public static func safeFilename(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(
            base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != ";" }.map(
                Character.init)
        )
        .trimmingWhitespace()
        let short = String(cleaned.prefix(120))
        return short.isEmpty || short == "." || short == ".." ? "document" : short
    }
}
