import Foundation

extension OpenAPIDocument {
    /// The members each operation's JSON body may have ("POST /api/v1/labs/{lab}/listings"
    /// → its request schema's properties), read once from the document.
    static let bodyMembers: [String: Set<String>] = {
        guard let document = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let paths = document["paths"] as? [String: [String: Any]],
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        else { return [:] }
        var members: [String: Set<String>] = [:]
        for (path, operations) in paths {
            for (method, operation) in operations {
                guard let operation = operation as? [String: Any],
                    let body = operation["requestBody"] as? [String: Any],
                    let content = (body["content"] as? [String: Any])?["application/json"] as? [String: Any],
                    var schema = content["schema"] as? [String: Any]
                else { continue }
                if let reference = schema["$ref"] as? String,
                    let resolved = schemas[String(reference.split(separator: "/").last ?? "")] as? [String: Any]
                {
                    schema = resolved
                }
                guard let properties = schema["properties"] as? [String: Any] else { continue }
                members["\(method.uppercased()) \(path)"] = Set(properties.keys)
            }
        }
        return members
    }()
}
