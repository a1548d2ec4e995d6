import NIOCore
import NIOEmbedded
@testable import ReviewApp
import Testing

/// The review app's guard on connections, on NIO's embedded channel and its virtual clock: a
/// request head must come whole in time, and one client keeps a bounded number open.
@Suite("docent review: header timeout and connections per client")
struct ConnectionCapTests {
    func channel(_ ledger: ConnectionLedger, from address: String, port: Int) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: ConnectionCap(ledger: ledger, headerTimeout: .seconds(20)))
        channel.remoteAddress = try SocketAddress(ipAddress: address, port: port)
        _ = try channel.connect(to: channel.remoteAddress!).wait()
        return channel
    }

    @Test("A connection whose request head does not come whole within 20 s is closed; once a head came, not until the answer went out")
    func headerTimeout() throws {
        let ledger = ConnectionLedger(perClient: 128)
        let slow = try channel(ledger, from: "127.0.0.1", port: 40_001)
        slow.embeddedEventLoop.advanceTime(by: .seconds(19))
        #expect(slow.isActive)
        slow.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!slow.isActive, "no head in 20 s: closed")
        #expect(ledger.count(of: "127.0.0.1") == 0)

        let prompt = try channel(ledger, from: "127.0.0.1", port: 40_002)
        try prompt.writeInbound("a request's head, decoded")
        prompt.embeddedEventLoop.advanceTime(by: .seconds(120))
        #expect(prompt.isActive, "a request being answered is not cut")
        prompt.flush()
        prompt.embeddedEventLoop.advanceTime(by: .seconds(20))
        #expect(!prompt.isActive, "after the answer, the next head is waited for 20 s")
    }

    @Test("A client opening one connection more than the cap loses its oldest; other clients keep theirs")
    func perClientCap() throws {
        let ledger = ConnectionLedger(perClient: 3)
        let mine = try (0..<3).map { try channel(ledger, from: "10.0.0.5", port: 50_000 + $0) }
        let other = try channel(ledger, from: "10.0.0.9", port: 50_100)
        #expect(ledger.count(of: "10.0.0.5") == 3)
        let newest = try channel(ledger, from: "10.0.0.5", port: 50_003)
        mine[0].embeddedEventLoop.run()
        #expect(!mine[0].isActive && mine[1].isActive && mine[2].isActive && newest.isActive && other.isActive)
        #expect(ledger.count(of: "10.0.0.5") == 3 && ledger.count(of: "10.0.0.9") == 1)
    }
}
