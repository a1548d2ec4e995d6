import Foundation
import Prose

/// What Docent learned of the museum's writing from its published pages.
package struct HouseStyleProfile: Sendable, Codable, Hashable {
    package struct Distribution: Sendable, Codable, Hashable {
        package var count: Int
        package var mean: Double
        package var median: Double
        package var p90: Double

        init(_ values: [Int]) {
            let sorted = values.sorted()
            count = sorted.count
            mean = sorted.isEmpty ? 0 : Double(sorted.reduce(0, +)) / Double(sorted.count)
            func percentile(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return Double(sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))])
            }
            median = percentile(0.5)
            p90 = percentile(0.9)
        }
    }

    package struct Term: Sendable, Codable, Hashable {
        package var text: String
        package var count: Int
    }

    package struct SpellingPreference: Sendable, Codable, Hashable {
        package var preferred: String
        package var over: String
        package var preferredCount: Int
        package var otherCount: Int
    }

    package struct Exemplar: Sendable, Codable, Hashable {
        /// `label` (30–80 words), `overview` (80–150) or `essay` (150+).
        package var kind: String
        package var text: String
        package var source: String
        package var words: Int
    }

    package var pages: Int
    package var words: Int
    /// Pages per language.
    package var languages: [String: Int]
    package var sentenceWords: Distribution
    package var paragraphWords: Distribution
    /// Mean reading ease per language, with its formula's name.
    package var readability: [String: Double]
    /// `sentence`, `title` or `mixed`, from headings of three words or more.
    package var headingCase: String
    /// Counts of quotation-mark styles: `« »`, `“ ”`, `„ “`, `" "`, `‘ ’`.
    package var quotationMarks: [String: Int]
    /// Pages by the quotation-mark style they use most (of equal counts, the first by the
    /// ranking rule): more than one style here means the site is mixed.
    package var quotationMarkPages: [String: Int]
    /// `’` or `'`.
    package var apostrophe: String
    /// Counts of dash styles: `spaced em dash`, `closed em dash`, `spaced en dash`, `spaced hyphen`.
    package var dashes: [String: Int]
    /// Share of `: ; ! ?` preceded by a (no-break) space, as French typography wants.
    package var spaceBeforeHighPunctuation: Double
    /// Counts of date and number conventions seen (`c. 1650`, `vers 1650`, `1650s`, `XVIIe siècle`…).
    package var dateConventions: [String: Int]
    /// First-person-plural words per 1,000 words ("we", "nous", "wir", "nosotros").
    package var firstPersonPluralPerThousand: Double
    package var recurringTerms: [Term]
    package var spellingPreferences: [SpellingPreference]
    package var exemplars: [Exemplar]

    /// The main language of the pages.
    package var mainLanguage: String? { languages.mostFrequentKey }
}

extension HouseStyleProfile {
    /// Learns the profile from extracted pages.
    package static func learn(from pages: [ExtractedPage]) -> HouseStyleProfile {
        let pages = museumProse(pages)
        var languages: [String: Int] = [:]
        var sentenceLengths: [Int] = []
        var paragraphLengths: [Int] = []
        var readabilityByLanguage: [String: [Double]] = [:]
        var headingVotes = (sentence: 0, title: 0)
        var quotes: [String: Int] = [:]
        var quotePages: [String: Int] = [:]
        var apostrophes = (curly: 0, straight: 0)
        var dashes: [String: Int] = [:]
        var highPunctuation = (spaced: 0, total: 0)
        var dates: [String: Int] = [:]
        var firstPlural = 0
        var totalWords = 0
        var termCounts: [String: Int] = [:]
        var spelling: [String: Int] = [:]
        var candidates: [Exemplar] = []
        let datePatterns = compiledDatePatterns()

        for page in pages {
            let pageText = page.blocks.map(\.text).joined(separator: "\n\n")
            let language = page.language ?? LanguageGuess.guess(pageText)?.language ?? "und"
            languages[language, default: 0] += 1
            var pageQuotes: [String: Int] = [:]
            defer {
                if let style = pageQuotes.mostFrequentKey { quotePages[style, default: 0] += 1 }
                quotes.merge(pageQuotes, uniquingKeysWith: +)
            }
            for block in page.blocks {
                let text = block.text
                let words = TextStats.words(in: text)
                totalWords += words.count
                if block.kind == .heading {
                    if let vote = headingStyle(text) {
                        if vote == "title" { headingVotes.title += 1 } else { headingVotes.sentence += 1 }
                    }
                    continue
                }
                if block.kind == .paragraph || block.kind == .quote || block.kind == .caption {
                    paragraphLengths.append(words.count)
                    for sentence in TextStats.sentences(in: text) {
                        sentenceLengths.append(TextStats.words(in: sentence).count)
                    }
                    if words.count >= 20, let score = Readability.score(of: text, language: language) {
                        readabilityByLanguage[language, default: []].append(score.value)
                    }
                    if block.kind == .paragraph, let kind = exemplarKind(words.count), linkFree(text) {
                        candidates.append(Exemplar(kind: kind, text: text, source: page.source, words: words.count))
                    }
                }
                countTypography(text, quotes: &pageQuotes, apostrophes: &apostrophes, dashes: &dashes, highPunctuation: &highPunctuation)
                countDates(text, patterns: datePatterns, into: &dates)
                firstPlural += words.filter { firstPersonPlural.contains($0.lowercased()) }.count
                countTerms(text, into: &termCounts)
                for (preferred, other) in spellingPairs {
                    let lowered = text.lowercased()
                    spelling[preferred, default: 0] += lowered.occurrences(ofWord: preferred)
                    spelling[other, default: 0] += lowered.occurrences(ofWord: other)
                }
            }
        }
        let headingCase = headingVotes.sentence + headingVotes.title < 2 ? "mixed"
            : (Double(headingVotes.sentence) >= Double(headingVotes.title) * 2 ? "sentence"
               : (Double(headingVotes.title) >= Double(headingVotes.sentence) * 2 ? "title" : "mixed"))
        let preferences = spellingPairs.compactMap { pair -> SpellingPreference? in
            let a = spelling[pair.0] ?? 0, b = spelling[pair.1] ?? 0
            guard a + b > 0 else { return nil }
            return a >= b ? SpellingPreference(preferred: pair.0, over: pair.1, preferredCount: a, otherCount: b)
                          : SpellingPreference(preferred: pair.1, over: pair.0, preferredCount: b, otherCount: a)
        }
        return HouseStyleProfile(
            pages: pages.count, words: totalWords, languages: languages,
            sentenceWords: Distribution(sentenceLengths), paragraphWords: Distribution(paragraphLengths),
            readability: readabilityByLanguage.mapValues { ($0.reduce(0, +) / Double($0.count) * 10).rounded() / 10 },
            headingCase: headingCase, quotationMarks: quotes, quotationMarkPages: quotePages,
            apostrophe: apostrophes.curly >= apostrophes.straight ? "’" : "'",
            dashes: dashes,
            spaceBeforeHighPunctuation: highPunctuation.total == 0 ? 0 : Double(highPunctuation.spaced) / Double(highPunctuation.total),
            dateConventions: dates,
            firstPersonPluralPerThousand: totalWords == 0 ? 0 : (Double(firstPlural) * 1000 / Double(totalWords) * 10).rounded() / 10,
            recurringTerms: termCounts.filter { $0.value >= 2 }.rankedByCount().prefix(20)
                .map { Term(text: $0.key, count: $0.value) },
            spellingPreferences: preferences,
            exemplars: pickExemplars(candidates))
    }

    static let firstPersonPlural: Set<String> = ["we", "our", "us", "ours", "nous", "notre", "nos", "wir", "unser", "unsere", "unseren", "unserer",
                                                 "nosotros", "nosotras", "nuestro", "nuestra", "nuestros", "nuestras"]

    static let spellingPairs: [(String, String)] = [
        ("colour", "color"), ("centre", "center"), ("grey", "gray"), ("catalogue", "catalog"), ("organise", "organize"),
        ("realise", "realize"), ("favourite", "favorite"), ("theatre", "theater"), ("jewellery", "jewelry"),
        ("œuvre", "oeuvre"), ("cœur", "coeur"), ("sœur", "soeur"), ("clé", "clef"), ("événement", "évènement"),
    ]

    /// `title` when most longer words are capitalized, `sentence` when only the first (and names) are.
    static func headingStyle(_ heading: String) -> String? {
        let words = heading.split(separator: " ").filter { $0.count > 3 && $0.first?.isLetter == true }
        guard words.count >= 3 else { return nil }
        let capitalized = words.dropFirst().filter { $0.first?.isUppercase == true }.count
        return Double(capitalized) / Double(words.count - 1) > 0.6 ? "title" : "sentence"
    }

    static func exemplarKind(_ words: Int) -> String? {
        switch words {
        case 30..<80: "label"
        case 80..<150: "overview"
        case 150..<400: "essay"
        default: nil
        }
    }

    /// Whether a paragraph is the museum's prose, fit to show as an example: whole sentences,
    /// few figures (not a tombstone line of dimensions), no links, credits or sponsorship.
    static func linkFree(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let boilerplate = ["http", "@", "cookie", "funding", "sponsor", "generously", "©", "copyright", "all rights",
                           "mécénat", "avec le soutien", "newsletter", "subscribe", "abonnez"]
        if boilerplate.contains(where: lowered.contains) { return false }
        let digits = text.filter(\.isNumber).count
        if Double(digits) / Double(max(1, text.count)) > 0.04 { return false }
        if text.filter({ $0 == ";" }).count > 2 { return false }
        guard let last = text.trimmingCharacters(in: .whitespaces).last, ".!?»”\"".contains(last) else { return false }
        return TextStats.sentences(in: text).count >= 2
    }

    /// Up to two of each kind, preferring paragraphs near the middle of their kind's length
    /// range and from different pages; deterministic.
    static func pickExemplars(_ candidates: [Exemplar]) -> [Exemplar] {
        var chosen: [Exemplar] = []
        for (kind, ideal) in [("label", 55), ("overview", 110), ("essay", 200)] {
            var usedSources = Set<String>()
            // Shop and ticket blurbs rank below the collection's prose.
            let ranked = candidates.filter { $0.kind == kind }.sorted {
                (isCommercial($0.text) ? 1 : 0, abs($0.words - ideal), $0.source, $0.text)
                    < (isCommercial($1.text) ? 1 : 0, abs($1.words - ideal), $1.source, $1.text)
            }
            for candidate in ranked where !usedSources.contains(candidate.source) {
                chosen.append(candidate)
                usedSources.insert(candidate.source)
                if usedSources.count == 2 { break }
            }
        }
        return chosen
    }

    static func countTypography(_ text: String, quotes: inout [String: Int], apostrophes: inout (curly: Int, straight: Int),
                                dashes: inout [String: Int], highPunctuation: inout (spaced: Int, total: Int)) {
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            let before = index > 0 ? characters[index - 1] : " "
            let after = index + 1 < characters.count ? characters[index + 1] : " "
            switch character {
            case "«": quotes["« »", default: 0] += 1
            case "„": quotes["„ “", default: 0] += 1
            case "“": if !characters[..<index].contains("„") { quotes["“ ”", default: 0] += 1 }
            case "\"": quotes["\" \"", default: 0] += 1
            case "‘": quotes["‘ ’", default: 0] += 1
            case "’": if before.isLetter && after.isLetter { apostrophes.curly += 1 }
            case "'": if before.isLetter && after.isLetter { apostrophes.straight += 1 }
            case "—": dashes[before == " " || before == "\u{00A0}" ? "spaced em dash" : "closed em dash", default: 0] += 1
            case "–":
                if before.isNumber && after.isNumber { dashes["en dash in ranges", default: 0] += 1 }
                else if before == " " { dashes["spaced en dash", default: 0] += 1 }
            case "-":
                if before == " " && after == " " { dashes["spaced hyphen", default: 0] += 1 }
                if before.isNumber && after.isNumber { dashes["hyphen in ranges", default: 0] += 1 }
            case ":", ";", "!", "?":
                // Ignore "http://" and times like 10:30.
                if after == "/" || (before.isNumber && after.isNumber) { continue }
                highPunctuation.total += 1
                if before == " " || before == "\u{00A0}" || before == "\u{202F}" { highPunctuation.spaced += 1 }
            default:
                continue
            }
        }
    }

    /// Date and number conventions, each named by a neutral pattern: the names go into every
    /// prompt, where a year or a number would read as a fact about the artwork.
    static let datePatternSources: [(String, String)] = [
        ("c. YYYY", #"\bc\. ?\d{3,4}"#),
        ("ca. YYYY", #"\bca\. ?\d{3,4}"#),
        ("circa YYYY", #"\bcirca \d{3,4}"#),
        ("vers YYYY", #"\bvers \d{3,4}"#),
        ("um YYYY", #"\bum \d{3,4}"#),
        ("hacia YYYY", #"\bhacia \d{3,4}"#),
        ("decades as YYY0s", #"\b\d{3}0s\b"#),
        ("centuries as Nth century", #"\b\d{1,2}(st|nd|rd|th)[- ]century"#),
        ("siècles en chiffres romains (Roman numeral + e siècle)", #"\b[XVI]+e siècle"#),
        ("siècles en chiffres arabes (N + e siècle)", #"\b\d{1,2}e siècle"#),
        ("siglo + Roman numeral", #"\bsiglo [XVI]+"#),
        ("N. Jahrhundert", #"\b\d{1,2}\. Jahrhundert"#),
        ("thousands with a comma (N,NNN)", #"\b\d{1,3},\d{3}\b"#),
        ("thousands with a space (N NNN)", "\\b\\d{1,3}[\u{00A0}\u{202F} ]\\d{3}\\b"),
    ]

    /// Compiled once per use: `Regex` is not Sendable, so it cannot be a shared constant.
    static func compiledDatePatterns() -> [(String, Regex<AnyRegexOutput>)] {
        datePatternSources.compactMap { name, source in (try? Regex(source)).map { (name, $0) } }
    }

    static func countDates(_ text: String, patterns: [(String, Regex<AnyRegexOutput>)], into counts: inout [String: Int]) {
        for (name, pattern) in patterns {
            let found = text.matches(of: pattern).count
            if found > 0 { counts[name, default: 0] += found }
        }
    }

    /// Capitalized multi-word names not at a sentence start ("Claude Monet", "Musée d'Orsay").
    /// A name never runs across punctuation ("Museum of Modern Art, New York" is two names),
    /// and a possessive ending is not part of it ("Van Gogh’s" counts as "Van Gogh").
    /// The pages with what is not the museum's prose taken out: blocks that repeat on half of
    /// the pages or more (navigation, footer, address, newsletter box) are boilerplate, and
    /// footnote markers ("[1]", "¹") are removed from the text.
    static func museumProse(_ pages: [ExtractedPage]) -> [ExtractedPage] {
        func key(_ text: String) -> String {
            text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        var pagesWithBlock: [String: Int] = [:]
        for page in pages {
            for text in Set(page.blocks.map { key($0.text) }) { pagesWithBlock[text, default: 0] += 1 }
        }
        let threshold = max(2, (pages.count + 1) / 2)
        return pages.map { page in
            var page = page
            page.blocks = page.blocks.compactMap { block in
                guard pages.count < 2 || (pagesWithBlock[key(block.text)] ?? 0) < threshold else { return nil }
                var block = block
                block.text = withoutFootnoteMarkers(block.text)
                return block.text.isEmpty ? nil : block
            }
            return page
        }
    }

    /// "… the harbour.[1]" → "… the harbour."; superscript figures after a word go too.
    static func withoutFootnoteMarkers(_ text: String) -> String {
        var out = ""
        var index = text.startIndex
        let superscripts: Set<Character> = ["¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹", "⁰"]
        while index < text.endIndex {
            let character = text[index]
            if character == "[", let close = text[index...].firstIndex(of: "]"), text.distance(from: index, to: close) <= 4,
               text[text.index(after: index)..<close].allSatisfy(\.isNumber), text.index(after: index) < close {
                index = text.index(after: close)
                continue
            }
            if superscripts.contains(character), let last = out.last, last.isLetter || last.isPunctuation {
                index = text.index(after: index)
                continue
            }
            out.append(character)
            index = text.index(after: index)
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Whether a paragraph sells something (a shop or ticket blurb) rather than tells about
    /// the collection.
    static func isCommercial(_ text: String) -> Bool {
        let lowered = " " + text.lowercased() + " "
        let words = [" shop", " store", " buy ", " purchase", " ticket", "admission", " membership", " members ", " order ", " price",
                     "$", "€", "£", "boutique", "billet", " achat", " acheter", "winkel", "kaufen", "tienda", "entradas", "add to cart",
                     "shipping", "gift card", "on sale"]
        return words.contains(where: lowered.contains)
    }

    static func countTerms(_ text: String, into counts: inout [String: Int]) {
        let joiners: Set<String> = ["de", "du", "des", "d’", "van", "von", "der", "del", "la", "le"]
        let quotes = CharacterSet(charactersIn: "«»“”„\"’'")
        for sentence in TextStats.sentences(in: text) {
            var run: [String] = []
            func flush() {
                while let last = run.last, joiners.contains(last) { run.removeLast() }
                // A fragment that starts with a pronoun ("Its Affinities") is no name.
                while let first = run.first, ["its", "his", "her", "their", "our", "this", "that", "these", "those", "and", "or", "but"].contains(first.lowercased()) {
                    run.removeFirst()
                }
                if run.count >= 2 && run.count <= 4 { counts[run.joined(separator: " "), default: 0] += 1 }
                run = []
            }
            for (index, raw) in sentence.split(separator: " ").enumerated() {
                var token = raw.trimmingCharacters(in: .punctuationCharacters.union(quotes))
                for possessive in ["’s", "'s"] where token.hasSuffix(possessive) { token.removeLast(2) }
                // Punctuation after the word (or a possessive) ends the name with this word.
                let endsName = raw.last.map { $0.isPunctuation || "’'".contains($0) } == true || token.count < raw.count - 1
                if index > 0, let first = token.first, first.isUppercase, token.count > 1 {
                    run.append(token)
                } else if joiners.contains(token), !run.isEmpty {
                    run.append(token)
                } else {
                    flush()
                }
                if endsName { flush() }
            }
            flush()
        }
    }
}

extension String {
    /// Occurrences of `word` as a whole word (self lowercased by the caller).
    func occurrences(ofWord word: String) -> Int {
        var count = 0
        var searchRange = startIndex..<endIndex
        while let range = range(of: word, range: searchRange) {
            let before = range.lowerBound > startIndex ? self[index(before: range.lowerBound)] : " "
            let after = range.upperBound < endIndex ? self[range.upperBound] : " "
            if !before.isLetter && !after.isLetter { count += 1 }
            searchRange = range.upperBound..<endIndex
        }
        return count
    }
}
