import Foundation

/// Locale typography: French no-break spaces and « », German „ “, apostrophes; and the fix
/// applied to translations afterwards.
public enum Typography {
    static func base(_ language: String) -> String {
        language.split(separator: "-").first.map { $0.lowercased() } ?? language
    }

    public static func check(_ text: String, language: String) -> [Finding] {
        var findings: [Finding] = []
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where !line.hasPrefix("#") || base(language) == "fr" {
            let characters = Array(line)
            func add(_ rule: String, _ severity: Finding.Severity, _ message: String, _ column: Int) {
                findings.append(Finding(rule, severity, message, line: index + 1, column: column + 1))
            }
            switch base(language) {
            case "fr":
                for (i, character) in characters.enumerated() {
                    let before: Character? = i > 0 ? characters[i - 1] : nil
                    let after: Character? = i + 1 < characters.count ? characters[i + 1] : nil
                    switch character {
                    case ":" where !(before?.isNumber == true && after?.isNumber == true) && after != "/":
                        if before != "\u{00A0}" && before != "\u{202F}" && before != nil {
                            add("typography-fr", .warning, "French typography wants a no-break space (U+00A0) before ':'", i)
                        }
                    case ";", "!", "?":
                        if before != "\u{202F}" && before != "\u{00A0}" && before != nil && before != "!" && before != "?" {
                            add("typography-fr", .warning, "French typography wants a narrow no-break space (U+202F) before '\(character)'", i)
                        }
                    case "«":
                        if after != nil && after != "\u{00A0}" && after != "\u{202F}" {
                            add("typography-fr", .warning, "French typography wants a no-break space after '«'", i)
                        }
                    case "»":
                        if before != nil && before != "\u{00A0}" && before != "\u{202F}" {
                            add("typography-fr", .warning, "French typography wants a no-break space before '»'", i)
                        }
                    case "\"":
                        add("quotes-fr", .info, "French uses « » rather than straight quotes", i)
                    case "'":
                        if before?.isLetter == true && after?.isLetter == true {
                            add("apostrophe", .info, "typographic apostrophe ’ expected", i)
                        }
                    default:
                        continue
                    }
                }
            case "de":
                for (i, character) in characters.enumerated() where character == "\"" {
                    add("quotes-de", .info, "German uses „ “ rather than straight quotes", i)
                }
            case "es":
                for (i, character) in characters.enumerated() where character == "\"" {
                    add("quotes-es", .info, "Spanish uses « » or “ ” rather than straight quotes", i)
                }
            default:
                continue
            }
        }
        return findings
    }

    /// Applies the locale's typography to a text (translations are fixed this way afterwards):
    /// French no-break spaces and « », German „ “, typographic apostrophes.
    public static func apply(_ text: String, language: String) -> String {
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
