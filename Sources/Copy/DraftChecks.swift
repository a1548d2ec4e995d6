import Foundation
import Prose

/// Deterministic checks run on every draft, whatever wrote it.
public struct DraftChecks: Sendable {
    public var audience: Audience
    public var language: String
    /// Language of the record's own prose.
    public var sourceLanguage: String

    public init(audience: Audience, language: String, sourceLanguage: String) {
        self.audience = audience
        self.language = language
        self.sourceLanguage = sourceLanguage
    }

    public func run(on text: String) -> [Finding] {
        var findings: [Finding] = []
        let stats = TextStats(text)
        let hashtags = text.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("#") && $0.count > 1 && !$0.hasPrefix("##") }

        if stats.words == 0 {
            return [Finding("empty", .error, "the text is empty")]
        }
        if stats.words < audience.minWords {
            findings.append(Finding("length", .warning,
                "\(stats.words) words, below the \(audience.minWords)–\(audience.maxWords) words for \(audience.label)"))
        } else if stats.words > audience.maxWords {
            findings.append(Finding("length", .warning,
                "\(stats.words) words, above the \(audience.minWords)–\(audience.maxWords) words for \(audience.label)"))
        }
        if let limit = audience.maxCharacters, stats.characters > limit {
            findings.append(Finding("characters", .error, "\(stats.characters) characters, over the limit of \(limit)"))
        }
        if let limit = audience.maxHashtags, hashtags.count > limit {
            findings.append(Finding("hashtags", .error, "\(hashtags.count) hashtags, over the limit of \(limit)"))
        }

        let lengths = stats.sentences.map { TextStats.words(in: $0).count }
        let overLimit = lengths.filter { $0 > audience.maxSentenceWords }.count
        if overLimit > 0 {
            findings.append(Finding("sentence-length", .warning,
                "\(overLimit) sentence\(overLimit == 1 ? "" : "s") over \(audience.maxSentenceWords) words"))
        }
        let long = lengths.filter { $0 > 20 }.count
        if !lengths.isEmpty, Double(long) / Double(lengths.count) > 0.25, audience.maxSentenceWords <= 25 {
            findings.append(Finding("long-sentences", .warning,
                "\(long) of \(lengths.count) sentences have more than 20 words (at most 25 % recommended)"))
        }
        for paragraph in stats.paragraphs where TextStats.words(in: paragraph).count > 150 {
            findings.append(Finding("paragraph-length", .warning,
                "a paragraph of \(TextStats.words(in: paragraph).count) words (at most 150 recommended)"))
        }
        if text.contains("```") {
            findings.append(Finding("markdown-fence", .error, "the text contains a Markdown code fence"))
        }
        let lowered = text.lowercased()
        for phrase in ["as an ai", "language model", "en tant qu'ia", "en tant qu’ia", "modèle de langage", "als ki", "como ia"] where lowered.contains(phrase) {
            findings.append(Finding("ai-disclaimer", .error, "the text talks about being an AI ('\(phrase)')"))
        }
        return findings
    }
}
