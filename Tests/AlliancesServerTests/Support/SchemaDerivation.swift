import Foundation

/// The JSON Schema of a `Decodable` type, read off the type itself: a decoder that answers
/// every request with a placeholder and notes what was asked (which keys, of which types,
/// which only "if present"). The API's DTOs are plain structs of strings, numbers, booleans,
/// arrays, nested structs and optionals, encoded by the synthesised `Codable` (an absent
/// optional is left out, never `null`), so what their `init(from:)` asks is their shape.
/// `OpenAPIContractTests` compares it with the document's named schemas: a field added to a
/// DTO and not to the document fails there.
enum SchemaDerivation {
    indirect enum Node: Equatable {
        case string, integer, number, boolean, unknown
        case array(Node)
        case map(Node)
        case object([(name: String, node: Node, required: Bool)])

        static func == (a: Node, b: Node) -> Bool { a.json as NSDictionary == b.json as NSDictionary }

        var json: [String: Any] {
            switch self {
            case .string: ["type": "string"]
            case .integer: ["type": "integer"]
            case .number: ["type": "number"]
            case .boolean: ["type": "boolean"]
            case .unknown: [:]
            case .array(let item): ["type": "array", "items": item.json]
            case .map(let value): ["type": "object", "additionalProperties": value.json]
            case .object(let fields):
                {
                    var schema: [String: Any] = [
                        "type": "object",
                        "properties": Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.node.json) })
                    ]
                    let required = fields.filter(\.required).map(\.name).sorted()
                    if !required.isEmpty { schema["required"] = required }
                    return schema
                }()
            }
        }
    }

    /// The schema of `type`, as a JSON object.
    static func schema<T: Decodable>(of type: T.Type) throws -> [String: Any] { try node(of: type).json }

    static func node<T: Decodable>(of type: T.Type) throws -> Node {
        if let dictionary = type as? any StringKeyedDictionary.Type { return .map(try dictionary.valueNode()) }
        switch type {
        case is String.Type: return .string
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: return .integer
        case is Double.Type, is Float.Type: return .number
        case is Bool.Type: return .boolean
        default: break
        }
        let box = Box()
        _ = try T(from: Recorder(box: box))
        return box.node
    }

    final class Box {
        var node: Node = .unknown
        var fields: [(name: String, node: Node, required: Bool)] = []
    }

    struct Recorder: Decoder {
        let box: Box
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            box.node = .object([])
            return KeyedDecodingContainer(Keyed<Key>(box: box))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed(box: box) }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(box: box) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let box: Box
        var codingPath: [any CodingKey] = []
        var allKeys: [Key] { [] }

        func note(_ key: Key, _ node: Node, required: Bool) {
            box.fields.append((key.stringValue, node, required))
            box.node = .object(box.fields)
        }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            note(key, try SchemaDerivation.node(of: type), required: true)
            return try placeholder(type)
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            note(key, try SchemaDerivation.node(of: type), required: false)
            return try placeholder(type)
        }

        // The primitive overloads the synthesised code calls: each goes through the two above.
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Bool.Type, key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as String.Type, key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Double.Type, key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type as Float.Type, key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Int.Type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Int8.Type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Int16.Type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Int32.Type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Int64.Type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as UInt.Type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as UInt8.Type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as UInt16.Type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as UInt32.Type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as UInt64.Type, key) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }

        private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
            note(key, try SchemaDerivation.node(of: type), required: true)
            return try placeholder(type)
        }

        private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
            note(key, try SchemaDerivation.node(of: type), required: false)
            return try placeholder(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            throw DecodingError.typeMismatch(type, .init(codingPath: [key], debugDescription: "not derived"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch(Any.self, .init(codingPath: [key], debugDescription: "not derived"))
        }

        func superDecoder() throws -> any Decoder { Recorder(box: Box()) }
        func superDecoder(forKey key: Key) throws -> any Decoder { Recorder(box: Box()) }
    }

    /// An array: one element is decoded, whose schema is the items'.
    struct Unkeyed: UnkeyedDecodingContainer {
        let box: Box
        var codingPath: [any CodingKey] = []
        var count: Int? { 1 }
        var currentIndex = 0
        var isAtEnd: Bool { currentIndex >= 1 }

        init(box: Box) {
            self.box = box
            box.node = .array(.unknown)
        }

        mutating func decodeNil() throws -> Bool { false }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            box.node = .array(try SchemaDerivation.node(of: type))
            currentIndex += 1
            return try placeholder(type)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            throw DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: "not derived"))
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch(Any.self, .init(codingPath: [], debugDescription: "not derived"))
        }

        mutating func superDecoder() throws -> any Decoder { Recorder(box: Box()) }
    }

    struct Single: SingleValueDecodingContainer {
        let box: Box
        var codingPath: [any CodingKey] = []
        func decodeNil() -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            box.node = try SchemaDerivation.node(of: type)
            return try placeholder(type)
        }
    }

    /// A value of `type` to hand back: primitives as zero or empty, anything else decoded by
    /// a throwaway recorder.
    static func placeholder<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: return "" as! T
        case is Int.Type: return 0 as! T
        case is Int64.Type: return Int64(0) as! T
        case is Int32.Type: return Int32(0) as! T
        case is UInt.Type: return UInt(0) as! T
        case is Double.Type: return 0.0 as! T
        case is Float.Type: return Float(0) as! T
        case is Bool.Type: return false as! T
        default: return try T(from: Recorder(box: Box()))
        }
    }
}

private func placeholder<T: Decodable>(_ type: T.Type) throws -> T { try SchemaDerivation.placeholder(type) }

/// `[String: Value]`, whose keys a decoder cannot list: its schema is its values'.
protocol StringKeyedDictionary {
    static func valueNode() throws -> SchemaDerivation.Node
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Decodable {
    static func valueNode() throws -> SchemaDerivation.Node { try SchemaDerivation.node(of: Value.self) }
}
