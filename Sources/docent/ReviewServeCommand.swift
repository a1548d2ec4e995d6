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

    func run() async throws {
        let (config, layout) = try Workspace.configForCommand(project)
        guard (0...65_535).contains(port) else {
            printError("--port must be 0…65535")
            throw Exit.usage
        }
        let app = ReviewApp(config: config, layout: layout)
        let shownHost = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        do {
            try await app.serve(host: host, port: port) { bound in
                // Written at once (not buffered): a script or a test reads the address as it comes.
                FileHandle.standardOutput.write(Data("""
                    Review at http://\(shownHost):\(bound)/?token=\(app.token)
                    (the address carries the access token: share it only with editors; Ctrl-C stops)

                    """.utf8))
            }
        } catch {
            printError("docent review: \(error)")
            throw Exit.unavailable
        }
    }
}
