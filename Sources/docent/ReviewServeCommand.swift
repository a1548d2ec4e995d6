import Domain
import ArgumentParser
import Foundation
import Pipeline
import Project
import Review
import ReviewApp

/// `docent review`: the app (its default), and the people invited to it.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review in the browser: a local web app to approve, reject, edit and accept drafts, for a team.",
        subcommands: [ReviewServeCommand.self, InviteCommand.self, RevokeCommand.self, PeopleCommand.self],
        defaultSubcommand: ReviewServeCommand.self)
}

/// Where a running `docent review` leaves the address it printed, for `docent review invite`
/// to make links with.
func reviewAddressFile(_ config: PipelineConfig) -> String {
    config.resolve(".docent/review/address")
}

struct ReviewServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the review app (what `docent review` does): the address it prints signs you in.")

    @OptionGroup var project: ProjectOptions

    @Option(help: "Port to listen on (0: one the system picks).")
    var port = 0

    @Option(help: "Address to listen on: 127.0.0.1 (this machine only) unless you share it, e.g. 0.0.0.0 on a LAN.")
    var host = "127.0.0.1"

    @Option(name: .customLong("as"), help: "Who you are: the address printed signs you in as an editor (default: your login name).")
    var editor: String?

    @Option(help: ArgumentHelp("Behind a sign-on proxy (oauth2-proxy and the like): take the person's name from this header, e.g. X-Forwarded-User.",
                               discussion: "The role is the one `docent review invite NAME` gave (others read only). Only the proxy may reach the app."))
    var trustHeader: String?

    @Option(help: "The address editors open through a proxy, e.g. https://review.example.org (its host and origin are admitted).")
    var publicURL: String?

    func run() async throws {
        let (config, layout) = try Workspace.configForCommand(project)
        guard (0...65_535).contains(port) else {
            printError("--port must be 0…65535")
            throw Exit.usage
        }
        var app = ReviewApp(config: config, layout: layout, owner: Person(name: try reviewer(editor, option: "--as"), role: .editor))
        if let trustHeader {
            guard !trustHeader.isEmpty, trustHeader.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                printError("--trust-header needs a header name, e.g. X-Forwarded-User")
                throw Exit.usage
            }
            app.trustedHeader = trustHeader
        }
        if let publicURL {
            guard let url = URL(string: publicURL), let scheme = url.scheme, ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty else {
                printError("--public-url needs an address such as https://review.example.org")
                throw Exit.usage
            }
            app.publicOrigin = "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        }
        if let problem = (try? app.people.members()) == nil ? "unreadable" : nil {
            printError("docent review: \(app.people.path) is \(problem): invited people cannot sign in until it is fixed")
        }
        let loopback = ReviewApp.isLoopback(host)
        app.exposed = !loopback
        let wildcard = host == "0.0.0.0" || host == "::"
        let token = app.token
        let owner = app.owner
        let trusted = app.trustedHeader
        let addressFile = reviewAddressFile(config)
        defer { try? FileManager.default.removeItem(atPath: addressFile) }
        do {
            try await app.serve(host: host, port: port) { bound in
                let base = "http://\(wildcard ? "127.0.0.1" : host):\(bound)"
                // For `docent review invite` to print whole links while this runs.
                try? AtomicFile.write(base + "\n", to: addressFile)
                var text = "Review at \(base)/?token=\(token)\n"
                text += "(signed in as \(owner.label); others: docent review invite NAME --role editor|translator|viewer)\n"
                if let trusted { text += "Behind the sign-on proxy, the person is the one its \(trusted) header names.\n" }
                if !loopback {
                    // Others reach it at these; and what they send crosses the network in clear.
                    let others = wildcard ? ReviewApp.networkAddresses() : [host]
                    for address in others where address != host || wildcard {
                        text += "On the network: http://\(address):\(bound)/?token=\(token)\n"
                    }
                    text += "Warning: this serves plain HTTP on the network: the token and every text cross it unencrypted. "
                        + "Put a TLS reverse proxy in front (Caddy, nginx) for anything but a trusted LAN.\n"
                }
                text += "(the address carries your access token: do not share it, invite people instead; Ctrl-C stops)\n\n"
                // Written at once (not buffered): a script or a test reads the address as it comes.
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            throw Exit.failing(error, "docent review", otherwise: Exit.unavailable)
        }
    }
}
