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
        } else if let found = closingFence(in: rest) {
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

    /// The first "\n---\n" in `text`, searched in its UTF-8 bytes (a newline is always where
    /// two characters meet, so the range is one of characters too). `firstRange(of:)` searches
    /// character by character: it was a third of `docent review`'s time for a page over 10,000
    /// drafts (perf record on the running app), and a page takes 0.65 s instead of 1.0 s
    /// without it (curl, the same folder, release builds side by side). The library's byte-wise
    /// `utf8.firstRange(of:)` was slower still there (2.1–2.5 s a page).
    static func closingFence(in text: Substring) -> Range<Substring.Index>? {
        let bytes = text.utf8
        let fence: [UInt8] = Array("\n---\n".utf8)
        var index = bytes.startIndex
        while let newline = bytes[index...].firstIndex(of: 0x0A) {
            var probe = newline
            var matched = 0
            while matched < fence.count, probe < bytes.endIndex, bytes[probe] == fence[matched] {
                matched += 1
                probe = bytes.index(after: probe)
            }
            if matched == fence.count { return newline..<probe }
            index = bytes.index(after: newline)
        }
        return nil
    }
}
