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

/// The per-connection handler that tells the ledger a connection opened and closed.
final class ConnectionCap: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny
    let ledger: ConnectionLedger

    init(ledger: ConnectionLedger) {
        self.ledger = ledger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { ledger.opened(context.channel) }
    }

    func channelActive(context: ChannelHandlerContext) {
        ledger.opened(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        ledger.closed(context.channel)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        ledger.closed(context.channel)
    }
}
