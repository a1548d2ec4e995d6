import Prose

/// Reads the front matter exactly as Docent writes it (see `DraftFrontMatter.rendered`)
/// without a YAML parser: top-level `key: value` lines, the `generator:` block and the
/// `checks:` list, with JSON-style quoted strings. Anything else — comments, other quoting,
/// other nesting, which an editor may well write — returns nil, and the caller uses the full
/// YAML parser instead. Reading thousands of drafts per run, this matters.
enum FrontMatterFastPath {
    static func parse(_ yaml: String) -> [String: Any]? {
        UTF8Text.withBytes(yaml) { p -> [String: Any]? in
            var result: [String: Any] = [:]
            var generator: [String: Any]?
            var checks: [[String: Any]]?
            var section = ""
            var lineStart = 0
            while lineStart < p.count {
                let newline = UTF8Text.next(0x0A, in: p, from: lineStart)
                var end = newline
                if end > lineStart, p[end - 1] == 0x0D { end -= 1 }
                defer { lineStart = newline + 1 }
                if end == lineStart { continue }
                let line = lineStart..<end
                if starts(p, line, with: "    ") {
                    guard section == "checks", checks?.isEmpty == false, let (key, value) = pair(p, line.lowerBound + 4..<end) else { return nil }
                    checks![checks!.count - 1][key] = value
                } else if starts(p, line, with: "  - ") {
                    guard section == "checks", let (key, value) = pair(p, line.lowerBound + 4..<end) else { return nil }
                    checks!.append(value.map { [key: $0] } ?? [:])
                } else if starts(p, line, with: "  ") {
                    guard section == "generator", let (key, value) = pair(p, line.lowerBound + 2..<end) else { return nil }
                    generator![key] = value
                } else if equals(p, line, "generator:") {
                    section = "generator"
                    generator = [:]
                } else if equals(p, line, "checks:") {
                    section = "checks"
                    checks = []
                } else {
                    guard let (key, value) = pair(p, line) else { return nil }
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
    }

    static func starts(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard range.count >= count else { return false }
        for i in 0..<count where p[range.lowerBound + i] != prefix.utf8Start[i] { return false }
        return true
    }

    static func equals(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount && starts(p, range, with: text)
    }

    /// `key: value` with a scalar value (nil for `null`), or nil for anything else.
    static func pair(_ p: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> (String, Any?)? {
        var colon = line.lowerBound
        while colon < line.upperBound, p[colon] != UInt8(ascii: ":") {
            // Keys as Docent writes them: ASCII letters, digits and '_'.
            guard isWordByte(p[colon]) else { return nil }
            colon += 1
        }
        guard colon > line.lowerBound, colon + 1 < line.upperBound, p[colon + 1] == 0x20 else { return nil }
        let key = String(decoding: UnsafeBufferPointer(rebasing: p[line.lowerBound..<colon]), as: UTF8.self)
        let value = colon + 2..<line.upperBound
        if equals(p, value, "null") || equals(p, value, "~") { return (key, nil) }
        if equals(p, value, "true") { return (key, true) }
        if equals(p, value, "false") { return (key, false) }
        if equals(p, value, "[]") { return (key, [Any]()) }
        if !value.isEmpty, p[value.lowerBound] == UInt8(ascii: "\"") {
            guard let text = unquote(p, value) else { return nil }
            return (key, text)
        }
        // Bare words as Docent writes them (stage, audience, language, severity).
        guard value.allSatisfy({ isWordByte(p[$0]) || p[$0] == UInt8(ascii: "-") || p[$0] == UInt8(ascii: ".") }) else { return nil }
        return (key, String(decoding: UnsafeBufferPointer(rebasing: p[value]), as: UTF8.self))
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
    }

    /// A double-quoted scalar with the escapes `YAMLText.quoted` writes; nil for anything else.
    static func unquote(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        guard range.count >= 2, p[range.upperBound - 1] == UInt8(ascii: "\"") else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound + 1
        let end = range.upperBound - 1
        while i < end {
            let byte = p[i]
            i += 1
            if byte == UInt8(ascii: "\"") { return nil }
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard i < end else { return nil }
            let escape = p[i]
            i += 1
            switch escape {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "x"):
                guard i + 2 <= end, let value = UInt32(String(decoding: UnsafeBufferPointer(rebasing: p[i..<i + 2]), as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(value) else { return nil }
                out += Array(String(Character(scalar)).utf8)
                i += 2
            default:
                return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
