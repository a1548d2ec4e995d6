/// Writing YAML scalars for front matter by hand, so that the key order and layout stay
/// stable and readable for editors.
enum YAMLText {
    /// A double-quoted YAML scalar (JSON-style escapes, which YAML accepts).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{00}"..."\u{1F}", "\u{7F}":
                out += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func optional(_ text: String?) -> String {
        text.map(quoted) ?? "null"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
