import Foundation
import HTTP

/// Requests per second and client CPU per request of `HTTPClient` against the mock endpoint
/// (a separate process, so that this process's CPU time is the client's alone).
struct HTTPBenchmark {
    var baseURL: String
    var requests: Int
    var inFlight: Int

    struct Result {
        var requestsPerSecond: Double
        var cpuMicrosecondsPerRequest: Double
        var failures: Int
    }

    func run() async throws -> Result {
        try await withHTTPClient(maxConnections: inFlight) { client in
            let request = HTTPRequest(url: baseURL + "/mock/ping")
            // Warm up the connections.
            try await send(client, request, count: inFlight * 4)
            let cpuBefore = CPUTime.now()
            let start = ContinuousClock.now
            let failures = try await send(client, request, count: requests)
            let elapsed = start.duration(to: .now)
            let cpu = CPUTime.now() - cpuBefore
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return Result(requestsPerSecond: Double(requests) / seconds,
                          cpuMicrosecondsPerRequest: cpu * 1e6 / Double(requests), failures: failures)
        }
    }

    /// Keeps `inFlight` requests going until `count` are done; returns the failures.
    @discardableResult
    func send(_ client: HTTPClient, _ request: HTTPRequest, count: Int) async throws -> Int {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            var started = 0
            var failures = 0
            while started < min(inFlight, count) {
                group.addTask { (try? await client.execute(request))?.status == 200 }
                started += 1
            }
            while let ok = try await group.next() {
                if !ok { failures += 1 }
                if started < count {
                    group.addTask { (try? await client.execute(request))?.status == 200 }
                    started += 1
                }
            }
            return failures
        }
    }
}

/// CPU time (user + system) of this process, in seconds.
enum CPUTime {
    /// User and system time separately, in seconds.
    static func split() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return (Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6)
    }

    static func now() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
