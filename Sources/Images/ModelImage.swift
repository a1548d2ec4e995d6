import CVips
import Domain
import Foundation
import LLM
import Prose

/// A record's picture as a model is given it. An http(s) image goes as its address (the
/// provider fetches it; a IIIF image is asked at 1,024 pixels); a local file goes as its bytes,
/// shrunk with libvips when it is larger than the providers use or accept (a side over 2,048
/// pixels, more bytes than the provider takes, or a format it does not read, such as TIFF).
package enum ModelImage {
    /// The longest side sent: OpenAI's high detail works on at most 2,048 pixels, Anthropic's on
    /// 1,568; more only costs upload time.
    package static let longestSide = 2_048
    /// The size a IIIF image is asked at: `full/!1024,1024/0/default.jpg`.
    package static let iiifSize = "!1024,1024"

    /// The most bytes an image may have, by provider (Anthropic: 5 MB; OpenAI: 20 MB).
    package static func byteLimit(_ provider: Provider) -> Int {
        switch provider {
        case .anthropic: 5 * 1_024 * 1_024
        case .openai, .offline: 20 * 1_024 * 1_024
        }
    }

    package struct Problem: Error, CustomStringConvertible, Equatable {
        package var description: String
    }

    /// The image at `path` (a file, relative to `directory`, or an http(s) address), ready to
    /// send to `provider`.
    package static func prepare(_ path: String, relativeTo directory: String, for provider: Provider) throws(Problem) -> ChatImage {
        if let url = remote(path) {
            let sized = iiif(url) ?? url
            return ChatImage(source: .url(sized), digest: ContentHash.of(sized))
        }
        let file = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: file) else { throw Problem(description: "image file \(file) does not exist") }
        guard started else { throw Problem(description: "libvips could not start: \(lastError())") }
        var (width, height) = (Int32(0), Int32(0))
        guard docent_vips_size(file, &width, &height) == 0 else {
            throw Problem(description: "\(file) is not an image Docent can read (\(lastError()))")
        }
        guard let bytes = FileManager.default.contents(atPath: file) else { throw Problem(description: "image file \(file) cannot be read") }
        if let type = ImageMediaType.of(bytes), max(width, height) <= Int32(longestSide), bytes.count <= byteLimit(provider) {
            return ChatImage(source: .bytes(bytes, mediaType: type), digest: ContentHash.of(bytes), width: Int(width), height: Int(height))
        }
        // Shrunk only when the request is sent: the file and how it is shrunk name the bytes
        // sent, so plan, check and an up-to-date run hash the file without shrinking it (a
        // 9,000 × 6,000 photograph takes libvips about a tenth of a second).
        let recipe = "jpeg \(longestSide) q\(quality)\n"
        let scale = min(1, Double(longestSide) / Double(max(width, height)))
        let shrink = ChatImage.DeferredBytes { try thumbnail(file) }
        return ChatImage(source: .deferred(shrink, mediaType: "image/jpeg"), digest: ContentHash.of(Data(recipe.utf8) + bytes),
                         width: Int((Double(width) * scale).rounded()), height: Int((Double(height) * scale).rounded()))
    }

    /// JPEG quality of a shrunk picture.
    static let quality = 85

    /// The file shrunk to fit `longestSide`, as JPEG.
    static func thumbnail(_ file: String) throws(Problem) -> Data {
        var buffer: UnsafeMutableRawPointer?
        var (length, width, height) = (0, Int32(0), Int32(0))
        guard docent_vips_thumbnail_jpeg(file, Int32(longestSide), Int32(quality), &buffer, &length, &width, &height) == 0, let buffer else {
            throw Problem(description: "\(file) could not be shrunk for the model (\(lastError()))")
        }
        defer { g_free(buffer) }
        return Data(bytes: buffer, count: length)
    }

    /// An http(s) address with a host; nil for a file path (or anything else).
    static func remote(_ path: String) -> String? {
        guard let url = URL(string: path), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              url.host?.isEmpty == false else { return nil }
        return path
    }

    /// A IIIF Image API address asked at `iiifSize`: an image request
    /// (`…/{region}/{size}/{rotation}/{quality}.{format}`) gets its size replaced, an
    /// `info.json` becomes the full image's request. Nil when the address is not IIIF.
    package static func iiif(_ address: String) -> String? {
        let (path, query) = address.firstIndex(of: "?").map { (String(address[..<$0]), String(address[$0...])) } ?? (address, "")
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "info.json" {
            parts.removeLast()
            return parts.joined(separator: "/") + "/full/\(iiifSize)/0/default.jpg"
        }
        guard parts.count >= 5 else { return nil }
        let (region, rotation, file) = (parts[parts.count - 4], parts[parts.count - 2], parts[parts.count - 1])
        let quality = file.split(separator: ".").first.map(String.init) ?? ""
        let regionOK = ["full", "square"].contains(region) || region.hasPrefix("pct:")
            || region.split(separator: ",").count == 4 && region.split(separator: ",").allSatisfy { Double($0) != nil }
        let rotationOK = Double(rotation.trimmingCharacters(in: CharacterSet(charactersIn: "!"))) != nil
        guard regionOK, rotationOK, ["default", "color", "gray", "bitonal", "native"].contains(quality), file.contains(".") else { return nil }
        parts[parts.count - 3] = iiifSize
        return parts.joined(separator: "/") + query
    }

    static let started: Bool = docent_vips_start() == 0

    static func lastError() -> String {
        defer { docent_vips_clear_error() }
        return String(cString: docent_vips_error()).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
