/// Markdown with YAML front matter (drafts, the style guide): a `---` line, the YAML, a `---`
/// line, then the body. Files from Windows editors (CR LF) read as LF.
package enum FrontMatter {
    /// The YAML between the fences and the body after them (one blank line after the closing
    /// fence is not part of the body); nil when the text does not start with a fence.
    package static func split(_ text: String) -> (yaml: String, body: String)? {
        let normalized = text.utf8.contains(0x0D) ? text.replacing("\r\n", with: "\n") : text
        guard normalized.hasPrefix("---\n") else { return nil }
        let rest = normalized.dropFirst(4)
        let end: Range<Substring.Index>
        if rest.hasPrefix("---\n") || rest == "---" {
            end = rest.startIndex..<rest.index(rest.startIndex, offsetBy: min(4, rest.count))
        } else if let found = rest.firstRange(of: "\n---\n") {
            end = found
        } else if rest.hasSuffix("\n---") {
            end = rest.index(rest.endIndex, offsetBy: -4)..<rest.endIndex
        } else {
            return nil
        }
        var body = String(rest[end.upperBound...])
        if body.hasPrefix("\n") { body.removeFirst() }
        return (String(rest[rest.startIndex..<end.lowerBound]), body)
    }
}
