import CLibXML2
import Foundation

/// A page parsed by libxml2's HTML parser in recover mode, without network access: real-world
/// markup (unclosed tags, stray characters, wrong nesting) always gives a tree.
///
/// Not Sendable: parse, query and drop it within one function.
public final class HTMLDocument {
    public struct ParseError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    let doc: htmlDocPtr

    private static let setup: Void = docent_xml_setup()

    /// Parses `data`; `encoding` is the charset an HTTP header gave, if any. Without one, the
    /// document's BOM or `<meta charset>` decides, and bytes that are not UTF-8 are read as
    /// Windows-1252 (the usual mislabelled Latin-1).
    public init(data: Data, url: String? = nil, encoding: String? = nil) throws(ParseError) {
        _ = Self.setup
        var charset = encoding
        if charset == nil, String(data: data, encoding: .utf8) == nil, !Self.declaresCharset(data) {
            charset = "windows-1252"
        }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed: htmlDocPtr? = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return htmlReadMemory(base, Int32(clamping: buffer.count), url, charset, options)
        }
        guard let parsed else { throw ParseError(message: "libxml2 could not parse the page") }
        doc = parsed
    }

    deinit {
        xmlFreeDoc(doc)
    }

    /// Whether the first kilobyte declares a charset (`<meta charset>` or `http-equiv`).
    static func declaresCharset(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(2048), as: UTF8.self).lowercased()
        return head.contains("charset=") || head.contains("charset =") || head.contains("encoding=")
    }

    public var root: xmlNodePtr? { xmlDocGetRootElement(doc) }

    /// The nodes an XPath 1.0 expression selects (empty for an invalid expression).
    public func select(_ expression: String) -> [xmlNodePtr] {
        guard let context = xmlXPathNewContext(doc) else { return [] }
        defer { xmlXPathFreeContext(context) }
        guard let result = xmlXPathEvalExpression(expression, context) else { return [] }
        defer { xmlXPathFreeObject(result) }
        let count = docent_xpath_count(result)
        return (0..<count).compactMap { docent_xpath_node(result, Int32($0)) }
    }

    /// Whether an XPath expression compiles.
    public static func isValidXPath(_ expression: String) -> Bool {
        _ = setup
        guard let compiled = xmlXPathCompile(expression) else { return false }
        xmlXPathFreeCompExpr(compiled)
        return true
    }

    /// `<html lang>`, normalized to its base code.
    public var language: String? {
        guard let root, let lang = Self.attribute(root, "lang") ?? Self.attribute(root, "xml:lang") else { return nil }
        let base = lang.split(separator: "-").first.map { $0.lowercased() } ?? ""
        return base.isEmpty ? nil : base
    }

    public var title: String? {
        select("//title").first.map { Self.text(of: $0).text }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The lowercased element name, or nil for other node kinds.
    static func elementName(_ node: xmlNodePtr) -> String? {
        guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return nil }
        return String(cString: name).lowercased()
    }

    public static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { docent_xml_free(value) }
        return String(cString: value)
    }

    /// The text under `node` with white space collapsed (a `<br>` is kept as a line break), and
    /// how many of its characters sit inside links. Walks the subtree without recursion (deeply nested pages cannot overflow).
    static func text(of node: xmlNodePtr, skipping skip: Set<String> = ContentExtractor.dropped) -> (text: String, linkCharacters: Int) {
        var text = ""
        var linkCharacters = 0
        var pendingSpace = false
        // (node, inside a link)
        var stack: [(xmlNodePtr, Bool)] = []
        var child = node.pointee.children
        var childrenFirst: [(xmlNodePtr, Bool)] = []
        while let current = child {
            childrenFirst.append((current, false))
            child = current.pointee.next
        }
        stack.append(contentsOf: childrenFirst.reversed())
        while let (current, inLink) = stack.popLast() {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                guard let content = current.pointee.content else { continue }
                let piece = String(cString: content)
                for character in piece {
                    if character.isWhitespace {
                        pendingSpace = !text.isEmpty
                    } else {
                        if pendingSpace {
                            text.append(" ")
                            pendingSpace = false
                        }
                        text.append(character)
                        if inLink { linkCharacters += 1 }
                    }
                }
            case XML_ELEMENT_NODE:
                let name = elementName(current) ?? ""
                if skip.contains(name) { continue }
                if name == "br" {
                    // Kept as a line break, so that runs of text can be split at double breaks.
                    if !text.isEmpty { text.append("\n") }
                    pendingSpace = false
                    continue
                }
                if ContentExtractor.blockElements.contains(name) { pendingSpace = !text.isEmpty }
                var children: [(xmlNodePtr, Bool)] = []
                var next = current.pointee.children
                let link = inLink || name == "a"
                while let item = next {
                    children.append((item, link))
                    next = item.pointee.next
                }
                stack.append(contentsOf: children.reversed())
            default:
                continue
            }
        }
        return (text, linkCharacters)
    }
}
