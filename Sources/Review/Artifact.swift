import Domain
import Foundation
import Prose

/// Generated files other than Markdown drafts (`seo.<lang>.json`, `subtitles.<lang>.vtt`), with
/// the same protection and the same review as drafts: their Docent metadata (inputs, body hash,
/// approval, review note, checks, the source text they were made from) lives in the file itself
/// — a `_docent` key in JSON, `NOTE docent …` lines in WebVTT — so that an editor's change is
/// seen and never overwritten, and an approval travels with the file.
package enum ArtifactFormat: Sendable {
    case seoJSON, webVTT

    /// The format of an output kind's file; nil for Markdown drafts.
    package init?(_ kind: OutputKind) {
        switch kind {
        case .draft: return nil
        case .seo: self = .seoJSON
        case .subtitles: self = .webVTT
        }
    }

    /// The format of a file by its name (`seo.fr.json`, `subtitles.fr.proposed.vtt`), or nil.
    package init?(path: String) {
        let name = (path as NSString).lastPathComponent
        if name.hasPrefix("seo."), name.hasSuffix(".json") {
            self = .seoJSON
        } else if name.hasPrefix("subtitles."), name.hasSuffix(".vtt") {
            self = .webVTT
        } else {
            return nil
        }
    }

    package var kind: OutputKind { self == .seoJSON ? .seo : .subtitles }

    package struct Metadata: Sendable, Hashable {
        package var inputs: String
        package var recordedBody: String
        package var currentBody: String
        package var approved: Bool
        package var approvedBy: String?
        package var approvedAt: String?
        package var reviewNote: String?
        package var rejectedBy: String?
        package var rejectedAt: String?
        /// The hash of the text it was made from (the page text, the audio script).
        package var source: String?
        /// The draft `source` is the text of (`web.fr`); nil for a record's own script.
        package var sourceDraft: String?
        package var generatedAt: String?
        package var generator: ModelName?
        package var checks: [Finding] = []

        package struct ModelName: Sendable, Hashable {
            package var provider: String
            package var model: String
        }

        package var isEdited: Bool { currentBody != recordedBody }
    }

    /// Reads the metadata of a file's text, or nil when it has none (written by hand).
    package func metadata(of text: String) -> Metadata? {
        switch self {
        case .seoJSON:
            guard var object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                  let docent = object.removeValue(forKey: "_docent") as? [String: Any],
                  let inputs = docent["inputs"] as? String, let body = docent["body"] as? String else { return nil }
            var meta = Metadata(inputs: inputs, recordedBody: body, currentBody: Self.jsonBodyHash(object),
                                approved: docent["approved"] as? Bool ?? false)
            meta.approvedBy = docent["approved_by"] as? String
            meta.approvedAt = docent["approved_at"] as? String
            meta.reviewNote = docent["review_note"] as? String
            meta.rejectedBy = docent["rejected_by"] as? String
            meta.rejectedAt = docent["rejected_at"] as? String
            meta.source = docent["source"] as? String
            meta.sourceDraft = docent["source_draft"] as? String
            meta.generatedAt = docent["generated_at"] as? String
            if let generator = docent["generator"] as? [String: Any] {
                meta.generator = .init(provider: generator["provider"] as? String ?? "unknown", model: generator["model"] as? String ?? "unknown")
            }
            meta.checks = (docent["checks"] as? [[String: Any]] ?? []).map { check in
                Finding(check["rule"] as? String ?? "?", (check["severity"] as? String).flatMap(Finding.Severity.init(rawValue:)) ?? .warning,
                        check["message"] as? String ?? "")
            }
            return meta
        case .webVTT:
            let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
            guard let note = lines.first(where: { $0.hasPrefix(Self.noteLead) }) else { return nil }
            let fields = Self.noteFields(note.dropFirst(Self.noteLead.count))
            guard let inputs = fields["inputs"], let body = fields["body"] else { return nil }
            var meta = Metadata(inputs: inputs, recordedBody: body, currentBody: Self.vttBodyHash(text),
                                approved: fields["approved"] == "true")
            meta.approvedBy = fields["approved_by"]
            meta.approvedAt = fields["approved_at"]
            meta.reviewNote = fields["review_note"]
            meta.rejectedBy = fields["rejected_by"]
            meta.rejectedAt = fields["rejected_at"]
            meta.source = fields["source"]
            meta.sourceDraft = fields["source_draft"]
            meta.generatedAt = fields["generated_at"]
            meta.generator = fields["generator"].map { .init(provider: "docent", model: $0) }
            meta.checks = lines.filter { $0.hasPrefix(Self.checkLead) }.map { line in
                let check = Self.noteFields(line.dropFirst(Self.checkLead.count))
                return Finding(check["rule"] ?? "?", check["severity"].flatMap(Finding.Severity.init(rawValue:)) ?? .warning, check["message"] ?? "")
            }
            return meta
        }
    }

    static let noteLead = "NOTE docent "
    static let checkLead = "NOTE docent-check "

    /// `key=value` pairs of a NOTE line in their order, values percent-decoded.
    static func notePairs(_ text: Substring) -> [(key: String, value: String)] {
        text.split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]).removingPercentEncoding ?? String(parts[1]))
        }
    }

    /// The same, by key (the last of a key that comes twice).
    static func noteFields(_ text: Substring) -> [String: String] {
        Dictionary(notePairs(text).map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// A NOTE line's `key=value` pairs in the given order; values percent-encoded (a NOTE
    /// block may hold neither "-->" nor a blank line), nil values left out.
    package static func noteLine(_ lead: String, _ pairs: [(String, String?)]) -> String {
        lead + pairs.compactMap { key, value in
            value.map { "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: noteValueCharacters) ?? "")" }
        }.joined(separator: " ")
    }

    /// What a NOTE value keeps as it is: ASCII letters and digits and the punctuation of
    /// hashes and times; never a space, '=', '%' or '>' (a NOTE block may not hold "-->").
    private static let noteValueCharacters: CharacterSet = {
        var set = CharacterSet()
        set.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:+,;@/")
        return set
    }()

    /// The metadata NOTE lines of a WebVTT file Docent writes (without the "NOTE " block
    /// lead of `Subtitles.webVTT`'s notes).
    package static func vttNotes(inputs: String, body: String, source: String?, sourceDraft: String?, generatedAt: String,
                                 checks: [Finding]) -> [String] {
        let main = noteLine("docent ", [("inputs", inputs), ("body", body), ("source", source), ("source_draft", sourceDraft),
                                        ("generator", "docent-subtitles"),
                                        ("generated_at", generatedAt), ("ai_generated", "true"), ("approved", "false")])
        return [main] + checks.map { check in
            noteLine("docent-check ", [("severity", check.severity.rawValue), ("rule", check.rule), ("message", check.message)])
        }
    }

    /// Hash of a JSON object's content without its `_docent` key, key order aside.
    package static func jsonBodyHash(_ object: [String: Any]) -> String {
        var content = object
        content["_docent"] = nil
        let data = (try? JSONSerialization.data(withJSONObject: content, options: [.sortedKeys])) ?? Data()
        return ContentHash.of(data)
    }

    /// Hash of a WebVTT file's cues (everything after its NOTE blocks).
    package static func vttBodyHash(_ text: String) -> String {
        ContentHash.ofBody(vttCues(text))
    }

    /// A WebVTT file's cue blocks, without its header and NOTE blocks.
    package static func vttCues(_ text: String) -> String {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        let cues = blocks.filter { block in
            let trimmed = block.trimmingCharacters(in: .whitespacesAndNewlines)
            return !trimmed.isEmpty && !trimmed.hasPrefix("WEBVTT") && !trimmed.hasPrefix("NOTE")
        }
        return cues.joined(separator: "\n\n")
    }

    /// What to do with a newly generated file at `path` whose inputs hash is `inputs`: the
    /// same four rules as drafts (a file without Docent metadata counts as written by hand).
    package func decide(path: String, proposedPath: String, inputs: String) -> DraftWriteDecision {
        guard FileManager.default.fileExists(atPath: path) else { return .create }
        let proposalIsCurrent = (try? String(contentsOfFile: proposedPath, encoding: .utf8)).flatMap(metadata(of:))?.inputs == inputs
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let meta = metadata(of: text) else {
            return proposalIsCurrent ? .proposalUpToDate(because: .unreadable) : .propose(because: .unreadable)
        }
        if meta.inputs == inputs { return .upToDate }
        let reason: DraftWriteDecision.ProtectedReason? = meta.approved ? .approved : (meta.isEdited ? .edited : nil)
        guard let reason else { return .overwrite }
        return proposalIsCurrent ? .proposalUpToDate(because: reason) : .propose(because: reason)
    }
}
