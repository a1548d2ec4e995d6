import Catalog
import HouseStyle
import Prose

/// Reads typed values out of a parsed JSON document, recording every problem with its JSON
/// path instead of stopping at the first.
struct ConfigReader {
    var file: String
    var issues: [ConfigIssue] = []

    mutating func problem(_ path: String, _ line: Int?, _ message: String) {
        issues.append(ConfigIssue(file: file, path: path, line: line, message: message))
    }

    /// The fields of an object; unknown keys are reported with a suggestion.
    mutating func object(_ value: RecordValue.Located?, _ path: String, allowed: [String]) -> [String: RecordValue.Located] {
        guard let value else { return [:] }
        guard case .object(let fields) = value.value else {
            problem(path, value.line, "expected an object, found \(value.value.kindName)")
            return [:]
        }
        var result: [String: RecordValue.Located] = [:]
        for field in fields {
            if result[field.key] != nil {
                problem("\(path).\(field.key)", field.value.line, "appears twice")
            }
            if !allowed.contains(field.key) {
                problem("\(path).\(field.key)", field.value.line,
                        "unknown key" + Suggestion.hint(for: field.key, in: allowed))
            }
            result[field.key] = field.value
        }
        return result
    }

    mutating func string(_ value: RecordValue.Located?, _ path: String, allowEmpty: Bool = false) -> String? {
        guard let value, value.value != .null else { return nil }
        guard case .string(let text) = value.value else {
            problem(path, value.line, "expected a string, found \(value.value.kindName)")
            return nil
        }
        if !allowEmpty, text.trimmingCharacters(in: .whitespaces).isEmpty {
            problem(path, value.line, "must not be empty")
            return nil
        }
        return text
    }

    mutating func bool(_ value: RecordValue.Located?, _ path: String) -> Bool? {
        guard let value, value.value != .null else { return nil }
        guard case .bool(let flag) = value.value else {
            problem(path, value.line, "expected true or false, found \(value.value.kindName)")
            return nil
        }
        return flag
    }

    mutating func oneOf(_ value: RecordValue.Located?, _ path: String, _ choices: [String]) -> String? {
        guard let text = string(value, path) else { return nil }
        guard choices.contains(text) else {
            problem(path, value?.line, "'\(text)' is not one of \(choices.joined(separator: ", "))"
                    + Suggestion.hint(for: text, in: choices))
            return nil
        }
        return text
    }

    mutating func number(_ value: RecordValue.Located?, _ path: String, in range: ClosedRange<Double>) -> Double? {
        guard let value, value.value != .null else { return nil }
        guard case .number(let number) = value.value else {
            problem(path, value.line, "expected a number, found \(value.value.kindName)")
            return nil
        }
        guard range.contains(number) else {
            problem(path, value.line, "\(value.value.scalarText ?? "") is out of range \(Self.format(range.lowerBound))…\(Self.format(range.upperBound))")
            return nil
        }
        return number
    }

    mutating func integer(_ value: RecordValue.Located?, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard let number = number(value, path, in: Double(range.lowerBound)...Double(range.upperBound)) else { return nil }
        guard number.rounded() == number else {
            problem(path, value?.line, "expected a whole number")
            return nil
        }
        return Int(number)
    }

    mutating func strings(_ value: RecordValue.Located?, _ path: String) -> [String]? {
        guard let value, value.value != .null else { return nil }
        guard case .array(let items) = value.value else {
            problem(path, value.line, "expected a list of strings, found \(value.value.kindName)")
            return nil
        }
        return items.enumerated().compactMap { string($0.element, "\(path)[\($0.offset)]") }
    }

    mutating func xpaths(_ value: RecordValue.Located?, _ path: String) -> [String]? {
        guard let list = strings(value, path) else { return nil }
        for (index, expression) in list.enumerated() where !HTMLDocument.isValidXPath(expression) {
            problem("\(path)[\(index)]", value?.line, "'\(expression)' is not a valid XPath expression")
        }
        return list.filter(HTMLDocument.isValidXPath)
    }

    mutating func languageCodes(_ value: RecordValue.Located?, _ path: String) -> [String]? {
        guard let codes = strings(value, path) else { return nil }
        for (index, code) in codes.enumerated() where !LanguageCode.isValid(code) {
            problem("\(path)[\(index)]", value?.line, "'\(code)' is not a language code like 'fr' or 'en'")
        }
        return codes.filter(LanguageCode.isValid).map { $0.lowercased() }
    }

    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
