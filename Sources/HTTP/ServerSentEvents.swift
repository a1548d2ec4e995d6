import Foundation

/// One Server-Sent Event.
package struct ServerSentEvent: Sendable, Hashable {
    package var event: String
    package var data: String
    package var id: String?

    package init(event: String = "message", data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// An incremental parser of the `text/event-stream` format (WHATWG HTML, "Server-sent events"):
/// feed it bytes as they come; it returns the events completed so far.
package struct ServerSentEventParser: Sendable {
    private var buffer: [UInt8] = []
    private var eventType = ""
    private var data: [String] = []
    private var lastID: String?
    private var sawCR = false

    package init() {}

    package mutating func feed(_ chunk: Data) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in chunk {
            if sawCR {
                sawCR = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                sawCR = byte == UInt8(ascii: "\r")
                if let event = line(String(decoding: buffer, as: UTF8.self)) { events.append(event) }
                buffer.removeAll(keepingCapacity: true)
            } else {
                buffer.append(byte)
            }
        }
        return events
    }

    /// Ends the stream: an event without its closing blank line is dropped, as the standard says.
    package mutating func finish() -> [ServerSentEvent] {
        buffer.removeAll()
        data.removeAll()
        eventType = ""
        return []
    }

    private mutating func line(_ line: String) -> ServerSentEvent? {
        if line.isEmpty {
            defer {
                data.removeAll()
                eventType = ""
            }
            guard !data.isEmpty else { return nil }
            return ServerSentEvent(event: eventType.isEmpty ? "message" : eventType, data: data.joined(separator: "\n"), id: lastID)
        }
        if line.hasPrefix(":") { return nil }
        let field: Substring, value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            var rest = line[line.index(after: colon)...]
            if rest.first == " " { rest = rest.dropFirst() }
            value = rest
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "event": eventType = String(value)
        case "data": data.append(String(value))
        case "id": if !value.contains("\0") { lastID = String(value) }
        default: break
        }
        return nil
    }
}

extension HTTPStreamingResponse {
    /// The body as Server-Sent Events.
    package var events: AsyncThrowingStream<ServerSentEvent, any Error> {
        let body = self.body
        return AsyncThrowingStream { continuation in
            let task = Task {
                var parser = ServerSentEventParser()
                do {
                    for try await chunk in body {
                        for event in parser.feed(chunk) { continuation.yield(event) }
                    }
                    _ = parser.finish()
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
