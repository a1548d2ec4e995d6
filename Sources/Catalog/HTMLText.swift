import CLibXML2
import Foundation

/// Plain text from HTML held in a record field (a museum API's description in `<p>` and
/// `<em>`), with libxml2's HTML parser: entities decoded (also when an export encoded them
/// twice, as `&amp;nbsp;`), paragraphs and line breaks kept as line breaks, tags dropped.
enum HTMLText {
    static func plain(_ html: String) -> String {
        _ = LibXML2.ready
        var text = html
        // Twice at most: "&amp;nbsp;" is "&nbsp;" after the first pass.
        for _ in 0..<2 where text.contains("<") || text.range(of: #"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"#, options: .regularExpression) != nil {
            text = parse(text)
        }
        return text
    }

    private static func parse(_ html: String) -> String {
        let bytes = Array(("<html><body>" + html + "</body></html>").utf8)
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), nil, "UTF-8", options)
            }
        }) else { return html }
        defer { xmlFreeDoc(document) }
        var out = ""
        var stack: [xmlNodePtr] = []
        if let root = xmlDocGetRootElement(document) { stack.append(root) }
        // Depth first, children in order, without recursion.
        while let node = stack.popLast() {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { out += String(cString: content) }
            case XML_ELEMENT_NODE:
                let name = node.pointee.name.map { String(cString: $0) } ?? ""
                if ["script", "style"].contains(name) { continue }
                if ["br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"].contains(name) { out += "\n" }
                var children: [xmlNodePtr] = []
                var child = node.pointee.children
                while let current = child {
                    children.append(current)
                    child = current.pointee.next
                }
                stack += children.reversed()
            default:
                continue
            }
        }
        // Runs of blank lines become one paragraph break.
        return out.split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
