import Foundation

/// Generated files other than Markdown drafts (`seo.<lang>.json`, `subtitles.<lang>.vtt`), with
/// the same protection as drafts: their Docent metadata (inputs, body hash, approval) lives in
/// the file itself — a `_docent` key in JSON, a `NOTE docent …` line in WebVTT — so that an
/// editor's change is seen and never overwritten.
package enum ArtifactFormat: Sendable {
    case seoJSON, webVTT

    package struct Metadata: Sendable, Hashable {
        package var inputs: String
        package var recordedBody: String
        package var currentBody: String
        package var approved: Bool
    }

    /// Reads the metadata of a file's text, or nil when it has none (written by hand).
    package func metadata(of text: String) -> Metadata? {
        switch self {
        case .seoJSON:
            guard var object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                  let docent = object.removeValue(forKey: "_docent") as? [String: Any],
                  let inputs = docent["inputs"] as? String, let body = docent["body"] as? String else { return nil }
            return Metadata(inputs: inputs, recordedBody: body, currentBody: Self.jsonBodyHash(object),
                            approved: docent["approved"] as? Bool ?? false)
        case .webVTT:
            let lines = text.components(separatedBy: "\n")
            guard let note = lines.first(where: { $0.hasPrefix("NOTE docent ") }) else { return nil }
            var fields: [String: String] = [:]
            for pair in note.dropFirst("NOTE docent ".count).split(separator: " ") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
            }
            guard let inputs = fields["inputs"], let body = fields["body"] else { return nil }
            return Metadata(inputs: inputs, recordedBody: body, currentBody: Self.vttBodyHash(text),
                            approved: fields["approved"] == "true")
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
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        let cues = blocks.filter { block in
            let trimmed = block.trimmingCharacters(in: .whitespacesAndNewlines)
            return !trimmed.isEmpty && !trimmed.hasPrefix("WEBVTT") && !trimmed.hasPrefix("NOTE")
        }
        return ContentHash.ofBody(cues.joined(separator: "\n\n"))
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
        let reason: DraftWriteDecision.ProtectedReason? = meta.approved ? .approved : (meta.currentBody != meta.recordedBody ? .edited : nil)
        guard let reason else { return .overwrite }
        return proposalIsCurrent ? .proposalUpToDate(because: reason) : .propose(because: reason)
    }
}
