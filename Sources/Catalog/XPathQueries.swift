import CLibXML2

/// libxml2 for the record readers (XML, LIDO, XLSX, HTML fields): set up once, with its own
/// printing of parse errors turned off (Docent reports problems itself).
enum LibXML2 {
    static let ready: Void = docent_xml_setup()
}

/// XPath queries over one document, relative to any of its nodes, with the namespace
/// prefixes they use. Each expression is compiled once: a reader asks the same few of
/// thousands of records.
final class XPathQueries {
    private let context: xmlXPathContextPtr
    private var compiled: [String: xmlXPathCompExprPtr] = [:]

    init?(document: xmlDocPtr, namespaces: [String: String]) {
        _ = LibXML2.ready
        guard let context = xmlXPathNewContext(document) else { return nil }
        self.context = context
        for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) { xmlXPathRegisterNs(context, prefix, uri) }
    }

    deinit {
        for expression in compiled.values { xmlXPathFreeCompExpr(expression) }
        xmlXPathFreeContext(context)
    }

    /// The nodes `xpath` finds from `node`, in document order.
    func nodes(_ xpath: String, from node: xmlNodePtr) -> [xmlNodePtr] {
        let expression: xmlXPathCompExprPtr
        if let known = compiled[xpath] {
            expression = known
        } else {
            guard let made = xmlXPathCompile(xpath) else { return [] }
            compiled[xpath] = made
            expression = made
        }
        context.pointee.node = node
        guard let result = xmlXPathCompiledEval(expression, context) else { return [] }
        defer { xmlXPathFreeObject(result) }
        return (0..<Int(docent_xpath_count(result))).map { docent_xpath_node(result, Int32($0)) }
    }

    /// The text under `node`, as libxml2 gives it.
    static func content(of node: xmlNodePtr) -> String? {
        guard let content = xmlNodeGetContent(node) else { return nil }
        defer { docent_xml_free(content) }
        return String(cString: content)
    }
}
