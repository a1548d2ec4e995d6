import Foundation

package enum JSONText {
    /// JSON that can be pasted into a page's `<script>` block as it is: `<`, `>`, `&` and the
    /// two line separators JavaScript reads as line ends written as `\u` escapes.
    package static func htmlSafe(_ data: Data) -> Data {
        var text = String(decoding: data, as: UTF8.self)
        for (character, escape) in [("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u{2028}", "\\u2028"), ("\u{2029}", "\\u2029")] {
            text = text.replacingOccurrences(of: character, with: escape)
        }
        return Data(text.utf8)
    }
}
