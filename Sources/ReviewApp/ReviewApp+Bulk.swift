import Foundation
import Hummingbird
import Review

extension ReviewApp {
    struct BulkForm: Decodable {
        var csrf: String
        /// The page's query: the filters whose drafts are approved.
        var back: String?
        /// "1": do it (without: only say how many).
        var confirm: String?
        /// "1": drafts with error-level checks too.
        var errors: String?
    }

    struct BulkAnswer: Encodable {
        /// Drafts the filter shows that would be approved, of them with warnings, and drafts
        /// left out (errors unless included; stale ones, whose text is out of date, always).
        var count = 0
        var warnings = 0
        var withErrors = 0
        var stale = 0
        var approved: Int?
        var failed: [String]?
        var error: String?
    }

    /// "Approve all shown": every unapproved, current draft the page's filters show across the
    /// folder (not only this page), without errors unless asked; first only counted, for the
    /// editor's confirmation, then done (each approval in the editor's name, synced and in the
    /// audit trail).
    func bulk(_ request: Request) async throws -> Response {
        guard let form = try await Self.form(BulkForm.self, request) else { return Self.json(BulkAnswer(error: "incomplete form"), status: .badRequest) }
        guard AccessCheck<BasicRequestContext>.same(form.csrf, csrf) else {
            return Self.json(BulkAnswer(error: "missing or wrong CSRF token: load the page again"), status: .forbidden)
        }
        guard let editor = editor(of: request) else {
            return Self.json(BulkAnswer(error: "say whose approvals these are first: type your name in \"Approve as\" and save it"), status: .badRequest)
        }
        let open = ReviewPage.shown(in: layout, query: ReviewQuery(queryString: form.back ?? ""))
            .filter { $0.state != .approved && $0.state != .unreadable }
        let includeErrors = form.errors == "1"
        let chosen = open.filter { !$0.stale && (includeErrors || !$0.flagged) }
        var answer = BulkAnswer(count: chosen.count, warnings: chosen.filter { $0.warnings > 0 }.count,
                                withErrors: open.filter { !$0.stale && $0.flagged }.count, stale: open.filter(\.stale).count)
        guard form.confirm == "1" else { return Self.json(answer, status: .ok) }
        let paths = chosen.compactMap { status in DraftName(parsing: status.draft).flatMap { try? layout.draftPath(status.artwork, $0) } }
        let desk = ApprovalDesk(clock: clock, actor: editor)
        let failed = zip(paths, await desk.approveAll(paths, by: editor)).compactMap { path, problem in
            problem.map { "\((path as NSString).lastPathComponent): \($0)" }
        }
        staticPage.changed()
        answer.approved = paths.count - failed.count
        answer.failed = failed.isEmpty ? nil : failed.sorted()
        return Self.json(answer, status: .ok)
    }
}
