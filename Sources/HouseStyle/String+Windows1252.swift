extension String {
    /// The text with C1 control characters (U+0080–U+009F) read as the Windows-1252
    /// characters they stand for.
    ///
    /// Pages written years ago use numeric references such as `&#146;` for the apostrophe;
    /// libxml2 decodes them as C1 controls, which no font shows, while browsers show ’ “ ” – —
    /// because the HTML standard's table of numeric character references maps them so. The
    /// five positions that table leaves alone (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as they are.
    var windows1252C1Mapped: String {
        guard unicodeScalars.contains(where: { (0x80...0x9F).contains($0.value) }) else { return self }
        var scalars = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if (0x80...0x9F).contains(scalar.value), let mapped = Self.windows1252C1[Int(scalar.value - 0x80)] {
                scalars.append(mapped)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// 0x80…0x9F as the HTML standard maps them; nil where it keeps the code point.
    private static let windows1252C1: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}
