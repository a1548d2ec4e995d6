import Domain
import Foundation
import Prose

/// The checks inline on the text: the words a finding is about are marked where they stand.
extension ReviewPage {
    /// A mark on one line: character offsets and the finding it shows.
    struct Mark {
        var start: Int
        var end: Int
        var finding: Finding
    }

    /// The body as paragraphs (separated by blank lines) of lines; a paragraph starting with
    /// '#' is a heading. Each finding with an excerpt is marked on its line: at the occurrence
    /// nearest its column, or, when the text moved since the check (an editor's edit), at the
    /// excerpt's first occurrence in the text. An excerpt found nowhere, or over a line break,
    /// is not marked (the finding is still listed under the text). Marks never overlap: in
    /// the order of their start, a mark that begins inside an earlier one is dropped; at the
    /// same start the more severe, then the longer, then the earlier finding wins.
    static func paragraphs(_ body: String, findings: [Finding] = []) -> [DraftView.Paragraph] {
        let lines = UTF8Text.trimmed(body).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var marks = [[Mark]](repeating: [], count: lines.count)
        for finding in findings {
            guard let excerpt = finding.excerpt, !excerpt.isEmpty, !excerpt.contains("\n"),
                  let (line, start) = place(of: excerpt, near: finding.line, finding.column, in: lines) else { continue }
            marks[line].append(Mark(start: start, end: start + excerpt.count, finding: finding))
        }
        var paragraphs: [DraftView.Paragraph] = []
        var current: [DraftView.Line] = []
        for (index, line) in lines.enumerated() {
            if line.isEmpty {
                if !current.isEmpty { paragraphs.append(.init(heading: current[0].line.hasPrefix("#"), lines: current)) }
                current = []
                continue
            }
            current.append(DraftView.Line(br: !current.isEmpty, line: line, segments: segments(line, marks[index])))
        }
        if !current.isEmpty { paragraphs.append(.init(heading: current[0].line.hasPrefix("#"), lines: current)) }
        return paragraphs
    }

    /// Where an excerpt stands: (0-based line, character offset), nearest the finding's
    /// 1-based column on its line, else its first occurrence (case-insensitive, as the checks
    /// that match lowercased text report it).
    static func place(of excerpt: String, near line: Int?, _ column: Int?, in lines: [String]) -> (Int, Int)? {
        func starts(in text: String) -> [Int] {
            var offsets: [Int] = []
            var searchStart = text.startIndex
            while searchStart < text.endIndex,
                  let range = text.range(of: excerpt, options: [.caseInsensitive], range: searchStart..<text.endIndex) {
                offsets.append(text.distance(from: text.startIndex, to: range.lowerBound))
                searchStart = text.index(after: range.lowerBound)
            }
            return offsets
        }
        if let line, lines.indices.contains(line - 1) {
            let target = (column ?? 1) - 1
            // Nearest the column; at equal distance, the earlier.
            if let best = starts(in: lines[line - 1]).min(by: { (abs($0 - target), $0) < (abs($1 - target), $1) }) { return (line - 1, best) }
        }
        for (index, text) in lines.enumerated() {
            if let first = starts(in: text).first { return (index, first) }
        }
        return nil
    }

    /// A line cut into plain and marked parts.
    static func segments(_ line: String, _ marks: [Mark]) -> [DraftView.Segment] {
        guard !marks.isEmpty else { return [.init(text: line)] }
        let ordered = marks.enumerated().sorted { a, b in
            (a.element.start, b.element.finding.severity, b.element.end, a.offset)
                < (b.element.start, a.element.finding.severity, a.element.end, b.offset)
        }.map(\.element)
        let characters = Array(line)
        var segments: [DraftView.Segment] = []
        var position = 0
        for mark in ordered where mark.start >= position && mark.end <= characters.count {
            if mark.start > position { segments.append(.init(text: String(characters[position..<mark.start]))) }
            let finding = mark.finding
            segments.append(.init(text: String(characters[mark.start..<mark.end]), marked: true, severity: finding.severity.rawValue,
                                  title: "\(finding.severity.rawValue) \(finding.rule): \(finding.message)"))
            position = mark.end
        }
        if position < characters.count { segments.append(.init(text: String(characters[position...]))) }
        return segments
    }
}
