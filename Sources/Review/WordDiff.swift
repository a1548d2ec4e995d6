/// A word-level diff, for showing editors what a proposal changes.
package enum WordDiff {
    package enum Part: Sendable, Hashable {
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

    /// The standard library's `CollectionDifference` (Myers) over the words, compared without
    /// their white space: no size cap, time grows with the changes, not with the text squared.
    package static func diff(_ old: String, _ new: String) -> [Part] {
        let a = tokens(old), b = tokens(new)
        let key = { (token: String) in token.trimmingCharacters(in: .whitespacesAndNewlines) }
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in b.map(key).difference(from: a.map(key)) {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
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
        // Removals first where both happen at one place, then additions, then what is kept.
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                push(.removed(a[i]))
                i += 1
            } else if j < b.count, inserted.contains(j) {
                push(.added(b[j]))
                j += 1
            } else {
                push(.same(b[j]))
                i += 1
                j += 1
            }
        }
        return parts
    }

    /// `[-removed-]{+added+}` markup, as `git diff --word-diff` prints it.
    package static func plain(_ parts: [Part]) -> String {
        parts.map { part in
            switch part {
            case .same(let text): text
            case .removed(let text): "[-\(text.trimmingCharacters(in: .whitespacesAndNewlines))-]" + (text.last?.isWhitespace == true ? " " : "")
            case .added(let text): "{+\(text.trimmingCharacters(in: .whitespacesAndNewlines))+}" + (text.last?.isWhitespace == true ? " " : "")
            }
        }.joined()
    }
}
