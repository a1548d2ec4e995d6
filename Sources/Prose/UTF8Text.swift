#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The character classes the checks need, read straight from UTF-8 bytes: ASCII and the
/// Latin letters of European languages are told apart without Unicode property tables, which
/// are consulted only for other scripts.
///
/// Kept on purpose, with `FastText` and `WordKey`: the same API written on `String`,
/// `Character`, `Unicode.Scalar.Properties` and `Regex` was measured in one `make bench` run
/// (2026-12-02, parts rows): text statistics of a 130-word draft 0.020 → 0.35 ms, all the
/// deterministic checks of it 0.18 → 2.8 ms, reading a draft 0.05 → 0.30 ms; the makespan
/// efficiency of 200 × 4 drafts fell from 0.971 to 0.720 and a no-op rerun of 1,000 artworks
/// took 2.9 s instead of 0.5 s — both past the limits the project holds to.
package enum UTF8Text {
    /// The scalar starting at `i` and its length in bytes (the text is valid UTF-8).
    @inline(__always)
    package static func scalar(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0, i + 1 < p.count { return (((b0 & 0x1F) << 6) | (UInt32(p[i + 1]) & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < p.count {
            return (((b0 & 0x0F) << 12) | ((UInt32(p[i + 1]) & 0x3F) << 6) | (UInt32(p[i + 2]) & 0x3F), 3)
        }
        if i + 3 < p.count {
            return (((b0 & 0x07) << 18) | ((UInt32(p[i + 1]) & 0x3F) << 12) | ((UInt32(p[i + 2]) & 0x3F) << 6) | (UInt32(p[i + 3]) & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// The start of the scalar that ends just before `end`.
    @inline(__always)
    package static func scalarStart(before end: Int, _ p: UnsafeBufferPointer<UInt8>) -> Int {
        var i = end - 1
        while i > 0, p[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }

    @inline(__always)
    package static func isLetterOrNumber(_ s: UInt32) -> Bool {
        if s < 0x80 { return (s >= 0x30 && s <= 0x39) || ((s | 0x20) >= 0x61 && (s | 0x20) <= 0x7A) }
        if s >= 0xC0 && s <= 0x24F { return s != 0xD7 && s != 0xF7 }
        guard let scalar = Unicode.Scalar(s) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    @inline(__always)
    package static func isLetter(_ s: UInt32) -> Bool {
        if s < 0x80 { return (s | 0x20) >= 0x61 && (s | 0x20) <= 0x7A }
        if s >= 0xC0 && s <= 0x24F { return s != 0xD7 && s != 0xF7 }
        return Unicode.Scalar(s)?.properties.isAlphabetic == true && !isMark(s)
    }

    @inline(__always)
    package static func isNumber(_ s: UInt32) -> Bool {
        if s < 0x80 { return s >= 0x30 && s <= 0x39 }
        guard s >= 0x100, let scalar = Unicode.Scalar(s) else { return s == 0xB2 || s == 0xB3 || s == 0xB9 || (s >= 0xBC && s <= 0xBE) }
        return scalar.properties.numericType != nil
    }

    @inline(__always)
    package static func isUppercase(_ s: UInt32) -> Bool {
        if s < 0x80 { return s >= 0x41 && s <= 0x5A }
        if s >= 0xC0 && s <= 0xDE { return s != 0xD7 }
        if s < 0x100 { return false }
        return Unicode.Scalar(s)?.properties.isUppercase == true
    }

    @inline(__always)
    package static func isLowercase(_ s: UInt32) -> Bool {
        if s < 0x80 { return s >= 0x61 && s <= 0x7A }
        if s >= 0xDF && s <= 0xFF { return s != 0xF7 }
        if s < 0x100 { return s == 0xAA || s == 0xB5 || s == 0xBA }
        return Unicode.Scalar(s)?.properties.isLowercase == true
    }

    /// Combining marks, zero-width joiners and variation selectors: part of the character before.
    @inline(__always)
    package static func isMark(_ s: UInt32) -> Bool {
        if s < 0x300 { return false }
        if s <= 0x36F || s == 0x200D || (s >= 0xFE00 && s <= 0xFE0F) { return true }
        guard let scalar = Unicode.Scalar(s) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Lowercase for the Latin letters (others unchanged): enough to compare words.
    @inline(__always)
    package static func lowercased(_ s: UInt32) -> UInt32 {
        if s < 0x80 { return s >= 0x41 && s <= 0x5A ? s | 0x20 : s }
        if s >= 0xC0 && s <= 0xDE && s != 0xD7 { return s + 0x20 }
        if s >= 0x100 && s <= 0x17F && s != 0x130 && s != 0x131 && s != 0x138 && s != 0x149 && s != 0x178 && s != 0x17F {
            // Latin Extended-A pairs letters: even upper, odd lower (with a shifted run).
            let shifted = (s >= 0x139 && s <= 0x148) || (s >= 0x179 && s <= 0x17E)
            return shifted ? (s % 2 == 1 ? s + 1 : s) : (s % 2 == 0 ? s + 1 : s)
        }
        if s == 0x178 { return 0xFF }
        return s
    }

    /// Byte length of the white space (Unicode Zs, or a tab) starting at `i`, or 0.
    @inline(__always)
    package static func spaceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let b = p[i]
        if b == 0x20 || b == 0x09 { return 1 }
        if b < 0xC2 { return 0 }
        let (s, length) = scalar(p, i)
        return isSpace(s) ? length : 0
    }

    @inline(__always)
    package static func isSpace(_ s: UInt32) -> Bool {
        s == 0x20 || s == 0x09 || s == 0xA0 || s == 0x1680 || (s >= 0x2000 && s <= 0x200A) || s == 0x202F || s == 0x205F || s == 0x3000
    }

    @inline(__always)
    package static func isNewline(_ s: UInt32) -> Bool {
        (s >= 0x0A && s <= 0x0D) || s == 0x85 || s == 0x2028 || s == 0x2029
    }

    /// `range` without leading and trailing scalars for which `drop` is true.
    package static func trim(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, where drop: (UInt32) -> Bool) -> Range<Int> {
        var start = range.lowerBound, end = range.upperBound
        while start < end {
            let (s, length) = scalar(p, start)
            guard drop(s) else { break }
            start += length
        }
        while end > start {
            let at = scalarStart(before: end, p)
            guard drop(scalar(p, at).value) else { break }
            end = at
        }
        return start..<end
    }

    /// Calls `body` with the byte range of each word in `range`: runs of letters or digits
    /// with their marks and inner apostrophes and hyphens (a run with no letter or digit is
    /// not a word).
    @inline(__always)
    package static func forEachWord(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var i = range.lowerBound
        var start = -1
        var hasAlphanumeric = false
        while i < range.upperBound {
            let b = p[i]
            let s: UInt32, length: Int
            if b < 0x80 { (s, length) = (UInt32(b), 1) } else { (s, length) = scalar(p, i) }
            let alphanumeric = isLetterOrNumber(s)
            if alphanumeric || s == 0x27 || s == 0x2D || s == 0x2019 || (start >= 0 && isMark(s)) {
                if start < 0 { start = i; hasAlphanumeric = false }
                if alphanumeric { hasAlphanumeric = true }
            } else if start >= 0 {
                if hasAlphanumeric { body(start..<i) }
                start = -1
            }
            i += length
        }
        if start >= 0, hasAlphanumeric { body(start..<range.upperBound) }
    }

    package static func wordCount(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        forEachWord(p, range) { _ in count += 1 }
        return count
    }

    /// Runs `body` over the string's UTF-8 bytes (copied once if the string is not native).
    package static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        copy.makeContiguousUTF8()
        return try copy.utf8.withContiguousStorageIfAvailable(body)!
    }

    /// Offset of the next `byte` at or after `from`, or `p.count`.
    @inline(__always)
    package static func next(_ byte: UInt8, in p: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        guard from < p.count, let base = p.baseAddress, let hit = memchr(base + from, Int32(byte), p.count - from) else { return p.count }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }
}

extension UTF8Text {
    /// Lowercase for ASCII, Latin-1 and Latin Extended-A letters, byte for byte (the byte length
    /// never changes, so offsets found in the result are offsets in the original). Other letters
    /// are left as they are: enough to match the checks' phrase lists, far cheaper than
    /// `lowercased()`.
    package static func lowercasedLatin(_ p: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: p.count) { lowercaseLatin(p, into: $0) }
    }

    /// Writes the Latin lowercase of `p` into `out` (at least as long); returns the length.
    /// ASCII, Latin-1 and Latin Extended-A (Ł, Ś, Ž, Œ…) are lowercased as `lowercased(_:)`
    /// does, so that both agree; every one of them keeps its UTF-8 length.
    @discardableResult
    package static func lowercaseLatin(_ p: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < p.count {
            let b = p[i]
            if b >= 0x41 && b <= 0x5A {
                out[i] = b | 0x20
            } else if b >= 0xC3 && b <= 0xC5, i + 1 < p.count, p[i + 1] & 0xC0 == 0x80 {
                // U+00C0–U+017F are C3 80 – C5 BF; their lowercase is in the same range.
                let lower = lowercased((UInt32(b & 0x1F) << 6) | UInt32(p[i + 1] & 0x3F))
                out[i] = 0xC0 | UInt8(lower >> 6)
                out[i + 1] = 0x80 | UInt8(lower & 0x3F)
                i += 1
            } else {
                out[i] = b
            }
            i += 1
        }
        return p.count
    }

    /// Calls `body` with the Latin lowercase of a short word (on the stack, no String made).
    package static func withLowercasedLatin<R>(_ word: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let direct = word.utf8.withContiguousStorageIfAvailable({ withLowercasedLatin(bytes: $0, body) }) { return direct }
        return withBytes(String(word)) { withLowercasedLatin(bytes: $0, body) }
    }

    package static func withLowercasedLatin<R>(bytes p: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, p.count)) { buffer in
            lowercaseLatin(p, into: buffer)
            return body(UnsafeBufferPointer(rebasing: buffer[0..<p.count]))
        }
    }

    /// The part of a word after its last apostrophe (' or ’): "l'homme" → "homme".
    package static func afterElision(_ p: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = p.count
        while start > 0 {
            if p[start - 1] == 0x27 { break }
            if start >= 3, p[start - 1] == 0x99, p[start - 2] == 0x80, p[start - 3] == 0xE2 { break }
            start -= 1
        }
        return UnsafeBufferPointer(rebasing: p[start...])
    }

    package static func lowercasedLatin(_ text: some StringProtocol) -> String {
        if let result = text.utf8.withContiguousStorageIfAvailable({ lowercasedLatin($0) }) { return result }
        return withBytes(String(text)) { lowercasedLatin($0) }
    }
}

extension UTF8Text {
    /// `text` without leading and trailing white space and newlines, as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it, without the trip through UTF-16.
    package static func trimmed(_ text: some StringProtocol) -> String {
        let text = Substring(text)
        let result: Substring? = text.utf8.withContiguousStorageIfAvailable { p in
            let range = trim(p, 0..<p.count) { isSpace($0) || isNewline($0) }
            let utf8 = text.utf8
            return text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
        if let result { return String(result) }
        var copy = String(text)
        copy.makeContiguousUTF8()
        return trimmed(copy)
    }
}
