import Foundation
import LLM
import Prose
import Domain

/// The LLM proofreading pass: the model lists issues with suggested fixes, as JSON.
package enum ProofreadingPass {
    package static let schema = #"{"type": "object", "required": ["issues"], "additionalProperties": false, "properties": {"issues": {"type": "array", "maxItems": 20, "items": {"type": "object", "required": ["quote", "problem", "suggestion"], "additionalProperties": false, "properties": {"quote": {"type": "string", "maxLength": 200}, "problem": {"type": "string", "maxLength": 300}, "suggestion": {"type": "string", "maxLength": 300}}}}}}"#

    package static func request(for text: String, language: String, audience: Audience) -> ChatRequest {
        ChatRequest(messages: [
            ChatMessage(.system, "You are a careful proofreader of museum texts in \(LanguageNames.name(of: language)). "
                + "List spelling, grammar, punctuation, factual-consistency and tone issues; list none if the text is clean."),
            ChatMessage(.user, "Audience: \(audience.label).\n\nThe text:\n\(text)"),
        ], temperature: 0, maxTokens: 800, jsonSchema: schema)
    }

    /// The model's issues as findings, kept only when they can help an editor: the quote is in
    /// the text, the suggestion changes it, and each (quote, suggestion) once, in the answer's
    /// order. An answer that cannot be read is a finding that says so, never silence.
    package static func findings(from answer: String, in text: String) -> [Finding] {
        struct Issues: Decodable {
            struct Issue: Decodable {
                var quote: String
                var problem: String
                var suggestion: String
            }
            var issues: [Issue]
        }
        var json = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        if json.hasPrefix("```") { json = json.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("```") }.joined(separator: "\n") }
        guard let decoded = try? JSONDecoder().decode(Issues.self, from: Data(json.utf8)) else {
            return [Finding("proofread-unreadable", .warning, "the proofreading answer could not be read as its JSON list of issues; the text was not proofread")]
        }
        var seen: [(quote: String, suggestion: String)] = []
        var findings: [Finding] = []
        for issue in decoded.issues {
            let quote = issue.quote.trimmingCharacters(in: .whitespacesAndNewlines)
            let suggestion = issue.suggestion.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !quote.isEmpty, text.contains(quote), suggestion != quote,
                  !seen.contains(where: { $0.quote == quote && $0.suggestion == suggestion }) else { continue }
            seen.append((quote, suggestion))
            let (line, column) = Proofreader.position(of: quote, in: text)
            findings.append(Finding("proofread", .warning, "“\(quote)”: \(issue.problem) → \(suggestion)", line: line, column: column, excerpt: quote))
        }
        return findings
    }
}
