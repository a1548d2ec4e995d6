import Foundation
import Prose
import Domain

/// Locale typography: French no-break spaces and « », German „ “, apostrophes; and the fix
/// applied to translations afterwards.
package enum Typography {
    static func base(_ language: String) -> String {
        language.split(separator: "-").first.map { $0.lowercased() } ?? language
    }

    package static func check(_ text: String, language: String) -> [Finding] {
        let language = base(language)
        guard language == "fr" || language == "de" || language == "es" else { return [] }
        var findings: [Finding] = []
        UTF8Text.withBytes(text) { p in
            var lineStart = 0, lineNumber = 0
            var scalars: [UInt32] = []
            while lineStart <= p.count {
                let lineEnd = UTF8Text.next(0x0A, in: p, from: lineStart)
                lineNumber += 1
                defer { lineStart = lineEnd + 1 }
                if language != "fr", lineEnd > lineStart, p[lineStart] == UInt8(ascii: "#") { continue }
                // Only lines with something to check are decoded.
                let french = language == "fr"
                guard p[lineStart..<lineEnd].contains(where: { french ? frenchMarks.contains($0) : $0 == 0x22 }) else { continue }
                scalars.removeAll(keepingCapacity: true)
                var i = lineStart
                while i < lineEnd {
                    let (s, length) = UTF8Text.scalar(p, i)
                    scalars.append(s)
                    i += length
                }
                findings += check(line: scalars, number: lineNumber, language: language)
            }
        }
        return findings
    }

    /// Bytes that start something French typography checks: `: ; ! ? " '` and « » (0xC2 …).
    static let frenchMarks: Set<UInt8> = [0x3A, 0x3B, 0x21, 0x3F, 0x22, 0x27, 0xC2]

    /// One line's findings; columns count Unicode scalars.
    static func check(line characters: [UInt32], number: Int, language: String) -> [Finding] {
        var findings: [Finding] = []
        func add(_ rule: String, _ severity: Finding.Severity, _ message: String, _ column: Int) {
            let excerpt = Unicode.Scalar(characters[column]).map { String(Character($0)) }
            findings.append(Finding(rule, severity, message, line: number, column: column + 1, excerpt: excerpt))
        }
        let noBreak: UInt32 = 0xA0, narrowNoBreak: UInt32 = 0x202F
        switch language {
        case "fr":
            for (i, character) in characters.enumerated() {
                let before: UInt32? = i > 0 ? characters[i - 1] : nil
                let after: UInt32? = i + 1 < characters.count ? characters[i + 1] : nil
                let isDigit: (UInt32?) -> Bool = { $0.map(UTF8Text.isNumber) == true }
                switch character {
                case 0x3A where !(isDigit(before) && isDigit(after)) && after != 0x2F:
                    if before != noBreak && before != narrowNoBreak && before != nil {
                        add("typography-fr", .warning, "French typography wants a no-break space (U+00A0) before ':'", i)
                    }
                case 0x3B, 0x21, 0x3F:
                    if before != narrowNoBreak && before != noBreak && before != nil && before != 0x21 && before != 0x3F {
                        add("typography-fr", .warning, "French typography wants a narrow no-break space (U+202F) before '\(Character(Unicode.Scalar(character)!))'", i)
                    }
                case 0xAB:
                    if after != nil && after != noBreak && after != narrowNoBreak {
                        add("typography-fr", .warning, "French typography wants a no-break space after '«'", i)
                    }
                case 0xBB:
                    if before != nil && before != noBreak && before != narrowNoBreak {
                        add("typography-fr", .warning, "French typography wants a no-break space before '»'", i)
                    }
                case 0x22:
                    add("quotes-fr", .info, "French uses « » rather than straight quotes", i)
                case 0x27:
                    if before.map(UTF8Text.isLetter) == true && after.map(UTF8Text.isLetter) == true {
                        add("apostrophe", .info, "typographic apostrophe ’ expected", i)
                    }
                default:
                    continue
                }
            }
        case "de":
            for (i, character) in characters.enumerated() where character == 0x22 {
                add("quotes-de", .info, "German uses „ “ rather than straight quotes", i)
            }
        case "es":
            for (i, character) in characters.enumerated() where character == 0x22 {
                add("quotes-es", .info, "Spanish uses « » or “ ” rather than straight quotes", i)
            }
        default:
            break
        }
        return findings
    }

    /// Applies the locale's typography to a text (translations are fixed this way afterwards):
    /// French no-break spaces and « », German „ “, typographic apostrophes.
    package static func apply(_ text: String, language: String) -> String {
        switch base(language) {
        case "fr":
            var out = ""
            var openQuote = true
            let characters = Array(text)
            for (i, character) in characters.enumerated() {
                let after: Character? = i + 1 < characters.count ? characters[i + 1] : nil
                let before: Character? = i > 0 ? characters[i - 1] : nil
                switch character {
                case ":" where !(before?.isNumber == true && after?.isNumber == true) && after != "/",
                     ";", "!", "?":
                    while out.last == " " { out.removeLast() }
                    if let last = out.last, last != "\u{00A0}", last != "\u{202F}", last != "\n", last != "!", last != "?" {
                        out.append(character == ":" ? "\u{00A0}" : "\u{202F}")
                    }
                    out.append(character)
                case "\"", "“", "”":
                    if openQuote {
                        out.append("«\u{00A0}")
                    } else {
                        while out.last == " " { out.removeLast() }
                        out.append("\u{00A0}»")
                    }
                    openQuote.toggle()
                case " " where openQuote == false && (out.hasSuffix("«\u{00A0}")):
                    continue
                case "«":
                    out.append("«")
                    if after != "\u{00A0}" && after != "\u{202F}" { out.append("\u{00A0}") }
                case "»":
                    while out.last == " " { out.removeLast() }
                    if out.last != "\u{00A0}" && out.last != "\u{202F}" { out.append("\u{00A0}") }
                    out.append("»")
                case " " where out.last == "\u{00A0}" && out.hasSuffix("«\u{00A0}"):
                    continue
                case "'" where before?.isLetter == true && after?.isLetter == true:
                    out.append("’")
                default:
                    out.append(character)
                }
            }
            return out
        case "de":
            return replaceQuotes(text, open: "„", close: "“").replacingOccurrences(of: "'", with: "’")
        case "es":
            return replaceQuotes(text, open: "«", close: "»")
        case "en":
            return replaceQuotes(text, open: "“", close: "”")
        default:
            return text
        }
    }

    static func replaceQuotes(_ text: String, open: String, close: String) -> String {
        var out = ""
        var opening = true
        for character in text {
            if character == "\"" {
                out += opening ? open : close
                opening.toggle()
            } else {
                out.append(character)
            }
        }
        return out
    }
}
