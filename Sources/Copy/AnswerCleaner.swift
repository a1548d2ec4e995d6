import Foundation

/// Tidies a model's answer into a draft body: strips a wrapping code fence and surrounding
/// white space. Anything else odd is left for the checks to report, not silently repaired.
public enum AnswerCleaner {
    public static func clean(_ answer: String) -> String {
        var text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("```"), text.hasSuffix("```"), text.count > 6 {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count >= 2 {
                lines.removeFirst()
                lines.removeLast()
                text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return text
    }
}
