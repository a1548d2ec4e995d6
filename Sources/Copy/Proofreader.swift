import Catalog
import Foundation
import HouseStyle
import Prose

/// The deterministic checks every text gets, whatever wrote it: length, readability,
/// sentences, passive voice, the style guide's rules, locale typography, grounding in the
/// record, and hygiene (AI disclaimers, echoed prompts, code fences, wrong language, loops,
/// cut-off endings).
public struct Proofreader: Sendable {
    public var audience: Audience?
    public var language: String
    /// The record the text is about: years, numbers and names must be traceable to it.
    public var artwork: Artwork?
    /// Extra names and terms that may appear (institution, glossary).
    public var glossary: [String]
    public var styleRules: [StyleRule]
    /// The lowest acceptable reading ease (per the language's formula), or nil for none.
    public var minimumReadingEase: Double?

    public init(audience: Audience?, language: String, artwork: Artwork? = nil, glossary: [String] = [],
                styleRules: [StyleRule] = [], minimumReadingEase: Double? = nil) {
        self.audience = audience
        self.language = language
        self.artwork = artwork
        self.glossary = glossary
        self.styleRules = styleRules
        self.minimumReadingEase = minimumReadingEase ?? audience.flatMap { Self.defaultReadingEase[$0.name] }
    }

    /// Default minimum reading ease by audience (Flesch-like scales: 60–70 is plain language).
    public static let defaultReadingEase: [String: Double] = [
        "general": 50, "children": 70, "easy-read": 75, "school": 50, "social": 55, "audio": 55, "web": 45, "press": 40,
    ]

    public func check(_ text: String) -> [Finding] {
        let stats = TextStats(text)
        if stats.words == 0 { return [Finding("empty", .error, "the text is empty")] }
        var findings: [Finding] = []
        findings += lengthChecks(text, stats)
        findings += sentenceChecks(text, stats)
        findings += readability(stats)
        findings += passiveVoice(stats)
        findings += styleRules.flatMap { rule in
            rule.check(text).map { finding in
                Finding(finding.rule, finding.level == "error" ? .error : finding.level == "warning" ? .warning : .info,
                        finding.message, line: finding.line, column: finding.column)
            }
        }
        findings += Typography.check(text, language: language)
        if let artwork { findings += Grounding(artwork: artwork, glossary: glossary, language: language).check(text, stats: stats) }
        findings += Hygiene.check(text, language: language, stats: stats, allowedRepeats: artwork.map { [$0.title] + Array($0.titles.values) } ?? [])
        return findings
    }

    func lengthChecks(_ text: String, _ stats: TextStats) -> [Finding] {
        guard let audience else { return [] }
        var findings: [Finding] = []
        if stats.words < audience.minWords {
            findings.append(Finding("length", .warning, "\(stats.words) words, below the \(audience.minWords)–\(audience.maxWords) words for \(audience.label)"))
        } else if stats.words > audience.maxWords {
            findings.append(Finding("length", .warning, "\(stats.words) words, above the \(audience.minWords)–\(audience.maxWords) words for \(audience.label)"))
        }
        if let limit = audience.maxCharacters, stats.characters > limit {
            findings.append(Finding("characters", .error, "\(stats.characters) characters, over the limit of \(limit)"))
        }
        let hashtags = text.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("#") && $0.count > 1 && !$0.hasPrefix("##") }
        if let limit = audience.maxHashtags, hashtags.count > limit {
            findings.append(Finding("hashtags", .error, "\(hashtags.count) hashtags, over the limit of \(limit)"))
        }
        return findings
    }

    func sentenceChecks(_ text: String, _ stats: TextStats) -> [Finding] {
        var findings: [Finding] = []
        let lengths = stats.sentences.map { TextStats.words(in: $0).count }
        if let audience {
            for sentence in stats.sentences where TextStats.words(in: sentence).count > audience.maxSentenceWords {
                let (line, column) = Self.position(of: sentence, in: text)
                findings.append(Finding("sentence-length", .warning,
                    "\(TextStats.words(in: sentence).count) words in one sentence (at most \(audience.maxSentenceWords) for \(audience.label))",
                    line: line, column: column))
            }
        }
        let long = lengths.filter { $0 > 20 }.count
        if lengths.count >= 4, Double(long) / Double(lengths.count) > 0.25, (audience?.maxSentenceWords ?? 25) <= 25 {
            findings.append(Finding("long-sentences", .warning, "\(long) of \(lengths.count) sentences have more than 20 words (at most 25 % recommended)"))
        }
        for paragraph in stats.paragraphs where TextStats.words(in: paragraph).count > 150 {
            let (line, column) = Self.position(of: String(paragraph.prefix(40)), in: text)
            findings.append(Finding("paragraph-length", .warning, "a paragraph of \(TextStats.words(in: paragraph).count) words (at most 150 recommended)",
                                    line: line, column: column))
        }
        return findings
    }

    func readability(_ stats: TextStats) -> [Finding] {
        guard let minimum = minimumReadingEase, stats.words >= 30,
              let score = Readability.score(of: stats, language: language) else { return [] }
        if score.value < minimum {
            return [Finding("readability", .warning, String(format: "reading ease %.0f (%@), below %.0f for %@", score.value, score.formula, minimum, audience?.label ?? "this text"))]
        }
        return []
    }

    func passiveVoice(_ stats: TextStats) -> [Finding] {
        guard stats.sentences.count >= 3, let pattern = PassiveVoice.pattern(for: language) else { return [] }
        let passive = stats.sentences.filter { sentence in
            let lowered = sentence.lowercased()
            return pattern.firstMatch(in: lowered, range: NSRange(lowered.startIndex..., in: lowered)) != nil
        }.count
        if Double(passive) / Double(stats.sentences.count) > 0.10 {
            return [Finding("passive-voice", .warning, "\(passive) of \(stats.sentences.count) sentences in the passive voice (at most 10 % recommended)")]
        }
        return []
    }

    /// 1-based line and column of the first occurrence of `needle`.
    static func position(of needle: String, in text: String) -> (Int, Int) {
        FastText.position(of: needle, in: text)
    }
}

/// Passive voice: a form of "to be" followed by a past participle (English, French).
/// The expressions are compiled once.
enum PassiveVoice {
    static let english = try? NSRegularExpression(pattern: englishPattern)
    static let french = try? NSRegularExpression(pattern: frenchPattern)

    static func pattern(for language: String) -> NSRegularExpression? {
        switch language.split(separator: "-").first.map(String.init) ?? language {
        case "en": english
        case "fr": french
        default: nil
        }
    }

    static let englishPattern = (#"\b(am|is|are|was|were|be|been|being)\s+(\w+ly\s+)?(\w+ed|born|built|made|done|seen|given|taken|known|shown|painted|written|drawn|found|held|kept|left|lost|sold|brought|bought|thought|told|caught|taught|won|begun|broken|chosen|driven|forgotten|hidden|spoken|stolen|woven|sewn|cast|set|put)\b"#)
    static let frenchPattern = (#"\b(est|sont|était|étaient|fut|furent|sera|seront|a été|ont été|avait été|avaient été)\s+(\w+ment\s+)?\w+(é|ée|és|ées|is|ise|ises|it|ite|its|ites|u|ue|us|ues|int|inte|ints|intes)\b"#)
}
