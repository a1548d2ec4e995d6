import CLibXML2

/// What an element is to the extractor, by its name (libxml2's HTML parser gives names in
/// lowercase).
enum HTMLTag: Sendable, Equatable {
    case dropped, block, inline, link, lineBreak
    case heading(Int)
    case paragraph, listItem, caption, quote
    case other

    private static let table: [String: HTMLTag] = {
        var table: [String: HTMLTag] = [:]
        func add(_ names: Set<String>, _ tag: HTMLTag) {
            for name in names { table[name] = tag }
        }
        add(ContentExtractor.blockElements, .block)
        add(ContentExtractor.inlineElements, .inline)
        add(ContentExtractor.dropped, .dropped)
        add(["p", "dd", "dt"], .paragraph)
        add(["li"], .listItem)
        add(["figcaption", "caption"], .caption)
        add(["blockquote"], .quote)
        for level in 1...6 { table["h\(level)"] = .heading(level) }
        table["a"] = .link
        table["br"] = .lineBreak
        return table
    }()

    static func of(_ node: xmlNodePtr) -> HTMLTag? {
        guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return nil }
        return table[String(cString: name)] ?? .other
    }

    /// Block-level for text joining: a space separates its text from what surrounds it.
    var breaksText: Bool {
        switch self {
        case .block, .heading, .paragraph, .listItem, .caption, .quote: true
        default: false
        }
    }
}
