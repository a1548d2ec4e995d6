/// Word and sentence counts of a text, language-neutral enough for European languages.
/// Computed in one pass over the UTF-8 bytes each (no Character or Foundation work): the
/// checks run on every draft, so this is on the engine's hot path.
package struct TextStats: Sendable, Hashable {
    package var words: Int
    package var characters: Int
    package var sentences: [String]
    /// Words in each sentence, in order.
    package var sentenceWords: [Int]
    package var paragraphs: [String]
    /// Words in each paragraph, in order.
    package var paragraphWords: [Int]
    /// The text without Markdown markers, and its words.
    package var prose: String
    package var wordList: [Substring]

    package init(_ text: String) {
        let prose = TextStats.prose(of: text)
        self.prose = prose
        characters = TextStats.characterCount(text)
        var words: [Substring] = []
        var sentences: [String] = [], sentenceWords: [Int] = []
        var paragraphs: [String] = [], paragraphWords: [Int] = []
        UTF8Text.withBytes(prose) { p in
            let utf8 = prose.utf8
            UTF8Text.forEachWord(p, 0..<p.count) { range in
                words.append(prose[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)])
            }
            TextStats.forEachSentence(p) { range, count in
                sentences.append(String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self))
                sentenceWords.append(count)
            }
            TextStats.forEachParagraph(p) { range, count in
                paragraphs.append(String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self))
                paragraphWords.append(count)
            }
        }
        wordList = words
        self.words = words.count
        self.sentences = sentences
        self.sentenceWords = sentenceWords
        self.paragraphs = paragraphs
        self.paragraphWords = paragraphWords
    }

    /// Text without Markdown headings, list markers, emphasis and hashtags-only lines.
    package static func prose(of text: String) -> String {
        UTF8Text.withBytes(text) { p in
            var out: [UInt8] = []
            out.reserveCapacity(p.count)
            var lineStart = 0
            while lineStart <= p.count {
                let lineEnd = UTF8Text.next(0x0A, in: p, from: lineStart)
                var line = UTF8Text.trim(p, lineStart..<lineEnd, where: UTF8Text.isSpace)
                if !line.isEmpty, p[line.lowerBound] == UInt8(ascii: "#") {
                    var start = line.lowerBound
                    while start < line.upperBound, p[start] == UInt8(ascii: "#") { start += 1 }
                    line = UTF8Text.trim(p, start..<line.upperBound, where: UTF8Text.isSpace)
                }
                for marker in [UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: ">")]
                    where line.count >= 2 && p[line.lowerBound] == marker && p[line.lowerBound + 1] == 0x20 {
                    line = line.lowerBound + 2..<line.upperBound
                }
                // "1. " or "12) ": a numbered list item.
                var digits = line.lowerBound
                while digits < line.upperBound, digits - line.lowerBound < 3, (0x30...0x39).contains(p[digits]) { digits += 1 }
                if digits > line.lowerBound, digits + 1 < line.upperBound, p[digits] == UInt8(ascii: ".") || p[digits] == UInt8(ascii: ")"),
                   p[digits + 1] == 0x20 {
                    line = digits + 2..<line.upperBound
                }
                for i in line where p[i] != UInt8(ascii: "*") { out.append(p[i]) }
                if lineEnd < p.count { out.append(0x0A) }
                lineStart = lineEnd + 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Words: runs of letters or digits, with inner apostrophes and hyphens.
    package static func words(in text: some StringProtocol) -> [Substring] {
        let text = Substring(text)
        let utf8 = text.utf8
        var words: [Substring] = []
        UTF8Text.withBytes(String(text)) { p in
            UTF8Text.forEachWord(p, 0..<p.count) { range in
                words.append(text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)])
            }
        }
        return words
    }

    /// The number of words, as `words(in:)` counts them.
    package static func wordCount(_ text: some StringProtocol) -> Int {
        UTF8Text.withBytes(String(text)) { UTF8Text.wordCount($0, 0..<$0.count) }
    }

    /// Sentences end at . ! ? … followed by white space or the end; line breaks between
    /// non-empty lines also end a sentence (headings, list items).
    package static func sentences(in text: String) -> [String] {
        UTF8Text.withBytes(text) { p in
            var sentences: [String] = []
            forEachSentence(p) { range, _ in sentences.append(String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)) }
            return sentences
        }
    }

    /// Calls `body` with each sentence's byte range (trimmed of spaces and closing quotes) and
    /// its word count; spans without a word are not sentences.
    static func forEachSentence(_ p: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Int) -> Void) {
        func emit(_ range: Range<Int>) {
            let trimmed = UTF8Text.trim(p, range) { UTF8Text.isSpace($0) || $0 == 0xBB || $0 == 0x201D || $0 == 0x22 }
            let count = UTF8Text.wordCount(p, trimmed)
            if count > 0 { body(trimmed, count) }
        }
        var lineStart = 0
        while lineStart < p.count {
            let lineEnd = UTF8Text.next(0x0A, in: p, from: lineStart)
            var sentenceStart = lineStart
            var i = lineStart
            while i < lineEnd {
                let (s, length) = UTF8Text.scalar(p, i)
                i += length
                guard s == 0x2E || s == 0x21 || s == 0x3F || s == 0x2026 else { continue }
                let next: UInt32 = i < lineEnd ? UTF8Text.scalar(p, i).value : 0x20
                guard next == 0x20 || next == 0xA0 || next == 0xBB || next == 0x201D || next == 0x22 else { continue }
                if isAbbreviation(p, sentenceStart..<i) { continue }
                emit(sentenceStart..<i)
                sentenceStart = i
            }
            emit(sentenceStart..<lineEnd)
            lineStart = lineEnd + 1
        }
    }

    /// Paragraphs: blocks between blank lines, trimmed.
    static func forEachParagraph(_ p: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Int) -> Void) {
        var start = 0
        var i = 0
        func emit(_ range: Range<Int>) {
            let trimmed = UTF8Text.trim(p, range) { UTF8Text.isSpace($0) || UTF8Text.isNewline($0) }
            if !trimmed.isEmpty { body(trimmed, UTF8Text.wordCount(p, trimmed)) }
        }
        while i + 1 < p.count {
            if p[i] == 0x0A && p[i + 1] == 0x0A {
                emit(start..<i)
                start = i + 2
                i += 2
            } else {
                i += 1
            }
        }
        emit(start..<p.count)
    }

    private static let abbreviations: Set<String> = ["c.", "ca.", "env.", "st.", "mr.", "dr.", "vol.", "no.", "p.", "av.", "apr.", "j.-c.", "inv.", "cf.", "etc.", "z.", "b.", "d.", "s."]

    /// Whether the span ends with an abbreviation ("c.", "etc.") or an initial ("J.").
    private static func isAbbreviation(_ p: UnsafeBufferPointer<UInt8>, _ span: Range<Int>) -> Bool {
        var tokenStart = span.upperBound
        while tokenStart > span.lowerBound, p[tokenStart - 1] != 0x20 { tokenStart -= 1 }
        let token = tokenStart..<span.upperBound
        guard !token.isEmpty, token.count <= 6 else { return false }
        if abbreviations.contains(String(decoding: token.map { (0x41...0x5A).contains(p[$0]) ? p[$0] | 0x20 : p[$0] }, as: UTF8.self)) {
            return true
        }
        // An initial such as "J." in "J. Vermeer".
        let (first, length) = UTF8Text.scalar(p, token.lowerBound)
        return token.lowerBound + length + 1 == token.upperBound && p[token.upperBound - 1] == UInt8(ascii: ".")
            && UTF8Text.isUppercase(first) && UTF8Text.isLetter(first)
    }

    /// Characters of the trimmed text as a reader counts them: scalars, with combining marks
    /// and joiners counted with the character before, and CR LF as one.
    package static func characterCount(_ text: String) -> Int {
        UTF8Text.withBytes(text) { p in
            let range = UTF8Text.trim(p, 0..<p.count) { UTF8Text.isSpace($0) || UTF8Text.isNewline($0) }
            var count = 0
            var i = range.lowerBound
            while i < range.upperBound {
                let b = p[i]
                if b < 0x80 {
                    if !(b == 0x0A && i > range.lowerBound && p[i - 1] == 0x0D) { count += 1 }
                    i += 1
                    continue
                }
                let (s, length) = UTF8Text.scalar(p, i)
                if !UTF8Text.isMark(s) { count += 1 }
                i += length
            }
            return count
        }
    }
}
