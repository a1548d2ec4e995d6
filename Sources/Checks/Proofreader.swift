import Catalog
import Foundation
import HouseStyle
import Prose
import Domain

/// The deterministic checks every text gets, whatever wrote it: length, readability,
/// sentences, passive voice, the style guide's rules, locale typography, grounding in the
/// record, and hygiene (AI disclaimers, echoed prompts, code fences, wrong language, loops,
/// cut-off endings).
package struct Proofreader: Sendable {
    package var audience: Audience?
    package var language: String
    /// The record the text is about: years, numbers and names must be traceable to it.
    package var artwork: Artwork?
    /// Extra names and terms that may appear (institution, glossary).
    package var glossary: [String]
    package var styleRules: [StyleRule]
    /// The lowest acceptable reading ease (per the language's formula), or nil for none.
    package var minimumReadingEase: Double?

    package init(audience: Audience?, language: String, artwork: Artwork? = nil, glossary: [String] = [],
                styleRules: [StyleRule] = [], minimumReadingEase: Double? = nil) {
        self.audience = audience
        self.language = language
        self.artwork = artwork
        self.glossary = glossary
        self.styleRules = styleRules
        self.minimumReadingEase = minimumReadingEase ?? audience?.minimumReadingEase
    }

    package func check(_ text: String) -> [Finding] {
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
                        finding.message, line: finding.line, column: finding.column, excerpt: finding.match)
            }
        }
        findings += Typography.check(text, language: language)
        if let artwork { findings += Grounding(artwork: artwork, glossary: glossary, language: language).check(text, stats: stats) }
        findings += Hygiene.check(text, language: language, stats: stats, allowedRepeats: artwork.map { [$0.title] + $0.titles.sortedByKey().map(\.value) } ?? [])
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
        if let limit = audience.maxHashtags, case let hashtags = Self.hashtags(in: text), hashtags.count > limit {
            findings.append(Finding("hashtags", .error, "\(hashtags.count) hashtags, over the limit of \(limit)"))
        }
        return findings
    }

    func sentenceChecks(_ text: String, _ stats: TextStats) -> [Finding] {
        var findings: [Finding] = []
        let lengths = stats.sentenceWords
        if let audience {
            for (sentence, count) in zip(stats.sentences, lengths) where count > audience.maxSentenceWords {
                let (line, column) = Self.position(of: sentence, in: text)
                findings.append(Finding("sentence-length", .warning,
                    "\(count) words in one sentence (at most \(audience.maxSentenceWords) for \(audience.label))",
                    line: line, column: column, excerpt: sentence))
            }
        }
        let long = lengths.filter { $0 > 20 }.count
        if lengths.count >= 4, Double(long) / Double(lengths.count) > 0.25, (audience?.maxSentenceWords ?? 25) <= 25 {
            findings.append(Finding("long-sentences", .warning, "\(long) of \(lengths.count) sentences have more than 20 words (at most 25 % recommended)"))
        }
        for (paragraph, count) in zip(stats.paragraphs, stats.paragraphWords) where count > 150 {
            let (line, column) = Self.position(of: String(paragraph.prefix(40)), in: text)
            findings.append(Finding("paragraph-length", .warning, "a paragraph of \(count) words (at most 150 recommended)",
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
        guard stats.sentences.count >= 3, let grammar = PassiveVoice(language: language) else { return [] }
        let passive = stats.sentences.filter(grammar.isPassive).count
        if Double(passive) / Double(stats.sentences.count) > 0.10 {
            return [Finding("passive-voice", .warning, "\(passive) of \(stats.sentences.count) sentences in the passive voice (at most 10 % recommended)")]
        }
        return []
    }

    /// Words starting with one `#` (not Markdown headings).
    static func hashtags(in text: String) -> [Substring] {
        text.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("#") && $0.count > 1 && !$0.hasPrefix("##") }
    }

    /// 1-based line and column of the first occurrence of `needle`.
    static func position(of needle: String, in text: String) -> (Int, Int) {
        FastText.position(of: needle, in: text)
    }
}

/// Passive voice: a form of "to be" (English) or "être" (French), an optional adverb, then a
/// past participle. Read on the sentence's words, lowercased.
struct PassiveVoice {
    var auxiliaries: Set<WordKey>
    /// Auxiliaries of two words ("a été"): the first word, then the second.
    var compoundAuxiliaries: [WordKey: WordKey]
    var adverbEnding: String
    var participleEndings: [String]
    var irregularParticiples: Set<String>

    init?(language: String) {
        let auxiliaries: [String], compound: [String: String]
        switch Typography.base(language) {
        case "en":
            auxiliaries = ["am", "is", "are", "was", "were", "be", "been", "being"]
            compound = [:]
            adverbEnding = "ly"
            participleEndings = ["ed"]
            irregularParticiples = ["born", "built", "made", "done", "seen", "given", "taken", "known", "shown", "painted", "written",
                                    "drawn", "found", "held", "kept", "left", "lost", "sold", "brought", "bought", "thought", "told",
                                    "caught", "taught", "won", "begun", "broken", "chosen", "driven", "forgotten", "hidden", "spoken",
                                    "stolen", "woven", "sewn", "cast", "set", "put"]
        case "fr":
            auxiliaries = ["est", "sont", "était", "étaient", "fut", "furent", "sera", "seront"]
            compound = ["a": "été", "ont": "été", "avait": "été", "avaient": "été"]
            adverbEnding = "ment"
            participleEndings = ["é", "ée", "és", "ées", "is", "ise", "ises", "it", "ite", "its", "ites", "u", "ue", "us", "ues",
                                 "int", "inte", "ints", "intes"]
            irregularParticiples = []
        default:
            return nil
        }
        self.auxiliaries = Set(auxiliaries.compactMap { WordKey($0) })
        compoundAuxiliaries = Dictionary(uniqueKeysWithValues: compound.compactMap { pair in
            WordKey(pair.key).flatMap { first in WordKey(pair.value).map { (first, $0) } }
        })
    }

    func isPassive(_ sentence: String) -> Bool {
        UTF8Text.withBytes(sentence) { p in
            // Each word lowercased, keyed by its part after an apostrophe ("c'est", "qu'il est").
            var ranges: [Range<Int>] = []
            UTF8Text.forEachWord(p, 0..<p.count) { ranges.append($0) }
            var keys: [WordKey?] = []
            keys.reserveCapacity(ranges.count)
            var lowered: [String?] = Array(repeating: nil, count: ranges.count)
            for range in ranges {
                keys.append(UTF8Text.withLowercasedLatin(bytes: UnsafeBufferPointer(rebasing: p[range])) { WordKey(UTF8Text.afterElision($0)) })
            }
            func word(_ index: Int) -> String {
                if let done = lowered[index] { return done }
                let text = UTF8Text.lowercasedLatin(UTF8Text.afterElision(UnsafeBufferPointer(rebasing: p[ranges[index]])))
                lowered[index] = text
                return text
            }
            // Only white space between the words of the construction (not « or a comma).
            func adjacent(_ a: Int, _ b: Int) -> Bool {
                var i = ranges[a].upperBound
                while i < ranges[b].lowerBound {
                    let length = UTF8Text.spaceLength(p, i)
                    guard length > 0 else { return false }
                    i += length
                }
                return true
            }
            var index = 0
            while index < keys.count {
                var next = index + 1 // where the participle (or an adverb) would be
                guard let key = keys[index] else {
                    index += 1
                    continue
                }
                if auxiliaries.contains(key) {
                    // the participle follows
                } else if let second = compoundAuxiliaries[key], next < keys.count, keys[next] == second, adjacent(index, next) {
                    next += 1
                } else {
                    index += 1
                    continue
                }
                if next < keys.count, adjacent(next - 1, next) {
                    if isParticiple(word(next)) { return true }
                    let adverb = word(next)
                    if next + 1 < keys.count, adverb.count > adverbEnding.count, adverb.hasSuffix(adverbEnding),
                       adjacent(next, next + 1), isParticiple(word(next + 1)) { return true }
                }
                index += 1
            }
            return false
        }
    }

    func isParticiple(_ word: String) -> Bool {
        irregularParticiples.contains(word) || participleEndings.contains { word.count > $0.count && word.hasSuffix($0) }
    }
}
