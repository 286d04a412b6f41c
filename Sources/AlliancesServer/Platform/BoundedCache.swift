import NIOConcurrencyHelpers

/// Values computed from data that never changes under a given key: search results (keyed
/// by lab, the index's data version, audience and every query parameter, the text in its
/// normal form), the barometer's data and figures (keyed by the lab's versions and the
/// period). Exact because the key names the versions. Bounded by entries and by bytes (each
/// value's estimated `cost` plus its key): the whole cache is dropped when it would outgrow
/// either bound, the simplest policy that keeps memory bounded whatever keys arrive.
final class BoundedCache<Value: Sendable>: Sendable {
    private struct Entries {
        var values: [String: Value] = [:]
        var bytes = 0
    }

    private let entries = NIOLockedValueBox(Entries())
    let maxEntries: Int
    let maxBytes: Int
    let cost: @Sendable (Value) -> Int

    init(
        maxEntries: Int = 2_000, maxBytes: Int = 64 * 1024 * 1024,
        cost: @escaping @Sendable (Value) -> Int = { _ in 1024 }
    ) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.cost = cost
    }

    /// Entries and estimated bytes held now.
    var size: (entries: Int, bytes: Int) { entries.withLockedValue { ($0.values.count, $0.bytes) } }

    func value(_ key: String, compute: () throws -> Value) rethrows -> Value {
        if let hit = get(key) { return hit }
        let computed = try compute()
        set(key, computed)
        return computed
    }

    func get(_ key: String) -> Value? { entries.withLockedValue { $0.values[key] } }

    func set(_ key: String, _ value: Value) {
        let bytes = key.utf8.count + cost(value)
        // A value larger than the whole bound is served but not kept.
        guard bytes <= maxBytes else { return }
        entries.withLockedValue { entries in
            if entries.values[key] != nil { return }
            if entries.values.count >= maxEntries || entries.bytes + bytes > maxBytes { entries = Entries() }
            entries.values[key] = value
            entries.bytes += bytes
        }
    }

    /// The same, for a value read from the database. Two requests missing at once both
    /// compute it; the second write is the same value.
    func value(_ key: String, compute: () async throws -> Value) async rethrows -> Value {
        if let hit = get(key) { return hit }
        let computed = try await compute()
        set(key, computed)
        return computed
    }
}
