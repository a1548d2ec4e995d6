import ArgumentParser
import Foundation
import Pipeline
import Project
import ReviewApp

struct ReviewServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review in the browser: a local web app to approve, reject, edit and accept drafts.")

    @OptionGroup var project: ProjectOptions

    @Option(help: "Port to listen on (0: one the system picks).")
    var port = 0

    @Option(help: "Address to listen on: 127.0.0.1 (this machine only) unless you share it, e.g. 0.0.0.0 on a LAN.")
    var host = "127.0.0.1"

    @Option(name: .customLong("as"), help: "Whose approvals these are, until the page says another name (\"Approve as\").")
    var editor: String?

    func run() async throws {
        let (config, layout) = try Workspace.configForCommand(project)
        guard (0...65_535).contains(port) else {
            printError("--port must be 0…65535")
            throw Exit.usage
        }
        var app = ReviewApp(config: config, layout: layout)
        if let editor {
            let name = editor.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 100 else {
                printError("--as needs a name of 1 to 100 characters")
                throw Exit.usage
            }
            app.editor = name
        }
        let loopback = ReviewApp.isLoopback(host)
        app.exposed = !loopback
        let wildcard = host == "0.0.0.0" || host == "::"
        let token = app.token
        do {
            try await app.serve(host: host, port: port) { bound in
                var text = "Review at http://\(wildcard ? "127.0.0.1" : host):\(bound)/?token=\(token)\n"
                if !loopback {
                    // Others reach it at these; and what they send crosses the network in clear.
                    let others = wildcard ? ReviewApp.networkAddresses() : [host]
                    for address in others where address != host || wildcard {
                        text += "On the network: http://\(address):\(bound)/?token=\(token)\n"
                    }
                    text += "Warning: this serves plain HTTP on the network: the token and every text cross it unencrypted. "
                        + "Put a TLS reverse proxy in front (Caddy, nginx) for anything but a trusted LAN.\n"
                }
                text += "(the address carries the access token: share it only with editors; Ctrl-C stops)\n\n"
                // Written at once (not buffered): a script or a test reads the address as it comes.
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            printError("docent review: \(error)")
            throw Exit.unavailable
        }
    }
}
