import Domain
import Foundation
import Hummingbird
import Catalog
import Pipeline
import Project
import Review

/// `docent review`: the review page as a local web app in which editors approve, reject, edit
/// and accept drafts. The output folder stays the truth: every request reads it again (so a
/// run in another terminal shows at the next load), and every action writes the same files as
/// the CLI, under the same artwork lock, refused with 409 when the file changed since the page
/// was loaded.
///
/// People: the one who starts it (`--as NAME`) signs in with the address it prints; others
/// with the personal links `docent review invite` prints (or, behind a company's sign-on proxy,
/// by the name the proxy puts in a header). Every action is written in the signed-in person's
/// name, and only what her role allows is done (a translator: her languages' translations; a
/// viewer: nothing).
///
/// Security: it listens on 127.0.0.1 unless told otherwise; every request carries a link's
/// token (`?token=` once, then an HttpOnly, SameSite=Strict cookie); every action also carries
/// the session's CSRF token; the pages forbid framing and outside content; an artwork id or
/// draft name that is not one is refused before any path is made from it.
package struct ReviewApp: Sendable {
    package var config: PipelineConfig
    package var layout: OutputLayout
    /// The token of the address printed at start (it signs in `owner`).
    package var token: String
    /// Who started it (`--as NAME`): an editor.
    package var owner: Person
    /// The people invited with personal links (read at each request: a revocation holds at once).
    package var people: People
    /// The session's CSRF token (in every form).
    package var csrf: String
    package var clock: @Sendable () -> Date
    /// Renders output/index.html again after actions, in the background.
    package let staticPage: StaticPageRefresher
    /// Listening on more than loopback (`--host 0.0.0.0`): the `Host` check admits this
    /// machine's addresses and name too.
    package var exposed = false
    /// Behind a sign-on proxy (`--trust-header X-Forwarded-User`): the header that names the
    /// person, when no link's token is given. The proxy must be the only way to the app.
    package var trustedHeader: String?
    /// The address editors use through a proxy (`--public-url https://review.example.org`):
    /// its host and origin are admitted besides this machine's.
    package var publicOrigin: String?
    /// Open connections by client, capped.
    let connections = ConnectionLedger(perClient: 128)

    /// Whether an address to listen on reaches this machine alone.
    package static func isLoopback(_ host: String) -> Bool {
        RequestOriginCheck<BasicRequestContext>.loopbackNames.contains(host.lowercased())
    }

    package init(config: PipelineConfig, layout: OutputLayout, owner: Person, token: String = ReviewApp.randomToken(),
                 csrf: String = ReviewApp.randomToken(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.config = config
        self.layout = layout
        self.owner = owner
        self.people = People(path: config.resolve(".docent/review/people.json"))
        self.token = token
        self.csrf = csrf
        self.clock = clock
        staticPage = StaticPageRefresher(config: config, layout: layout)
    }

    static let tokenCookie = "docent_token"

    /// 32 random bytes as hex.
    package static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The routes, behind the token check.
    package func router() -> Router<SignedInContext> {
        let router = Router(context: SignedInContext.self)
        router.add(middleware: RequestOriginCheck(exposed: exposed, publicOrigin: publicOrigin))
        router.add(middleware: AccessCheck(app: self))
        router.get("/") { request, context in
            try page(context.person, query: ReviewQuery(queryString: request.uri.query ?? ""))
        }
        router.post("/action") { request, context in try await act(request, by: context.person) }
        router.post("/undo") { request, context in try await undo(request, by: context.person) }
        router.post("/bulk") { request, context in try await bulk(request, by: context.person) }
        router.post("/comment") { request, context in try await comment(request, by: context.person) }
        router.get("/image") { request, _ in image(request.uri.queryParameters.get("artwork") ?? "") }
        // The folder's fingerprint, which the page compares with the one it was made from.
        router.get("/state") { _, _ in
            var response = Self.text(layout.state(), status: .ok)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        return router
    }

    /// Serves until the task is cancelled or the process is asked to stop; `ready` gets the
    /// port (the one asked, or the one the system chose for 0). Beside the server, the static
    /// page is rendered again after actions, and once more on the way out if it is behind.
    package func serve(host: String, port: Int, ready: @escaping @Sendable (Int) -> Void) async throws {
        // Idle connections are closed after 30 s, a request head must come whole within 20 s,
        // and one client keeps at most 128 connections open (its oldest closed beyond), so that
        // a pile of them (a scan, a stuck or slow client) cannot hold the server's descriptors
        // from the editors; the descriptor limit is raised to what the system allows for the
        // same reason.
        Self.raiseDescriptorLimit()
        let ledger = connections
        let app = Application(router: router(),
                              server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionCap(ledger: ledger, headerTimeout: .seconds(20))], idleTimeout: .seconds(30))),
                              configuration: .init(address: .hostname(host, port: port), serverName: "docent"),
                              onServerRunning: { channel in ready(channel.localAddress?.port ?? port) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await staticPage.run() }
            defer { staticPage.finish() }
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        }
    }

    /// The soft limit on open files up to the hard one (1,024 by default on Linux: a thousand
    /// idle connections would leave none for an editor).
    package static func raiseDescriptorLimit() {
        #if os(Linux)
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = min(limit.rlim_max, 65_536)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        #endif
    }

    /// The IPv4 addresses of this machine's interfaces other than loopback, sorted: where
    /// others on the network reach an app listening on 0.0.0.0.
    package static func networkAddresses() -> [String] {
        var found = Set<String>()
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !text.hasPrefix("127.") { found.insert(text) }
        }
        return found.sorted()
    }

    // MARK: - Pages

    func page(_ person: Person, query: ReviewQuery) throws -> Response {
        let run = LastRun.read(in: layout)
        var page = ReviewPage(config: config, layout: layout, failures: run?.pageFailures ?? [], clock: clock())
        page.retired = Set(run?.retiredArtworks ?? [])
        page.app = ReviewPage.App(csrf: csrf, person: person, query: query)
        page.app?.history = AuditTrail(root: layout.root).history()
        return Self.html(Self.withLiveCheck(try page.renderData()))
    }

    /// The image of an artwork's record (only that: the id names the record, the record names
    /// the file), with a type from its extension.
    func image(_ id: String) -> Response {
        let page = ReviewPage(config: config, layout: layout, failures: [], clock: clock())
        guard let recordPath = try? layout.recordPath(id), let data = FileManager.default.contents(atPath: recordPath),
              let artwork = try? JSONDecoder().decode(Artwork.self, from: data), let image = artwork.image,
              let file = page.imageFile(image.path), let bytes = FileManager.default.contents(atPath: file) else {
            return Self.text("no image", status: .notFound)
        }
        let types = ["jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml"]
        guard let type = types[(file as NSString).pathExtension.lowercased()] else { return Self.text("not an image", status: .notFound) }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.xContentTypeOptions] = "nosniff"
        // An SVG could carry script: it is shown as an image only, never as a document.
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func html(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // Nothing from outside but the records' images (the collection's image server), no
        // framing; the page's own inline style and script only.
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data: http: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ message: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// The person a link's token signs in: who started the app, or someone invited.
    func person(token given: String) -> Person? {
        if AccessCheck.same(given, token) { return owner }
        return people.person(token: given)
    }

    /// The person a sign-on proxy names: as invited (`docent review invite NAME`), the one who
    /// started the app if it is her; anyone else the proxy lets through reads only.
    func person(named name: String) -> Person {
        if name == owner.name { return owner }
        return people.person(named: name) ?? Person(name: name, role: .viewer)
    }
}

/// What a request knows once signed in: who sent it.
package struct SignedInContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// Set by `AccessCheck` before any route runs (a route never sees a request without one).
    package var signedIn: Person?

    package init(source: Source) {
        coreContext = .init(source: source)
    }

    /// The person; routes run behind `AccessCheck`, which refuses a request without one.
    var person: Person { signedIn ?? Person(name: "", role: .viewer) }
}

/// Every request is someone's: a link's token (`?token=`, answered with the cookie and a
/// redirect to the same path without it, or the cookie) names the person who started the app
/// or an invited one; else, behind a sign-on proxy, the trusted header names her.
struct AccessCheck: RouterMiddleware {
    var app: ReviewApp

    func handle(_ request: Request, context: SignedInContext, next: (Request, SignedInContext) async throws -> Response) async throws -> Response {
        var context = context
        if let given = request.uri.queryParameters.get("token") {
            guard app.person(token: String(given)) != nil else {
                return ReviewApp.text("this link does not sign anyone in (a wrong token, or revoked): ask for a new one", status: .forbidden)
            }
            var response = ReviewApp.redirect(request.uri.path)
            response.setCookie(Cookie(name: ReviewApp.tokenCookie, value: String(given), path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        if let cookie = request.cookies[ReviewApp.tokenCookie], let person = app.person(token: cookie.value) {
            context.signedIn = person
        } else if let header = app.trustedHeader?.lowercased(),
                  let name = request.headers.first(where: { $0.name.canonicalName == header })?.value.trimmingCharacters(in: .whitespaces),
                  !name.isEmpty {
            context.signedIn = app.person(named: name)
        } else {
            return ReviewApp.text("open the address docent review printed, or your personal link (it carries your access token)", status: .unauthorized)
        }
        return try await next(request, context)
    }

    /// Compared in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
