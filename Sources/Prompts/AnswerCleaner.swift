import Foundation
import Prose

/// Tidies a model's answer into a draft body: strips a wrapping code fence and surrounding
/// white space. Anything else odd is left for the checks to report, not silently repaired.
package enum AnswerCleaner {
    package static func clean(_ answer: String) -> String {
        var text = UTF8Text.trimmed(answer)
        if text.hasPrefix("```"), text.hasSuffix("```"), text.count > 6 {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count >= 2 {
                lines.removeFirst()
                lines.removeLast()
                text = UTF8Text.trimmed(lines.joined(separator: "\n"))
            }
        }
        return text
    }
}
