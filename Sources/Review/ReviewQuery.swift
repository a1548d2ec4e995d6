import Domain
import Foundation
import Prose

/// What an editor asked `docent review` to show: the same filters as the page's (unapproved,
/// flagged, stale, language, audience, check, search), the order, and which page of artworks.
/// It lives in the address (`/?unapproved=1&page=2`), so that a page can be reloaded, linked
/// and returned to after an action.
package struct ReviewQuery: Sendable, Hashable {
    package var unapproved = false
    package var flagged = false
    package var stale = false
    package var language = ""
    package var audience = ""
    /// A check's rule.
    package var check = ""
    /// Only what is assigned to the signed-in person (her languages and audiences).
    package var mine = false
    /// Words looked for in the artwork's id and title and the draft's text, case-insensitively.
    package var search = ""
    /// Needs attention first: artworks with a stale draft, then a flagged one, then an
    /// unapproved one, then the rest; by id within each.
    package var queue = false
    /// 1-based.
    package var page = 1

    /// Artworks per page: enough to read for a while, few enough that the page loads at once
    /// whatever the size of the folder.
    package static let pageSize = 50

    package init() {}

    /// From the address's query items. With none at all (the address `docent review` prints),
    /// the queue order is on: editors start with what needs them.
    package init(items: [(name: String, value: String)]) {
        guard !items.isEmpty else {
            queue = true
            return
        }
        for (name, value) in items {
            let on = value == "1" || value == "on" || value == "true"
            switch name {
            case "unapproved": unapproved = on
            case "flagged": flagged = on
            case "stale": stale = on
            case "language": language = value
            case "audience": audience = value
            case "check": check = value
            case "q": search = value.trimmingCharacters(in: .whitespacesAndNewlines)
            case "queue": queue = on
            case "mine": mine = on
            case "page": page = max(1, Int(value) ?? 1)
            default: continue
            }
        }
    }

    /// From a query string (`a=1&b=2`, percent-encoded, `+` for spaces as forms send them).
    package init(queryString: String) {
        let items = queryString.split(separator: "&").compactMap { pair -> (name: String, value: String)? in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            guard let name = parts.first.map(decoded), !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? decoded(parts[1]) : "")
        }
        self.init(items: items)
    }

    /// The query as an address's query string, in a fixed order; `page` overrides the page.
    package func queryString(page: Int? = nil) -> String {
        var items: [(String, String)] = []
        if unapproved { items.append(("unapproved", "1")) }
        if flagged { items.append(("flagged", "1")) }
        if stale { items.append(("stale", "1")) }
        if !language.isEmpty { items.append(("language", language)) }
        if !audience.isEmpty { items.append(("audience", audience)) }
        if !check.isEmpty { items.append(("check", check)) }
        if !search.isEmpty { items.append(("q", search)) }
        if mine { items.append(("mine", "1")) }
        items.append(("queue", queue ? "1" : "0"))
        items.append(("page", String(page ?? self.page)))
        return items.map { "\($0.0)=\($0.1.percentEncodedUnreserved)" }.joined(separator: "&")
    }

    /// True when a draft filter is set (then an artwork with no draft to show is left out).
    var filtersDrafts: Bool {
        unapproved || flagged || stale || mine || !language.isEmpty || !audience.isEmpty || !check.isEmpty || !search.isEmpty
    }

    /// Whether a draft is shown: every filter set holds (the page's script applies the same).
    /// `words` is what the search looks in (the artwork's id and title, the draft's text);
    /// `assigned`, whether the output is the signed-in person's ("mine").
    func shows(_ status: DraftStatus, assigned: (DraftName) -> Bool, words: () -> String) -> Bool {
        guard let name = DraftName(parsing: status.draft) else { return false }
        return (!mine || assigned(name))
            && (!unapproved || status.state != .approved) && (!flagged || status.flagged) && (!stale || status.stale)
            && (language.isEmpty || name.language == language) && (audience.isEmpty || name.audience == audience)
            && (check.isEmpty || status.rules.contains(check))
            && (search.isEmpty || words().range(of: search, options: .caseInsensitive) != nil)
    }

    /// An artwork's place in the queue order (lower first).
    static func rank(_ statuses: [DraftStatus]) -> Int {
        if statuses.contains(where: \.stale) { return 0 }
        if statuses.contains(where: \.flagged) { return 1 }
        if statuses.contains(where: { $0.state != .approved }) { return 2 }
        return 3
    }
}
