import Foundation
import Hummingbird

/// Refuses what a page of another site could send to `docent review`, before the token is
/// even looked at: a `Host` that is not a name of this machine (DNS rebinding: an attacker's
/// domain pointed at 127.0.0.1 would otherwise be same-origin with the app), and a POST whose
/// `Origin` is not the app's own (a form posted from another site).
struct RequestOriginCheck<Context: RequestContext>: RouterMiddleware {
    /// Listening on more than loopback (`--host 0.0.0.0`): any IP address of this machine, and
    /// its host name, are names others reach it by.
    var exposed: Bool
    /// The address editors use through a proxy (`https://review.example.org`), whose host
    /// and origin are the app's too.
    var publicOrigin: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let authority = request.head.authority, !admits(authority) {
            return ReviewApp.text("this address is not docent review's (Host '\(authority)'): open the address docent review printed",
                                  status: .misdirectedRequest)
        }
        if request.method == .post, let origin = request.headers[.origin] {
            guard origin == publicOrigin || request.head.authority.map({ origin == "http://" + $0 }) == true else {
                return ReviewApp.text("a form from another site (Origin '\(origin)') is refused", status: .forbidden)
            }
        }
        return try await next(request, context)
    }

    /// Whether a request's `Host` names this app: this machine, or the public address.
    func admits(_ authority: String) -> Bool {
        let host = Self.hostName(authority)
        return Self.allowed(host: host, exposed: exposed) || publicOrigin.flatMap { URL(string: $0)?.host?.lowercased() } == host
    }

    /// The name part of `host:port`, `[v6]:port` or a bare name, lowercased.
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close]).lowercased()
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "").lowercased()
    }

    /// The names of this machine that reach only it.
    static var loopbackNames: Set<String> { ["127.0.0.1", "localhost", "::1"] }

    static func allowed(host: String, exposed: Bool) -> Bool {
        if loopbackNames.contains(host) { return true }
        guard exposed else { return false }
        // An IP literal is never a rebinding (it names one machine, not a domain an attacker
        // controls); of names, only this machine's own.
        if isIPAddress(host) { return true }
        let name = ProcessInfo.processInfo.hostName.lowercased()
        return host == name || host == name + ".local" || host.hasPrefix(name + ".")
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
