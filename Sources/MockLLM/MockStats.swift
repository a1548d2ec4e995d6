import Prose
import Foundation
import Synchronization

/// What the mock has seen: served at `GET /mock/stats`, so that tests can check that no
/// request was paid for twice.
final class MockState: Sendable {
    struct Counts: Sendable {
        var requests = 0
        var byBody: [Int: Int] = [:]
        var faults: [String: Int] = [:]
        var random: SplitMix64
        var buckets: MockBuckets
        /// Requests answered 429 by the rate limits (not by injected faults).
        var rateLimited = 0
        /// Requests the rate limits let through, what they cost in tokens (as counted on
        /// arrival: prompt + max_tokens), and when the first and last of them arrived.
        var admitted = 0
        /// Batches ended, and the requests in them.
        var batches = 0
        var batchItems = 0
        /// Prompt prefixes seen (by a stable hash), as a provider's prompt cache keeps them.
        var cachedPrefixes: Set<UInt64> = []
        var admittedTokens = 0
        /// Image parts seen, well formed, and the largest image's bytes.
        var images = 0
        var largestImageBytes = 0
        var imageAddresses: Set<String> = []
        var firstAdmitted: ContinuousClock.Instant?
        var lastAdmitted: ContinuousClock.Instant?
    }

    let config: MockConfig
    private let counts: Mutex<Counts>
    /// Set by `POST /mock/batches/end`: every batch ends at its next look, whatever its delay
    /// (tests end batches when they choose, not when a clock says).
    private let batchesEnded = Mutex(false)

    func endBatches() { batchesEnded.withLock { $0 = true } }
    var batchesMayEnd: Bool { batchesEnded.withLock { $0 } }

    init(config: MockConfig) {
        self.config = config
        counts = Mutex(Counts(random: SplitMix64(seed: config.seed), buckets: MockBuckets(config.rateLimits)))
    }

    /// Records a request and draws its fault and delay.
    func admit(body: String, forcedFault: MockFault?) -> (fault: MockFault?, delayMilliseconds: Int) {
        // Bodies told apart by a hash of their bytes (String hashing normalizes Unicode first,
        // which is most of the mock's time per request on long prompts).
        let hash = Int(truncatingIfNeeded: StableHash.of(body))
        return counts.withLock { counts in
            counts.requests += 1
            counts.byBody[hash, default: 0] += 1
            var fault = forcedFault
            if fault == nil, let first = config.failFirst, let kind = config.faults.first,
               counts.byBody[hash, default: 0] <= first {
                fault = kind
            }
            if fault == nil, config.failFirst == nil, config.faultRate > 0, !config.faults.isEmpty,
               Double(counts.random.next() % 1_000_000) / 1_000_000 < config.faultRate {
                fault = config.faults[Int(counts.random.next() % UInt64(config.faults.count))]
            }
            if let fault { counts.faults[fault.rawValue, default: 0] += 1 }
            let jitter = config.jitterMilliseconds > 0 ? Int(counts.random.next() % UInt64(config.jitterMilliseconds + 1)) : 0
            return (fault, config.latencyMilliseconds + jitter)
        }
    }

    /// A batch ended with `items` requests.
    func countBatch(items: Int) {
        counts.withLock { counts in
            counts.batches += 1
            counts.batchItems += items
        }
    }

    /// What the prompt cache does with a prefix: OpenAI caches prefixes of 1,024 tokens or
    /// more by itself, in steps of 128, and bills the cached part from the second time on;
    /// Anthropic caches what a `cache_control` breakpoint marks (`explicit`), and bills the
    /// first write too. Returns the tokens read and the tokens written.
    func promptCache(prefix: String, explicit: Bool) -> (read: Int, written: Int) {
        let tokens = prefix.utf8.count / 4
        guard tokens >= 1024 else { return (0, 0) }
        let seen = counts.withLock { !$0.cachedPrefixes.insert(StableHash.of(prefix)).inserted }
        if explicit { return seen ? (tokens, 0) : (0, tokens) }
        return seen ? (tokens / 128 * 128, 0) : (0, 0)
    }

    /// The rate limits' decision for a request of `cost` tokens (nil when none are set).
    func admitRate(cost: Int) -> MockBuckets.Decision? {
        guard config.rateLimits.isSet else { return nil }
        return counts.withLock { counts in
            let now = ContinuousClock.now
            let decision = counts.buckets.admit(cost: cost, limits: config.rateLimits, now: now)
            if decision.retryAfterSeconds != nil {
                counts.rateLimited += 1
            } else {
                counts.admitted += 1
                counts.admittedTokens += cost
                counts.firstAdmitted = counts.firstAdmitted ?? now
                counts.lastAdmitted = now
            }
            return decision
        }
    }

    func countImages(_ seen: MockImages.Seen) {
        guard seen.parts > 0 else { return }
        counts.withLock { counts in
            counts.images += seen.parts
            counts.largestImageBytes = max(counts.largestImageBytes, seen.largestBytes)
            counts.imageAddresses.formUnion(seen.addresses)
        }
    }

    func statsJSON() -> String {
        counts.withLock { counts in
            let repeated = counts.byBody.values.filter { $0 > 1 }.reduce(0) { $0 + $1 - 1 }
            let faults = counts.faults.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
            var span = 0.0
            if let first = counts.firstAdmitted, let last = counts.lastAdmitted {
                let gap = first.duration(to: last)
                span = Double(gap.components.seconds) + Double(gap.components.attoseconds) / 1e18
            }
            return "{\"requests\": \(counts.requests), \"distinct\": \(counts.byBody.count), \"repeated\": \(repeated), "
                + "\"rate_limited\": \(counts.rateLimited), \"admitted\": \(counts.admitted), \"admitted_tokens\": \(counts.admittedTokens), "
                + "\"admitted_span_seconds\": \(span), \"batches\": \(counts.batches), \"batch_items\": \(counts.batchItems), "
                + "\"images\": \(counts.images), \"largest_image_bytes\": \(counts.largestImageBytes), "
                + "\"image_addresses\": [\(counts.imageAddresses.sorted().map(MockHandler.quoted).joined(separator: ", "))], "
                + "\"faults\": {\(faults)}}"
        }
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
