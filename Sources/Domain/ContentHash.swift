import Crypto
import Foundation
import Prose

/// SHA-256 digests written as `sha256:<hex>`, used for the `inputs` and `body` hashes.
package enum ContentHash {
    package static func of(_ text: String) -> String {
        of(Data(text.utf8))
    }

    package static func of(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return "sha256:" + String(decoding: hex, as: UTF8.self)
    }

    /// Hash of a draft body, insensitive to line-ending style and trailing white space, so
    /// that an editor whose tool adds a final newline has not "edited" the text.
    package static func ofBody(_ body: String) -> String {
        of(Data(normalizedBytes(body)))
    }

    package static func normalizedBody(_ body: String) -> String {
        String(decoding: normalizedBytes(body), as: UTF8.self)
    }

    /// Each line without trailing white space, leading and trailing empty lines dropped,
    /// joined by LF: worked out on the UTF-8 bytes (every draft written or read is hashed).
    static func normalizedBytes(_ body: String) -> [UInt8] {
        UTF8Text.withBytes(body) { p in
            var out: [UInt8] = []
            out.reserveCapacity(p.count)
            var pendingNewlines = 0
            var lineStart = 0
            while lineStart <= p.count {
                let lineEnd = UTF8Text.next(0x0A, in: p, from: lineStart)
                var end = lineEnd
                while end > lineStart {
                    let at = UTF8Text.scalarStart(before: end, p)
                    let s = UTF8Text.scalar(p, at).value
                    guard UTF8Text.isSpace(s) || UTF8Text.isNewline(s) else { break }
                    end = at
                }
                if end > lineStart {
                    // Blank lines before the first text are dropped; those between lines kept.
                    if !out.isEmpty { out += repeatElement(0x0A, count: pendingNewlines + 1) }
                    out += UnsafeBufferPointer(rebasing: p[lineStart..<end])
                    pendingNewlines = 0
                } else if !out.isEmpty {
                    pendingNewlines += 1
                }
                lineStart = lineEnd + 1
            }
            return out
        }
    }
}
