import Foundation

/// Where a field is inside a source record: dotted keys, array indexes and filters, e.g.
/// `contributors[role=artist].fc`, `artObject.principalMakers[0].name`, `dating.presentingDate`.
///
/// Walking through an array without an index or a filter visits every element, so
/// `movements.name` gives the names of all movements. A filter `[key=value]` keeps the
/// elements whose `key` is `value` (compared as text, ignoring case).
public struct RecordPath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
        case filter(key: String, value: String)
        case all
    }

    let steps: [Step]
    public let description: String

    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(SyntaxError) {
        description = text
        var steps: [Step] = []
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !rest.isEmpty else { throw SyntaxError(description: "the path is empty") }
        while !rest.isEmpty {
            if rest.hasPrefix(".") { rest = rest.dropFirst(); continue }
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { throw SyntaxError(description: "'\(text)': a '[' is not closed") }
                let inside = rest[rest.index(after: rest.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                if inside.isEmpty || inside == "*" {
                    steps.append(.all)
                } else if let index = Int(inside) {
                    steps.append(.index(index))
                } else if let equals = inside.firstIndex(of: "=") {
                    let key = inside[..<equals].trimmingCharacters(in: .whitespaces)
                    let value = inside[inside.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                        .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                    guard !key.isEmpty else { throw SyntaxError(description: "'\(text)': a filter needs a key, as in [role=artist]") }
                    steps.append(.filter(key: key, value: value))
                } else {
                    throw SyntaxError(description: "'\(text)': '[\(inside)]' is neither an index, '*' nor a filter like [role=artist]")
                }
                rest = rest[rest.index(after: close)...]
                continue
            }
            let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
            steps.append(.key(String(rest[..<end])))
            rest = rest[end...]
        }
        self.steps = steps
    }

    /// Every value at this path in `root`, in document order; lists met on the way are walked.
    public func values(in root: RecordValue.Located) -> [RecordValue.Located] {
        var current = [root]
        for step in steps {
            var next: [RecordValue.Located] = []
            for value in current {
                switch (step, value.value) {
                case (.key(let key), .object(let fields)):
                    next += fields.filter { $0.key == key }.map(\.value)
                case (.key, .array(let items)):
                    // A key after a list: each element's.
                    next += items.flatMap { item in RecordPath(steps: [step]).values(in: item) }
                case (.index(let index), .array(let items)):
                    if items.indices.contains(index) { next.append(items[index]) }
                case (.all, .array(let items)):
                    next += items
                case (.filter(let key, let wanted), .array(let items)):
                    next += items.filter { item in
                        guard case .object(let fields) = item.value else { return false }
                        return fields.contains { $0.key == key && $0.value.value.scalarText?.lowercased() == wanted.lowercased() }
                    }
                case (.filter(let key, let wanted), .object(let fields)):
                    // A filter on one object keeps it when it matches.
                    if fields.contains(where: { $0.key == key && $0.value.value.scalarText?.lowercased() == wanted.lowercased() }) {
                        next.append(value)
                    }
                default:
                    continue
                }
            }
            current = next
        }
        return current
    }

    private init(steps: [Step]) {
        self.steps = steps
        description = ""
    }
}
