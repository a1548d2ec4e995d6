/// Text made safe to print on a terminal.
///
/// Messages carry text from records, files and endpoints (ids, titles, server error bodies); a
/// control character among them could retitle the window, clear the screen or rewrite the line.
/// Every C0 control but line feed and tab, DEL, and the C1 controls are shown as `\u{…}`.
package enum TerminalText {
    package static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
