import Foundation
import Synchronization

/// An async HTTP client over one curl multi handle: connection reuse, HTTP/2 multiplexing,
/// many requests in flight at the cost of one thread. Proxies come from the usual environment
/// variables (`https_proxy`, `no_proxy`…), as curl reads them.
///
/// Its lifetime is a scope: use `withHTTPClient { client in … }`, which shuts it down at the end.
package final class HTTPClient: Sendable {
    private let loop: CurlLoop
    private let ids = Atomic<UInt64>(0)

    init(maxConnections: Int) {
        loop = CurlLoop(maxConnections: maxConnections)
    }

    /// A transfer's number, to `start` it with and `cancel` it by.
    package func newTransferID() -> UInt64 {
        ids.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// Starts a request from any thread without waiting for it: `then` gets the whole response
    /// (any HTTP status) or the transport's failure, on the transport's thread, so it must be
    /// quick. For a request sent the moment a place frees (`RequestGate.enqueue`).
    package func start(_ request: HTTPRequest, id: UInt64, then: @escaping @Sendable (Result<HTTPResponse, any Error>) -> Void) {
        loop.submit(.add(PendingTransfer(id: id, request: request, delivery: .callback(then))))
    }

    /// Aborts a transfer `start`ed with `id`: its `then` gets a `CancellationError`. Nothing if
    /// it is over.
    package func cancel(_ id: UInt64) {
        loop.submit(.cancel(id))
    }

    /// Sends a request and returns the whole response. Any HTTP status is a response, not an
    /// error; transport failures throw `HTTPError`. Cancelling the task aborts the transfer.
    package func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = newTransferID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.submit(.add(PendingTransfer(id: id, request: request, delivery: .buffered(continuation))))
            }
        } onCancel: {
            loop.submit(.cancel(id))
        }
    }

    /// Sends a request and returns as soon as the headers are in; the body arrives in chunks.
    /// Stopping the iteration of the body aborts the transfer.
    package func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let id = newTransferID()
        var response = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                loop.submit(.add(PendingTransfer(id: id, request: request, delivery: .streaming(head: continuation))))
            }
        } onCancel: {
            loop.submit(.cancel(id))
        }
        let curlLoop = loop
        let upstream = response.body
        response.body = AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await chunk in upstream { continuation.yield(chunk) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { termination in
                if case .cancelled = termination {
                    task.cancel()
                    curlLoop.submit(.cancel(id))
                }
            }
        }
        return response
    }

    func shutdown() {
        loop.shutdown()
    }
}

/// Runs `body` with an HTTP client and shuts the client down when `body` returns or throws.
package func withHTTPClient<T: Sendable>(maxConnections: Int = 64, _ body: (HTTPClient) async throws -> T) async rethrows -> T {
    let client = HTTPClient(maxConnections: maxConnections)
    do {
        let result = try await body(client)
        client.shutdown()
        return result
    } catch {
        client.shutdown()
        throw error
    }
}
