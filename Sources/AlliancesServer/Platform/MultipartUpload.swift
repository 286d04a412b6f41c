import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// Receives a `multipart/form-data` body as it streams in: the file part goes straight to
/// disk chunk by chunk (never the whole file in memory), the other fields (200 bytes at
/// most each) are kept. Shared by the import page and partnership documents. The form's
/// CSRF token is its first part (`_csrf`, the form's first field): it is checked as soon
/// as that part ends, before a byte of the file is kept; a body that does not start with
/// it is refused. Only the routes listed in `paths` take multipart bodies
/// (`CSRFMiddleware` refuses them elsewhere).
enum MultipartUpload {
    /// The upload routes, `*` standing for one path segment.
    static let paths = ["/labs/*/imports", "/labs/*/partenariats/*/documents"]

    static func accepts(path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return paths.contains { pattern in
            let expected = pattern.split(separator: "/", omittingEmptySubsequences: false)
            return expected.count == segments.count && zip(expected, segments).allSatisfy { $0 == "*" ? !$1.isEmpty : $0 == $1 }
        }
    }

    struct Received {
        let filename: String?
        let fields: [String: String]
        let bytes: Int
        /// The first bytes of the file, to recognise its type.
        let prefix: [UInt8]
    }

    /// Streams the part named `fileField` to `path`. Too large → 413 and nothing kept;
    /// a malformed or interrupted body → 400 and nothing kept.
    static func receive(_ request: Request, _ context: AppContext, fileField: String = "file", to path: String, limit: Int) async throws -> Received {
        let type = request.headers[.contentType] ?? ""
        guard let boundary = type.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
            .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst("boundary=".count)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"")), !boundary.isEmpty else {
            throw AppError.badRequest("Envoi de fichier invalide (limite multipart absente).")
        }
        // Set by CSRFMiddleware for a multipart body to an upload route: the token is read below.
        guard context.csrfInUploadBody else { throw CSRFMiddleware.refusal }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw AppError(.internalServerError, "Impossible d'enregistrer le fichier.")
        }
        let state = State()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            guard name.lowercased() == "content-disposition" else { return }
            state.currentField = parameter("name", in: value)
            if !state.tokenChecked, state.currentField != "_csrf" { state.refused = true }
            if state.currentField == fileField, let filename = parameter("filename", in: value) { state.filename = filename }
        }
        parser.onBody = { buffer in
            if state.refused { return }
            if !state.tokenChecked {
                if state.token.utf8.count < 100 { state.token += buffer.readString(length: buffer.readableBytes) ?? "" }
            } else if state.currentField == fileField {
                state.fileBytes += buffer.readableBytes
                if state.prefix.count < 16 { state.prefix += buffer.getBytes(at: buffer.readerIndex, length: min(16 - state.prefix.count, buffer.readableBytes)) ?? [] }
                if state.fileBytes <= limit { state.pending.writeBuffer(&buffer) }
            } else if let field = state.currentField, state.fields[field, default: ""].utf8.count < 200 {
                state.fields[field, default: ""] += buffer.readString(length: buffer.readableBytes) ?? ""
            }
        }
        parser.onPartComplete = {
            if !state.tokenChecked, !state.refused {
                state.tokenChecked = true
                if !Tokens.constantTimeEquals(state.token, context.csrfToken) { state.refused = true }
            }
            state.currentField = nil
        }
        do {
            for try await chunk in request.body {
                try parser.execute(chunk)
                if state.refused { break }
                if state.pending.readableBytes > 0 {
                    try handle.write(contentsOf: state.pending.readableBytesView)
                    state.pending.clear()
                }
                if state.fileBytes > limit { break }
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            throw AppError.badRequest("Envoi de fichier interrompu ou mal formé.")
        }
        guard !state.refused else {
            try? FileManager.default.removeItem(atPath: path)
            throw CSRFMiddleware.refusal
        }
        guard state.fileBytes <= limit else {
            try? FileManager.default.removeItem(atPath: path)
            throw AppError(.contentTooLarge, "Le fichier dépasse \(limit / (1024 * 1024)) Mo.")
        }
        return Received(filename: state.filename, fields: state.fields, bytes: state.fileBytes, prefix: state.prefix)
    }

    /// `name="file"` → file, from a Content-Disposition header.
    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// What the parser's callbacks fill while one request body streams through. Used by one
    /// request's task only (the parser calls back synchronously from `execute`).
    final class State {
        var currentField: String?
        var filename: String?
        var fields: [String: String] = [:]
        var fileBytes = 0
        var prefix: [UInt8] = []
        var pending = ByteBuffer()
        /// The first part, the CSRF token, and whether it was read and matched.
        var token = ""
        var tokenChecked = false
        var refused = false
    }
}
