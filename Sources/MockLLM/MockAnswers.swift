import Foundation
import Prose

/// Deterministic answers derived from the prompt: the same prompt, the same answer.
///
/// Draft prompts ("Length: A to B words") get prose of about that length built from the
/// prompt's own words; translation prompts ("The text to translate:") get the source text
/// back; requests with a JSON schema get an instance that satisfies it.
enum MockAnswers {
    static func text(for prompt: String) -> String {
        if let range = FastText.range(of: "The text to translate:\n", in: prompt[...]) {
            return UTF8Text.trimmed(prompt[range.upperBound...])
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
        while let found = FastText.range(of: "Length: ", in: rest) {
            rest = rest[found.upperBound...]
            let parts = rest.prefix(40).split(separator: " ", maxSplits: 4)
            if parts.count >= 4, let low = Int(parts[0]), parts[1] == "to", let high = Int(parts[2]), parts[3].hasPrefix("words") {
                return (low + high) / 2
            }
        }
        return 60
    }

    /// The prompt's words of 3 to 13 letters, lowercased when picked (read on UTF-8 bytes, and
    /// only the words an answer uses become strings: the mock must stay cheap, so that
    /// benchmarks measure the client and the configured latency, not the mock).
    struct Vocabulary {
        let bytes: [UInt8]
        let ranges: [Range<Int>]

        var count: Int { ranges.count }
        var isEmpty: Bool { ranges.isEmpty }

        subscript(index: Int) -> String {
            bytes.withUnsafeBufferPointer { p in
                UTF8Text.lowercasedLatin(UnsafeBufferPointer(rebasing: p[ranges[index]])).lowercased()
            }
        }
    }

    static func vocabulary(of prompt: String) -> Vocabulary {
        let bytes = Array(prompt.utf8)
        let ranges = bytes.withUnsafeBufferPointer { p -> [Range<Int>] in
            var ranges: [Range<Int>] = []
            var start = -1, letters = 0
            var i = 0
            func close(_ end: Int) {
                if start >= 0, letters > 2, letters < 14 { ranges.append(start..<end) }
                start = -1
                letters = 0
            }
            while i < p.count {
                let (s, length) = UTF8Text.scalar(p, i)
                if UTF8Text.isLetter(s) || s == 0x27 || s == 0x2019 || (start >= 0 && UTF8Text.isMark(s)) {
                    if start < 0 { start = i }
                    if !UTF8Text.isMark(s) { letters += 1 }
                } else {
                    close(i)
                }
                i += length
            }
            close(p.count)
            return ranges
        }
        return Vocabulary(bytes: bytes, ranges: ranges)
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
