import Foundation
import Prose

/// Deterministic answers derived from the prompt: the same prompt, the same answer.
///
/// Draft prompts ("Length: A to B words") get prose of about that length built from the
/// prompt's own words; translation prompts ("The text to translate:") get the source text
/// back; requests with a JSON schema get an instance that satisfies it.
enum MockAnswers {
    static func text(for prompt: String) -> String {
        if let range = prompt.firstRange(of: "The text to translate:\n") {
            return prompt[range.upperBound...].trimmed()
        }
        let target = targetWords(in: prompt)
        let words = vocabulary(of: prompt)
        guard !words.isEmpty else { return "Mock answer." }
        var seed = StableHash.of(prompt)
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
        var rest = prompt[...]
        while let found = rest.firstRange(of: "Length: ") {
            rest = rest[found.upperBound...]
            let parts = rest.prefix(40).split(separator: " ", maxSplits: 4)
            if parts.count >= 4, let low = Int(parts[0]), parts[1] == "to", let high = Int(parts[2]), parts[3].hasPrefix("words") {
                return (low + high) / 2
            }
        }
        return 60
    }

    /// The prompt's words of 3 to 13 letters (with their apostrophes), lowercased when picked.
    struct Vocabulary {
        let words: [Substring]

        var count: Int { words.count }
        var isEmpty: Bool { words.isEmpty }

        subscript(index: Int) -> String { words[index].lowercased() }
    }

    static func vocabulary(of prompt: String) -> Vocabulary {
        var words: [Substring] = []
        var start: String.Index?
        var letters = 0
        var index = prompt.startIndex
        func close(_ end: String.Index) {
            if let start, letters > 2, letters < 14 { words.append(prompt[start..<end]) }
            start = nil
            letters = 0
        }
        while index < prompt.endIndex {
            let character = prompt[index]
            if character.isLetter || character == "'" || character == "’" {
                if start == nil { start = index }
                if character.isLetter { letters += 1 }
            } else {
                close(index)
            }
            index = prompt.index(after: index)
        }
        close(prompt.endIndex)
        return Vocabulary(words: words)
    }

    /// A JSON value satisfying `schema` (type, properties, required, items, enum, const,
    /// minLength/maxLength, minItems/maxItems, minimum/maximum), with text from the prompt.
    static func instance(of schema: Any, prompt: String) -> Any {
        var words = vocabulary(of: prompt)
        if words.isEmpty { words = vocabulary(of: "mock") }
        var seed = StableHash.of(prompt)
        return instance(of: schema, words: words, seed: &seed)
    }

    private static func instance(of schema: Any, words: Vocabulary, seed: inout UInt64) -> Any {
        guard let schema = schema as? [String: Any] else { return NSNull() }
        if let constant = schema["const"] { return constant }
        if let choices = schema["enum"] as? [Any], let first = choices.first { return first }
        let type = (schema["type"] as? String) ?? ((schema["type"] as? [String])?.first { $0 != "null" }) ?? (schema["properties"] != nil ? "object" : "string")
        switch type {
        case "object":
            var object: [String: Any] = [:]
            // By key: the seed passes from property to property, so the order must not be the dictionary's.
            for (key, property) in ((schema["properties"] as? [String: Any]) ?? [:]).sorted(by: { $0.key < $1.key }) {
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
