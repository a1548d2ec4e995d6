import Foundation
import NIOCore
import NIOHTTP1
import Prose

/// Answers one connection's requests in the OpenAI and Anthropic shapes.
final class MockHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: MockState
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    /// When the request's head was read: the latency counts from there, so that the mock's
    /// own work (parsing, composing the answer) does not add to it.
    private var arrival = NIODeadline.now()
    /// The rate-limit headers of the request being answered (sent with its answer).
    private var rateHeaders = HTTPHeaders()

    init(state: MockState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            arrival = .now()
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            self.head = nil
            handle(head, body: String(buffer: body), context: context)
        }
    }

    enum API {
        case openAI, anthropic
    }

    private func handle(_ head: HTTPRequestHead, body: String, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?").first.map(String.init) ?? head.uri
        if head.method == .GET, let page = state.config.pages[head.uri] ?? state.config.pages[path] {
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: page.contentType)
            for (name, value) in page.headers { headers.add(name: name, value: value) }
            return send(context, head: head, status: HTTPResponseStatus(statusCode: page.status), extraHeaders: headers, body: page.body)
        }
        if head.method == .GET && path.hasSuffix("/mock/ping") {
            return send(context, head: head, status: .ok, json: "{}")
        }
        if head.method == .POST && path.hasSuffix("/mock/batches/end") {
            state.endBatches()
            return send(context, head: head, status: .ok, json: #"{"ended": true}"#)
        }
        if head.method == .GET && path.hasSuffix("/mock/stats") {
            return send(context, head: head, status: .ok, json: state.statsJSON())
        }
        if let answer = MockBatches.route(method: head.method.rawValue, path: path, body: body,
                                          contentType: head.headers.first(name: "content-type") ?? "", state: state) {
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: answer.contentType)
            return send(context, head: head, status: HTTPResponseStatus(statusCode: answer.status), extraHeaders: headers, body: answer.body)
        }
        let api: API
        switch (head.method, path) {
        case (.POST, let p) where p.hasSuffix("/v1/chat/completions"): api = .openAI
        case (.POST, let p) where p.hasSuffix("/v1/messages"): api = .anthropic
        default:
            _ = state.admit(body: body, forcedFault: nil)
            return send(context, head: head, status: .notFound, json: #"{"error": {"message": "no such endpoint", "type": "not_found"}}"#)
        }
        var forced = head.headers.first(name: "x-mock-fault").flatMap(MockFault.init(rawValue:))
        if forced == nil, let floor = state.config.lengthBelowMaxTokens,
           let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
           let maxTokens = object["max_tokens"] as? Int, maxTokens < floor {
            forced = .length
        }
        let (fault, delay) = state.admit(body: body, forcedFault: forced)
        if let key = state.config.requiredKey {
            let given = api == .openAI
                ? head.headers.first(name: "authorization").map { String($0.dropFirst("Bearer ".count)) }
                : head.headers.first(name: "x-api-key")
            if given != key {
                // Real endpoints quote the key they got (partly masked): so does the mock, in full,
                // to prove that Docent never repeats it.
                return send(context, head: head, status: .unauthorized, json: Self.json(["error": [
                    "message": "Incorrect API key provided: \(given ?? "none").", "type": "authentication_error"]]))
            }
        }
        guard let request = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else {
            return send(context, head: head, status: .badRequest, json: #"{"error": {"message": "the body is not JSON", "type": "invalid_request_error"}}"#)
        }
        do throws(MockImages.Malformed) {
            state.countImages(try MockImages.check(request, api: api))
        } catch {
            return send(context, head: head, status: .badRequest,
                        json: Self.json(["error": ["message": "Invalid image: \(error.message)", "type": "invalid_request_error"]]))
        }
        rateHeaders = HTTPHeaders()
        let cost = body.utf8.count / 4 + ((request["max_tokens"] as? Int) ?? 1_000)
        if let decision = state.admitRate(cost: cost) {
            for (name, value) in decision.headers { rateHeaders.add(name: name, value: value) }
            if let wait = decision.retryAfterSeconds {
                var headers = HTTPHeaders()
                headers.add(name: "retry-after-ms", value: String(Int((wait * 1000).rounded(.up))))
                headers.add(name: "retry-after", value: String(Int(wait.rounded(.up))))
                return send(context, head: head, status: .tooManyRequests, extraHeaders: headers,
                            json: #"{"error": {"message": "Rate limit reached for requests or tokens per minute (mock).", "type": "rate_limit_error"}}"#)
            }
        }
        if state.config.rejectResponseFormat, request["response_format"] != nil {
            return send(context, head: head, status: .badRequest,
                        json: #"{"error": {"message": "response_format is not supported by this server", "type": "invalid_request_error"}}"#)
        }
        // The answer is worked out on arrival; the latency is then only the wait before it is
        // sent, as a real endpoint's time to answer (the mock's own work does not add to it).
        var answer = fault.map(Self.isFailure) == true ? nil : Self.content(of: request, fault: fault)
        if let prefix = answer?.cachePrefix {
            let (read, written) = state.promptCache(prefix: prefix, explicit: api == .anthropic)
            answer?.cachedTokens = read
            answer?.cacheWriteTokens = written
        }
        if fault == .echoKey, request["response_format"] == nil,
           let given = api == .openAI ? head.headers.first(name: "authorization").map({ String($0.dropFirst("Bearer ".count)) })
                                      : head.headers.first(name: "x-api-key") {
            answer?.text += " Votre clé : \(given.uppercased())."
        }
        let content = answer
        let bound = NIOLoopBound((self, context, request), eventLoop: context.eventLoop)
        let respond: @Sendable () -> Void = {
            let (handler, context, request) = bound.value
            handler.answer(api: api, request: request, content: content, head: head, fault: fault, context: context)
        }
        if delay > 0 {
            context.eventLoop.scheduleTask(deadline: arrival + .milliseconds(Int64(delay))) { respond() }
        } else {
            respond()
        }
    }

    /// The body of an answer, as the provider writes it. Written by hand: JSONSerialization
    /// would be most of the mock's time per answer.
    static func responseJSON(api: API, content: Content, cutOff finish: Bool) -> String {
        let (text, promptTokens, completionTokens, model) = (content.text, content.promptTokens, content.completionTokens, content.model)
        let (cached, written) = (content.cachedTokens, content.cacheWriteTokens)
        switch api {
        case .openAI:
            return #"{"choices":[{"finish_reason":"\#(finish ? "length" : "stop")","index":0,"message":{"content":\#(Self.quoted(text)),"role":"assistant"}}],"#
                + #""created":0,"id":"chatcmpl-mock","model":\#(Self.quoted(model)),"object":"chat.completion","#
                + #""usage":{"completion_tokens":\#(completionTokens),"prompt_tokens":\#(promptTokens),"#
                + #""prompt_tokens_details":{"cached_tokens":\#(cached)},"total_tokens":\#(promptTokens + completionTokens)}}"#
        case .anthropic:
            return #"{"content":[{"text":\#(Self.quoted(text)),"type":"text"}],"id":"msg_mock","model":\#(Self.quoted(model)),"role":"assistant","#
                + #""stop_reason":"\#(finish ? "max_tokens" : "end_turn")","type":"message","usage":{"cache_creation_input_tokens":\#(written),"cache_read_input_tokens":\#(cached),"#
                + #""input_tokens":\#(promptTokens - cached - written),"output_tokens":\#(completionTokens)}}"#
        }
    }

    /// Faults answered without content.
    static func isFailure(_ fault: MockFault) -> Bool {
        switch fault {
        case .rateLimited, .serverError, .unavailable, .hang, .reset, .truncated, .nonJSON: true
        default: false
        }
    }

    /// What the model says to a request, and its token counts.
    struct Content: Sendable {
        var text: String
        var promptTokens: Int
        /// The prompt's stable prefix as a provider's prompt cache sees it (OpenAI: the system
        /// message; Anthropic: the system blocks up to the one marked `cache_control`), or nil.
        var cachePrefix: String?
        /// Of `promptTokens`: read from the mock's prompt cache, and written to it.
        var cachedTokens = 0
        var cacheWriteTokens = 0
        var completionTokens: Int
        var model: String
    }

    static func content(of request: [String: Any], fault: MockFault?) -> Content {
        let messages = request["messages"] as? [[String: Any]] ?? []
        var system: [String] = []
        var cachePrefix: String?
        if let text = request["system"] as? String {
            system = [text]
        } else if let blocks = request["system"] as? [[String: Any]] {
            system = blocks.compactMap { $0["text"] as? String }
            if let marked = blocks.lastIndex(where: { $0["cache_control"] != nil }) {
                cachePrefix = system.prefix(marked + 1).joined(separator: "\n")
            }
        } else if messages.first?["role"] as? String == "system" {
            cachePrefix = messages.first?["content"] as? String
        }
        let prompt = system + messages.compactMap { message -> String? in
            if let text = message["content"] as? String { return text }
            return (message["content"] as? [[String: Any]])?.compactMap { $0["text"] as? String }.joined(separator: "\n")
        }
        let promptText = prompt.joined(separator: "\n")
        let userText = messages.last { $0["role"] as? String == "user" }.flatMap { message -> String? in
            message["content"] as? String
                ?? (message["content"] as? [[String: Any]])?.compactMap { $0["text"] as? String }.joined(separator: "\n")
        } ?? promptText
        var text: String
        if let format = request["response_format"] as? [String: Any], let schema = (format["json_schema"] as? [String: Any])?["schema"] {
            text = Self.json(MockAnswers.instance(of: schema, prompt: promptText))
        } else if let marker = FastText.range(of: "JSON schema:", in: promptText[...]),
                  let schemaText = Self.firstJSONObject(in: promptText[marker.upperBound...]),
                  let schema = try? JSONSerialization.jsonObject(with: Data(schemaText.utf8)) {
            text = Self.json(MockAnswers.instance(of: schema, prompt: promptText))
        } else {
            text = MockAnswers.text(for: userText)
        }
        if fault == .empty { text = "" }
        return Content(text: text, promptTokens: max(1, promptText.utf8.count / 4), cachePrefix: cachePrefix, completionTokens: max(1, text.utf8.count / 4),
                       model: request["model"] as? String ?? "mock")
    }

    private func answer(api: API, request: [String: Any], content: Content?, head: HTTPRequestHead, fault: MockFault?, context: ChannelHandlerContext) {
        switch fault {
        case .rateLimited?:
            var headers = HTTPHeaders()
            headers.add(name: "retry-after-ms", value: String(state.config.retryAfterMilliseconds))
            headers.add(name: "retry-after", value: "1")
            return send(context, head: head, status: .tooManyRequests, extraHeaders: headers,
                        json: #"{"error": {"message": "Rate limit reached (mock).", "type": "rate_limit_error"}}"#)
        case .serverError?:
            return send(context, head: head, status: .internalServerError, json: #"{"error": {"message": "The server had an error (mock).", "type": "server_error"}}"#)
        case .unavailable?:
            return send(context, head: head, status: .serviceUnavailable, json: #"{"error": {"message": "Overloaded (mock).", "type": "overloaded_error"}}"#)
        case .hang?:
            return
        case .reset?:
            context.close(promise: nil)
            return
        case .truncated?:
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "content-length", value: "400")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: #"{"id": "mock", "choices": [{"mess"#)))), promise: nil)
            context.close(promise: nil)
            return
        case .nonJSON?:
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "text/html")
            return send(context, head: head, status: .ok, extraHeaders: headers, body: "<html><body>502 Bad Gateway</body></html>")
        default:
            break
        }
        let content = content ?? Self.content(of: request, fault: fault)
        let (text, promptTokens, completionTokens, model) = (content.text, content.promptTokens, content.completionTokens, content.model)
        let (cached, written) = (content.cachedTokens, content.cacheWriteTokens)
        let finish = fault == .length
        if request["stream"] as? Bool == true {
            stream(api: api, text: text, cutOff: finish, model: model, promptTokens: promptTokens, cached: cached, written: written,
                   completionTokens: completionTokens, head: head, context: context)
            return
        }
        let json = Self.responseJSON(api: api, content: content, cutOff: finish)
        var headers = HTTPHeaders()
        if !state.config.rateLimits.isSet {
            // No limits set: a roomy budget, as an account far from its limits sees.
            headers.add(name: "x-ratelimit-limit-requests", value: "10000")
            headers.add(name: "x-ratelimit-remaining-requests", value: "9999")
        }
        send(context, head: head, status: .ok, extraHeaders: headers, json: json)
    }

    private func stream(api: API, text: String, cutOff: Bool, model: String, promptTokens: Int, cached: Int, written: Int, completionTokens: Int,
                        head: HTTPRequestHead, context: ChannelHandlerContext) {
        var events: [String] = []
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var pieces: [String] = []
        var index = 0
        while index < words.count {
            let end = min(words.count, index + 3)
            pieces.append(words[index..<end].joined(separator: " ") + (end < words.count ? " " : ""))
            index = end
        }
        switch api {
        case .openAI:
            for piece in pieces {
                events.append("data: " + Self.json(["id": "chatcmpl-mock", "object": "chat.completion.chunk", "model": model,
                    "choices": [["index": 0, "delta": ["content": piece], "finish_reason": NSNull()]]] as [String: Any]) + "\n\n")
            }
            events.append("data: " + Self.json(["id": "chatcmpl-mock", "object": "chat.completion.chunk", "model": model,
                "choices": [["index": 0, "delta": [String: Any](), "finish_reason": cutOff ? "length" : "stop"]]] as [String: Any]) + "\n\n")
            events.append("data: " + Self.json(["id": "chatcmpl-mock", "object": "chat.completion.chunk", "model": model, "choices": [Any](),
                "usage": ["prompt_tokens": promptTokens, "completion_tokens": completionTokens, "total_tokens": promptTokens + completionTokens,
                          "prompt_tokens_details": ["cached_tokens": cached]] as [String: Any]] as [String: Any]) + "\n\n")
            events.append("data: [DONE]\n\n")
        case .anthropic:
            func event(_ name: String, _ payload: [String: Any]) -> String { "event: \(name)\ndata: \(Self.json(payload))\n\n" }
            events.append(event("message_start", ["type": "message_start", "message": ["id": "msg_mock", "type": "message", "role": "assistant",
                "model": model, "content": [Any](), "usage": ["input_tokens": promptTokens - cached - written, "cache_read_input_tokens": cached,
                          "cache_creation_input_tokens": written, "output_tokens": 1]] as [String: Any]]))
            events.append(event("content_block_start", ["type": "content_block_start", "index": 0, "content_block": ["type": "text", "text": ""]]))
            for piece in pieces {
                events.append(event("content_block_delta", ["type": "content_block_delta", "index": 0, "delta": ["type": "text_delta", "text": piece]]))
            }
            events.append(event("content_block_stop", ["type": "content_block_stop", "index": 0]))
            events.append(event("message_delta", ["type": "message_delta", "delta": ["stop_reason": cutOff ? "max_tokens" : "end_turn"],
                                                  "usage": ["output_tokens": completionTokens]] as [String: Any]))
            events.append(event("message_stop", ["type": "message_stop"]))
        }
        var headers = rateHeaders
        headers.add(name: "content-type", value: "text/event-stream")
        headers.add(name: "cache-control", value: "no-cache")
        headers.add(name: "transfer-encoding", value: "chunked")
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        let perPiece = Int64(state.config.perTokenMilliseconds * 3)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        @Sendable func sendNext(_ remaining: ArraySlice<String>) {
            let (handler, context) = bound.value
            guard let first = remaining.first else {
                context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
                if !head.isKeepAlive { context.close(promise: nil) }
                return
            }
            context.writeAndFlush(handler.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: first)))), promise: nil)
            if perPiece > 0 {
                context.eventLoop.scheduleTask(in: .milliseconds(perPiece)) { sendNext(remaining.dropFirst()) }
            } else {
                sendNext(remaining.dropFirst())
            }
        }
        sendNext(events[...])
    }

    private func send(_ context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus,
                      extraHeaders: HTTPHeaders = HTTPHeaders(), json: String) {
        var headers = extraHeaders
        headers.add(name: "content-type", value: "application/json")
        send(context, head: head, status: status, extraHeaders: headers, body: json)
    }

    private func send(_ context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus,
                      extraHeaders: HTTPHeaders, body: String) {
        var headers = extraHeaders
        headers.add(contentsOf: rateHeaders)
        let buffer = ByteBuffer(string: body)
        headers.add(name: "content-length", value: String(buffer.readableBytes))
        if !head.isKeepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let keepAlive = head.isKeepAlive
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            if !keepAlive { channel.close(promise: nil) }
        }
    }

    /// The first balanced `{…}` in `text` (strings respected).
    static func firstJSONObject(in text: Substring) -> String? {
        guard let start = text.firstIndex(of: "{") else { return nil }
        var depth = 0
        var inString = false
        var escaped = false
        var index = start
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "{" {
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth == 0 { return String(text[start...index]) }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder.docentCompact.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    static func json(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
