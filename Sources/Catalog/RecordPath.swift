import Prose
import Foundation

/// Where a field is inside a source record: dotted keys, array indexes and filters, e.g.
/// `contributors[role=artist].fc`, `artObject.principalMakers[0].name`, `dating.presentingDate`.
///
/// Walking through an array without an index or a filter visits every element, so
/// `movements.name` gives the names of all movements. A filter `[key=value]` keeps the
/// elements where `key` (itself a path, `language.id`) holds `value`, compared as text
/// ignoring case; an object matches by its `id`, as JSON-LD references do. Alternatives
/// `a | b` give the first that has values (Linked Art names a person by `_label` or by a name).
package struct RecordPath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
        /// Elements where the key path holds the value (lowercased once, when parsed).
        case filter(key: [Step], value: String)
        case all
    }

    /// One path, or alternatives: the first that yields values is taken.
    let alternatives: [[Step]]
    package let description: String

    package init(_ text: String) throws(SyntaxError) {
        description = text
        var alternatives: [[Step]] = []
        for part in text.components(separatedBy: " | ") {
            alternatives.append(try Self.steps(part, in: text))
        }
        self.alternatives = alternatives
    }

    private static func steps(_ part: String, in text: String) throws(SyntaxError) -> [Step] {
        var steps: [Step] = []
        var rest = Substring(part.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { throw SyntaxError(message: "'\(text)': a path is empty") }
        while !rest.isEmpty {
            if rest.hasPrefix(".") { rest = rest.dropFirst(); continue }
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { throw SyntaxError(message: "'\(text)': a '[' is not closed") }
                let inside = rest[rest.index(after: rest.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                if inside.isEmpty || inside == "*" {
                    steps.append(.all)
                } else if let index = Int(inside) {
                    steps.append(.index(index))
                } else if let equals = inside.firstIndex(of: "=") {
                    let key = inside[..<equals].trimmingCharacters(in: .whitespaces)
                    let value = inside[inside.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                        .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                    guard !key.isEmpty else { throw SyntaxError(message: "'\(text)': a filter needs a key, as in [role=artist]") }
                    steps.append(.filter(key: try Self.steps(key, in: text), value: value.lowercased()))
                } else {
                    throw SyntaxError(message: "'\(text)': '[\(inside)]' is neither an index, '*' nor a filter like [role=artist]")
                }
                rest = rest[rest.index(after: close)...]
                continue
            }
            let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
            steps.append(.key(String(rest[..<end])))
            rest = rest[end...]
        }
        return steps
    }

    /// Every value at this path in `root`, in document order; lists met on the way are walked.
    package func values(in root: RecordValue.Located) -> [RecordValue.Located] {
        for steps in alternatives {
            let found = Self.values(of: steps, in: root)
            if !found.isEmpty { return found }
        }
        return []
    }

    /// Whether `element` holds `wanted` (lowercased) at the key path `key`.
    static func matches(_ element: RecordValue.Located, key: [Step], wanted: String) -> Bool {
        values(of: key, in: element).flatMap { value -> [RecordValue.Located] in
            if case .array(let items) = value.value { return items }
            return [value]
        }.contains { value in
            if let text = value.value.scalarText { return text.lowercased() == wanted }
            if case .object(let fields) = value.value {
                return fields.contains { $0.key == "id" && $0.value.value.scalarText?.lowercased() == wanted }
            }
            return false
        }
    }

    static func values(of steps: [Step], in root: RecordValue.Located) -> [RecordValue.Located] {
        var current = [root]
        for step in steps {
            var next: [RecordValue.Located] = []
            for value in current {
                switch (step, value.value) {
                case (.key(let key), .object(let fields)):
                    next += fields.filter { $0.key == key }.map(\.value)
                case (.key, .array(let items)):
                    // A key after a list: each element's.
                    next += items.flatMap { item in values(of: [step], in: item) }
                case (.index(let index), .array(let items)):
                    if items.indices.contains(index) { next.append(items[index]) }
                case (.all, .array(let items)):
                    next += items
                case (.filter(let key, let wanted), .array(let items)):
                    next += items.filter { matches($0, key: key, wanted: wanted) }
                case (.filter(let key, let wanted), .object):
                    // A filter on one object keeps it when it matches.
                    if matches(value, key: key, wanted: wanted) { next.append(value) }
                default:
                    continue
                }
            }
            current = next
        }
        return current
    }
}
