import CCurl
import Foundation

/// How a finished transfer hands its result back to the waiting task.
enum TransferDelivery: Sendable {
    /// The whole body at the end.
    case buffered(CheckedContinuation<HTTPResponse, any Error>)
    /// The head as soon as the headers are in, then the body in chunks.
    case streaming(head: CheckedContinuation<HTTPStreamingResponse, any Error>)
    /// The whole body at the end, given to a function called on the loop thread.
    case callback(@Sendable (Result<HTTPResponse, any Error>) -> Void)
}

/// A request waiting to be picked up by the loop thread.
struct PendingTransfer: Sendable {
    var id: UInt64
    var request: HTTPRequest
    var delivery: TransferDelivery
}

/// One transfer in flight. Owned by the loop thread: created, called back and completed there only.
final class CurlTransfer {
    let id: UInt64
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let maxResponseBytes: Int
    private var delivery: TransferDelivery?
    private var streamContinuation: AsyncThrowingStream<Data, any Error>.Continuation?
    private var body = Data()
    private var headers = HTTPHeaders()
    private var status = 0
    private(set) var exceededLimit = false
    private(set) var consumerGone = false

    init(_ pending: PendingTransfer, easy: UnsafeMutableRawPointer) throws(HTTPError) {
        self.id = pending.id
        self.easy = easy
        self.maxResponseBytes = pending.request.maxResponseBytes
        self.delivery = pending.delivery
        try configure(pending.request)
    }

    private func check(_ code: CURLcode) throws(HTTPError) {
        if code != CURLE_OK {
            throw HTTPError.transfer(code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code)))
        }
    }

    private func configure(_ request: HTTPRequest) throws(HTTPError) {
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            throw HTTPError.invalidURL(request.url.split(separator: "?").first.map(String.init) ?? request.url)
        }
        try check(docent_easy_setopt_string(easy, CURLOPT_URL, request.url))
        try check(docent_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        try check(docent_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        try check(docent_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
        try check(docent_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2))
        try check(docent_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS))
        // Waiting for a connection to multiplex on only pays where HTTP/2 can be negotiated
        // (TLS with ALPN). Over plain http:// (a local server) it is HTTP/1.1 and the wait
        // would hold the first wave of requests until one answer is back.
        if request.url.lowercased().hasPrefix("https://") {
            try check(docent_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1))
        }
        try check(docent_easy_setopt_long(easy, CURLOPT_TCP_NODELAY, 1))
        try check(docent_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        try check(docent_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)))
        try check(docent_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout)))
        try check(docent_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, request.lowSpeedBytes))
        try check(docent_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, Self.milliseconds(request.lowSpeedTime) / 1000)))
        switch request.method {
        case .get: try check(docent_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
        case .head: try check(docent_easy_setopt_long(easy, CURLOPT_NOBODY, 1))
        case .post:
            let body = request.body ?? Data()
            try check(docent_easy_setopt_long(easy, CURLOPT_POST, 1))
            try check(docent_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call.
            let code = body.isEmpty
                ? docent_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, "")
                : body.withUnsafeBytes { buffer in
                    docent_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress!))
                }
            try check(code)
        }
        // An empty Expect: stops curl from waiting a second for 100-continue on large bodies.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in request.headers {
            list = curl_slist_append(list, "\(header.name): \(header.value)")
        }
        headerList = list
        try check(docent_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list)))

        let me = Unmanaged.passUnretained(self).toOpaque()
        try check(docent_easy_setopt_pointer(easy, CURLOPT_PRIVATE, me))
        try check(docent_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me))
        try check(docent_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me))
        try check(docent_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteCallback))
        try check(docent_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, curlHeaderCallback))
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    /// Called by curl for each header line.
    func receiveHeader(_ line: String) {
        let trimmed = Self.trimmed(line[...])
        if trimmed.hasPrefix("HTTP/") {
            // A new response (after 100-continue or a proxy's 200): start over.
            headers = HTTPHeaders()
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if trimmed.isEmpty {
            if status >= 200, case .streaming(let head)? = delivery {
                let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
                streamContinuation = continuation
                delivery = nil
                head.resume(returning: HTTPStreamingResponse(status: status, headers: headers, body: stream))
            }
        } else if let colon = trimmed.firstIndex(of: ":") {
            headers.append(Self.trimmed(trimmed[..<colon]), Self.trimmed(trimmed[trimmed.index(after: colon)...]))
        }
    }

    /// A header line without the spaces, tabs and CR LF around it (ASCII: no Foundation bridging per header).
    static func trimmed(_ text: Substring) -> String {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }

    /// Called by curl for each chunk of the body; false aborts the transfer.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if let continuation = streamContinuation {
            if case .terminated = continuation.yield(Data(chunk)) {
                consumerGone = true
                return false
            }
            return true
        }
        if body.count + chunk.count > maxResponseBytes {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: chunk)
        return true
    }

    /// Delivers the outcome; called once, on the loop thread, after the handle left the multi handle.
    func complete(_ code: CURLcode) {
        let error = Self.error(for: code, exceeded: exceededLimit, limit: maxResponseBytes)
        switch delivery {
        case .buffered(let continuation)?:
            if let error { continuation.resume(throwing: error) } else {
                continuation.resume(returning: HTTPResponse(status: status, headers: headers, body: body))
            }
        case .callback(let deliver)?:
            if let error { deliver(.failure(error)) } else {
                deliver(.success(HTTPResponse(status: status, headers: headers, body: body)))
            }
        case .streaming(let head)?:
            // Finished before any header block ended: a failure, or a body-less response.
            if let error { head.resume(throwing: error) } else {
                head.resume(returning: HTTPStreamingResponse(status: status, headers: headers, body: AsyncThrowingStream { $0.finish() }))
            }
        case nil:
            if let error, !consumerGone { streamContinuation?.finish(throwing: error) } else { streamContinuation?.finish() }
        }
        delivery = nil
        streamContinuation = nil
    }

    /// Fails the transfer without a curl result (cancellation, shutdown).
    func fail(_ error: any Error) {
        switch delivery {
        case .buffered(let continuation)?: continuation.resume(throwing: error)
        case .callback(let deliver)?: deliver(.failure(error))
        case .streaming(let head)?: head.resume(throwing: error)
        case nil: streamContinuation?.finish(throwing: error)
        }
        delivery = nil
        streamContinuation = nil
    }

    func releaseResources() {
        curl_slist_free_all(headerList)
        headerList = nil
    }

    static func error(for code: CURLcode, exceeded: Bool, limit: Int) -> HTTPError? {
        if code == CURLE_OK { return nil }
        if exceeded { return .responseTooLarge(limit: limit) }
        let message = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_OPERATION_TIMEDOUT: return .timeout(message)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_RECV_ERROR,
             CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2,
             CURLE_HTTP2_STREAM:
            return .connection(message)
        default:
            return .transfer(code: Int(code.rawValue), message: message)
        }
    }
}

private let curlWriteCallback: docent_curl_data_callback = { data, size, count, userdata in
    guard let userdata, let data else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private let curlHeaderCallback: docent_curl_data_callback = { data, size, count, userdata in
    guard let userdata, let data else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
    let length = size * count
    transfer.receiveHeader(String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self))
    return length
}
