import AlliancesCore
@testable import AlliancesServer
import NIOConcurrencyHelpers
import Testing

@Suite struct LabVersionCacheTests {
    static func lab(version: Int) -> Lab {
        Lab(
            id: 1, slug: "essai", name: "Essai", description: nil, perimeter: Perimeter(departementCodes: ["67"]),
            regionCode: nil,
            dataVersion: version, partnershipVersion: 0, sharesFigures: false,
            archivedAt: nil)
    }

    /// 200 writes interleaved with reads while a build runs: reads are served the previous
    /// value at once, and the versions coalesce into one queued build, so no more than two
    /// builds follow the first, and the cache ends at the latest version.
    @Test func test_builds_coalesce_under_a_stream_of_writes() async throws {
        let cache = LabVersionCache<Int>(job: "test")
        let concurrent = NIOLockedValueBox((now: 0, most: 0))
        @Sendable func build(_ version: Int) -> LabVersionCache<Int>.Build {
            {
                concurrent.withLockedValue {
                    $0.now += 1; $0.most = max($0.most, $0.now)
                }
                defer { concurrent.withLockedValue { $0.now -= 1 } }
                try await Task.sleep(for: .milliseconds(100))
                return version
            }
        }
        #expect(try await cache.value(for: Self.lab(version: 1), build: build(1)) == 1)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for version in 2...201 {
                group.addTask { try await cache.value(for: Self.lab(version: version), build: build(version)) }
                group.addTask { try await cache.value(for: Self.lab(version: 1), build: build(1)) }
            }
            for try await served in group { #expect(served == 1, "reads never wait for a build") }
        }
        // The fresh read waits for the queued build, which built the latest version.
        #expect(try await cache.value(for: Self.lab(version: 201), fresh: true, build: build(201)) == 201)
        #expect(await cache.buildsStarted <= 3)
        #expect(concurrent.withLockedValue { $0.most } == 1, "one build at a time")
    }

    /// A failed build is counted and thrown to whoever waits; the next request retries.
    @Test func test_a_failed_build_is_retried_by_the_next_request() async throws {
        struct Broken: Error {}
        let cache = LabVersionCache<Int>(job: "test")
        await #expect(throws: Broken.self) { try await cache.value(for: Self.lab(version: 1)) { throw Broken() } }
        #expect(try await cache.value(for: Self.lab(version: 1)) { 7 } == 7)
    }
}
