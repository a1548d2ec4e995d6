import Foundation

extension StringProtocol {
    /// Without leading and trailing white space and line breaks (no-break spaces and Unicode
    /// line separators included).
    public func trimmed() -> String {
        trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// 1-based line and column (in characters) of the first occurrence of `needle`, or (1, 1).
    public func position(of needle: some StringProtocol) -> (line: Int, column: Int) {
        guard let found = firstRange(of: needle) else { return (1, 1) }
        let before = self[..<found.lowerBound]
        let lineStart = before.lastIndex(where: \.isNewline).map { before.index(after: $0) } ?? before.startIndex
        return (before.count(where: \.isNewline) + 1, before[lineStart...].count + 1)
    }

    /// The lines, split at LF or CR LF, empty ones kept.
    public func lines() -> [SubSequence] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }

    /// The part of a word after its last apostrophe (' or ’): "l'homme" → "homme".
    public func afterElision() -> SubSequence {
        guard let apostrophe = lastIndex(where: { $0 == "'" || $0 == "’" }) else { return self[...] }
        return self[index(after: apostrophe)...]
    }
}

extension Character {
    /// A letter or a digit (with its combining marks): what words are made of.
    public var isWordCharacter: Bool { isLetter || isNumber }

    /// Inside a word, these join its parts: l'homme, Saint-Malo, l’œuvre.
    public var isWordJoiner: Bool { self == "'" || self == "-" || self == "’" }

    /// White space within a line: Unicode space separators (no-break ones included) and tab.
    public var isBlank: Bool { unicodeScalars.first.map(\.isBlank) ?? false }
}

extension Unicode.Scalar {
    /// A space separator (Zs: space, no-break, narrow no-break, em…) or a tab.
    public var isBlank: Bool { value == 0x09 || properties.generalCategory == .spaceSeparator }

    /// LF, VT, FF, CR, NEL, line and paragraph separators.
    public var isLineBreak: Bool { (0x0A...0x0D).contains(value) || value == 0x85 || value == 0x2028 || value == 0x2029 }
}
