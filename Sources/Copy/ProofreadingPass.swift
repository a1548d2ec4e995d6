import Foundation
import LLM

/// The LLM proofreading pass: the model lists issues with suggested fixes, as JSON.
public enum ProofreadingPass {
    public static let schema = #"{"type": "object", "required": ["issues"], "additionalProperties": false, "properties": {"issues": {"type": "array", "maxItems": 20, "items": {"type": "object", "required": ["quote", "problem", "suggestion"], "additionalProperties": false, "properties": {"quote": {"type": "string", "maxLength": 200}, "problem": {"type": "string", "maxLength": 300}, "suggestion": {"type": "string", "maxLength": 300}}}}}}"#

    public static func request(for text: String, task: DraftTask) -> ChatRequest {
        ChatRequest(messages: [
            ChatMessage(.system, "You are a careful proofreader of museum texts in \(LanguageNames.name(of: task.language)). "
                + "List spelling, grammar, punctuation, factual-consistency and tone issues; list none if the text is clean."),
            ChatMessage(.user, "Audience: \(task.audience.label).\n\nThe text:\n\(text)"),
        ], temperature: 0, maxTokens: 800, jsonSchema: schema)
    }

    public static func findings(from answer: String) -> [Finding] {
        struct Issues: Decodable {
            struct Issue: Decodable {
                var quote: String
                var problem: String
                var suggestion: String
            }
            var issues: [Issue]
        }
        var json = answer
        if json.hasPrefix("```") { json = json.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("```") }.joined(separator: "\n") }
        guard let decoded = try? JSONDecoder().decode(Issues.self, from: Data(json.utf8)) else { return [] }
        return decoded.issues.map { Finding("proofread", .warning, "“\($0.quote)”: \($0.problem) → \($0.suggestion)") }
    }
}
