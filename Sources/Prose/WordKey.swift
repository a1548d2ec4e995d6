/// A short word (at most 16 bytes of UTF-8) as a hashable value compared byte for byte.
/// String keys hash through Unicode normalization; the checks look up every word of every
/// draft in small tables, and their words are already lowercased the same way on both sides.
package struct WordKey: Hashable, Sendable {
    private var low: UInt64
    private var high: UInt64

    package static let maxBytes = 16

    /// Nil when the word is longer than 16 bytes.
    package init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= Self.maxBytes else { return nil }
        var low: UInt64 = 0, high: UInt64 = 0
        for (i, byte) in bytes.enumerated() {
            if i < 8 { low |= UInt64(byte) << (8 * UInt64(i)) } else { high |= UInt64(byte) << (8 * UInt64(i - 8)) }
        }
        // Words never contain NUL bytes, so the zero padding tells lengths apart.
        self.low = low
        self.high = high
    }

    package init?(_ text: some StringProtocol) {
        var copy = String(text)
        guard let key = copy.withUTF8({ WordKey($0) }) else { return nil }
        self = key
    }
}
