import CLibXML2
import Prose
import Foundation

/// Reads records from XML one element at a time (libxml2's streaming reader): a file of many
/// thousands of `lido:lido` records is read in flat memory. Each record element is expanded,
/// its fields read by XPath relative to it (namespace prefixes registered), and let go.
package struct XMLRecordReader: Sendable {
    /// What to do with each record element, as it streams by.
    typealias Visit = (_ record: XMLRecordReader.Node) -> Void

    /// The record element's name, `prefix:local` or `local`.
    var recordElement: String
    /// Prefixes used in `recordElement` and in XPaths.
    var namespaces: [String: String]

    /// Whether `xpath` compiles (checked when pipeline.json is read).
    package static func isValidXPath(_ xpath: String) -> Bool {
        _ = LibXML2.ready
        guard let compiled = xmlXPathCompile(xpath) else { return false }
        xmlXPathFreeCompExpr(compiled)
        return true
    }

    /// A Docent record from a record element, by the source's XPaths.
    static func record(_ element: Node, source: RecordSource) -> RecordValue.Located {
        var fields: [RecordValue.Field] = []
        for (field, mapping) in source.xmlFields.sorted(by: { $0.key < $1.key }) {
            switch mapping {
            case .xpath(let xpath):
                let found = element.texts(xpath)
                guard let first = found.first else { continue }
                if field == "themes" || field == "makers" {
                    fields.append(.init(key: field, value: .init(.array(found.map { .init(.string($0.text), line: $0.line) }), line: first.line)))
                } else {
                    fields.append(.init(key: field, value: .init(.string(first.text), line: first.line)))
                }
            case .makers(let path, let name, let role, let born, let died, let nationality):
                var makers: [RecordValue.Located] = []
                for maker in element.nodes(path) {
                    var parts: [RecordValue.Field] = []
                    for (key, xpath) in [("name", name ?? "."), ("role", role), ("born", born), ("died", died), ("nationality", nationality)] {
                        guard let xpath, let found = maker.first(xpath) else { continue }
                        parts.append(.init(key: key, value: .init(.string(found.text), line: found.line)))
                    }
                    if parts.contains(where: { $0.key == "name" }) { makers.append(.init(.object(parts), line: maker.line)) }
                }
                if let first = makers.first { fields.append(.init(key: "makers", value: .init(.array(makers), line: first.line))) }
            }
        }
        if let language = source.language, !fields.contains(where: { $0.key == "language" }) {
            fields.append(.init(key: "language", value: .init(.string(language), line: element.line)))
        }
        return .init(.object(fields), line: element.line)
    }

    /// Visits the record elements of the file at `path` in order; returns how many, and the
    /// problem that stopped the reading (after the records before it).
    func read(path: String, visit: Visit) -> (count: Int, problem: SyntaxError?) {
        _ = LibXML2.ready
        let parts = recordElement.split(separator: ":", maxSplits: 1).map(String.init)
        let (prefix, local) = parts.count == 2 ? (parts[0], parts[1]) : (nil, parts[0])
        let namespace = prefix.flatMap { namespaces[$0] }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_HUGE.rawValue)
        guard let reader = xmlReaderForFile(path, nil, options) else {
            return (0, SyntaxError(line: nil, message: "cannot be read as XML"))
        }
        defer { xmlFreeTextReader(reader) }
        var count = 0
        var queries: XPathQueries?
        var status = xmlTextReaderRead(reader)
        while status == 1 {
            let isRecord = xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue)
                && xmlTextReaderConstLocalName(reader).map { String(cString: $0) } == local
                && (namespace == nil || xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } == namespace)
            guard isRecord, let node = xmlTextReaderExpand(reader) else {
                status = xmlTextReaderRead(reader)
                continue
            }
            if queries == nil, let document = node.pointee.doc {
                queries = XPathQueries(document: document, namespaces: namespaces)
            }
            if let queries {
                visit(Node(node: node, queries: queries))
                count += 1
            }
            // Past the record (its subtree is let go as the reader moves on).
            status = xmlTextReaderNext(reader)
        }
        if status < 0 {
            return (count, SyntaxError(line: Int(xmlTextReaderGetParserLineNumber(reader)), message: "the XML is not well formed here"))
        }
        return (count, nil)
    }

    /// A record element, and XPath queries relative to it.
    struct Node {
        let node: xmlNodePtr
        let queries: XPathQueries

        var line: Int { Int(xmlGetLineNo(node)) }

        /// The nodes an XPath finds from this element.
        func nodes(_ xpath: String) -> [Node] {
            queries.nodes(xpath, from: node).map { Node(node: $0, queries: queries) }
        }

        /// The text of each node found, white space collapsed, empty ones left out.
        func texts(_ xpath: String) -> [(text: String, line: Int)] {
            nodes(xpath).compactMap { found in
                guard let content = XPathQueries.content(of: found.node) else { return nil }
                let text = content.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                return text.isEmpty ? nil : (text, found.line)
            }
        }

        /// The first text of the first XPath (of several, tried in order) that finds one.
        func first(_ xpaths: String...) -> (text: String, line: Int)? {
            for xpath in xpaths { if let found = texts(xpath).first { return found } }
            return nil
        }
    }
}
