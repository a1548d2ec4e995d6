import Crypto
import Foundation
import Prose

/// SHA-256 digests written as `sha256:<hex>`, used for the `inputs` and `body` hashes.
public enum ContentHash {
    public static func of(_ text: String) -> String {
        of(Data(text.utf8))
    }

    public static func of(_ data: Data) -> String {
        "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Hash of a draft body, insensitive to line-ending style and trailing white space, so
    /// that an editor whose tool adds a final newline has not "edited" the text.
    public static func ofBody(_ body: String) -> String {
        of(Data(normalizedBytes(body)))
    }

    static func normalizedBody(_ body: String) -> String {
        String(decoding: normalizedBytes(body), as: UTF8.self)
    }

    /// Each line without trailing white space, leading and trailing empty lines dropped,
    /// joined by LF.
    static func normalizedBytes(_ body: String) -> [UInt8] {
        var lines = body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(String.UnicodeScalarView(line.reversed().drop { $0.isBlank || $0.isLineBreak }.reversed()))
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return Array(lines.joined(separator: "\n").utf8)
    }
}
