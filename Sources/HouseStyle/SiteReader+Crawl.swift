import Foundation
import HTTP

extension SiteReader {
    struct FetchedPage: Sendable {
        /// The URL asked for (before redirects).
        var requested: String = ""
        /// The URL the page came from.
        var url: String
        var data: Data
        var charset: String?
    }

    /// Fetches one URL, following at most three redirects on the same host.
    func fetch(_ url: String, client: HTTPClient, host: String, maxBytes: Int? = nil) async -> Result<FetchedPage, SkippedPage> {
        var current = url
        for _ in 0..<4 {
            let request = HTTPRequest(url: current, headers: [("User-Agent", settings.userAgent), ("Accept", "text/html,application/xhtml+xml,application/xml")],
                                      connectTimeout: .seconds(10), timeout: settings.timeout,
                                      maxResponseBytes: maxBytes ?? settings.maxPageBytes)
            let response: HTTPResponse
            do {
                response = try await client.execute(request)
            } catch {
                return .failure(SkippedPage(source: url, reason: "\(error)"))
            }
            switch response.status {
            case 200..<300:
                let contentType = response.headers["content-type"]?.lowercased() ?? ""
                let charset = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { $0.hasPrefix("charset=") }.map { String($0.dropFirst("charset=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                if !contentType.isEmpty, !(contentType.contains("html") || contentType.contains("xml") || contentType.contains("text/plain")) {
                    return .failure(SkippedPage(source: url, reason: "not HTML (\(contentType))"))
                }
                return .success(FetchedPage(requested: url, url: current, data: response.body, charset: charset))
            case 301, 302, 303, 307, 308:
                guard let location = response.headers["location"],
                      let next = URL(string: location, relativeTo: URL(string: current))?.absoluteURL.absoluteString else {
                    return .failure(SkippedPage(source: url, reason: "redirect without a location"))
                }
                guard SiteReader.host(of: next) == host else {
                    return .failure(SkippedPage(source: url, reason: "redirects off the host, to \(SiteReader.host(of: next))"))
                }
                current = next
            default:
                return .failure(SkippedPage(source: url, reason: "HTTP \(response.status)"))
            }
        }
        return .failure(SkippedPage(source: url, reason: "too many redirects"))
    }

    /// Fetches pages a few at a time, on the first URL's host only, as robots.txt allows.
    func crawl(_ urls: [String], client: HTTPClient, budget: Int, bytesLeft: Int) async -> SiteReading {
        var skipped: [SkippedPage] = []
        guard let first = urls.first else { return SiteReading(pages: [], skipped: []) }
        let host = SiteReader.host(of: first)
        var robots: [String: RobotsRules] = [:]
        var allowed: [String] = []
        var seen = Set<String>()
        for url in urls {
            guard seen.insert(url).inserted else { continue }
            let urlHost = SiteReader.host(of: url)
            guard urlHost == host else {
                skipped.append(SkippedPage(source: url, reason: "not on \(host): only one site is read"))
                continue
            }
            if robots[urlHost] == nil {
                let scheme = url.hasPrefix("https://") ? "https" : "http"
                switch await fetch("\(scheme)://\(urlHost)/robots.txt", client: client, host: urlHost, maxBytes: 512 << 10) {
                case .success(let page): robots[urlHost] = RobotsRules(String(decoding: page.data, as: UTF8.self), agent: "docent")
                case .failure: robots[urlHost] = RobotsRules("", agent: "docent")
                }
            }
            let path = URLComponents(string: url).map { $0.percentEncodedPath + ($0.percentEncodedQuery.map { "?\($0)" } ?? "") } ?? "/"
            guard robots[urlHost]?.allows(path.isEmpty ? "/" : path) ?? true else {
                skipped.append(SkippedPage(source: url, reason: "disallowed by robots.txt"))
                continue
            }
            if allowed.count >= budget {
                skipped.append(SkippedPage(source: url, reason: "over the limit of \(settings.maxPages) pages"))
                continue
            }
            allowed.append(url)
        }
        var pages: [(requested: String, page: ExtractedPage)] = []
        var bytes = 0
        await withTaskGroup(of: Result<FetchedPage, SkippedPage>.self) { group in
            var next = allowed.makeIterator()
            for _ in 0..<max(1, settings.concurrency) {
                guard let url = next.next() else { break }
                group.addTask { await self.fetch(url, client: client, host: host) }
            }
            for await result in group {
                switch result {
                case .success(let fetched):
                    if bytes + fetched.data.count > bytesLeft {
                        skipped.append(SkippedPage(source: fetched.url, reason: "over the total limit of \(settings.maxTotalBytes) bytes"))
                    } else {
                        bytes += fetched.data.count
                        switch extract(fetched.data, source: fetched.url, encoding: fetched.charset) {
                        case .success(let page): pages.append((fetched.requested, page))
                        case .failure(let problem): skipped.append(problem)
                        }
                    }
                case .failure(let problem):
                    skipped.append(problem)
                }
                if let url = next.next() {
                    group.addTask { await self.fetch(url, client: client, host: host) }
                }
            }
        }
        // Keep the listed order, whatever order the answers came in.
        let order = Dictionary(allowed.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        pages.sort { (order[$0.requested] ?? 0) < (order[$1.requested] ?? 0) }
        return SiteReading(pages: pages.map(\.page), skipped: skipped)
    }
}

/// The rules of a robots.txt for one user agent (or `*`): longest matching rule wins,
/// `Allow` over `Disallow` on a tie, `*` and `$` wildcards (RFC 9309).
struct RobotsRules: Sendable {
    private var rules: [(allow: Bool, pattern: String)] = []

    init(_ text: String, agent: String) {
        var groups: [(agents: [String], rules: [(Bool, String)])] = []
        var current: (agents: [String], rules: [(Bool, String)])?
        var lastWasAgent = false
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "user-agent":
                if !lastWasAgent {
                    if let current { groups.append(current) }
                    current = ([], [])
                }
                current?.agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                if !value.isEmpty { current?.rules.append((field == "allow", value)) }
            default:
                lastWasAgent = false
            }
        }
        if let current { groups.append(current) }
        let agent = agent.lowercased()
        let specific = groups.filter { $0.agents.contains { agent.hasPrefix($0) && $0 != "*" } }
        let chosen = specific.isEmpty ? groups.filter { $0.agents.contains("*") } : specific
        rules = chosen.flatMap(\.rules).map { (allow: $0.0, pattern: $0.1) }
    }

    func allows(_ path: String) -> Bool {
        var best: (length: Int, allow: Bool)?
        for rule in rules where Self.matches(rule.pattern, path) {
            let length = rule.pattern.count
            if best == nil || length > best!.length || (length == best!.length && rule.allow) {
                best = (length, rule.allow)
            }
        }
        return best?.allow ?? true
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        let anchored = pattern.hasSuffix("$")
        let parts = (anchored ? String(pattern.dropLast()) : pattern).components(separatedBy: "*")
        var rest = Substring(path)
        for (index, part) in parts.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if part.isEmpty {
                continue
            } else if let range = rest.range(of: part) {
                rest = rest[range.upperBound...]
            } else {
                return false
            }
        }
        if anchored {
            if parts.count > 1, let last = parts.last, !last.isEmpty { return path.hasSuffix(last) }
            return rest.isEmpty
        }
        return true
    }
}

/// Test access to robots.txt matching.
package enum RobotsRulesProbe {
    package static func rules(_ text: String, agent: String = "docent") -> @Sendable (String) -> Bool {
        let rules = RobotsRules(text, agent: agent)
        return { rules.allows($0) }
    }
}
