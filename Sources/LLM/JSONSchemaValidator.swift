import Foundation

/// Checks a JSON value against the subset of JSON Schema that structured output uses:
/// `type`, `properties`, `required`, `additionalProperties: false`, `items`, `enum`, `const`,
/// `minLength`/`maxLength`, `minItems`/`maxItems`, `minimum`/`maximum`. Returns the problems,
/// each with its JSON path; an empty list means valid.
package enum JSONSchemaValidator {
    package static func validate(json text: String, schema schemaText: String) -> [String] {
        guard let schema = try? JSONSerialization.jsonObject(with: Data(schemaText.utf8)) else {
            return ["$: the schema is not JSON"]
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return ["$: the answer is not JSON"]
        }
        return validate(value, schema, path: "$")
    }

    package static func validate(_ value: Any, _ schema: Any, path: String) -> [String] {
        guard let schema = schema as? [String: Any] else { return [] }
        var problems: [String] = []
        if let constant = schema["const"], !equal(constant, value) {
            problems.append("\(path): must be \(constant)")
        }
        if let choices = schema["enum"] as? [Any], !choices.contains(where: { equal($0, value) }) {
            problems.append("\(path): must be one of \(choices.map { "\($0)" }.joined(separator: ", "))")
        }
        let types = (schema["type"] as? String).map { [$0] } ?? (schema["type"] as? [String]) ?? []
        if !types.isEmpty, !types.contains(where: { matches(value, type: $0) }) {
            problems.append("\(path): expected \(types.joined(separator: " or ")), found \(typeName(value))")
            return problems
        }
        switch value {
        case let string as String:
            if let min = schema["minLength"] as? Int, string.count < min {
                problems.append("\(path): \(string.count) characters, at least \(min) expected")
            }
            if let max = schema["maxLength"] as? Int, string.count > max {
                problems.append("\(path): \(string.count) characters, at most \(max) allowed")
            }
        case let array as [Any]:
            if let min = schema["minItems"] as? Int, array.count < min {
                problems.append("\(path): \(array.count) items, at least \(min) expected")
            }
            if let max = schema["maxItems"] as? Int, array.count > max {
                problems.append("\(path): \(array.count) items, at most \(max) allowed")
            }
            if let items = schema["items"] {
                for (index, item) in array.enumerated() {
                    problems += validate(item, items, path: "\(path)[\(index)]")
                }
            }
        case let object as [String: Any]:
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in (schema["required"] as? [String] ?? []) where object[key] == nil {
                problems.append("\(path).\(key): is required")
            }
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[key] {
                    problems += validate(item, property, path: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(path).\(key): is not allowed")
                }
            }
        case let number as NSNumber where !(value is Bool):
            if let min = (schema["minimum"] as? NSNumber)?.doubleValue, number.doubleValue < min {
                problems.append("\(path): \(number) is below \(min)")
            }
            if let max = (schema["maximum"] as? NSNumber)?.doubleValue, number.doubleValue > max {
                problems.append("\(path): \(number) is above \(max)")
            }
        default:
            break
        }
        return problems
    }

    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        // JSONSerialization gives booleans the Objective-C type "c" (char).
        return String(cString: number.objCType) == "c"
    }

    static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "string": return value is String
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "integer":
            guard let number = value as? NSNumber, !isBool(value) else { return false }
            return number.doubleValue.rounded() == number.doubleValue
        case "number": return value is NSNumber && !isBool(value)
        default: return true
        }
    }

    static func typeName(_ value: Any) -> String {
        switch value {
        case is String: "string"
        case is [String: Any]: "object"
        case is [Any]: "array"
        case is NSNull: "null"
        default: isBool(value) ? "boolean" : "number"
        }
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        (a as? NSObject)?.isEqual(b) ?? false
    }
}
