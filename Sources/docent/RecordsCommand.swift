import Domain
import ArgumentParser
import Catalog
import Foundation
import Pipeline
import Project
import Prose

/// What Docent reads from the record sources, before a cent is spent.
struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Show the records Docent reads: per file, how many; which fields they fill; two examples; every problem.",
        discussion: "Exits 1 when a file or a record has an error (the good records are still counted), 65 when no record loads.")

    @OptionGroup var project: ProjectOptions

    @Flag(name: .long, help: "Machine-readable output.")
    var json = false

    /// The fields of a record as `record.json` names them, in that order.
    static let fields = ["id", "title", "titles", "makers", "date", "object_type", "medium", "dimensions", "place",
                         "credit_line", "accession_number", "description", "notes", "themes", "image", "script", "language"]

    static func has(_ artwork: Artwork, _ field: String) -> Bool {
        switch field {
        case "id", "title", "language": true
        case "titles": !artwork.titles.isEmpty
        case "makers": !artwork.makers.isEmpty
        case "date": artwork.date != nil
        case "object_type": artwork.objectType != nil
        case "medium": artwork.medium != nil
        case "dimensions": artwork.dimensions != nil
        case "place": artwork.place != nil
        case "credit_line": artwork.creditLine != nil
        case "accession_number": artwork.accessionNumber != nil
        case "description": artwork.description != nil
        case "notes": artwork.notes != nil
        case "themes": !artwork.themes.isEmpty
        case "image": artwork.image != nil
        case "script": artwork.script != nil
        default: false
        }
    }

    struct Report: Encodable {
        struct Source: Encodable {
            var file: String
            var records: Int
        }
        struct Coverage: Encodable {
            var field: String
            var records: Int
        }
        var records: Int
        var sources: [Source]
        var coverage: [Coverage]
        var examples: [Artwork]
        var problems: [String]
    }

    func run() async throws {
        let (config, _) = try Workspace.configForCommand(project)
        let catalog = Workspace.loadCatalog(config, overrides: project.overrides)
        // Files in the order they were read; each with its records.
        var order: [String] = []
        var counts: [String: Int] = [:]
        for artwork in catalog.artworks {
            let file = catalog.sources[artwork.id] ?? "?"
            if counts[file] == nil { order.append(file) }
            counts[file, default: 0] += 1
        }
        let report = Report(
            records: catalog.artworks.count,
            sources: order.map { Report.Source(file: $0, records: counts[$0] ?? 0) },
            coverage: Self.fields.map { field in Report.Coverage(field: field, records: catalog.artworks.filter { Self.has($0, field) }.count) },
            examples: Array(catalog.artworks.prefix(2)),
            problems: catalog.issues.map(\.description))
        if json {
            FileHandle.standardOutput.write(try JSONEncoder.docentPretty.encode(report))
            print()
        } else {
            print(Self.text(report))
        }
        if catalog.artworks.isEmpty { throw Exit.dataError }
        if !catalog.errors.isEmpty { throw Exit.failures }
    }

    static func text(_ report: Report) -> String {
        var lines = ["\(report.records) record\(report.records == 1 ? "" : "s") from \(report.sources.count) file\(report.sources.count == 1 ? "" : "s")"]
        let width = report.sources.map(\.file.count).max() ?? 0
        for source in report.sources {
            lines.append("  " + source.file.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(source.records)")
        }
        if report.records > 0 {
            lines.append("")
            lines.append("Fields (records that have each, of \(report.records)):")
            for item in report.coverage {
                let share = Int((Double(item.records) * 100 / Double(report.records)).rounded())
                let bar = String(repeating: "#", count: share / 5)
                lines.append("  " + item.field.padding(toLength: 17, withPad: " ", startingAt: 0)
                             + String(repeating: " ", count: max(0, 6 - "\(item.records)".count)) + "\(item.records)  "
                             + String(repeating: " ", count: max(0, 3 - "\(share)".count)) + "\(share) %  \(bar)")
            }
            lines.append("")
            lines.append("As Docent reads \(report.examples.count == 1 ? "it" : "the first two") (record.json):")
            for example in report.examples {
                if let data = try? JSONEncoder.docentPretty.encode(example) {
                    lines.append(String(decoding: data, as: UTF8.self))
                }
            }
        }
        lines.append("")
        lines.append(report.problems.isEmpty ? "No problems." : "Problems (\(report.problems.count)):")
        lines += report.problems.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}
