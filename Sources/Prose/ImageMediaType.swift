import Foundation

/// The media type of image bytes, from their first bytes, for the formats both providers take
/// (JPEG, PNG, GIF, WebP); nil for anything else. Docent decides by it what to send as is, and
/// the mock checks by it that the bytes are what their request says.
package enum ImageMediaType {
    package static let accepted = ["image/jpeg", "image/png", "image/gif", "image/webp"]

    package static func of(_ bytes: Data) -> String? {
        let head = [UInt8](bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if head.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        return nil
    }
}
