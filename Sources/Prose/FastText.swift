#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// String searches on UTF-8 bytes, without Foundation's bridging to NSString (which costs far
/// more than the search itself on the checks' hot paths).
package enum FastText {
    /// Whether `needle` occurs in `text`.
    package static func contains(_ text: String, _ needle: String) -> Bool {
        offset(of: needle, in: text) != nil
    }

    /// Byte offset of the first occurrence of `needle` (memmem on the strings' UTF-8 storage).
    static func offset(of needle: String, in text: String) -> Int? {
        var text = text, needle = needle
        text.makeContiguousUTF8()
        needle.makeContiguousUTF8()
        // memchr for the first byte, memcmp for the rest (memmem is a GNU extension).
        return text.utf8.withContiguousStorageIfAvailable { Self.offset(of: needle, in: $0) } ?? nil
    }

    /// The range of the first occurrence of `needle` in `text`, found on UTF-8 bytes.
    package static func range(of needle: String, in text: Substring) -> Range<String.Index>? {
        let found: Int?? = text.utf8.withContiguousStorageIfAvailable { hay in
            Self.offset(of: needle, in: hay)
        }
        let position: Int?
        if let found { position = found } else { position = Self.offset(of: needle, in: String(text)) }
        guard let offset = position else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: needle.utf8.count)
    }

    static func offset(of needle: String, in hay: UnsafeBufferPointer<UInt8>) -> Int? {
        var needle = needle
        needle.makeContiguousUTF8()
        return needle.utf8.withContiguousStorageIfAvailable { pin -> Int? in
            guard pin.count > 0 else { return 0 }
            guard pin.count <= hay.count, let base = hay.baseAddress, let first = pin.first else { return nil }
            var start = 0
            let last = hay.count - pin.count
            while start <= last {
                guard let hit = memchr(base + start, Int32(first), last - start + 1) else { return nil }
                let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if memcmp(base + at, pin.baseAddress!, pin.count) == 0 { return at }
                start = at + 1
            }
            return nil
        } ?? nil
    }

    /// 1-based line and column (in characters) of the first occurrence of `needle`, or (1, 1).
    package static func position(of needle: String, in text: String) -> (line: Int, column: Int) {
        guard let offset = offset(of: needle, in: text) else { return (1, 1) }
        let found = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
        var line = 1
        var lineStart = text.utf8.startIndex
        var index = text.utf8.startIndex
        while index < found {
            if text.utf8[index] == 0x0A {
                line += 1
                lineStart = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        return (line, text[lineStart..<found].count + 1)
    }
}
