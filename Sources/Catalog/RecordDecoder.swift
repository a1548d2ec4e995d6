import Prose
import Foundation

/// Turns a `RecordValue` object into an `Artwork`, collecting every problem with its line.
struct RecordDecoder {
    var file: String
    var defaultLanguage: String
    /// Whether keys that are not record fields are reported (off for CSV, whose unknown
    /// columns are reported once per file).
    var reportUnknownKeys = true
    /// A collection export read with a preset or a mapping: a participant whose role Docent
    /// does not know as creative is a contributor, never a maker (`MakerRole.split`).
    var strictRoles = false

    static let scalarFields: Set<String> = [
        "id", "title", "date", "object_type", "medium", "dimensions", "place", "credit_line",
        "accession_number", "description", "notes", "language",
    ]
    static let flatFields: Set<String> = [
        "maker", "maker_role", "maker_born", "maker_died", "maker_nationality",
        "image_path", "image_alt", "video_script", "audio_script",
    ]
    /// The longest text a field keeps (a long catalogue essay is about 15,000 characters).
    static let maxFieldCharacters = 20_000
    static let structuredFields: Set<String> = ["makers", "themes", "image", "script", "titles"]
    static var knownFields: Set<String> { scalarFields.union(flatFields).union(structuredFields) }

    /// A title in one language: `title_fr`, `title_pt-br`.
    static func isLanguageTitle(_ key: String) -> Bool {
        key.hasPrefix("title_") && (8...9).contains(key.count)
    }

    /// Whether a record's key (trimmed and lowercased) is one of Docent's fields.
    static func isRecordField(_ key: String) -> Bool {
        knownFields.contains(key) || isLanguageTitle(key)
    }

    struct Outcome {
        var artwork: Artwork?
        var issues: [LoadIssue]
    }

    func decode(_ located: RecordValue.Located) -> Outcome {
        var issues: [LoadIssue] = []
        func problem(_ line: Int, _ field: String?, _ message: String, _ severity: LoadIssue.Severity = .error) {
            issues.append(LoadIssue(file: file, line: line, field: field, message: message, severity: severity))
        }
        guard case .object(let fields) = located.value else {
            problem(located.line, nil, "a record must be an object with fields, found \(located.value.kindName)")
            return Outcome(artwork: nil, issues: issues)
        }
        var byKey: [String: RecordValue.Located] = [:]
        var titles: [String: String] = [:]
        for field in fields {
            let key = field.key.trimmingCharacters(in: .whitespaces).lowercased()
            if byKey[key] != nil {
                problem(field.value.line, key, "appears twice in the record")
            }
            if Self.isLanguageTitle(key) {
                if let text = field.value.value.scalarText?.trimmed.nonEmpty { titles[String(key.dropFirst(6))] = text }
                continue
            }
            byKey[key] = field.value
            if !Self.knownFields.contains(key), reportUnknownKeys {
                problem(field.value.line, key, "is not a record field; ignored" +
                        Suggestion.hint(for: key, in: Self.knownFields), .warning)
            }
        }

        func text(_ key: String) -> String? {
            guard let value = byKey[key] else { return nil }
            switch value.value {
            case .null: return nil
            case .array, .object:
                problem(value.line, key, "expected text, found \(value.value.kindName)")
                return nil
            default:
                guard let text = value.value.scalarText?.trimmed.nonEmpty else { return nil }
                guard text.count > Self.maxFieldCharacters else { return text }
                // One record must not make a prompt of millions of tokens: cut, and say so.
                problem(value.line, key, "\(text.count) characters, cut to the first \(Self.maxFieldCharacters) "
                        + "(about \(Self.maxFieldCharacters / 4) tokens) so that prompts stay a sensible size", .warning)
                return String(text.prefix(Self.maxFieldCharacters))
            }
        }

        let recordLine = byKey["id"]?.line ?? located.line
        let id = text("id")
        if id == nil, byKey["id"] == nil || byKey["id"]?.value == .null {
            problem(located.line, "id", "is missing")
        } else if let id, let why = ArtworkID.problem(with: id) {
            problem(recordLine, "id", why)
        }
        let title = text("title")
        if title == nil, !(byKey["title"]?.value.isContainer ?? false) {
            problem(byKey["title"]?.line ?? located.line, "title", "is missing")
        }
        if let value = byKey["titles"] {
            if case .object(let entries) = value.value {
                for entry in entries {
                    if let t = entry.value.value.scalarText?.trimmed.nonEmpty { titles[entry.key.lowercased()] = t }
                }
            } else {
                problem(value.line, "titles", "expected an object of language: title, found \(value.value.kindName)")
            }
        }

        var language = defaultLanguage
        if let lang = text("language") {
            if LanguageCode.isValid(lang) {
                language = lang.lowercased()
            } else {
                problem(byKey["language"]!.line, "language", "'\(lang)' is not a language code like 'fr' or 'en'")
            }
        }

        let participants = decodeMakers(byKey, text: text, problem: { problem($0, $1, $2) })
        let (makers, contributors, unknownRoles) = MakerRole.split(participants, strict: strictRoles)
        let makersLine = byKey["makers"]?.line ?? byKey["maker"]?.line ?? located.line
        if !unknownRoles.isEmpty {
            problem(makersLine, "makers", "role\(unknownRoles.count == 1 ? "" : "s") " + unknownRoles.map { "'\($0)'" }.joined(separator: ", ")
                    + " not known as a maker's: kept as contributor\(unknownRoles.count == 1 ? "" : "s"), never said to have made the work", .warning)
        }
        if makers.isEmpty, !contributors.isEmpty {
            problem(makersLine, "makers", "no participant has a maker's role (" + contributors.compactMap(\.role).joined(separator: ", ")
                    + "): the record has no maker", .warning)
        }
        let themes = decodeThemes(byKey, problem: { problem($0, $1, $2) })
        let image = decodeImage(byKey, text: text, problem: { problem($0, $1, $2) })
        let script = decodeScript(byKey, text: text, problem: { problem($0, $1, $2) })

        // A placeholder for "no date" is left out, and said: never "a work by X (0)".
        if let written = text("date"), DateText.sane(written) == nil {
            problem(byKey["date"]?.line ?? located.line, "date", "'\(written)' says no date: left out", .warning)
        }
        let values: [String: String?] = [
            "date": DateText.sane(text("date")), "object_type": text("object_type"), "medium": text("medium"),
            "dimensions": text("dimensions"), "place": text("place"), "credit_line": text("credit_line"),
            "accession_number": text("accession_number"), "description": text("description"),
            "notes": text("notes"),
        ]
        guard !issues.contains(where: { $0.severity == .error }), let id, let title else {
            return Outcome(artwork: nil, issues: issues)
        }
        var artwork = Artwork(
            id: id, title: title, titles: titles, makers: makers,
            date: values["date"] ?? nil, objectType: values["object_type"] ?? nil,
            medium: values["medium"] ?? nil, dimensions: values["dimensions"] ?? nil,
            place: values["place"] ?? nil, creditLine: values["credit_line"] ?? nil,
            accessionNumber: values["accession_number"] ?? nil,
            description: values["description"] ?? nil, notes: values["notes"] ?? nil,
            themes: themes, image: image, script: script, language: language)
        artwork.contributors = contributors
        return Outcome(artwork: artwork, issues: issues)
    }

    private func decodeMakers(
        _ byKey: [String: RecordValue.Located], text: (String) -> String?,
        problem: (Int, String, String) -> Void
    ) -> [Maker] {
        var makers: [Maker] = []
        func maker(from value: RecordValue.Located, field: String) -> Maker? {
            switch value.value {
            case .string(let name):
                return name.trimmed.nonEmpty.map(Self.maker(fromDisplay:))
            case .object(let entries):
                var parts: [String: String] = [:]
                for entry in entries {
                    let key = entry.key.lowercased()
                    guard ["name", "role", "born", "died", "nationality", "dates"].contains(key) else {
                        problem(entry.value.line, "\(field).\(entry.key)",
                                "is not a maker field (name, role, born, died, nationality, dates)")
                        continue
                    }
                    parts[key] = entry.value.value.scalarText?.trimmed.nonEmpty
                }
                guard let display = parts["name"] else {
                    problem(value.line, "\(field).name", "is missing")
                    return nil
                }
                // A name with a second line ("Jan Steen\nDutch, 1626–1679") is a display block;
                // life dates in one field ("1849–1917") fill what the record leaves out.
                let shown = Self.maker(fromDisplay: display)
                let life: (born: String?, died: String?) = parts["dates"].map(MakerRole.lifeDates) ?? (shown.born, shown.died)
                return Maker(name: shown.name, role: parts["role"], born: DateText.sane(parts["born"]) ?? life.born,
                             died: DateText.sane(parts["died"]) ?? life.died, nationality: parts["nationality"] ?? shown.nationality)
            default:
                problem(value.line, field, "expected a name or an object with a name, found \(value.value.kindName)")
                return nil
            }
        }
        if let value = byKey["makers"] {
            switch value.value {
            case .array(let items):
                for (index, item) in items.enumerated() {
                    if let m = maker(from: item, field: "makers[\(index)]") { makers.append(m) }
                }
            case .string(let list):
                makers += list.split(separator: ";").compactMap { $0.trimmed.nonEmpty.map { Maker(name: $0) } }
            case .null: break
            default:
                if let m = maker(from: value, field: "makers") { makers.append(m) }
            }
        }
        // An empty "maker" cell (null) is no maker, not a problem.
        if let value = byKey["maker"], value.value != .null, let m = maker(from: value, field: "maker") {
            var m = m
            m.role = m.role ?? text("maker_role")
            m.born = m.born ?? text("maker_born")
            m.died = m.died ?? text("maker_died")
            m.nationality = m.nationality ?? text("maker_nationality")
            makers.insert(m, at: 0)
        }
        return makers
    }

    /// A maker as collection sites display one: the name on the first line, then
    /// "Nationality, 1626–1679" (the Art Institute of Chicago's artist display). A one-line
    /// name is the name.
    static func maker(fromDisplay text: String) -> Maker {
        let lines = text.split(separator: "\n").map { $0.trimmed }.filter { !$0.isEmpty }
        guard lines.count > 1, let name = lines.first else { return Maker(name: text.trimmed) }
        var maker = Maker(name: name)
        let details = lines[1].split(separator: ",").map { $0.trimmed }
        for detail in details {
            let life = MakerRole.lifeDates(detail)
            if life.born != nil || life.died != nil {
                maker.born = life.born
                maker.died = life.died
            } else if maker.nationality == nil, detail.first?.isUppercase == true, !detail.contains(where: \.isNumber) {
                maker.nationality = detail
            }
        }
        return maker
    }

    private func decodeThemes(_ byKey: [String: RecordValue.Located], problem: (Int, String, String) -> Void) -> [String] {
        guard let value = byKey["themes"] else { return [] }
        switch value.value {
        case .array(let items):
            return items.compactMap { item in
                guard let text = item.value.scalarText else {
                    problem(item.line, "themes", "expected text, found \(item.value.kindName)")
                    return nil
                }
                return text.trimmed.nonEmpty
            }
        case .string(let list):
            return list.split(whereSeparator: { $0 == ";" || $0 == "|" }).compactMap { $0.trimmed.nonEmpty }
        case .null:
            return []
        default:
            problem(value.line, "themes", "expected a list of themes, found \(value.value.kindName)")
            return []
        }
    }

    private func decodeImage(
        _ byKey: [String: RecordValue.Located], text: (String) -> String?,
        problem: (Int, String, String) -> Void
    ) -> ArtworkImage? {
        if let value = byKey["image"] {
            switch value.value {
            case .string(let path):
                return path.trimmed.nonEmpty.map { ArtworkImage(path: $0, alt: text("image_alt")) }
            case .object(let entries):
                let path = entries.first { $0.key == "path" }?.value.value.scalarText?.trimmed.nonEmpty
                let alt = entries.first { $0.key == "alt" }?.value.value.scalarText?.trimmed.nonEmpty
                guard let path else {
                    problem(value.line, "image.path", "is missing")
                    return nil
                }
                return ArtworkImage(path: path, alt: alt)
            case .null:
                return nil
            default:
                problem(value.line, "image", "expected a path or {path, alt}, found \(value.value.kindName)")
                return nil
            }
        }
        return text("image_path").map { ArtworkImage(path: $0, alt: text("image_alt")) }
    }

    private func decodeScript(
        _ byKey: [String: RecordValue.Located], text: (String) -> String?,
        problem: (Int, String, String) -> Void
    ) -> MediaScript? {
        if let value = byKey["script"] {
            guard case .object(let entries) = value.value else {
                if value.value != .null {
                    problem(value.line, "script", "expected {kind: video|audio, text}, found \(value.value.kindName)")
                }
                return nil
            }
            let kindText = entries.first { $0.key == "kind" }?.value.value.scalarText ?? "video"
            guard let kind = MediaScript.Kind(rawValue: kindText.lowercased()) else {
                problem(value.line, "script.kind", "'\(kindText)' is not one of video, audio")
                return nil
            }
            guard let body = entries.first(where: { $0.key == "text" })?.value.value.scalarText?.trimmed.nonEmpty else {
                problem(value.line, "script.text", "is missing")
                return nil
            }
            return MediaScript(kind: kind, text: body)
        }
        if let video = text("video_script") { return MediaScript(kind: .video, text: video) }
        if let audio = text("audio_script") { return MediaScript(kind: .audio, text: audio) }
        return nil
    }
}

extension RecordValue {
    var isContainer: Bool {
        switch self {
        case .array, .object: true
        default: false
        }
    }
}

extension StringProtocol {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// ISO 639-1 style codes, optionally with a region: `fr`, `en`, `pt-BR`.
package enum LanguageCode {
    package static func isValid(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let base = parts.first, (2...3).contains(base.count), base.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return parts.count == 1 || (parts.count == 2 && (2...4).contains(parts[1].count)
            && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }
}
