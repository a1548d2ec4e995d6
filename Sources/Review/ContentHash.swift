import Crypto
import Foundation

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
        of(normalizedBody(body))
    }

    static func normalizedBody(_ body: String) -> String {
        body.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            .joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
