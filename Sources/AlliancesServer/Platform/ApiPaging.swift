import Foundation
import Hummingbird

/// Paging of the API's lists: `limit` (1–200) and an opaque `cursor`, taken as is from the
/// previous answer's `nextCursor` (null on the last page). Clients written before keep
/// `page` and `pageSize`. The directory's list pages by its sort key (the next page starts
/// after the last organisation shown, so a creation meanwhile neither repeats nor skips a
/// row, and a deep page costs what the first does); ranked lists (search, recommendations)
/// and the small ones page by position inside the cursor.
struct ApiPaging: Sendable, Equatable {
    enum Position: Sendable, Equatable {
        case offset(Int)
        /// After the row of this sort key and id.
        case after(key: String, id: Int)
    }

    static let maxLimit = 200

    let limit: Int
    let position: Position

    /// Rows to skip for a list paged by position (0 for one paged by key).
    var offset: Int {
        if case .offset(let offset) = position { return offset }
        return 0
    }

    /// The page number of `page`/`pageSize` clients: nil when paged by key.
    var page: Int? {
        if case .offset(let offset) = position { return offset / limit + 1 }
        return nil
    }

    /// What the list's cache keys use.
    var cacheKey: String {
        switch position {
        case .offset(let offset): "o\(offset)|\(limit)"
        case .after(let key, let id): "k\(id):\(key)|\(limit)"
        }
    }

    /// `limit` (or `pageSize`) and `cursor` (or `page`) of the request; a 400 saying what
    /// is wrong otherwise.
    static func read(_ request: Request, defaultLimit: Int) throws -> ApiPaging {
        let query = request.uri.queryParameters
        var limit = defaultLimit
        if let raw = query.get("limit") ?? query.get("pageSize") {
            guard let value = Int(raw), (1...maxLimit).contains(value) else {
                throw AppError.badRequest("limit doit être un entier entre 1 et \(maxLimit).")
            }
            limit = value
        }
        if let raw = query.get("cursor"), !raw.isEmpty {
            guard let position = decode(raw) else {
                throw AppError.badRequest(
                    "Curseur invalide : reprenez tel quel le champ nextCursor de la réponse précédente.")
            }
            return ApiPaging(limit: limit, position: position)
        }
        let page = try DirectoryRoutes.pageNumber(request)
        return ApiPaging(limit: limit, position: .offset((page - 1) * limit))
    }

    /// For a list paged by page numbers underneath (search, resources, the library): the
    /// page and its size. The cursors such lists give are multiples of their size; a
    /// directory cursor handed to them is refused.
    func pageAndSize() throws -> (page: Int, size: Int) {
        guard case .offset(let offset) = position, offset % limit == 0 else {
            throw AppError.badRequest(
                "Curseur invalide pour cette liste : reprenez tel quel le champ nextCursor de sa réponse précédente, avec le même limit."
            )
        }
        return (offset / limit + 1, limit)
    }

    /// The cursor of the page after this one, for a list paged by position: nil when
    /// `shown` rows from here reach `total`.
    func next(shown: Int, total: Int) -> String? {
        let end = offset + shown
        return shown > 0 && end < total ? Self.encode(.offset(end)) : nil
    }

    static func encode(_ position: Position) -> String {
        let text =
            switch position {
            case .offset(let offset): "o:\(offset)"
            case .after(let key, let id): "k:\(id):\(key)"
            }
        return Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Nil for anything `encode` did not make.
    static func decode(_ cursor: String) -> Position? {
        guard cursor.utf8.count <= 1_000 else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            return nil
        }
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        switch parts.first {
        case "o":
            guard parts.count == 2, let offset = Int(parts[1]), offset >= 0, offset <= 10_000_000 else { return nil }
            return .offset(offset)
        case "k":
            guard parts.count == 3, let id = Int(parts[1]), id > 0 else { return nil }
            return .after(key: String(parts[2]), id: id)
        default: return nil
        }
    }
}
