import Domain
import Foundation
import Prose

/// One subtitle cue.
package struct Cue: Sendable, Hashable {
    package var start: Double
    package var end: Double
    package var lines: [String]

    package init(start: Double, end: Double, lines: [String]) {
        self.start = start
        self.end = end
        self.lines = lines
    }

    package var text: String { lines.joined(separator: " ") }
}

/// Timing and layout rules, after the Netflix Timed Text Style Guide.
package struct SubtitleRules: Sendable, Hashable {
    package var maxLineCharacters = 42
    package var maxLines = 2
    package var minDuration = 5.0 / 6.0
    package var maxDuration = 7.0
    /// Characters per second: 17 for adults, 13 for children.
    package var maxCharactersPerSecond = 17.0
    /// Two frames at 25 fps.
    package var minGap = 0.08
    /// Speaking rate of the script.
    package var wordsPerMinute = 150.0

    package init(children: Bool = false, wordsPerMinute: Double = 150) {
        if children { maxCharactersPerSecond = 13 }
        self.wordsPerMinute = wordsPerMinute
    }
}

/// Cuts a script into cues and writes WebVTT and SRT; reads them back to validate.
package enum Subtitles {
    /// Words after which a line must not break (articles, determiners, prepositions).
    static let noBreakAfter: Set<String> = [
        "le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "au", "aux", "ce", "cet", "cette", "ces", "son", "sa", "ses",
        "mon", "ma", "mes", "leur", "leurs", "à", "en", "dans", "sur", "par", "pour", "avec", "et", "ou",
        "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "his", "her", "its", "their", "this", "that",
        "el", "los", "las", "una", "del", "al", "der", "die", "das", "ein", "eine", "dem", "den", "des", "im", "am", "zum", "zur",
    ]

    /// Cues from a script: sentences, split into chunks of at most two lines of 42 characters,
    /// lines broken at natural places, timed from the speaking rate within the rules.
    package static func cues(from script: String, rules: SubtitleRules = SubtitleRules()) -> [Cue] {
        let prose = TextStats.prose(of: script).replacingOccurrences(of: "\n", with: " ")
        var cues: [Cue] = []
        var clock = 0.0
        for sentence in TextStats.sentences(in: prose) {
            for chunk in chunks(of: sentence, rules: rules) {
                let lines = breakLines(chunk, rules: rules)
                let characters = Double(lines.joined(separator: " ").count)
                let words = Double(TextStats.words(in: chunk).count)
                var duration = max(words / (rules.wordsPerMinute / 60), characters / rules.maxCharactersPerSecond, rules.minDuration)
                duration = min(duration, rules.maxDuration)
                let start = (clock * 1000).rounded() / 1000
                let end = ((clock + duration) * 1000).rounded() / 1000
                cues.append(Cue(start: start, end: end, lines: lines))
                clock = end + rules.minGap
            }
        }
        return cues
    }

    /// Word groups that fit one cue (two lines) and can be read within the longest duration.
    static func chunks(of sentence: String, rules: SubtitleRules) -> [String] {
        let words = sentence.split(separator: " ").map(String.init)
        // A little under two full lines, so that the line break can fall in a good place.
        let capacity = min(rules.maxLineCharacters * rules.maxLines - 12, Int(rules.maxDuration * rules.maxCharactersPerSecond))
        var chunks: [String] = []
        var current: [String] = []
        for word in words {
            let candidate = (current + [word]).joined(separator: " ")
            if candidate.count > capacity && !current.isEmpty && fitsInLines(current.joined(separator: " "), rules: rules) {
                // Do not leave an article or preposition at the end of a cue.
                var carry: [String] = []
                while let last = current.last, noBreakAfter.contains(last.lowercased()), current.count > 1 {
                    carry.insert(current.removeLast(), at: 0)
                }
                chunks.append(current.joined(separator: " "))
                current = carry
            }
            current.append(word)
        }
        if !current.isEmpty { chunks.append(current.joined(separator: " ")) }
        return chunks
    }

    static func fitsInLines(_ text: String, rules: SubtitleRules) -> Bool {
        breakLines(text, rules: rules).allSatisfy { $0.count <= rules.maxLineCharacters }
    }

    /// One line if it fits, else the best break: balanced lines, after punctuation when
    /// possible, never after an article or preposition nor between two capitalized words
    /// (first and last name).
    static func breakLines(_ text: String, rules: SubtitleRules) -> [String] {
        if text.count <= rules.maxLineCharacters { return [text] }
        let words = text.split(separator: " ").map(String.init)
        var best: (score: Double, index: Int)?
        for index in 1..<words.count {
            let first = words[..<index].joined(separator: " "), second = words[index...].joined(separator: " ")
            guard first.count <= rules.maxLineCharacters, second.count <= rules.maxLineCharacters else { continue }
            let before = words[index - 1], after = words[index]
            var score = Double(abs(first.count - second.count))
            if noBreakAfter.contains(before.lowercased()) { score += 1000 }
            if before.first?.isUppercase == true && after.first?.isUppercase == true { score += 500 }
            if let last = before.last, ",;:".contains(last) { score -= 15 }
            if best == nil || score < best!.score { best = (score, index) }
        }
        guard let best else {
            // Too long for two lines: a hard cut (the chunking avoids this).
            return [String(text.prefix(rules.maxLineCharacters)), String(text.dropFirst(rules.maxLineCharacters))]
        }
        return [words[..<best.index].joined(separator: " "), words[best.index...].joined(separator: " ")]
    }

    static func timestamp(_ seconds: Double, separator: Character) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        let h = milliseconds / 3_600_000, m = milliseconds / 60_000 % 60, s = milliseconds / 1000 % 60, ms = milliseconds % 1000
        return String(format: "%02d:%02d:%02d", h, m, s) + String(separator) + String(format: "%03d", ms)
    }

    /// WebVTT, with optional NOTE lines after the header.
    package static func webVTT(_ cues: [Cue], notes: [String] = []) -> String {
        var out = "WEBVTT\n\n"
        for note in notes { out += "NOTE \(note)\n\n" }
        for (index, cue) in cues.enumerated() {
            out += "\(index + 1)\n\(timestamp(cue.start, separator: ".")) --> \(timestamp(cue.end, separator: "."))\n"
            out += cue.lines.joined(separator: "\n") + "\n\n"
        }
        return out
    }

    package static func srt(_ cues: [Cue]) -> String {
        cues.enumerated().map { index, cue in
            "\(index + 1)\n\(timestamp(cue.start, separator: ",")) --> \(timestamp(cue.end, separator: ","))\n" + cue.lines.joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
    }

    /// Reads WebVTT (W3C): the `WEBVTT` header, cues with `hh:mm:ss.ttt --> hh:mm:ss.ttt`
    /// (hours optional), milliseconds of exactly three digits, end after start, starts in order.
    package static func parseWebVTT(_ text: String) throws(SyntaxError) -> [Cue] {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        guard let first = lines.first, first == "WEBVTT" || first.hasPrefix("WEBVTT ") || first.hasPrefix("WEBVTT\t") || first.hasPrefix("\u{FEFF}WEBVTT") else {
            throw SyntaxError(line: 1, message: "missing the WEBVTT header")
        }
        return try parseCues(lines, startLine: 1, separator: ".")
    }

    /// Reads SRT: index, `hh:mm:ss,mmm --> hh:mm:ss,mmm`, text lines, a blank line.
    package static func parseSRT(_ text: String) throws(SyntaxError) -> [Cue] {
        try parseCues(text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n"), startLine: 0, separator: ",")
    }

    static func parseCues(_ lines: [String], startLine: Int, separator: Character) throws(SyntaxError) -> [Cue] {
        var cues: [Cue] = []
        var index = startLine
        while index < lines.count {
            let line = lines[index]
            if line.isEmpty || line.hasPrefix("NOTE") {
                if line.hasPrefix("NOTE") { while index < lines.count && !lines[index].isEmpty { index += 1 } }
                index += 1
                continue
            }
            var timingIndex = index
            if !line.contains("-->") { timingIndex += 1 }
            guard timingIndex < lines.count, lines[timingIndex].contains("-->") else {
                throw SyntaxError(line: index + 1, message: "expected a cue timing line")
            }
            let parts = lines[timingIndex].components(separatedBy: "-->")
            let startText = parts[0].trimmingCharacters(in: .whitespaces)
            let endText = (parts[1].split(separator: " ").first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
            guard let start = seconds(startText, separator: separator) else {
                throw SyntaxError(line: timingIndex + 1, message: "invalid start time '\(startText)'")
            }
            guard let end = seconds(endText, separator: separator) else {
                throw SyntaxError(line: timingIndex + 1, message: "invalid end time '\(endText)'")
            }
            guard end > start else { throw SyntaxError(line: timingIndex + 1, message: "the cue ends before it starts") }
            if let previous = cues.last, start < previous.start {
                throw SyntaxError(line: timingIndex + 1, message: "cue starts before the previous one")
            }
            var text: [String] = []
            index = timingIndex + 1
            while index < lines.count && !lines[index].isEmpty {
                text.append(lines[index])
                index += 1
            }
            if text.isEmpty { throw SyntaxError(line: timingIndex + 1, message: "a cue without text") }
            cues.append(Cue(start: start, end: end, lines: text))
        }
        return cues
    }

    /// `hh:mm:ss.ttt` or `mm:ss.ttt`, milliseconds exactly three digits.
    static func seconds(_ text: String, separator: Character) -> Double? {
        let pieces = text.split(separator: separator)
        guard pieces.count == 2, pieces[1].count == 3, let milliseconds = Int(pieces[1]) else { return nil }
        let fields = String(pieces[0]).components(separatedBy: ":")
        let clock = fields.map { Int($0) }
        guard clock.allSatisfy({ $0 != nil }), (2...3).contains(clock.count) else { return nil }
        let values = clock.map { $0! }
        let (h, m, s) = values.count == 3 ? (values[0], values[1], values[2]) : (0, values[0], values[1])
        guard m < 60, s < 60, fields.dropFirst().allSatisfy({ $0.count == 2 }) else { return nil }
        return Double(h * 3600 + m * 60 + s) + Double(milliseconds) / 1000
    }

    /// The timing and layout rules, checked on parsed cues.
    package static func validate(_ cues: [Cue], rules: SubtitleRules = SubtitleRules()) -> [Finding] {
        var findings: [Finding] = []
        for (index, cue) in cues.enumerated() {
            let number = index + 1
            if cue.lines.count > rules.maxLines { findings.append(Finding("subtitle-lines", .error, "cue \(number): \(cue.lines.count) lines (at most \(rules.maxLines))")) }
            for line in cue.lines where line.count > rules.maxLineCharacters {
                findings.append(Finding("subtitle-line-length", .error, "cue \(number): a line of \(line.count) characters (at most \(rules.maxLineCharacters))"))
            }
            let duration = cue.end - cue.start
            if duration < rules.minDuration - 0.0005 { findings.append(Finding("subtitle-duration", .error, String(format: "cue %d: %.2f s (at least 5/6 s)", number, duration))) }
            if duration > rules.maxDuration + 0.0005 { findings.append(Finding("subtitle-duration", .error, String(format: "cue %d: %.2f s (at most 7 s)", number, duration))) }
            let cps = Double(cue.text.count) / duration
            if cps > rules.maxCharactersPerSecond + 0.05 {
                findings.append(Finding("subtitle-reading-speed", .error, String(format: "cue %d: %.1f characters a second (at most %.0f)", number, cps, rules.maxCharactersPerSecond)))
            }
            if index > 0, cue.start - cues[index - 1].end < rules.minGap - 0.0005 {
                findings.append(Finding("subtitle-gap", .error, "cue \(number) starts less than two frames after the previous one ends"))
            }
            for (i, line) in cue.lines.enumerated() where i < cue.lines.count - 1 {
                if let last = line.split(separator: " ").last, noBreakAfter.contains(last.lowercased()) {
                    findings.append(Finding("subtitle-line-break", .warning, "cue \(number): line breaks after '\(last)'"))
                }
            }
        }
        return findings
    }
}
