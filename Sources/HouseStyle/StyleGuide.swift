import Foundation
import Prose
import Yams

/// The museum's written editorial style guide: Markdown with YAML front matter, or plain YAML,
/// plus Vale styles (a folder of rule `.yml` files).
///
/// Front-matter keys: `tone`, `person`, `do`, `dont` (lists), `terminology.preferred` (`use`,
/// `instead_of`), `terminology.banned` (terms, or `term` with `replacement`), `audiences`
/// (per audience: `min_words`, `max_words`, `max_sentence_words`, `reading_ease`), `vale`
/// (a folder of Vale rules, relative to the guide).
package struct StyleGuide: Sendable, Hashable, Codable {
    /// A term to use instead of others ("œuvre", not "oeuvre").
    package struct PreferredTerm: Sendable, Hashable, Codable {
        package var use: String
        package var insteadOf: [String]
    }

    /// A term never to write, with what to write instead if the guide says.
    package struct BannedTerm: Sendable, Hashable, Codable {
        package var term: String
        package var replacement: String?

        package init(term: String, replacement: String? = nil) {
            self.term = term
            self.replacement = replacement
        }
    }

    package struct AudienceTarget: Sendable, Hashable, Codable {
        package var minWords: Int?
        package var maxWords: Int?
        package var maxSentenceWords: Int?
        /// The lowest acceptable reading ease for this audience.
        package var readingEase: Double?
    }

    package var tone: String?
    package var person: String?
    package var dos: [String] = []
    package var donts: [String] = []
    package var preferred: [PreferredTerm] = []
    package var banned: [BannedTerm] = []
    package var audiences: [String: AudienceTarget] = [:]
    /// The Markdown text after the front matter, for people and for the model.
    package var body: String = ""
    /// Every checkable rule: terminology and Vale styles.
    package var rules: [StyleRule] = []
    /// Problems met while loading (a bad Vale file, an unknown key); the rest still loads.
    package var warnings: [String] = []

    package init() {}

    package static func load(path: String) throws(FileProblem) -> StyleGuide {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FileProblem(path: path, message: "cannot be read as UTF-8 text")
        }
        let lowered = path.lowercased()
        var yaml = ""
        var body = ""
        if lowered.hasSuffix(".yml") || lowered.hasSuffix(".yaml") {
            yaml = text
        } else if let parts = FrontMatter.split(text) {
            yaml = parts.yaml
            body = parts.body.trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var guide = StyleGuide()
        guide.body = body
        if !yaml.isEmpty {
            let loaded: Any?
            do {
                loaded = try Yams.load(yaml: yaml)
            } catch {
                throw FileProblem(path: path, message: "front matter is not valid YAML: \(error)")
            }
            guard let mapping = loaded as? [String: Any] else {
                throw FileProblem(path: path, message: "front matter must be a mapping of keys")
            }
            guide.read(mapping, folder: (path as NSString).deletingLastPathComponent)
        }
        guide.rules = guide.terminologyRules() + guide.rules
        return guide
    }

    static let keys = ["tone", "person", "do", "dont", "terminology", "audiences", "vale"]

    mutating func read(_ mapping: [String: Any], folder: String) {
        for key in mapping.keys.sorted() where !Self.keys.contains(key) {
            warnings.append("unknown key '\(key)' in the style guide; ignored" + Suggestion.hint(for: key, in: Self.keys))
        }
        tone = mapping["tone"] as? String
        person = mapping["person"] as? String
        dos = strings(mapping["do"])
        donts = strings(mapping["dont"])
        if let terminology = mapping["terminology"] as? [String: Any] {
            for entry in terminology["preferred"] as? [[String: Any]] ?? [] {
                guard let use = entry["use"] as? String else {
                    warnings.append("terminology.preferred: an entry has no 'use'")
                    continue
                }
                preferred.append(PreferredTerm(use: use, insteadOf: strings(entry["instead_of"])))
            }
            for entry in terminology["banned"] as? [Any] ?? [] {
                if let term = entry as? String {
                    banned.append(BannedTerm(term: term))
                } else if let object = entry as? [String: Any], let term = object["term"] as? String {
                    banned.append(BannedTerm(term: term, replacement: object["replacement"] as? String))
                }
            }
        }
        for (name, value) in mapping["audiences"] as? [String: Any] ?? [:] {
            guard let target = value as? [String: Any] else { continue }
            audiences[name] = AudienceTarget(
                minWords: target["min_words"] as? Int, maxWords: target["max_words"] as? Int,
                maxSentenceWords: target["max_sentence_words"] as? Int,
                readingEase: (target["reading_ease"] as? Double) ?? (target["reading_ease"] as? Int).map(Double.init))
        }
        if let vale = mapping["vale"] as? String {
            let (valeRules, problems) = ValeStyle.load(folder: vale.hasPrefix("/") ? vale : (folder as NSString).appendingPathComponent(vale))
            rules += valeRules
            warnings += problems
        }
    }

    func strings(_ value: Any?) -> [String] {
        if let list = value as? [Any] { return list.compactMap { $0 as? String } }
        if let single = value as? String { return [single] }
        return []
    }

    /// The guide's terminology as rules: banned terms (existence, or substitution when a
    /// replacement is given) and preferred terms (substitution).
    func terminologyRules() -> [StyleRule] {
        var rules: [StyleRule] = []
        let plainBanned = banned.filter { $0.replacement == nil }.map { NSRegularExpression.escapedPattern(for: $0.term) }
        if !plainBanned.isEmpty {
            rules.append(StyleRule(name: "StyleGuide.Banned", kind: .existence,
                                   message: "'%s' is on the style guide's list of terms to avoid", level: "error", tokens: plainBanned))
        }
        var swap: [String: String] = [:]
        for entry in banned { if let replacement = entry.replacement { swap[NSRegularExpression.escapedPattern(for: entry.term)] = replacement } }
        for entry in preferred { for other in entry.insteadOf { swap[NSRegularExpression.escapedPattern(for: other)] = entry.use } }
        if !swap.isEmpty {
            rules.append(StyleRule(name: "StyleGuide.Terms", kind: .substitution, message: "Use '%s' rather than '%s' (style guide)",
                                   level: "warning", swap: swap))
        }
        return rules
    }

    enum CodingKeys: String, CodingKey {
        case tone, person, dos = "do", donts = "dont", preferred, banned, audiences, body, rules, warnings
    }
}

/// Vale styles: a folder of `.yml` rule files, of the rule types Docent checks.
enum ValeStyle {
    static func load(folder: String) -> ([StyleRule], [String]) {
        var rules: [StyleRule] = []
        var problems: [String] = []
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return ([], ["Vale styles folder \(folder) cannot be read"])
        }
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let path = (folder as NSString).appendingPathComponent(name)
            let ruleName = (folder as NSString).lastPathComponent + "." + (name as NSString).deletingPathExtension
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  let rule = (try? Yams.load(yaml: text)) as? [String: Any] else {
                problems.append("\(path): not a YAML rule; skipped")
                continue
            }
            guard let extends = rule["extends"] as? String, let kind = StyleRule.Kind(rawValue: extends) else {
                problems.append("\(path): rule type '\(rule["extends"] ?? "none")' is not one Docent checks (existence, substitution, occurrence, capitalization); skipped")
                continue
            }
            let level = (rule["level"] as? String) ?? "warning"
            let tokens = (rule["tokens"] as? [Any] ?? []).compactMap { $0 as? String } + [rule["token"] as? String].compactMap { $0 }
            var swap: [String: String] = [:]
            for (key, value) in rule["swap"] as? [String: Any] ?? [:] { swap[key] = "\(value)" }
            rules.append(StyleRule(
                name: ruleName, kind: kind, message: (rule["message"] as? String) ?? "\(ruleName): '%s'",
                level: ["error", "warning", "suggestion"].contains(level) ? level : "warning",
                ignoreCase: (rule["ignorecase"] as? Bool) ?? false, tokens: tokens, swap: swap,
                max: rule["max"] as? Int, min: rule["min"] as? Int, match: rule["match"] as? String))
        }
        return (rules, problems)
    }
}
