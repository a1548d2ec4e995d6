/// A loosely typed value read from a record file, with the line it starts on.
///
/// JSON, YAML and CSV loaders all produce this tree, so that one decoder
/// (`RecordDecoder`) turns it into an `Artwork` and reports problems as `file:line: field`.
package indirect enum RecordValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([Located])
    case object([Field])

    package struct Located: Sendable, Hashable {
        package var value: RecordValue
        package var line: Int
        package init(_ value: RecordValue, line: Int) {
            self.value = value
            self.line = line
        }
    }

    package struct Field: Sendable, Hashable {
        package var key: String
        package var value: Located
        package init(key: String, value: Located) {
            self.key = key
            self.value = value
        }
    }

    /// Short name of the kind of value, for error messages.
    package var kindName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// The value as text when it is a scalar (numbers and booleans are written plainly).
    package var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .number(let n):
            return n.rounded() == n && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}
