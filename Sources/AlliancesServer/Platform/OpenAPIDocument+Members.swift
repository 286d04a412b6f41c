import Foundation

extension OpenAPIDocument {
    /// The members a JSON object may have, and the same for those of its members that are
    /// objects, or arrays of objects, themselves (a session's speakers).
    struct Members: Sendable {
        let known: Set<String>
        let nested: [String: Members]

        /// The members of `value` (and of its nested objects) that are not known, as paths:
        /// `colour`, `speakers[1].colour`.
        func unknown(in value: Any, at prefix: String = "") -> [String] {
            guard let object = value as? [String: Any] else { return [] }
            var found: [String] = []
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                guard known.contains(key) else {
                    found.append(path)
                    continue
                }
                guard let inner = nested[key] else { continue }
                if let items = member as? [Any] {
                    for (index, item) in items.enumerated() {
                        found += inner.unknown(in: item, at: "\(path)[\(index)]")
                    }
                } else {
                    found += inner.unknown(in: member, at: path)
                }
            }
            return found
        }

        /// Nil for a schema that names no properties, or a nested one left open.
        static func of(_ schema: [String: Any], _ schemas: [String: Any], depth: Int = 0) -> Members? {
            var schema = schema
            if let reference = schema["$ref"] as? String,
                let resolved = schemas[String(reference.split(separator: "/").last ?? "")] as? [String: Any]
            {
                schema = resolved
            }
            if let items = schema["items"] as? [String: Any] {
                return depth < 8 ? of(items, schemas, depth: depth + 1) : nil
            }
            // Nested objects are checked where the document closes them (`additionalProperties:
            // false`); a body itself always is.
            guard let properties = schema["properties"] as? [String: Any], depth < 8,
                depth == 0 || schema["additionalProperties"] as? Bool == false
            else { return nil }
            var nested: [String: Members] = [:]
            for (name, property) in properties {
                if let property = property as? [String: Any], let inner = of(property, schemas, depth: depth + 1) {
                    nested[name] = inner
                }
            }
            return Members(known: Set(properties.keys), nested: nested)
        }
    }

    /// The members each operation's JSON body may have ("POST /api/v1/labs/{lab}/listings"
    /// → its request schema's properties, and those of its nested objects), read once from
    /// the document.
    static let bodyShapes: [String: Members] = {
        guard let document = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let paths = document["paths"] as? [String: [String: Any]],
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        else { return [:] }
        var shapes: [String: Members] = [:]
        for (path, operations) in paths {
            for (method, operation) in operations {
                guard let operation = operation as? [String: Any],
                    let body = operation["requestBody"] as? [String: Any],
                    let content = (body["content"] as? [String: Any])?["application/json"] as? [String: Any],
                    let schema = content["schema"] as? [String: Any],
                    let members = Members.of(schema, schemas)
                else { continue }
                shapes["\(method.uppercased()) \(path)"] = members
            }
        }
        return shapes
    }()

    /// The top-level members of each operation's body.
    static var bodyMembers: [String: Set<String>] { bodyShapes.mapValues(\.known) }
}
