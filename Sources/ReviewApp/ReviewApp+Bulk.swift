import Domain
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
        /// "reject" (with `note`): reject them instead of approving them.
        var action: String?
        var note: String?
    }

    struct BulkAnswer: Encodable {
        /// Drafts the filter shows that would be approved, of them with warnings, and drafts
        /// left out (errors unless included; stale ones, whose text is out of date, always).
        var count = 0
        var warnings = 0
        var withErrors = 0
        var stale = 0
        var approved: Int?
        var rejected: Int?
        var failed: [String]?
        var error: String?
    }

    /// "Approve all shown": every unapproved, current draft the page's filters show across the
    /// folder (not only this page) that the person may change, without errors unless asked;
    /// first only counted, for the editor's confirmation, then done (each approval in her name,
    /// synced and in the audit trail). "Reject all shown" rejects the same drafts (errors or
    /// not) with one note, which goes on each one's thread too.
    func bulk(_ request: Request, by person: Person) async throws -> Response {
        guard let form = try await Self.form(BulkForm.self, request) else { return Self.json(BulkAnswer(error: "incomplete form"), status: .badRequest) }
        guard AccessCheck.same(form.csrf, csrf) else {
            return Self.json(BulkAnswer(error: "missing or wrong CSRF token: load the page again"), status: .forbidden)
        }
        guard person.role != .viewer else {
            return Self.json(BulkAnswer(error: "\(person.name) is a viewer here: reading only"), status: .forbidden)
        }
        let rejecting = form.action == "reject"
        let note = (form.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if rejecting, note.isEmpty {
            return Self.json(BulkAnswer(error: "a rejection needs a note for the next run: write it first"), status: .badRequest)
        }
        let open = ReviewPage.shown(in: layout, query: ReviewQuery(queryString: form.back ?? ""), for: person)
            .filter { $0.state != .approved && $0.state != .unreadable }
        let includeErrors = rejecting || form.errors == "1"
        let chosen = open.filter { !$0.stale && (includeErrors || !$0.flagged) }
        var answer = BulkAnswer(count: chosen.count, warnings: chosen.filter { $0.warnings > 0 }.count,
                                withErrors: open.filter { !$0.stale && $0.flagged }.count, stale: open.filter(\.stale).count)
        guard form.confirm == "1" else { return Self.json(answer, status: .ok) }
        let names = chosen.compactMap { status in DraftName(parsing: status.draft).map { (status.artwork, $0) } }
        let paths = names.compactMap { try? layout.draftPath($0.0, $0.1) }
        let desk = ApprovalDesk(clock: clock, actor: person.name)
        let problems = rejecting ? await desk.rejectAll(paths, by: person.name, note: note) : await desk.approveAll(paths, by: person.name)
        let failed = zip(paths, problems).compactMap { path, problem in
            problem.map { "\((path as NSString).lastPathComponent): \($0)" }
        }
        if rejecting {
            let at = Timestamp.string(clock())
            for ((artwork, name), problem) in zip(names, problems) where problem == nil {
                try? CommentThread(layout: layout, artwork: artwork, draft: name)?.add(Comment(at: at, by: person.name, text: note, rejection: true))
            }
            answer.rejected = paths.count - failed.count
        } else {
            answer.approved = paths.count - failed.count
        }
        staticPage.changed()
        answer.failed = failed.isEmpty ? nil : failed.sorted()
        return Self.json(answer, status: .ok)
    }
}
