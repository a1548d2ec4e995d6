import Catalog
import Foundation
import Prose
import Synchronization

/// Every year, number and proper name in a draft must be traceable to the record (or the
/// glossary): anything else is flagged as an unverified claim.
public struct Grounding: Sendable {
    public var artwork: Artwork
    public var glossary: [String]
    public var language: String

    public init(artwork: Artwork, glossary: [String] = [], language: String = "en") {
        self.artwork = artwork
        self.glossary = glossary
        self.language = language
    }

    /// Everything the record says, folded for comparison; computed once per record and glossary.
    var corpus: String {
        let key = artwork.id + "\u{1F}" + String(artwork.hashValue) + "\u{1F}" + glossary.joined(separator: "\u{1F}")
        if let cached = Self.corpora.withLock({ $0[key] }) { return cached }
        let value = buildCorpus()
        Self.corpora.withLock { cache in
            if cache.count > 50_000 { cache.removeAll() }
            cache[key] = value
        }
        return value
    }

    private static let corpora = Mutex<[String: String]>([:])

    private func buildCorpus() -> String {
        var parts = [artwork.id, artwork.title, artwork.date, artwork.objectType, artwork.medium, artwork.dimensions,
                     artwork.place, artwork.creditLine, artwork.accessionNumber, artwork.description, artwork.notes,
                     artwork.image?.alt, artwork.script?.text].compactMap { $0 }
        parts += artwork.titles.values
        parts += artwork.themes
        parts += artwork.makers.flatMap { [$0.name, $0.role, $0.born, $0.died, $0.nationality].compactMap { $0 } }
        parts += glossary
        return Self.fold(parts.joined(separator: " \u{1F} "))
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'")
    }

    /// Words that start sentences or are common in museum prose, never names.
    static let commonCapitalized: Set<String> = [
        "le", "la", "les", "un", "une", "des", "ce", "cette", "il", "elle", "on", "nous", "vous", "son", "sa", "ses", "au", "aux", "en",
        "the", "a", "an", "this", "that", "it", "he", "she", "we", "you", "his", "her", "in", "on", "at", "its", "their", "they",
        "el", "los", "las", "una", "der", "die", "das", "ein", "eine", "sie", "er", "es", "wir", "date", "datierung", "fecha",
        "technique", "medium", "técnica", "technik", "dimensions", "dimensiones", "maße", "lieu", "place", "lugar", "ort",
        "crédit", "credit", "procedencia", "provenienz", "thèmes", "themes", "temas", "themen", "regarde", "look", "mira", "schau",
        "notes", "questions", "preguntas", "fragen", "hinweise", "notas", "bienvenue", "vous", "prenez", "take", "tómese", "nehmen",
    ]

    public func check(_ text: String) -> [Finding] {
        check(text, stats: TextStats(text))
    }

    /// Sentences with Docent's own [bracketed notes] cut out (a note may span sentences).
    static func sentencesOutsideNotes(_ sentences: [String]) -> [String] {
        var inNote = false
        var result: [String] = []
        for sentence in sentences {
            guard inNote || sentence.utf8.contains(UInt8(ascii: "[")) || sentence.utf8.contains(UInt8(ascii: "]")) else {
                result.append(sentence)
                continue
            }
            var kept = ""
            for character in sentence {
                if character == "[" { inNote = true } else if character == "]" { inNote = false } else if !inNote { kept.append(character) }
            }
            if !kept.isEmpty { result.append(kept) }
        }
        return result
    }

    /// As `check(_:)`, reusing the text's statistics.
    public func check(_ text: String, stats: TextStats) -> [Finding] {
        let corpus = self.corpus
        var findings: [Finding] = []
        var reported = Set<String>()
        // Years and other numbers.
        for match in text.matches(of: #/\b\d[\d.,]*\b/#) {
            let number = String(text[match.range]).trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
            guard !number.isEmpty, !reported.contains(number) else { continue }
            // Small counts ("three", "2 lines") are not claims worth checking; years and figures are.
            if let value = Int(number), value < 10 { continue }
            if FastText.contains(corpus, number) { continue }
            reported.insert(number)
            let (line, column) = Proofreader.position(of: number, in: text)
            let isYear = number.count == 4 && Int(number).map { (1000...2100).contains($0) } == true
            findings.append(Finding("grounding", isYear ? .error : .warning,
                "\(isYear ? "year" : "number") \(number) is not in the record: unverified claim", line: line, column: column))
        }
        // Proper names: capitalized words not at a sentence start. German capitalizes every
        // noun, so there only words the record does not have at all and that look like names
        // (two capitalized words in a row) count. Notes in [brackets] and hashtags are Docent's own.
        let german = Typography.base(language) == "de"

        let isTrimmed: (Character) -> Bool = { $0.isPunctuation || $0.isWhitespace || "«»“”„\"()[]".contains($0) }
        for sentence in Self.sentencesOutsideNotes(stats.sentences) {
            let raw = sentence.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" })
            let tokens = raw.map { $0.hasPrefix("#") ? "" : String(FastText.trim($0, where: isTrimmed)) }
            for (index, token) in tokens.enumerated() where index > 0 {
                guard let first = token.first, first.isUppercase, token.count > 2,
                      token.contains(where: { $0.isLowercase }) else { continue }
                if german {
                    let neighbours = [index > 0 ? tokens[index - 1] : "", index + 1 < tokens.count ? tokens[index + 1] : ""]
                    guard index > 1, neighbours.contains(where: { $0.first?.isUppercase == true }) else { continue }
                }
                let folded = Self.fold(token)
                if Self.commonCapitalized.contains(folded) || reported.contains(folded) { continue }
                // Elided forms ("d’Élise", "l’Italie"): check the name part.
                let name = folded.split(separator: "'").last.map(String.init) ?? folded
                if FastText.contains(corpus, name) { continue }
                reported.insert(folded)
                let (line, column) = Proofreader.position(of: token, in: text)
                findings.append(Finding("grounding", .warning, "name '\(token)' is not in the record: unverified claim", line: line, column: column))
            }
        }
        return findings
    }
}
