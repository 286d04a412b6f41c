import NIOConcurrencyHelpers

/// Values computed from data that never changes under a given key: search results (keyed
/// by lab, the index's data version, audience and every query parameter), the barometer's
/// data and figures (keyed by the lab's versions and the period). Exact because the key
/// names the versions; the whole cache is dropped when it outgrows its bound.
final class BoundedCache<Value: Sendable>: Sendable {
    private let entries = NIOLockedValueBox<[String: Value]>([:])
    let maxEntries: Int

    init(maxEntries: Int = 2_000) { self.maxEntries = maxEntries }

    func value(_ key: String, compute: () throws -> Value) rethrows -> Value {
        if let hit = entries.withLockedValue({ $0[key] }) { return hit }
        let computed = try compute()
        entries.withLockedValue { entries in
            if entries.count >= maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[key] = computed
        }
        return computed
    }

    func get(_ key: String) -> Value? { entries.withLockedValue { $0[key] } }

    func set(_ key: String, _ value: Value) {
        entries.withLockedValue { entries in
            if entries.count >= maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[key] = value
        }
    }

    /// The same, for a value read from the database. Two requests missing at once both
    /// compute it; the second write is the same value.
    func value(_ key: String, compute: () async throws -> Value) async rethrows -> Value {
        if let hit = entries.withLockedValue({ $0[key] }) { return hit }
        let computed = try await compute()
        entries.withLockedValue { entries in
            if entries.count >= maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[key] = computed
        }
        return computed
    }
}
