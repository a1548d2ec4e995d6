/// A word-level diff (longest common subsequence), for showing editors what a proposal changes.
public enum WordDiff {
    public enum Part: Sendable, Hashable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// Tokens are words with their following white space, so that joining gives the text back.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var inSpace = false
        for character in text {
            if character.isWhitespace {
                inSpace = true
                current.append(character)
            } else {
                if inSpace {
                    tokens.append(current)
                    current = ""
                    inSpace = false
                }
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    public static func diff(_ old: String, _ new: String) -> [Part] {
        let a = tokens(old), b = tokens(new)
        // Long texts: a coarse answer rather than quadratic memory.
        guard a.count * b.count <= 4_000_000 else { return [.removed(old), .added(new)] }
        let key = { (token: String) in token.trimmingCharacters(in: .whitespacesAndNewlines) }
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = key(a[i]) == key(b[j]) ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var parts: [Part] = []
        func push(_ part: Part) {
            switch (parts.last, part) {
            case (.same(let x)?, .same(let y)): parts[parts.count - 1] = .same(x + y)
            case (.removed(let x)?, .removed(let y)): parts[parts.count - 1] = .removed(x + y)
            case (.added(let x)?, .added(let y)): parts[parts.count - 1] = .added(x + y)
            default: parts.append(part)
            }
        }
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if key(a[i]) == key(b[j]) {
                push(.same(b[j]))
                i += 1
                j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                push(.removed(a[i]))
                i += 1
            } else {
                push(.added(b[j]))
                j += 1
            }
        }
        while i < a.count { push(.removed(a[i])); i += 1 }
        while j < b.count { push(.added(b[j])); j += 1 }
        return parts
    }

    /// `[-removed-]{+added+}` markup, as `git diff --word-diff` prints it.
    public static func plain(_ parts: [Part]) -> String {
        parts.map { part in
            switch part {
            case .same(let text): text
            case .removed(let text): "[-\(text.trimmingCharacters(in: .whitespacesAndNewlines))-]" + (text.last?.isWhitespace == true ? " " : "")
            case .added(let text): "{+\(text.trimmingCharacters(in: .whitespacesAndNewlines))+}" + (text.last?.isWhitespace == true ? " " : "")
            }
        }.joined()
    }
}
