import EHECore
import Foundation
import Testing

@testable import EHEApp

/// Credentials found valid are kept a few seconds; a change made meanwhile always wins.
@Suite("Credential cache")
struct CredentialCacheTests {
    struct Credential: Sendable, Equatable {
        var id: Int
        var expiresAt: String
    }

    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let live = Credential(id: 1, expiresAt: "2099-01-01T00:00:00.000Z")

    @Test("a hit is served from the cache; an expired record or one forgotten is looked up again")
    func hitsAndMisses() async throws {
        let cache = CredentialCache<Credential>(expiresAt: \.expiresAt)
        let lookups = Locked(0)
        let fetch: (Data, String) async throws -> Credential? = { _, _ in
            lookups.update { $0 += 1 }
            return Self.live
        }
        #expect(try await cache.lookup(Data([1]), now: Self.now, fetch: fetch) == Self.live)
        #expect(try await cache.lookup(Data([1]), now: Self.now, fetch: fetch) == Self.live)
        #expect(lookups.value == 1)
        // Past the cache time, or forgotten: looked up again.
        _ = try await cache.lookup(Data([1]), now: Self.now.addingTimeInterval(AccountService.credentialCacheSeconds + 1), fetch: fetch)
        #expect(lookups.value == 2)
        cache.forgetRecords(matching: { $0.id == 1 })
        _ = try await cache.lookup(Data([1]), now: Self.now, fetch: fetch)
        #expect(lookups.value == 3)
        // A record that has itself expired is never served from the cache.
        let expiring = CredentialCache<Credential>(expiresAt: \.expiresAt)
        let short = Credential(id: 2, expiresAt: Self.now.addingTimeInterval(1).auditStamp)
        _ = try await expiring.lookup(Data([2]), now: Self.now) { _, _ in short }
        #expect(try await expiring.lookup(Data([2]), now: Self.now.addingTimeInterval(2)) { _, _ in nil } == nil)
    }

    @Test("a record read before a revocation is not put back by the lookup that read it")
    func revocationDuringLookup() async throws {
        let cache = CredentialCache<Credential>(expiresAt: \.expiresAt)
        // The revocation lands while the lookup is reading the store (as a concurrent request would).
        let first = try await cache.lookup(Data([1]), now: Self.now) { _, _ in
            cache.forgetRecords(matching: { $0.id == 1 })
            return Self.live
        }
        #expect(first == Self.live)
        let lookups = Locked(0)
        let after = try await cache.lookup(Data([1]), now: Self.now) { _, _ in
            lookups.update { $0 += 1 }
            return nil
        }
        #expect(after == nil)
        #expect(lookups.value == 1)
    }
}
