import Foundation
import Prose

/// The image parts of a request, checked as the providers check them: OpenAI's `image_url`
/// parts (an http(s) address, or a `data:` URL of JPEG, PNG, GIF or WebP bytes in base64,
/// at most 20 MB) and Anthropic's `image` blocks (a `url` source, or a `base64` source with
/// its `media_type`, at most 5 MB). The bytes must be what their type says.
enum MockImages {
    struct Seen: Sendable {
        var parts = 0
        /// The largest image's bytes, decoded.
        var largestBytes = 0
        /// The addresses of images given by URL (for the provider to fetch).
        var addresses: [String] = []
    }

    struct Malformed: Error {
        var message: String
    }


    static func check(_ request: [String: Any], api: MockHandler.API) throws(Malformed) -> Seen {
        var seen = Seen()
        for (index, message) in (request["messages"] as? [[String: Any]] ?? []).enumerated() {
            guard let parts = message["content"] as? [[String: Any]] else { continue }
            for (position, part) in parts.enumerated() {
                let at = "messages[\(index)].content[\(position)]"
                switch (api, part["type"] as? String) {
                case (.openAI, "image_url"):
                    guard let url = (part["image_url"] as? [String: Any])?["url"] as? String else {
                        throw Malformed(message: "\(at).image_url.url is missing")
                    }
                    seen.parts += 1
                    if url.hasPrefix("data:") {
                        let header = url.prefix { $0 != "," }
                        let type = String(header.dropFirst("data:".count).prefix { $0 != ";" })
                        guard header.hasSuffix(";base64") else { throw Malformed(message: "\(at): a data URL must be base64") }
                        let bytes = try decode(String(url.dropFirst(header.count + 1)), type: type, at: at, limit: 20 << 20)
                        seen.largestBytes = max(seen.largestBytes, bytes)
                    } else {
                        try checkAddress(url, at: at)
                        seen.addresses.append(url)
                    }
                case (.anthropic, "image"):
                    guard let source = part["source"] as? [String: Any], let kind = source["type"] as? String else {
                        throw Malformed(message: "\(at).source is missing")
                    }
                    seen.parts += 1
                    switch kind {
                    case "base64":
                        guard let type = source["media_type"] as? String, let data = source["data"] as? String else {
                            throw Malformed(message: "\(at).source needs media_type and data")
                        }
                        seen.largestBytes = max(seen.largestBytes, try decode(data, type: type, at: at, limit: 5 << 20))
                    case "url":
                        let url = source["url"] as? String ?? ""
                        try checkAddress(url, at: at)
                        seen.addresses.append(url)
                    default:
                        throw Malformed(message: "\(at).source.type '\(kind)' is not base64 or url")
                    }
                case (_, "text"):
                    guard part["text"] is String else { throw Malformed(message: "\(at).text is missing") }
                default:
                    throw Malformed(message: "\(at).type '\(part["type"] as? String ?? "")' is not a part this API takes")
                }
            }
        }
        return seen
    }

    static func checkAddress(_ url: String, at: String) throws(Malformed) {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host?.isEmpty == false else {
            throw Malformed(message: "\(at): '\(url.prefix(80))' is not an http(s) image address")
        }
    }

    /// The size of base64 image bytes of a type, checked against their first bytes.
    static func decode(_ base64: String, type: String, at: String, limit: Int) throws(Malformed) -> Int {
        guard ImageMediaType.accepted.contains(type) else {
            throw Malformed(message: "\(at): media type '\(type)' is not one of \(ImageMediaType.accepted.joined(separator: ", "))")
        }
        guard let bytes = Data(base64Encoded: base64) else { throw Malformed(message: "\(at): the image data is not valid base64") }
        guard bytes.count <= limit else { throw Malformed(message: "\(at): image exceeds \(limit >> 20) MB (\(bytes.count) bytes)") }
        let actual = ImageMediaType.of(bytes)
        guard actual == type else { throw Malformed(message: "\(at): the bytes are \(actual ?? "not an image"), not \(type)") }
        return bytes.count
    }
}
