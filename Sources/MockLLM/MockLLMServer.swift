import NIOCore
import NIOHTTP1
import NIOPosix

/// An OpenAI- and Anthropic-compatible endpoint for tests and benchmarks, on loopback, with
/// latency and fault injection. `port: 0` lets the OS pick a free port; read `port` after start.
package final class MockLLMServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    package let port: Int

    package var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    package static func start(host: String = "127.0.0.1", port: Int = 0, config: MockConfig = MockConfig(),
                             threads: Int = 1) async throws -> MockLLMServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let state = MockState(config: config)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(ChannelOptions.backlog, value: 512)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(MockHandler(state: state))
                    }
                }
                .bind(host: host, port: port).get()
            return MockLLMServer(group: group, channel: channel, port: channel.localAddress?.port ?? port)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, port: Int) {
        self.group = group
        self.channel = channel
        self.port = port
    }

    /// Closes the listening socket and every connection.
    package func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// Waits until the listening socket closes.
    package func wait() async throws {
        try await channel.closeFuture.get()
    }
}
