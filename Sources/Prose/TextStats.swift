import Foundation

/// Word and sentence counts of a text, language-neutral enough for European languages.
public struct TextStats: Sendable, Hashable {
    public var words: Int
    public var characters: Int
    public var sentences: [String]
    /// Words in each sentence, in order.
    public var sentenceWords: [Int]
    public var paragraphs: [String]
    /// Words in each paragraph, in order.
    public var paragraphWords: [Int]
    /// The text without Markdown markers, and its words.
    public var prose: String
    public var wordList: [Substring]

    public init(_ text: String) {
        prose = TextStats.prose(of: text)
        characters = TextStats.characterCount(text)
        wordList = TextStats.words(in: prose)
        words = wordList.count
        sentences = TextStats.sentences(in: prose)
        sentenceWords = sentences.map { TextStats.wordCount($0) }
        paragraphs = prose.components(separatedBy: "\n\n").map { $0.trimmed() }.filter { !$0.isEmpty }
        paragraphWords = paragraphs.map { TextStats.wordCount($0) }
    }

    /// Text without Markdown headings, list markers, emphasis and hashtags-only lines.
    public static func prose(of text: String) -> String {
        text.lines().map { line -> String in
            var line = line.trimming(while: \.isBlank)
            if line.hasPrefix("#") { line = line.drop(while: { $0 == "#" }).trimming(while: \.isBlank) }
            for marker in ["- ", "* ", "> "] where line.hasPrefix(marker) { line = line.dropFirst(2) }
            // "1. " or "12) ": a numbered list item.
            if let item = line.prefixMatch(of: #/[0-9]{1,3}[.)] /#) {
                line = line[item.range.upperBound...]
            }
            return String(line.filter { $0 != "*" })
        }.joined(separator: "\n")
    }

    /// Words: runs of letters or digits, with inner apostrophes and hyphens (a run with no
    /// letter or digit is not a word).
    public static func words<S: StringProtocol>(in text: S) -> [S.SubSequence] {
        var words: [S.SubSequence] = []
        var start: S.Index?
        var hasWordCharacter = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWordCharacter || character.isWordJoiner {
                if start == nil { (start, hasWordCharacter) = (index, false) }
                if character.isWordCharacter { hasWordCharacter = true }
            } else if let begun = start {
                if hasWordCharacter { words.append(text[begun..<index]) }
                start = nil
            }
            index = text.index(after: index)
        }
        if let begun = start, hasWordCharacter { words.append(text[begun...]) }
        return words
    }

    /// The number of words, as `words(in:)` counts them.
    public static func wordCount(_ text: some StringProtocol) -> Int {
        words(in: text).count
    }

    /// Sentences end at . ! ? … followed by white space, a closing quote or the end; line
    /// breaks also end a sentence (headings, list items). Spans without a word are not
    /// sentences; each is trimmed of spaces and closing quotes.
    public static func sentences(in text: String) -> [String] {
        func isClosing(_ c: Character) -> Bool { c == "»" || c == "”" || c == "\"" }
        var sentences: [String] = []
        func emit(_ span: Substring) {
            let sentence = span.trimming { $0.isBlank || isClosing($0) }
            if wordCount(sentence) > 0 { sentences.append(String(sentence)) }
        }
        for line in text.lines() {
            var start = line.startIndex
            var index = line.startIndex
            while index < line.endIndex {
                let character = line[index]
                index = line.index(after: index)
                guard ".!?…".contains(character) else { continue }
                if index < line.endIndex {
                    let next = line[index]
                    guard next == " " || next == "\u{A0}" || isClosing(next) else { continue }
                }
                if isAbbreviation(line[start..<index]) { continue }
                emit(line[start..<index])
                start = index
            }
            emit(line[start...])
        }
        return sentences
    }

    private static let abbreviations: Set<String> = ["c.", "ca.", "env.", "st.", "mr.", "dr.", "vol.", "no.", "p.", "av.", "apr.", "j.-c.", "inv.", "cf.", "etc.", "z.", "b.", "d.", "s."]

    /// Whether the span ends with an abbreviation ("c.", "etc.") or an initial ("J.").
    private static func isAbbreviation(_ span: Substring) -> Bool {
        let token = span.split(separator: " ", omittingEmptySubsequences: false).last ?? span
        guard !token.isEmpty, token.utf8.count <= 6 else { return false }
        if abbreviations.contains(token.lowercased()) { return true }
        // An initial such as "J." in "J. Vermeer".
        return token.count == 2 && token.last == "." && token.first!.isUppercase && token.first!.isLetter
    }

    /// Characters of the trimmed text as a reader counts them (CR LF is one).
    public static func characterCount(_ text: String) -> Int {
        text.trimmed().count
    }
}

extension Substring {
    /// Without leading and trailing characters for which `drop` is true.
    public func trimming(while drop: (Character) -> Bool) -> Substring {
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return self[endIndex...] }
        return self[first...last]
    }
}
