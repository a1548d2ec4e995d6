import Foundation
import Synchronization

/// A picture given to the model with a request's text (an image audience's draft): a web
/// address the provider fetches itself, or bytes sent with the request (base64).
package struct ChatImage: Sendable, Hashable, Encodable {
    package enum Source: Sendable {
        /// An http(s) address (the collection's image server): the provider fetches it.
        case url(String)
        /// The file's bytes (JPEG, PNG, GIF or WebP), as sent.
        case bytes(Data, mediaType: String)
        /// Bytes made only when the request is sent (a picture shrunk for the model): working
        /// out a job's inputs (`plan`, `check`, a run deciding what is up to date) never pays
        /// for it.
        case deferred(DeferredBytes, mediaType: String)
    }

    /// Bytes made on first use, once, by a function that may fail (the request then fails).
    package final class DeferredBytes: Sendable {
        private let make: @Sendable () throws -> Data
        private let made = Mutex<Data?>(nil)

        package init(_ make: @escaping @Sendable () throws -> Data) {
            self.make = make
        }

        package func bytes() throws -> Data {
            if let data = made.withLock({ $0 }) { return data }
            let data = try make()
            made.withLock { $0 = data }
            return data
        }
    }

    /// The bytes to send, with their type; nil for an address.
    package func bytes() throws -> (data: Data, mediaType: String)? {
        switch source {
        case .url: nil
        case .bytes(let data, let mediaType): (data, mediaType)
        case .deferred(let deferred, let mediaType): (try deferred.bytes(), mediaType)
        }
    }

    package var source: Source
    /// `sha256:<hex>` of the file (and, for a shrunk one, of how it is shrunk), or of the
    /// address: what the inputs hash and the cache key take from the image (a changed file
    /// makes its descriptions stale).
    package var digest: String
    /// Its size in pixels as sent, when known (for the token estimate).
    package var width: Int?
    package var height: Int?

    package init(source: Source, digest: String, width: Int? = nil, height: Int? = nil) {
        self.source = source
        self.digest = digest
        self.width = width
        self.height = height
    }

    package static func == (a: ChatImage, b: ChatImage) -> Bool { a.digest == b.digest }
    package func hash(into hasher: inout Hasher) { hasher.combine(digest) }

    /// What the inputs hash sees: the digest (and the address), never the bytes.
    enum CodingKeys: String, CodingKey { case url, sha256, mediaType = "media_type" }
    package func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        switch source {
        case .url(let url): try values.encode(url, forKey: .url)
        case .bytes(_, let mediaType), .deferred(_, let mediaType): try values.encode(mediaType, forKey: .mediaType)
        }
        try values.encode(digest, forKey: .sha256)
    }

    /// `data:<type>;base64,…` for OpenAI's `image_url`, or the address.
    package func openAIURL() throws -> String {
        if case .url(let url) = source { return url }
        guard let (data, mediaType) = try bytes() else { return "" }
        return "data:\(mediaType);base64," + data.base64EncodedString()
    }

    /// Prompt tokens the image costs, as each provider counts them: OpenAI's high detail
    /// (85 + 170 a 512-pixel tile of the image scaled into 2048 and then to 768 on its short
    /// side), Anthropic's width × height / 750 (at most about 1,600: it scales images down to
    /// 1,568 pixels on the long side). Without a size (a remote image), a 1,024-pixel square.
    package func estimatedTokens(for provider: Provider) -> Int {
        var (w, h) = (Double(width ?? 1024), Double(height ?? 1024))
        switch provider {
        case .offline:
            return 0
        case .openai:
            let fit = min(1, 2048 / max(w, h))
            (w, h) = (w * fit, h * fit)
            let short = min(1, 768 / min(w, h))
            (w, h) = (w * short, h * short)
            return 85 + 170 * Int((w / 512).rounded(.up)) * Int((h / 512).rounded(.up))
        case .anthropic:
            let fit = min(1, 1568 / max(w, h))
            return max(1, Int((w * fit) * (h * fit) / 750))
        }
    }
}
