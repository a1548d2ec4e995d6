import CCurl
import Foundation
import Synchronization

/// One curl multi handle driven by its own thread.
///
/// Other threads talk to it only through `submit`, which queues a command under a lock and
/// wakes the thread with `curl_multi_wakeup` (thread-safe). The multi handle, the easy
/// handles and the transfers are touched on the loop thread only, which is why the class can
/// be `@unchecked Sendable`.
final class CurlLoop: @unchecked Sendable {
    enum Command: Sendable {
        case add(PendingTransfer)
        case cancel(UInt64)
        case stop
    }

    private let multi: UnsafeMutableRawPointer
    private let commands = Mutex<[Command]>([])
    private let stopped = Mutex<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    // Loop-thread state.
    private var transfers: [UInt64: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_ALL))
        // With CURLOPT_NOSIGNAL curl does not ignore SIGPIPE itself; a peer closing a socket
        // must not kill the process.
        signal(SIGPIPE, SIG_IGN)
    }()

    init(maxConnections: Int) {
        _ = Self.globalInit
        multi = curl_multi_init()
        _ = docent_multi_setopt_long(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX)
        _ = docent_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(8, maxConnections))
        let thread = Thread { [self] in self.run() }
        thread.name = "docent-curl"
        thread.start()
    }

    /// Queues a command for the loop thread. After `stop`, new transfers fail at once.
    func submit(_ command: Command) {
        if case .add(let pending) = command, stopped.withLock({ $0 }) {
            fail(pending, HTTPError.shutDown)
            return
        }
        commands.withLock { $0.append(command) }
        curl_multi_wakeup(multi)
    }

    /// Stops the thread, failing what is still in flight, and waits for it to finish.
    func shutdown() {
        let first = stopped.withLock { stopped -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        commands.withLock { $0.append(.stop) }
        curl_multi_wakeup(multi)
        finished.wait()
    }

    private func fail(_ pending: PendingTransfer, _ error: any Error) {
        switch pending.delivery {
        case .buffered(let continuation): continuation.resume(throwing: error)
        case .callback(let deliver): deliver(.failure(error))
        case .streaming(let head): head.resume(throwing: error)
        }
    }

    private func run() {
        ThreadName.set("docent-curl")
        var running: Int32 = 0
        var stopping = false
        while !stopping {
            for command in takeCommands() {
                switch command {
                case .add(let pending): start(pending)
                case .cancel(let id): cancel(id)
                case .stop: stopping = true
                }
            }
            if stopping { break }
            curl_multi_perform(multi, &running)
            collectFinished()
            if commands.withLock({ $0.isEmpty }) {
                curl_multi_poll(multi, nil, 0, 1000, nil)
            }
        }
        for id in Array(transfers.keys) { cancel(id, error: HTTPError.shutDown) }
        // Commands that arrived after the stop.
        for command in takeCommands() {
            if case .add(let pending) = command { fail(pending, HTTPError.shutDown) }
        }
        for handle in idleHandles { curl_easy_cleanup(handle) }
        idleHandles.removeAll()
        curl_multi_cleanup(multi)
        finished.signal()
    }

    private func takeCommands() -> [Command] {
        commands.withLock { queue -> [Command] in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }

    private func start(_ pending: PendingTransfer) {
        let easy: UnsafeMutableRawPointer
        if let reused = idleHandles.popLast() {
            curl_easy_reset(reused)
            easy = reused
        } else if let fresh = curl_easy_init() {
            easy = fresh
        } else {
            fail(pending, HTTPError.transfer(code: -1, message: "curl_easy_init failed"))
            return
        }
        do {
            let transfer = try CurlTransfer(pending, easy: easy)
            transfers[pending.id] = transfer
            let code = curl_multi_add_handle(multi, easy)
            if code != CURLM_OK {
                transfers[pending.id] = nil
                transfer.releaseResources()
                recycle(easy)
                transfer.fail(HTTPError.transfer(code: Int(code.rawValue), message: String(cString: curl_multi_strerror(code))))
            }
        } catch {
            recycle(easy)
            fail(pending, error)
        }
    }

    private func recycle(_ easy: UnsafeMutableRawPointer) {
        if idleHandles.count < 256 { idleHandles.append(easy) } else { curl_easy_cleanup(easy) }
    }

    private func cancel(_ id: UInt64, error: any Error = CancellationError()) {
        guard let transfer = transfers.removeValue(forKey: id) else { return }
        curl_multi_remove_handle(multi, transfer.easy)
        transfer.releaseResources()
        recycle(transfer.easy)
        transfer.fail(error)
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // Read everything from the message before removing the handle.
            let code = docent_msg_result(message)
            var privateData: UnsafeMutableRawPointer?
            _ = docent_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &privateData)
            curl_multi_remove_handle(multi, easy)
            guard let privateData else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(privateData).takeUnretainedValue()
            transfers[transfer.id] = nil
            transfer.releaseResources()
            recycle(easy)
            transfer.complete(code)
        }
    }
}
