import CLibXML2

/// What an element is to the extractor, found from its name without allocating: the name's
/// bytes are hashed (FNV-1a) and looked up in a table built once.
enum HTMLTag: Sendable, Equatable {
    case dropped, block, inline, link, lineBreak
    case heading(Int)
    case paragraph, listItem, caption, quote
    case other

    private static let table: [UInt64: HTMLTag] = {
        var table: [UInt64: HTMLTag] = [:]
        func add(_ names: Set<String>, _ tag: HTMLTag) {
            for name in names { table[hash(Array(name.utf8))] = tag }
        }
        add(ContentExtractor.blockElements, .block)
        add(ContentExtractor.inlineElements, .inline)
        add(ContentExtractor.dropped, .dropped)
        add(["p", "dd", "dt"], .paragraph)
        add(["li"], .listItem)
        add(["figcaption", "caption"], .caption)
        add(["blockquote"], .quote)
        for level in 1...6 { table[hash(Array("h\(level)".utf8))] = .heading(level) }
        table[hash(Array("a".utf8))] = .link
        table[hash(Array("br".utf8))] = .lineBreak
        return table
    }()

    private static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    static func of(_ node: xmlNodePtr) -> HTMLTag? {
        guard node.pointee.type == XML_ELEMENT_NODE, var pointer = node.pointee.name else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var length = 0
        while pointer.pointee != 0 && length < 16 {
            hash ^= UInt64(pointer.pointee)
            hash = hash &* 0x100_0000_01b3
            pointer += 1
            length += 1
        }
        return table[hash] ?? .other
    }

    /// Block-level for text joining: a space separates its text from what surrounds it.
    var breaksText: Bool {
        switch self {
        case .block, .heading, .paragraph, .listItem, .caption, .quote: true
        default: false
        }
    }
}
