import Synchronization

/// What the request gate reads the time from and waits with: the system's clock in a run; in
/// tests, a clock whose time moves only when the gate waits, so that a test says exactly how
/// long the gate made a request wait, whatever the machine's load (`VirtualGateClock`).
package protocol GateClock: Sendable {
    func now() -> ContinuousClock.Instant
    func sleep(for duration: Duration) async throws
}

/// The system's monotonic clock.
package struct SystemGateClock: GateClock {
    package init() {}
    package func now() -> ContinuousClock.Instant { ContinuousClock.now }
    package func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// A clock that stands still until someone waits on it: a wait moves it forward by the time
/// asked, at once. `elapsed` is how long the waits took in all.
package final class VirtualGateClock: GateClock {
    private let origin = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    package init() {}

    package var elapsed: Duration { offset.withLock { $0 } }

    package func now() -> ContinuousClock.Instant { origin.advanced(by: elapsed) }

    package func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        offset.withLock { $0 += max(.zero, duration) }
        await Task.yield()
    }
}
