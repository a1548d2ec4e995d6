import Foundation
import HTTP

/// What an endpoint's answer says about its rate limits, read from the headers OpenAI
/// (`x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, resets as "6m0s", "1s", "20ms")
/// and Anthropic (`anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,
/// remaining,reset}`, resets as RFC 3339 times) send with every answer, 429s included.
/// Limits are per minute for both providers.
package struct RateLimitHeaders: Sendable, Equatable {
    /// One limit: how much a minute, how much is left, and in how many seconds it is full again.
    package struct Window: Sendable, Equatable {
        package var perMinute: Double
        package var remaining: Double
        package var secondsToFull: Double?

        package init(perMinute: Double, remaining: Double, secondsToFull: Double?) {
            self.perMinute = perMinute
            self.remaining = remaining
            self.secondsToFull = secondsToFull
        }
    }

    /// Windows by what they count. Empty when the endpoint sends no rate-limit headers
    /// (local servers, most proxies).
    package var windows: [RequestGate.Meter: Window] = [:]

    package init(windows: [RequestGate.Meter: Window] = [:]) {
        self.windows = windows
    }

    package init(_ headers: HTTPHeaders, now: Date = Date()) {
        func number(_ name: String) -> Double? {
            headers[name].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
        func window(limit: String, remaining: String, reset: String, absolute: Bool) -> Window? {
            guard let perMinute = number(limit), perMinute > 0, let left = number(remaining) else { return nil }
            let text = headers[reset]
            let seconds = absolute ? text.flatMap { Self.secondsUntil(rfc3339: $0, now: now) } : text.flatMap(Self.seconds(goDuration:))
            return Window(perMinute: perMinute, remaining: max(0, left), secondsToFull: seconds)
        }
        for meter in RequestGate.Meter.allCases {
            let openAI: String? = switch meter {
            case .requests: "requests"
            case .tokens: "tokens"
            case .inputTokens, .outputTokens: nil
            }
            if let name = openAI, let found = window(limit: "x-ratelimit-limit-\(name)", remaining: "x-ratelimit-remaining-\(name)",
                                                     reset: "x-ratelimit-reset-\(name)", absolute: false) {
                windows[meter] = found
                continue
            }
            let anthropic = switch meter {
            case .requests: "requests"
            case .tokens: "tokens"
            case .inputTokens: "input-tokens"
            case .outputTokens: "output-tokens"
            }
            if let found = window(limit: "anthropic-ratelimit-\(anthropic)-limit", remaining: "anthropic-ratelimit-\(anthropic)-remaining",
                                  reset: "anthropic-ratelimit-\(anthropic)-reset", absolute: true) {
                windows[meter] = found
            }
        }
        // Anthropic sends its combined `tokens` window as the tighter of input and output:
        // with the two of its own, it would count a request twice.
        if windows[.inputTokens] != nil || windows[.outputTokens] != nil, headers["x-ratelimit-limit-tokens"] == nil {
            windows[.tokens] = nil
        }
    }

    /// Seconds in a Go-style duration as OpenAI writes them: "20ms", "1s", "1.5s", "6m0s", "1h2m3.5s".
    package static func seconds(goDuration text: String) -> Double? {
        var total = 0.0
        var number = ""
        var sawUnit = false
        var characters = Array(text.trimmingCharacters(in: .whitespaces))
        characters.append(" ")
        var index = 0
        while index < characters.count - 1 {
            let character = characters[index]
            if character.isNumber || character == "." {
                number.append(character)
                index += 1
                continue
            }
            guard let value = Double(number) else { return nil }
            number = ""
            sawUnit = true
            switch character {
            case "h": total += value * 3600
            case "m" where characters[index + 1] == "s":
                total += value / 1000
                index += 1
            case "m": total += value * 60
            case "s": total += value
            default: return nil
            }
            index += 1
        }
        if !number.isEmpty { return sawUnit ? nil : Double(number) }
        return sawUnit ? total : nil
    }

    /// Seconds from `now` until an RFC 3339 time ("2026-12-02T18:30:00Z"), never negative.
    package static func secondsUntil(rfc3339 text: String, now: Date) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let date = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(trimmed))
            ?? (try? Date.ISO8601FormatStyle().parse(trimmed))
        return date.map { max(0, $0.timeIntervalSince(now)) }
    }
}
