/// Reads the front matter exactly as Docent writes it (see `DraftFrontMatter.rendered`)
/// without a YAML parser: top-level `key: value` lines, the `generator:` block and the
/// `checks:` list, with JSON-style quoted strings. Anything else — comments, other quoting,
/// other nesting, which an editor may well write — returns nil, and the caller uses the full
/// YAML parser instead. Reading thousands of drafts per run, this matters.
enum FrontMatterFastPath {
    static func parse(_ yaml: String) -> [String: Any]? {
        var result: [String: Any] = [:]
        var generator: [String: Any]?
        var checks: [[String: Any]]?
        var section = ""
        for rawLine in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty { continue }
            if line.hasPrefix("    ") {
                guard section == "checks", checks?.isEmpty == false, let (key, value) = pair(line.dropFirst(4)) else { return nil }
                checks![checks!.count - 1][key] = value
            } else if line.hasPrefix("  - ") {
                guard section == "checks", let (key, value) = pair(line.dropFirst(4)) else { return nil }
                checks!.append(value.map { [key: $0] } ?? [:])
            } else if line.hasPrefix("  ") {
                guard section == "generator", let (key, value) = pair(line.dropFirst(2)) else { return nil }
                generator![key] = value
            } else if line == "generator:" {
                section = "generator"
                generator = [:]
            } else if line == "checks:" {
                section = "checks"
                checks = []
            } else {
                guard let (key, value) = pair(line) else { return nil }
                section = ""
                if key == "checks", value is [Any] {
                    checks = []
                    continue
                }
                result[key] = value
            }
        }
        if let generator { result["generator"] = generator }
        if let checks { result["checks"] = checks }
        return result
    }

    /// `key: value` with a scalar value (nil for `null`), or nil for anything else.
    static func pair(_ line: Substring) -> (String, Any?)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = String(line[..<colon])
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        var rest = line[line.index(after: colon)...]
        guard rest.first == " " else { return nil }
        rest = rest.dropFirst()
        switch rest {
        case "null", "~": return (key, nil)
        case "true": return (key, true)
        case "false": return (key, false)
        case "[]": return (key, [Any]())
        default: break
        }
        if rest.first == "\"" {
            guard let text = unquote(rest) else { return nil }
            return (key, text)
        }
        // Bare words as Docent writes them (stage, audience, language, severity).
        guard rest.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else { return nil }
        return (key, String(rest))
    }

    /// A double-quoted scalar with the escapes `YAMLText.quoted` writes; nil for anything else.
    static func unquote(_ text: Substring) -> String? {
        guard text.count >= 2, text.last == "\"" else { return nil }
        var out = ""
        var iterator = text.dropFirst().dropLast().makeIterator()
        while let character = iterator.next() {
            if character == "\"" { return nil }
            guard character == "\\" else {
                out.append(character)
                continue
            }
            switch iterator.next() {
            case "\""?: out.append("\"")
            case "\\"?: out.append("\\")
            case "n"?: out.append("\n")
            case "t"?: out.append("\t")
            case "r"?: out.append("\r")
            case "x"?:
                guard let a = iterator.next(), let b = iterator.next(), let value = UInt32(String([a, b]), radix: 16),
                      let scalar = Unicode.Scalar(value) else { return nil }
                out.unicodeScalars.append(scalar)
            default: return nil
            }
        }
        return out
    }
}
