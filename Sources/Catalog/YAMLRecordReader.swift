import Prose
import Foundation
import Yams

/// Reads YAML (one record, a list of records, or several `---` documents) into `RecordValue`s
/// that keep their line numbers.
///
/// Guards: a syntax error names its line and column and keeps the documents before it (the
/// caller reports the error, so nothing after it vanishes in silence); aliases, nesting and
/// size are bounded, so that a few hundred bytes of nested aliases ("billion laughs") give a
/// clear error instead of exhausting memory.
enum YAMLRecordReader {
    /// What was read: the documents before any problem, and the problem.
    struct Reading {
        var documents: [RecordValue.Located]
        var problem: SyntaxError?
    }

    /// Nesting deeper than this is refused before parsing (the composer recurses per level).
    static let maxDepth = 200
    /// Values a file may expand to (aliases counted each time they are used): generous for any
    /// real record file, tiny next to what an alias bomb asks for.
    static func maxValues(forBytes bytes: Int) -> Int { 10_000 + 20 * bytes }

    static func read(_ text: String) -> Reading {
        if let problem = nestingProblem(text) { return Reading(documents: [], problem: problem) }
        var documents: [RecordValue.Located] = []
        var budget = maxValues(forBytes: text.utf8.count)
        do {
            let parser = try Parser(yaml: text)
            while let node = try parser.nextRoot() {
                documents.append(try convert(node, budget: &budget, depth: 0))
            }
            return Reading(documents: documents, problem: nil)
        } catch let error as YamlError {
            return Reading(documents: documents, problem: describe(error))
        } catch let error as SyntaxError {
            return Reading(documents: documents, problem: error)
        } catch {
            return Reading(documents: documents, problem: SyntaxError(message: "YAML: \(error)"))
        }
    }

    /// Flow brackets or indentation nested past `maxDepth`, found without parsing.
    static func nestingProblem(_ text: String) -> SyntaxError? {
        var depth = 0
        var line = 1
        var lineStart = true
        var indent = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                lineStart = true
                indent = 0
            case UInt8(ascii: " ") where lineStart:
                indent += 1
                if indent / 2 > maxDepth {
                    return SyntaxError(line: line, message: "YAML: indented more than \(maxDepth) levels deep; refused")
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                lineStart = false
                depth += 1
                if depth > maxDepth { return SyntaxError(line: line, message: "YAML: nested more than \(maxDepth) levels deep; refused") }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                lineStart = false
                depth = max(0, depth - 1)
            default:
                lineStart = false
            }
        }
        return nil
    }

    private static func describe(_ error: YamlError) -> SyntaxError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return SyntaxError(line: mark.line, column: mark.column, message: "YAML: \(prefix)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return SyntaxError(line: context.mark.line, column: context.mark.column,
                               message: "YAML: duplicated keys \(duplicates.joined(separator: ", "))")
        default:
            return SyntaxError(message: "YAML: \(error)")
        }
    }

    private static func convert(_ node: Node, budget: inout Int, depth: Int) throws(SyntaxError) -> RecordValue.Located {
        let line = node.mark?.line ?? 0
        budget -= 1
        if budget < 0 {
            throw SyntaxError(line: line, column: node.mark?.column,
                              message: "YAML: the file expands to too many values (aliases used over and over?); refused")
        }
        if depth > maxDepth {
            throw SyntaxError(line: line, column: node.mark?.column, message: "YAML: nested more than \(maxDepth) levels deep; refused")
        }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { return .init(.null, line: line) }
                if let bool = node.bool { return .init(.bool(bool), line: line) }
                if let int = node.int { return .init(.number(Double(int)), line: line) }
                if let double = node.float { return .init(.number(double), line: line) }
            }
            return .init(.string(scalar.string), line: line)
        case .sequence(let sequence):
            var items: [RecordValue.Located] = []
            for item in sequence { items.append(try convert(item, budget: &budget, depth: depth + 1)) }
            return .init(.array(items), line: line)
        case .mapping(let mapping):
            var fields: [RecordValue.Field] = []
            for pair in mapping {
                fields.append(RecordValue.Field(key: pair.key.string ?? "\(pair.key)", value: try convert(pair.value, budget: &budget, depth: depth + 1)))
            }
            return .init(.object(fields), line: line)
        case .alias:
            return .init(.null, line: line)
        }
    }
}
