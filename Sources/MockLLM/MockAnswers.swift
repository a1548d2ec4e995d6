import Foundation

/// Deterministic answers derived from the prompt: the same prompt, the same answer.
///
/// Draft prompts ("Length: A to B words") get prose of about that length built from the
/// prompt's own words; translation prompts ("The text to translate:") get the source text
/// back; requests with a JSON schema get an instance that satisfies it.
enum MockAnswers {
    static func text(for prompt: String) -> String {
        if let range = prompt.range(of: "The text to translate:\n") {
            return String(prompt[range.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let target = targetWords(in: prompt)
        let words = vocabulary(of: prompt)
        guard !words.isEmpty else { return "Mock answer." }
        var seed = stableHash(prompt)
        var sentences: [String] = []
        var total = 0
        while total < target {
            let length = min(8 + Int(seed % 6), max(3, target - total))
            var sentence: [String] = []
            for _ in 0..<length {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                sentence.append(words[Int((seed >> 33) % UInt64(words.count))])
            }
            var text = sentence.joined(separator: " ")
            text = text.prefix(1).uppercased() + text.dropFirst() + "."
            sentences.append(text)
            total += length
        }
        return sentences.joined(separator: " ")
    }

    /// The middle of "Length: A to B words", or 60.
    static func targetWords(in prompt: String) -> Int {
        guard let match = prompt.firstMatch(of: #/Length: (\d+) to (\d+) words/#),
              let low = Int(match.1), let high = Int(match.2) else { return 60 }
        return (low + high) / 2
    }

    static func vocabulary(of prompt: String) -> [String] {
        prompt.split { !($0.isLetter || $0 == "'" || $0 == "’") }
            .map(String.init)
            .filter { $0.count > 2 && $0.count < 14 }
            .map { $0.lowercased() }
    }

    /// FNV-1a: stable across processes, unlike `hashValue`.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// A JSON value satisfying `schema` (type, properties, required, items, enum, const,
    /// minLength/maxLength, minItems/maxItems, minimum/maximum), with text from the prompt.
    static func instance(of schema: Any, prompt: String) -> Any {
        var words = vocabulary(of: prompt)
        if words.isEmpty { words = ["mock"] }
        var seed = stableHash(prompt)
        return instance(of: schema, words: words, seed: &seed)
    }

    private static func instance(of schema: Any, words: [String], seed: inout UInt64) -> Any {
        guard let schema = schema as? [String: Any] else { return NSNull() }
        if let constant = schema["const"] { return constant }
        if let choices = schema["enum"] as? [Any], let first = choices.first { return first }
        let type = (schema["type"] as? String) ?? ((schema["type"] as? [String])?.first { $0 != "null" }) ?? (schema["properties"] != nil ? "object" : "string")
        switch type {
        case "object":
            var object: [String: Any] = [:]
            for (key, property) in (schema["properties"] as? [String: Any]) ?? [:] {
                object[key] = instance(of: property, words: words, seed: &seed)
            }
            return object
        case "array":
            let count = max(schema["minItems"] as? Int ?? 1, min(schema["maxItems"] as? Int ?? 3, 3))
            return (0..<count).map { index -> Any in
                seed &+= UInt64(index) &+ 1
                return instance(of: schema["items"] ?? ["type": "string"], words: words, seed: &seed)
            }
        case "integer":
            return schema["minimum"] as? Int ?? 1
        case "number":
            return schema["minimum"] as? Double ?? 1.0
        case "boolean":
            return true
        default:
            let minLength = schema["minLength"] as? Int ?? 1
            let maxLength = schema["maxLength"] as? Int ?? max(minLength, 60)
            let target = min(maxLength, max(minLength, (minLength + maxLength) / 2))
            var text = ""
            while text.count < target {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let word = words[Int((seed >> 33) % UInt64(words.count))]
                text += text.isEmpty ? word.prefix(1).uppercased() + word.dropFirst() : " " + word
            }
            if text.count > maxLength { text = String(text.prefix(maxLength)).trimmingCharacters(in: .whitespaces) }
            while text.count < minLength { text += "x" }
            return text
        }
    }
}
