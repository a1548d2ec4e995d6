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
    }

    let config: MockConfig
    private let counts: Mutex<Counts>

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

    /// The rate limits' decision for a request of `cost` tokens (nil when none are set).
    func admitRate(cost: Int) -> MockBuckets.Decision? {
        guard config.rateLimits.isSet else { return nil }
        return counts.withLock { counts in
            let decision = counts.buckets.admit(cost: cost, limits: config.rateLimits)
            if decision.retryAfterSeconds != nil { counts.rateLimited += 1 }
            return decision
        }
    }

    func statsJSON() -> String {
        counts.withLock { counts in
            let repeated = counts.byBody.values.filter { $0 > 1 }.reduce(0) { $0 + $1 - 1 }
            let faults = counts.faults.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
            return "{\"requests\": \(counts.requests), \"distinct\": \(counts.byBody.count), \"repeated\": \(repeated), "
                + "\"rate_limited\": \(counts.rateLimited), \"faults\": {\(faults)}}"
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
