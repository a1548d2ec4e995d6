import Foundation
import Prose
import Synchronization

/// One finding of a style rule: where, which rule, how serious, what to do.
package struct StyleFinding: Sendable, Hashable, Codable {
    package var rule: String
    /// `error`, `warning` or `suggestion` (Vale's levels).
    package var level: String
    package var message: String
    package var line: Int
    package var column: Int
    package var match: String
}

/// A checkable rule, in the shape of Vale's common rule types: `existence` (these words should
/// not appear), `substitution` (use this instead of that), `occurrence` (at most / at least N
/// matches), `capitalization` (headings in sentence or title case).
package struct StyleRule: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Hashable, Codable {
        case existence, substitution, occurrence, capitalization
    }

    package var name: String
    package var kind: Kind
    /// Vale message; `%s` stands for the match (and, for substitutions, first the replacement).
    package var message: String
    package var level: String
    package var ignoreCase: Bool
    /// existence, occurrence: patterns (regular expressions) to look for.
    package var tokens: [String]
    /// substitution: pattern → replacement.
    package var swap: [String: String]
    /// occurrence: limits.
    package var max: Int?
    package var min: Int?
    /// capitalization: `$sentence` or `$title` (applied to Markdown headings).
    package var match: String?

    package init(name: String, kind: Kind, message: String, level: String = "warning", ignoreCase: Bool = true,
                tokens: [String] = [], swap: [String: String] = [:], max: Int? = nil, min: Int? = nil, match: String? = nil) {
        self.name = name
        self.kind = kind
        self.message = message
        self.level = level
        self.ignoreCase = ignoreCase
        self.tokens = tokens
        self.swap = swap
        self.max = max
        self.min = min
        self.match = match
    }

    /// Vale's alternation of patterns, word-bounded except for occurrence rules (whose token is
    /// often punctuation).
    func regex(_ patterns: [String]) -> NSRegularExpression? {
        guard !patterns.isEmpty else { return nil }
        let alternation = "(?:" + patterns.joined(separator: "|") + ")"
        let source = kind == .occurrence ? alternation : "(?<![\\p{L}\\p{N}])" + alternation + "(?![\\p{L}\\p{N}])"
        return CompiledPatterns.shared.regex(source, ignoreCase: ignoreCase)
    }

    /// Whether `text` may match one of `patterns`: false only when every pattern is a plain
    /// phrase (no regular-expression syntax) that the text does not contain, so that most
    /// texts skip the expression engine (and its trip through UTF-16) altogether.
    func mayMatch(_ patterns: [String], in lowered: String) -> Bool {
        patterns.contains { pattern in
            guard !pattern.contains(where: { "\\^$.|?*+()[]{}".contains($0) }) else { return true }
            // Beyond Latin-1 (and œ), lowercasing byte by byte is not enough to compare: unsure.
            let unsure = ignoreCase && pattern.unicodeScalars.contains {
                $0.value >= 0x100 && $0.value != 0x152 && $0.value != 0x153 && $0.properties.changesWhenCaseMapped
            }
            return unsure || FastText.contains(lowered, ignoreCase ? UTF8Text.lowercasedLatin(pattern) : pattern)
        }
    }

    func format(_ values: String...) -> String {
        var text = message
        for value in values {
            guard let range = text.range(of: "%s") else { break }
            text.replaceSubrange(range, with: value)
        }
        return text
    }

    package func check(_ text: String) -> [StyleFinding] {
        switch kind {
        case .existence:
            if !mayMatch(tokens, in: ignoreCase ? UTF8Text.lowercasedLatin(text) : text) { return [] }
        case .occurrence where min == nil:
            if !mayMatch(tokens, in: ignoreCase ? UTF8Text.lowercasedLatin(text) : text) { return [] }
        case .substitution:
            let lowered = ignoreCase ? UTF8Text.lowercasedLatin(text) : text
            if !mayMatch(Array(swap.keys), in: lowered) { return [] }
        default:
            break
        }
        let lines = LineIndex(text)
        let whole = NSRange(text.startIndex..., in: text)
        var findings: [StyleFinding] = []
        func finding(_ range: NSRange, _ message: String) {
            let (line, column) = lines.position(of: range.location, in: text)
            let match = Range(range, in: text).map { String(text[$0]) } ?? ""
            findings.append(StyleFinding(rule: name, level: level, message: message, line: line, column: column, match: match))
        }
        switch kind {
        case .existence:
            regex(tokens)?.enumerateMatches(in: text, range: whole) { result, _, _ in
                guard let result, let range = Range(result.range, in: text) else { return }
                finding(result.range, format(String(text[range])))
            }
        case .substitution:
            for (pattern, replacement) in swap.sorted(by: { $0.key < $1.key }) {
                regex([pattern])?.enumerateMatches(in: text, range: whole) { result, _, _ in
                    guard let result, let range = Range(result.range, in: text) else { return }
                    let found = String(text[range])
                    if found.compare(replacement, options: ignoreCase ? .caseInsensitive : []) == .orderedSame { return }
                    finding(result.range, format(replacement, found))
                }
            }
        case .occurrence:
            let matches = regex(tokens)?.matches(in: text, range: whole) ?? []
            if let max, matches.count > max, let first = matches.dropFirst(max).first {
                finding(first.range, format(String(matches.count)))
            }
            if let min, matches.count < min {
                finding(NSRange(location: 0, length: 0), format(String(matches.count)))
            }
        case .capitalization:
            var offset = 0
            for line in text.components(separatedBy: "\n") {
                defer { offset += (line as NSString).length + 1 }
                guard line.hasPrefix("#") else { continue }
                let heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                if !Capitalization.matches(heading, style: match ?? "$sentence") {
                    finding(NSRange(location: offset, length: (line as NSString).length), format(heading))
                }
            }
        }
        return findings
    }
}

/// Sentence and title case of headings.
enum Capitalization {
    static let minorWords: Set<String> = ["a", "an", "the", "and", "but", "or", "for", "nor", "on", "at", "to", "by", "of", "in", "with",
                                          "de", "du", "des", "la", "le", "les", "et", "à", "en", "un", "une", "y", "el", "los", "und", "der", "die", "das"]

    static func matches(_ heading: String, style: String) -> Bool {
        let words = heading.split(separator: " ").map(String.init).filter { $0.first?.isLetter == true }
        guard let first = words.first else { return true }
        switch style {
        case "$title":
            return words.enumerated().allSatisfy { index, word in
                (index > 0 && minorWords.contains(word.lowercased())) || word.first!.isUppercase
            }
        case "$lower": return heading == heading.lowercased()
        case "$upper": return heading == heading.uppercased()
        default:
            // Sentence case: first word capitalized; later capitals only on names, which a
            // rule cannot know, so more than half the later words capitalized is title case.
            guard first.first!.isUppercase else { return false }
            let later = words.dropFirst().filter { $0.count > 3 }
            guard later.count >= 2 else { return true }
            return Double(later.filter { $0.first!.isUppercase }.count) / Double(later.count) <= 0.5
        }
    }
}

/// UTF-16 offsets to 1-based line and column.
struct LineIndex {
    private var starts: [Int] = [0]

    init(_ text: String) {
        var offset = 0
        for unit in text.utf16 {
            offset += 1
            if unit == 0x0A { starts.append(offset) }
        }
    }

    func position(of offset: Int, in text: String) -> (line: Int, column: Int) {
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low + 1, offset - starts[low] + 1)
    }
}

/// Regular expressions compiled once per pattern and reused by every check.
final class CompiledPatterns: Sendable {
    static let shared = CompiledPatterns()
    private let cache = Mutex<[String: Compiled]>([:])

    /// NSRegularExpression is immutable once made, and safe to use from several threads.
    private struct Compiled: @unchecked Sendable {
        var regex: NSRegularExpression?
    }

    func regex(_ source: String, ignoreCase: Bool) -> NSRegularExpression? {
        let key = (ignoreCase ? "i:" : "c:") + source
        if let found = cache.withLock({ $0[key] }) { return found.regex }
        let compiled = try? NSRegularExpression(pattern: source, options: ignoreCase ? [.caseInsensitive] : [])
        cache.withLock { $0[key] = Compiled(regex: compiled) }
        return compiled
    }
}
