import Catalog
import Domain
import Foundation

/// The output folder as a CMS takes it, for `docent export`: one entry per artwork and
/// language, with the record's facts (title in that language, makers, date, accession number),
/// each text by audience, the SEO fields and the alt text, and the subtitles' files. With
/// `approvedOnly`, only what a person approved for its inputs as they are now (approved and
/// not stale); an artwork and language with nothing approved is left out.
package struct DraftExport: Sendable {
    package struct SEO: Sendable, Codable, Equatable {
        package var seoTitle: String
        package var metaDescription: String
        package var keyphrase: String
        package var keywords: [String]
        package var slug: String
        package var altText: String

        enum CodingKeys: String, CodingKey {
            case seoTitle = "seo_title", metaDescription = "meta_description", keyphrase, keywords, slug, altText = "alt_text"
        }
    }

    package struct Entry: Sendable, Codable {
        package var artwork: String
        package var language: String
        package var title: String?
        package var makers: [String]
        package var date: String?
        package var accessionNumber: String?
        /// Audience → text.
        package var texts: [String: String]
        /// Audience (or `seo`, `subtitles`) → where it stands: approved, pending, edited,
        /// with ", stale" or ", flagged" when so.
        package var status: [String: String]
        package var seo: SEO?
        /// The image's text alternative: the SEO data's.
        package var altText: String?
        /// The subtitles' WebVTT file, relative to the output folder.
        package var subtitles: String?

        enum CodingKeys: String, CodingKey {
            case artwork, language, title, makers, date, texts, status, seo, subtitles
            case accessionNumber = "accession_number", altText = "alt_text"
        }
    }

    package var entries: [Entry] = []
    /// The audiences in the order their columns come (the configuration's).
    package var audiences: [String]

    /// `audiences`: the configured audiences, in their order (others found come after, sorted).
    package init(layout: OutputLayout, audiences: [String], approvedOnly: Bool) {
        var order = audiences
        for id in layout.artworkIDs() {
            let record = (try? layout.recordPath(id)).flatMap { FileManager.default.contents(atPath: $0) }
                .flatMap { try? JSONDecoder().decode(Artwork.self, from: $0) }
            var byLanguage: [String: Entry] = [:]
            for scanned in DraftStatus.scanDocuments(layout, artwork: id) {
                let status = scanned.status
                guard let document = scanned.document, let name = DraftName(parsing: status.draft) else { continue }
                let publishable = status.state == .approved && !status.stale
                if approvedOnly && !publishable { continue }
                var entry = byLanguage[name.language] ?? Entry(
                    artwork: id, language: name.language, title: record.map { $0.titles[name.language] ?? $0.title },
                    makers: record?.makers.filter { !$0.isUnknown }.map(\.name) ?? [], date: record?.date,
                    accessionNumber: record?.accessionNumber, texts: [:], status: [:])
                var state = status.state.rawValue
                if status.stale { state += ", stale" }
                if status.flagged { state += ", flagged" }
                switch name.kind {
                case .draft:
                    entry.texts[name.audience] = document.body.trimmingCharacters(in: .whitespacesAndNewlines)
                    entry.status[name.audience] = state
                    if !order.contains(name.audience) { order.append(name.audience) }
                case .seo:
                    guard let path = try? layout.draftPath(id, name), let seo = Self.seo(at: path) else { continue }
                    entry.seo = seo
                    entry.altText = seo.altText
                    entry.status[name.kind.rawValue] = state
                case .subtitles:
                    entry.subtitles = status.file
                    entry.status[name.kind.rawValue] = state
                }
                byLanguage[name.language] = entry
            }
            entries += byLanguage.keys.sorted().compactMap { byLanguage[$0] }
        }
        let configured = order.prefix(audiences.count)
        self.audiences = Array(configured) + order.dropFirst(audiences.count).sorted()
    }

    /// The SEO fields of a file, when it has them all.
    static func seo(at path: String) -> SEO? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(SEO.self, from: data)
    }

    /// One row per artwork and language, RFC 4180 with CRLF line ends, after a UTF-8
    /// byte-order mark (without it, Excel on Windows reads « é „ “ as Windows-1252).
    package func csv() -> String {
        let head = ["artwork", "language", "title", "makers", "date", "accession_number"] + audiences.map { "text_\($0)" }
            + ["seo_title", "meta_description", "keyphrase", "keywords", "slug", "alt_text", "subtitles"]
        var lines = [head.map(Self.csvField).joined(separator: ",")]
        for entry in entries {
            var row = [entry.artwork, entry.language, entry.title ?? "", entry.makers.joined(separator: "; "), entry.date ?? "", entry.accessionNumber ?? ""]
            row += audiences.map { entry.texts[$0] ?? "" }
            row += [entry.seo?.seoTitle ?? "", entry.seo?.metaDescription ?? "", entry.seo?.keyphrase ?? "",
                    entry.seo?.keywords.joined(separator: "; ") ?? "", entry.seo?.slug ?? "", entry.altText ?? "", entry.subtitles ?? ""]
            lines.append(row.map(Self.csvField).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// JSON Lines: one entry a line, keys sorted.
    package func jsonLines() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try entries.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
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
