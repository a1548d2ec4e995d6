import Foundation

/// When and how long to wait before trying a request again, as the official OpenAI and
/// Anthropic SDKs do: retry connection errors, timeouts, 408, 409, 429 and 5xx; wait
/// min(0.5·2ⁿ, 8) s less up to 25 % jitter, or what the server asks (`retry-after-ms`,
/// `Retry-After` in seconds or as an HTTP date) when that is at most 120 s.
///
/// A 429 is the endpoint's pace, not a failure: it does not count against `maxAttempts`;
/// a request fails on 429s only once they have made it wait `maxRateLimitWait` seconds in
/// all (`limits.max_wait`).
package struct RetryPolicy: Sendable {
    package var maxAttempts: Int
    package var initialDelay: Double
    package var maxDelay: Double
    package var maxServerDelay: Double
    package var maxRateLimitWait: Double

    package init(maxAttempts: Int = 5, initialDelay: Double = 0.5, maxDelay: Double = 8, maxServerDelay: Double = 120,
                 maxRateLimitWait: Double = 900) {
        self.maxAttempts = maxAttempts
        self.maxRateLimitWait = maxRateLimitWait
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.maxServerDelay = maxServerDelay
    }

    package static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || status >= 500
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based).
    /// `jitter` is a draw in 0…1 (injected for tests).
    package func delay(afterAttempt attempt: Int, serverDelay: Double?, jitter: Double = Double.random(in: 0...1)) -> Double {
        if let serverDelay, serverDelay >= 0, serverDelay <= maxServerDelay {
            return serverDelay
        }
        let base = min(initialDelay * pow(2, Double(attempt - 1)), maxDelay)
        return base * (1 - 0.25 * jitter)
    }

    /// The delay a response asks for, in seconds: `retry-after-ms`, then `Retry-After`.
    package static func serverDelay(retryAfterMs: String?, retryAfter: String?, now: Date = Date()) -> Double? {
        if let text = retryAfterMs, let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)) {
            return milliseconds / 1000
        }
        guard let text = retryAfter?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Double(text) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
