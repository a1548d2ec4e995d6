import Foundation
import HTTP
import Hummingbird
import HummingbirdTesting
import Project
import Review
@testable import ReviewApp
import Testing

/// `docent review` against what a browser on another site, or a pile of idle connections,
/// can do to it.
@Suite("docent review: Host, Origin and idle connections", .serialized)
struct ReviewAppHardeningTests {
    static let token = String(repeating: "a", count: 64)

    func app() throws -> (TemporaryFolder, ReviewApp) {
        let folder = try TemporaryFolder()
        try folder.write(#"{"institution": {"name": "Test"}, "sources": {"artworks": ["artworks"]}, "source_language": "fr", "audiences": ["general"]}"#,
                         to: "pipeline.json")
        try folder.write("[]", to: "artworks/none.json")
        let (config, layout) = try Workspace.config(path: folder.file("pipeline.json"), overrides: .init())
        return (folder, ReviewApp(config: config, layout: layout, owner: Person(name: "Ada", role: .editor), token: Self.token, csrf: String(repeating: "c", count: 64)))
    }

    @Test("The Host check: loopback names always, this machine's addresses when shared, never another site's name")
    func hostRules() {
        typealias Check = RequestOriginCheck<BasicRequestContext>
        #expect(Check.hostName("127.0.0.1:8123") == "127.0.0.1" && Check.hostName("[::1]:8123") == "::1" && Check.hostName("LocalHost") == "localhost")
        for host in ["127.0.0.1", "localhost", "::1"] { #expect(Check.allowed(host: host, exposed: false)) }
        #expect(!Check.allowed(host: "attacker.example", exposed: false))
        #expect(!Check.allowed(host: "192.168.1.20", exposed: false))
        #expect(Check.allowed(host: "192.168.1.20", exposed: true))
        #expect(!Check.allowed(host: "attacker.example", exposed: true))
    }

    @Test("A POST whose Origin is another site's is refused; the app's own Origin passes to the CSRF check")
    func originChecked() async throws {
        let (folder, app) = try app()
        defer { withExtendedLifetime(folder) {} }
        try await Application(router: app.router()).test(.router) { client in
            var headers: HTTPFields = [.cookie: "\(ReviewApp.tokenCookie)=\(Self.token)", .origin: "https://attacker.example"]
            headers[.contentType] = "application/x-www-form-urlencoded"
            try await client.execute(uri: "/comment", method: .post, headers: headers, body: ByteBuffer(string: "csrf=x&artwork=a&draft=draft.general.fr.md&text=hi")) {
                #expect($0.status == .forbidden)
                #expect(String(buffer: $0.body).contains("another site"))
            }
            // The testing client's own authority is "localhost".
            headers[.origin] = "http://localhost"
            try await client.execute(uri: "/comment", method: .post, headers: headers, body: ByteBuffer(string: "csrf=x&artwork=a&draft=draft.general.fr.md&text=hi")) {
                #expect($0.status == .forbidden)
                #expect(String(buffer: $0.body).contains("CSRF"), "past the Origin check, the CSRF token decides")
            }
        }
    }

    @Test("1,100 idle connections: an editor's page still comes, and the server keeps at most 128 of one client's open")
    func idleConnections() async throws {
        let folder = try TemporaryFolder()
        try folder.write(#"{"institution": {"name": "Test"}, "sources": {"artworks": ["artworks"]}, "source_language": "fr", "audiences": ["general"]}"#,
                         to: "pipeline.json")
        try folder.write("[]", to: "artworks/none.json")
        ReviewApp.raiseDescriptorLimit()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DocentBinary.path)
        process.arguments = ["review", "--port", "0"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var printed = ""
        while !printed.contains("?token=") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        let address = try #require(printed.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("http://") }.map(String.init))
        let port = try #require(URL(string: address)?.port)
        // Connections that say nothing and stay open.
        var sockets: [Int32] = []
        defer { for socket in sockets { close(socket) } }
        for _ in 0..<1_100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { break }
            var target = sockaddr_in()
            target.sin_family = sa_family_t(AF_INET)
            target.sin_port = in_port_t(UInt16(port).bigEndian)
            target.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            sockets.append(fd)
            #expect(connected == 0)
        }
        #expect(sockets.count == 1_100)
        let response = try await withHTTPClient { client in try await client.execute(HTTP.HTTPRequest(url: address, timeout: .seconds(60))) }
        // The token in the address is swapped for a cookie: a redirect to the page.
        #expect(response.status == 303, "the editor's request was answered: \(response.status)")
        // A page of another site whose name resolves to 127.0.0.1 (DNS rebinding): refused.
        let rebound = try await withHTTPClient { client in
            try await client.execute(HTTP.HTTPRequest(url: address, headers: [("Host", "attacker.example:\(port)")], timeout: .seconds(60)))
        }
        #expect(rebound.status == 421, "\(rebound.status)")
        // One client keeps at most 128 connections: the server has closed the oldest of the
        // idle ones (they read end-of-file), so they hold none of its descriptors.
        var ended = Set<Int32>()
        for _ in 0..<300 where ended.count < 1_100 - 128 {
            var polls = sockets.filter { !ended.contains($0) }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = poll(&polls, nfds_t(polls.count), 100)
            for entry in polls where entry.revents != 0 {
                var byte: UInt8 = 0
                if recv(entry.fd, &byte, 1, Int32(MSG_DONTWAIT)) == 0 { ended.insert(entry.fd) }
            }
        }
        #expect(ended.count >= 1_100 - 128, "closed by the per-client cap: \(ended.count)")
    }
}
