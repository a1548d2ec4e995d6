import Domain
import Foundation
import Prose

/// SEO data and subtitles as the review sees them: like a draft, a front matter (from the
/// file's metadata) and a text people read and edit.
extension ArtifactFormat {
    /// A metadata value as Docent writes it.
    package enum MetaValue: Sendable, Hashable {
        case flag(Bool)
        case text(String?)
    }

    package struct Unreadable: Error, CustomStringConvertible {
        package var description: String
    }

    /// The SEO fields in the order people read them, with their labels.
    static let seoFields: [(key: String, label: String)] = [
        ("seo_title", "SEO title"), ("meta_description", "Meta description"), ("keyphrase", "Keyphrase"),
        ("keywords", "Keywords"), ("slug", "Slug"), ("alt_text", "Alt text"),
    ]

    /// The file's text in the form people read and edit: SEO data as `Label: value` lines
    /// (keywords separated by "; "), subtitles as their cues.
    package func readableText(of text: String) -> String {
        switch self {
        case .seoJSON:
            guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else { return "" }
            return Self.seoFields.map { key, label in
                let value: String = if let list = object[key] as? [String] { list.joined(separator: "; ") } else { object[key] as? String ?? "" }
                return "\(label): \(value)"
            }.joined(separator: "\n")
        case .webVTT:
            return Self.vttCues(text)
        }
    }

    /// The file as a draft document: its metadata as front matter, its readable text as body.
    /// `path` names the artwork (its folder) and the language (its file name).
    package func document(of text: String, path: String) throws(Unreadable) -> DraftDocument {
        guard let meta = metadata(of: text) else {
            throw Unreadable(description: self == .seoJSON ? "the file has no readable '_docent' metadata" : "the file has no 'NOTE docent' line")
        }
        let url = URL(fileURLWithPath: path)
        let artwork = url.deletingLastPathComponent().lastPathComponent
        let language = url.lastPathComponent.split(separator: ".").dropFirst().first.map(String.init) ?? ""
        let body = readableText(of: text)
        var front = DraftFrontMatter(
            artwork: artwork, stage: kind.rawValue, audience: kind.rawValue, language: language, generatedAt: meta.generatedAt ?? "",
            generator: DraftGenerator(provider: meta.generator?.provider ?? "docent", model: meta.generator?.model ?? "unknown", prompt: ""),
            // The readable text's own hash while the file is as generated; the recorded one once
            // a person changed it, so that `isEdited` says what the file says.
            inputs: meta.inputs, body: meta.isEdited ? meta.recordedBody : ContentHash.ofBody(body),
            checks: meta.checks, reviewNote: meta.reviewNote)
        front.approved = meta.approved
        front.approvedBy = meta.approvedBy
        front.approvedAt = meta.approvedAt
        front.rejectedBy = meta.rejectedBy
        front.rejectedAt = meta.rejectedAt
        front.source = meta.source
        front.sourceDraft = meta.sourceDraft
        return DraftDocument(frontMatter: front, body: body)
    }

    /// The file's text with metadata fields set (others kept, in their order); the content
    /// is left as it is.
    package func setting(_ values: [(key: String, value: MetaValue)], in text: String) throws(Unreadable) -> String {
        switch self {
        case .seoJSON:
            guard var object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                  var docent = object["_docent"] as? [String: Any] else {
                throw Unreadable(description: "the file has no readable '_docent' metadata")
            }
            for (key, value) in values {
                switch value {
                case .flag(let flag): docent[key] = flag
                case .text(let text): docent[key] = text ?? NSNull()
                }
            }
            object["_docent"] = docent
            return try Self.seoFileText(object)
        case .webVTT:
            let newline = text.contains("\r\n") ? "\r\n" : "\n"
            var lines = text.components(separatedBy: newline)
            guard let index = lines.firstIndex(where: { $0.hasPrefix(Self.noteLead) }) else {
                throw Unreadable(description: "the file has no 'NOTE docent' line")
            }
            var pairs: [(String, String?)] = Self.notePairs(lines[index].dropFirst(Self.noteLead.count)).map { ($0.key, $0.value) }
            for (key, value) in values {
                let written: String? = switch value {
                case .flag(let flag): String(flag)
                case .text(let text): text
                }
                if let at = pairs.firstIndex(where: { $0.0 == key }) { pairs[at].1 = written } else { pairs.append((key, written)) }
            }
            lines[index] = Self.noteLine(Self.noteLead, pairs)
            return lines.joined(separator: newline)
        }
    }

    /// An SEO object as Docent writes it: indented, keys sorted, safe to paste into a page's
    /// `<script type="application/ld+json">` block.
    package static func seoFileText(_ object: [String: Any]) throws(Unreadable) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            throw Unreadable(description: "the SEO data cannot be written as JSON")
        }
        return String(decoding: JSONText.htmlSafe(data), as: UTF8.self) + "\n"
    }

    /// Reads the `Label: value` lines of `readableText` back into SEO fields (labels or keys,
    /// any case). Throws naming the line that is neither.
    package static func seoFields(fromReadable text: String) throws(Unreadable) -> [String: Any] {
        var fields: [String: Any] = [:]
        for (number, line) in text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw Unreadable(description: "line \(number + 1): 'Label: value' expected, e.g. 'Slug: the-milkmaid'")
            }
            let label = trimmed[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard let field = seoFields.first(where: { $0.label.lowercased() == label || $0.key == label }) else {
                throw Unreadable(description: "line \(number + 1): '\(label)' is not one of \(seoFields.map(\.label).joined(separator: ", "))")
            }
            fields[field.key] = field.key == "keywords"
                ? value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                : value
        }
        if let missing = seoFields.first(where: { fields[$0.key] == nil }) {
            throw Unreadable(description: "'\(missing.label):' is missing")
        }
        return fields
    }
}

extension DraftDocument {
    /// Reads any output file: a Markdown draft, or SEO data or subtitles (by the file's name)
    /// seen as a draft.
    package static func read(at path: String) throws -> DraftDocument {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try parse(text, path: path)
    }

    /// Parses any output file's text; `path` says which kind it is.
    package static func parse(_ text: String, path: String) throws -> DraftDocument {
        if let format = ArtifactFormat(path: path) { return try format.document(of: text, path: path) }
        return try parse(text)
    }
}

extension ArtifactFormat {
    /// The file with an editor's text in place of its content, its metadata kept (the file is
    /// then "edited": no run rewrites it). SEO data: the `Label: value` lines of
    /// `readableText`, the JSON-LD description following the meta description. Subtitles: the
    /// cues, each with a `start --> end` line; the SubRip twin is written from them (`srt`).
    package func editing(_ text: String, readable: String) throws(Unreadable) -> (file: String, srt: String?) {
        switch self {
        case .seoJSON:
            guard var object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
                throw Unreadable(description: "the SEO file is not JSON")
            }
            let fields = try Self.seoFields(fromReadable: readable)
            for (key, value) in fields { object[key] = value }
            if var jsonLD = object["json_ld"] as? [String: Any], let description = fields["meta_description"] as? String {
                jsonLD["description"] = description
                object["json_ld"] = jsonLD
            }
            return (try Self.seoFileText(object), nil)
        case .webVTT:
            let blocks = readable.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
                .map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty }
            var srt: [String] = []
            for (index, block) in blocks.enumerated() {
                var lines = block.components(separatedBy: "\n")
                guard let timing = lines.firstIndex(where: { $0.contains("-->") }), timing <= 1, timing + 1 < lines.count else {
                    throw Unreadable(description: "cue \(index + 1): a 'start --> end' line and then its text are needed")
                }
                let times = lines[timing].components(separatedBy: "-->").map { $0.trimmingCharacters(in: .whitespaces) }
                guard times.count == 2, times.allSatisfy(Self.isCueTime) else {
                    throw Unreadable(description: "cue \(index + 1): '\(lines[timing])' is not 'hh:mm:ss.ttt --> hh:mm:ss.ttt'")
                }
                lines = Array(lines[(timing + 1)...])
                srt.append("\(index + 1)\n\(times[0].replacingOccurrences(of: ".", with: ",")) --> \(times[1].replacingOccurrences(of: ".", with: ","))\n"
                           + lines.joined(separator: "\n") + "\n")
            }
            guard !blocks.isEmpty else { throw Unreadable(description: "no cue left") }
            let head = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").filter { block in
                let trimmed = block.trimmingCharacters(in: .whitespacesAndNewlines)
                return trimmed.hasPrefix("WEBVTT") || trimmed.hasPrefix("NOTE")
            }
            return (head.joined(separator: "\n\n") + "\n\n" + blocks.joined(separator: "\n\n") + "\n\n", srt.joined(separator: "\n"))
        }
    }

    /// `hh:mm:ss.ttt` or `mm:ss.ttt`, milliseconds of three digits (W3C WebVTT).
    static func isCueTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let last = parts.last else { return false }
        let seconds = last.split(separator: ".", omittingEmptySubsequences: false)
        guard seconds.count == 2, seconds[1].count == 3, seconds[0].count == 2 else { return false }
        return (parts.dropLast().map(String.init) + seconds.map(String.init)).allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }
    }
}
