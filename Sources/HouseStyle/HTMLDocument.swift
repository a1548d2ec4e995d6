import CLibXML2
import Prose
import Foundation

/// A page parsed by libxml2's HTML parser in recover mode, without network access: real-world
/// markup (unclosed tags, stray characters, wrong nesting) always gives a tree.
///
/// Not Sendable: parse, query and drop it within one function.
package final class HTMLDocument {
    let doc: htmlDocPtr

    private static let setup: Void = docent_xml_setup()

    /// Parses `data`; `encoding` is the charset an HTTP header gave, if any. Without one, the
    /// document's BOM or `<meta charset>` decides, and bytes that are not UTF-8 are read as
    /// Windows-1252 (the usual mislabelled Latin-1).
    package init(data: Data, url: String? = nil, encoding: String? = nil) throws(SyntaxError) {
        _ = Self.setup
        var charset = encoding
        if charset == nil, !Self.declaresCharset(data), !Self.isValidUTF8(data) {
            charset = "windows-1252"
        }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed: htmlDocPtr? = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return htmlReadMemory(base, Int32(clamping: buffer.count), url, charset, options)
        }
        guard let parsed else { throw SyntaxError(message: "libxml2 could not parse the page") }
        doc = parsed
    }

    deinit {
        xmlFreeDoc(doc)
    }

    /// Whether the first 2 KB declare a charset (`<meta charset>`, `http-equiv`, an XML declaration).
    static func declaresCharset(_ data: Data) -> Bool {
        data.prefix(2048).withUnsafeBytes { buffer in
            for needle in [Array("charset".utf8), Array("encoding=".utf8)] where buffer.count >= needle.count {
                outer: for start in 0...(buffer.count - needle.count) {
                    for (offset, byte) in needle.enumerated() {
                        let value = buffer[start + offset]
                        // ASCII case folding.
                        if (value >= 0x41 && value <= 0x5A ? value + 0x20 : value) != byte { continue outer }
                    }
                    return true
                }
            }
            return false
        }
    }

    static func isValidUTF8(_ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var iterator = buffer.makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid: continue
                case .emptyInput: return true
                case .error: return false
                }
            }
        }
    }

    package var root: xmlNodePtr? { xmlDocGetRootElement(doc) }

    /// The nodes an XPath 1.0 expression selects (empty for an invalid expression).
    package func select(_ expression: String) -> [xmlNodePtr] {
        Self.select(expression, in: doc)
    }

    /// XPath on any libxml2 document (HTML pages, and the XML of sitemaps).
    static func select(_ expression: String, in doc: xmlDocPtr) -> [xmlNodePtr] {
        guard let context = xmlXPathNewContext(doc) else { return [] }
        defer { xmlXPathFreeContext(context) }
        guard let result = xmlXPathEvalExpression(expression, context) else { return [] }
        defer { xmlXPathFreeObject(result) }
        let count = docent_xpath_count(result)
        return (0..<count).compactMap { docent_xpath_node(result, Int32($0)) }
    }

    /// Whether an XPath expression compiles.
    package static func isValidXPath(_ expression: String) -> Bool {
        _ = setup
        guard let compiled = xmlXPathCompile(expression) else { return false }
        xmlXPathFreeCompExpr(compiled)
        return true
    }

    /// `<html lang>`, normalized to its base code.
    package var language: String? {
        guard let root, let lang = Self.attribute(root, "lang") ?? Self.attribute(root, "xml:lang") else { return nil }
        let base = lang.split(separator: "-").first.map { $0.lowercased() } ?? ""
        return base.isEmpty ? nil : base
    }

    package var title: String? {
        select("//title").first.map { Self.text(of: $0).text }.flatMap { $0.isEmpty ? nil : $0 }
    }

    package static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard hasAttribute(node, name), let value = xmlGetProp(node, name) else { return nil }
        defer { docent_xml_free(value) }
        return String(cString: value)
    }

    /// Whether the element has the attribute, without allocating.
    static func hasAttribute(_ node: xmlNodePtr, _ name: String) -> Bool {
        var attribute = node.pointee.properties
        return name.withCString { wanted in
            while let current = attribute {
                if let attributeName = current.pointee.name,
                   strcasecmp(UnsafeRawPointer(attributeName).assumingMemoryBound(to: CChar.self), wanted) == 0 { return true }
                attribute = current.pointee.next
            }
            return false
        }
    }

    /// How much text (non-space bytes) lies under `node`, without building it.
    static func textLength(of node: xmlNodePtr) -> Int {
        var length = 0
        var stack: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            stack.append(current)
            child = current.pointee.next
        }
        while let current = stack.popLast() {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard var pointer = current.pointee.content else { continue }
                while pointer.pointee != 0 {
                    let byte = pointer.pointee
                    if byte > 0x20 && (byte & 0xC0) != 0x80 { length += 1 }
                    pointer += 1
                }
            case XML_ELEMENT_NODE:
                if HTMLTag.of(current) == .dropped { continue }
                var next = current.pointee.children
                while let item = next {
                    stack.append(item)
                    next = item.pointee.next
                }
            default:
                continue
            }
        }
        return length
    }

    /// The text under `node` with white space collapsed (a `<br>` is kept as a line break), and
    /// how many of its UTF-8 bytes sit inside links (compare with `text.utf8.count`). Walks the subtree without recursion (deeply
    /// nested pages cannot overflow the stack) and works on UTF-8 bytes.
    /// `keepingEdges`: white space and line breaks at the start and end are kept (as one space
    /// or line break), for a piece of a run of inline content whose neighbours it separates.
    static func text(of node: xmlNodePtr, keepingEdges: Bool = false) -> (text: String, linkCharacters: Int) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        var linkCharacters = 0
        var pendingSpace = false
        var stack: [(xmlNodePtr, Bool)] = []
        func pushChildren(of parent: xmlNodePtr, inLink: Bool) {
            let mark = stack.count
            var child = parent.pointee.children
            while let current = child {
                stack.append((current, inLink))
                child = current.pointee.next
            }
            stack[mark...].reverse()
        }
        pushChildren(of: node, inLink: false)
        while let (current, inLink) = stack.popLast() {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard var pointer = current.pointee.content else { continue }
                while pointer.pointee != 0 {
                    let byte = pointer.pointee
                    if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                        pendingSpace = keepingEdges || !bytes.isEmpty
                    } else {
                        if pendingSpace {
                            bytes.append(0x20)
                            pendingSpace = false
                        }
                        bytes.append(byte)
                        if inLink { linkCharacters += 1 }
                    }
                    pointer += 1
                }
            case XML_ELEMENT_NODE:
                let tag = HTMLTag.of(current) ?? .other
                switch tag {
                case .lineBreak:
                    // Kept as a line break, so that runs of text can be split at double breaks.
                    if keepingEdges || !bytes.isEmpty { bytes.append(0x0A) }
                    pendingSpace = false
                    continue
                case .dropped:
                    continue
                default:
                    if tag.breaksText { pendingSpace = keepingEdges || !bytes.isEmpty }
                    pushChildren(of: current, inLink: inLink || tag == .link)
                }
            default:
                continue
            }
        }
        if keepingEdges && pendingSpace { bytes.append(0x20) }
        return (String(decoding: bytes, as: UTF8.self), linkCharacters)
    }
}
