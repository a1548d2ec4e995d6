import Foundation
import Yams

/// Reads YAML (one record, a list of records, or several `---` documents) into `RecordValue`s
/// that keep their line numbers.
enum YAMLRecordReader {
    struct SyntaxError: Error {
        var line: Int?
        var message: String
    }

    static func read(_ text: String) throws(SyntaxError) -> [RecordValue.Located] {
        do {
            let documents = try Yams.compose_all(yaml: text)
            var values: [RecordValue.Located] = []
            for document in documents {
                values.append(convert(document))
            }
            return values
        } catch let error as YamlError {
            throw describe(error)
        } catch {
            throw SyntaxError(line: nil, message: "\(error)")
        }
    }

    private static func describe(_ error: YamlError) -> SyntaxError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return SyntaxError(line: mark.line, message: "YAML: \(prefix)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return SyntaxError(line: context.mark.line,
                               message: "YAML: duplicated keys \(duplicates.joined(separator: ", "))")
        default:
            return SyntaxError(line: nil, message: "YAML: \(error)")
        }
    }

    private static func convert(_ node: Node) -> RecordValue.Located {
        let line = node.mark?.line ?? 0
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
            return .init(.array(sequence.map(convert)), line: line)
        case .mapping(let mapping):
            let fields = mapping.map { pair in
                RecordValue.Field(key: pair.key.string ?? "\(pair.key)", value: convert(pair.value))
            }
            return .init(.object(fields), line: line)
        case .alias:
            return .init(.null, line: line)
        }
    }
}
