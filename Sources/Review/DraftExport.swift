import Checks
import Foundation

/// Every draft of an output folder as rows, for `docent export`: CSV for spreadsheets, JSON
/// for a CMS. Drafts whose file cannot be read are left out (`docent status` lists them).
package struct DraftExport: Sendable {
    package struct Row: Sendable, Codable {
        package var artwork: String
        package var audience: String
        package var language: String
        package var stage: String
        package var status: String
        package var approvedBy: String?
        package var approvedAt: String?
        package var checks: [Finding]
        package var text: String
        package var file: String

        enum CodingKeys: String, CodingKey {
            case artwork, audience, language, stage, status, checks, text, file
            case approvedBy = "approved_by", approvedAt = "approved_at"
        }
    }

    package var rows: [Row] = []

    package init(layout: OutputLayout) {
        for status in DraftStatus.scan(layout) {
            guard let name = DraftName(parsing: status.draft), let path = try? layout.draftPath(status.artwork, name),
                  let document = try? DraftDocument.read(at: path) else { continue }
            var state = status.state.rawValue
            if status.stale { state += ", stale" }
            if status.flagged { state += ", flagged" }
            rows.append(Row(artwork: status.artwork, audience: name.audience, language: name.language, stage: document.frontMatter.stage,
                            status: state, approvedBy: status.approvedBy, approvedAt: status.approvedAt, checks: document.frontMatter.checks,
                            text: document.body.trimmingCharacters(in: .whitespacesAndNewlines), file: status.file))
        }
    }

    /// One row per draft, RFC 4180 with CRLF line ends.
    package func csv() -> String {
        var lines = [["artwork", "audience", "language", "stage", "status", "approved_by", "checks", "text"].joined(separator: ",")]
        for row in rows {
            let checks = row.checks.map { "\($0.severity.rawValue) \($0.rule): \($0.message)" }.joined(separator: "\n")
            lines.append([row.artwork, row.audience, row.language, row.stage, row.status, row.approvedBy ?? "", checks, row.text]
                .map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180: quoted when needed, quotes doubled. A leading =, +, - or @ is prefixed with
    /// an apostrophe so that spreadsheets do not run it as a formula.
    package static func csvField(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
