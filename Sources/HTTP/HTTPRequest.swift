import Foundation

/// One HTTP request for `HTTPClient`.
package struct HTTPRequest: Sendable {
    package enum Method: String, Sendable {
        case get = "GET", post = "POST", head = "HEAD"
    }

    package var method: Method
    package var url: String
    package var headers: [(name: String, value: String)]
    package var body: Data?
    /// Time to establish the connection.
    package var connectTimeout: Duration
    /// Time for the whole transfer.
    package var timeout: Duration
    /// A transfer slower than `lowSpeedBytes` per second for `lowSpeedTime` is aborted.
    package var lowSpeedBytes: Int
    package var lowSpeedTime: Duration
    /// Responses larger than this fail with `HTTPError.responseTooLarge`.
    package var maxResponseBytes: Int

    package init(method: Method = .get, url: String, headers: [(name: String, value: String)] = [], body: Data? = nil,
                connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(120),
                lowSpeedBytes: Int = 1, lowSpeedTime: Duration = .seconds(60), maxResponseBytes: Int = 16 << 20) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.lowSpeedBytes = lowSpeedBytes
        self.lowSpeedTime = lowSpeedTime
        self.maxResponseBytes = maxResponseBytes
    }
}

/// Response headers, looked up case-insensitively.
package struct HTTPHeaders: Sendable, Hashable {
    package private(set) var fields: [(name: String, value: String)] = []

    package init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    package subscript(name: String) -> String? {
        let lowered = name.lowercased()
        return fields.last { $0.name.lowercased() == lowered }?.value
    }

    mutating func append(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    package static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.fields.map { "\($0.name.lowercased()):\($0.value)" } == b.fields.map { "\($0.name.lowercased()):\($0.value)" }
    }

    package func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name.lowercased())
            hasher.combine(field.value)
        }
    }
}

package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: Data

    package init(status: Int, headers: HTTPHeaders, body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A response whose body arrives as it is received (Server-Sent Events).
package struct HTTPStreamingResponse: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: AsyncThrowingStream<Data, any Error>
}

/// Transport failures. None of them carries request headers, so no credential can leak
/// through an error message.
package enum HTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// DNS, refused or reset connection, TLS failure: nothing usable came back.
    case connection(String)
    case timeout(String)
    case responseTooLarge(limit: Int)
    case invalidURL(String)
    /// Any other libcurl failure, with its code.
    case transfer(code: Int, message: String)
    case shutDown

    package var description: String {
        switch self {
        case .connection(let message): "connection failed: \(message)"
        case .timeout(let message): "timed out: \(message)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .invalidURL(let url): "invalid URL '\(url)'"
        case .transfer(let code, let message): "transfer failed (curl \(code)): \(message)"
        case .shutDown: "the HTTP client was shut down"
        }
    }

    /// Whether trying again may help (connection trouble and timeouts).
    package var isTransient: Bool {
        switch self {
        case .connection, .timeout, .transfer: true
        case .responseTooLarge, .invalidURL, .shutDown: false
        }
    }
}
