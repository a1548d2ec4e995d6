import Foundation

/// Word and sentence counts of a text, language-neutral enough for European languages.
public struct TextStats: Sendable, Hashable {
    public var words: Int
    public var characters: Int
    public var sentences: [String]
    public var paragraphs: [String]
    /// The text without Markdown markers, and its words.
    public var prose: String
    public var wordList: [Substring]

    public init(_ text: String) {
        let prose = TextStats.prose(of: text)
        self.prose = prose
        wordList = TextStats.words(in: prose)
        words = wordList.count
        characters = text.trimmingCharacters(in: .whitespacesAndNewlines).count
        sentences = TextStats.sentences(in: prose)
        paragraphs = prose.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// Text without Markdown headings, list markers, emphasis and hashtags-only lines.
    public static func prose(of text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") {
                line = String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)
            }
            for marker in ["- ", "* ", "> "] where line.hasPrefix(marker) { line = String(line.dropFirst(2)) }
            if let number = line.firstMatch(of: #/^[0-9]{1,3}[.)] /#) { line = String(line[number.range.upperBound...]) }
            return line.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "*", with: "")
        }.joined(separator: "\n")
    }

    /// Words: runs of letters or digits, with inner apostrophes and hyphens.
    public static func words(in text: String) -> [Substring] {
        text.split { character in
            !(character.isLetter || character.isNumber || character == "'" || character == "’" || character == "-")
        }.filter { $0.contains { $0.isLetter || $0.isNumber } }
    }

    /// Sentences end at . ! ? … followed by white space or the end; line breaks between
    /// non-empty lines also end a sentence (headings, list items).
    public static func sentences(in text: String) -> [String] {
        var sentences: [String] = []
        for line in text.split(separator: "\n") {
            var current = ""
            let characters = Array(line)
            for (index, character) in characters.enumerated() {
                current.append(character)
                if ".!?…".contains(character) {
                    let next = index + 1 < characters.count ? characters[index + 1] : " "
                    if next == " " || next == "\u{00A0}" || next == "»" || next == "”" || next == "\"" {
                        if isAbbreviation(current) { continue }
                        append(current, to: &sentences)
                        current = ""
                    }
                }
            }
            append(current, to: &sentences)
        }
        return sentences
    }

    private static func append(_ sentence: String, to sentences: inout [String]) {
        let trimmed = sentence.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "»”\"")))
        if !words(in: trimmed).isEmpty { sentences.append(trimmed) }
    }

    private static let abbreviations: Set<String> = ["c.", "ca.", "env.", "st.", "mr.", "dr.", "vol.", "no.", "p.", "av.", "apr.", "j.-c.", "inv.", "cf.", "etc.", "z.", "b.", "d.", "s."]

    private static func isAbbreviation(_ text: String) -> Bool {
        guard let last = text.split(separator: " ").last?.lowercased() else { return false }
        if abbreviations.contains(last) { return true }
        // An initial such as "J." in "J. Vermeer".
        guard let token = text.split(separator: " ").last, token.count == 2, let first = token.first else { return false }
        return first.isLetter && first.isUppercase
    }
}
