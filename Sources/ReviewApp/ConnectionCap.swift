import NIOCore
import Synchronization

/// At most `perClient` open connections from one address: when a client opens one more, its
/// oldest is closed. A pile of idle connections from one place (a scan, a stuck script) thus
/// holds a bounded number of the server's descriptors, and the newest connection, the one an
/// editor's browser is opening now, is always served. Connections of other clients are never
/// touched. (Behind a proxy every connection comes from the proxy: the cap is far above what
/// a team's browsers keep open, 6 each.)
final class ConnectionLedger: Sendable {
    let perClient: Int
    private let open = Mutex<[String: [(id: ObjectIdentifier, channel: any Channel)]]>([:])

    init(perClient: Int) {
        self.perClient = perClient
    }

    /// Counts the channel in; closes its client's oldest beyond the cap.
    func opened(_ channel: any Channel) {
        guard let client = Self.client(channel) else { return }
        let evicted = open.withLock { open -> [any Channel] in
            var list = open[client, default: []]
            guard !list.contains(where: { $0.id == ObjectIdentifier(channel) }) else { return [] }
            list.append((ObjectIdentifier(channel), channel))
            let over = max(0, list.count - perClient)
            let evicted = list.prefix(over).map(\.channel)
            open[client] = Array(list.dropFirst(over))
            return evicted
        }
        for old in evicted { old.close(promise: nil) }
    }

    func closed(_ channel: any Channel) {
        guard let client = Self.client(channel) else { return }
        open.withLock { open in
            open[client]?.removeAll { $0.id == ObjectIdentifier(channel) }
            if open[client]?.isEmpty == true { open[client] = nil }
        }
    }

    /// Open connections from the client (for tests).
    func count(of client: String) -> Int {
        open.withLock { $0[client]?.count ?? 0 }
    }

    /// The client's IP address (its port left out: every connection has its own).
    static func client(_ channel: any Channel) -> String? {
        channel.remoteAddress?.ipAddress
    }
}

/// The per-connection handler: tells the ledger a connection opened and closed, and closes a
/// connection whose request head has not come whole within `headerTimeout` of its opening or
/// of the last answer (a client trickling a header a byte at a time would otherwise hold it,
/// as each byte resets the idle timeout).
final class ConnectionCap: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny
    let ledger: ConnectionLedger
    let headerTimeout: TimeAmount
    private var waiting: Scheduled<Void>?

    init(ledger: ConnectionLedger, headerTimeout: TimeAmount) {
        self.ledger = ledger
        self.headerTimeout = headerTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { opened(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        opened(context)
        context.fireChannelActive()
    }

    /// A request's parts come here once its head is decoded whole: the wait is over.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        waiting?.cancel()
        waiting = nil
        context.fireChannelRead(data)
    }

    /// An answer went out: the next request's head is waited for.
    func flush(context: ChannelHandlerContext) {
        context.flush()
        arm(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed(context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closed(context)
    }

    private func opened(_ context: ChannelHandlerContext) {
        ledger.opened(context.channel)
        arm(context)
    }

    private func closed(_ context: ChannelHandlerContext) {
        waiting?.cancel()
        waiting = nil
        ledger.closed(context.channel)
    }

    private func arm(_ context: ChannelHandlerContext) {
        waiting?.cancel()
        let channel = context.channel
        waiting = context.eventLoop.scheduleTask(in: headerTimeout) { channel.close(promise: nil) }
    }
}
