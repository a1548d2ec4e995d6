import CLibXML2
import Foundation

/// A piece of a page's main content, with its structure.
package struct ContentBlock: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Hashable, Codable {
        case heading, paragraph, listItem = "list_item", caption, quote
    }
    package var kind: Kind
    /// Heading level 1–6.
    package var level: Int?
    package var text: String

    package init(_ kind: Kind, _ text: String, level: Int? = nil) {
        self.kind = kind
        self.text = text.windows1252C1Mapped
        self.level = level
    }
}

/// A page's main content.
package struct ExtractedPage: Sendable, Hashable, Codable {
    package var source: String
    package var title: String?
    package var language: String?
    package var blocks: [ContentBlock]
    package var bytes: Int
}

/// Finds a page's main content and keeps its headings, paragraphs, list items, captions and
/// quotes, dropping navigation, headers, footers, asides, scripts, styles and forms.
///
/// The main content is the first configured XPath selector that holds enough text (by default
/// `main`, `article`, `[role=main]`, then common content ids), else the element whose direct
/// paragraphs hold the most text.
package struct ContentExtractor: Sendable {
    package static let defaultSelectors = [
        "//main", "//*[@role='main']", "//article",
        "//*[@id='content' or @id='main-content' or @id='main' or @class='content']",
    ]

    /// Elements whose whole subtree is dropped.
    static let dropped: Set<String> = [
        "nav", "header", "footer", "aside", "script", "style", "form", "noscript", "iframe", "svg", "button",
        "template", "select", "input", "textarea", "menu", "dialog", "canvas", "video", "audio", "object", "embed",
        "pre", "code", "head", "title", "map", "area",
    ]
    /// Elements that flow inside a line of text: consecutive runs of them (and loose text)
    /// form a paragraph, as in table-layout pages with text in `<span>`s and `<br>`s.
    static let inlineElements: Set<String> = [
        "span", "a", "i", "b", "em", "strong", "font", "small", "big", "u", "s", "sup", "sub", "abbr", "cite", "q",
        "mark", "time", "br", "img", "label", "wbr", "bdi", "bdo", "dfn", "kbd", "var", "ins", "del", "tt", "center",
    ]
    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "figcaption", "caption", "figure", "dd", "dt", "dl", "table", "tr", "td", "th",
    ]
    /// Roles and markers of boilerplate inside the main content.
    static let droppedRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "search", "menu", "dialog"]

    package var selectors: [String]
    /// A selector's match must hold at least this much text to count as the main content.
    package var minimumText: Int

    package init(selectors: [String] = ContentExtractor.defaultSelectors, minimumText: Int = 200) {
        self.selectors = selectors
        self.minimumText = minimumText
    }

    package func extract(_ document: HTMLDocument, source: String, bytes: Int) -> ExtractedPage {
        let blocks = mainContent(of: document).map(blocks(under:)) ?? []
        return ExtractedPage(source: source, title: document.title?.windows1252C1Mapped, language: document.language, blocks: blocks, bytes: bytes)
    }

    /// Extracts many pages on all cores (libxml2 parses separate documents in parallel);
    /// results come back in input order, a failure as a `SkippedPage`-style error text.
    package func extractAll(_ pages: [(source: String, data: Data, encoding: String?)],
                           concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) async -> [Result<ExtractedPage, SkippedPage>] {
        await withTaskGroup(of: (Int, Result<ExtractedPage, SkippedPage>).self) { group in
            var results = [Result<ExtractedPage, SkippedPage>?](repeating: nil, count: pages.count)
            var next = 0
            func add() {
                guard next < pages.count else { return }
                let index = next
                let page = pages[index]
                next += 1
                group.addTask {
                    do {
                        return (index, .success(try extract(html: page.data, source: page.source, encoding: page.encoding)))
                    } catch {
                        return (index, .failure(SkippedPage(source: page.source, reason: "\(error)")))
                    }
                }
            }
            for _ in 0..<max(1, concurrency) { add() }
            for await (index, result) in group {
                results[index] = result
                add()
            }
            return results.map { $0! }
        }
    }

    /// Parses and extracts in one step.
    package func extract(html data: Data, source: String, encoding: String? = nil) throws -> ExtractedPage {
        let document = try HTMLDocument(data: data, url: source, encoding: encoding)
        return extract(document, source: source, bytes: data.count)
    }

    func mainContent(of document: HTMLDocument) -> xmlNodePtr? {
        for selector in selectors {
            let candidates = document.select(selector)
            let best = candidates.map { ($0, HTMLDocument.textLength(of: $0)) }.max { $0.1 < $1.1 }
            if let best, best.1 >= minimumText { return best.0 }
        }
        return densestBlock(document) ?? document.select("//body").first ?? document.root
    }

    /// The element whose direct `<p>` children (and loose text) hold the most text.
    func densestBlock(_ document: HTMLDocument) -> xmlNodePtr? {
        guard let root = document.root else { return nil }
        var best: (xmlNodePtr, Int)?
        var stack: [xmlNodePtr] = [root]
        while let node = stack.popLast() {
            var score = 0
            var child = node.pointee.children
            while let current = child {
                if let tag = HTMLTag.of(current) {
                    if tag == .dropped || isHidden(current) {
                        child = current.pointee.next
                        continue
                    }
                    if tag == .paragraph || tag == .inline || tag == .link {
                        let (text, links) = HTMLDocument.text(of: current)
                        score += max(0, text.count - 2 * links)
                    }
                    stack.append(current)
                } else if current.pointee.type == XML_TEXT_NODE, let content = current.pointee.content {
                    score += String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines).count
                }
                child = current.pointee.next
            }
            if score > (best?.1 ?? 0) { best = (node, score) }
        }
        return best?.0
    }

    func isHidden(_ node: xmlNodePtr) -> Bool {
        guard node.pointee.properties != nil else { return false }
        if let role = HTMLDocument.attribute(node, "role")?.lowercased(), Self.droppedRoles.contains(role) { return true }
        if HTMLDocument.attribute(node, "hidden") != nil { return true }
        if HTMLDocument.attribute(node, "aria-hidden")?.lowercased() == "true" { return true }
        return false
    }

    private enum Work {
        case node(xmlNodePtr)
        /// Consecutive loose text and inline elements.
        case run([xmlNodePtr])
    }

    /// The content blocks under `root`, in document order, without recursion.
    func blocks(under root: xmlNodePtr) -> [ContentBlock] {
        var blocks: [ContentBlock] = []
        var stack: [Work] = [.node(root)]
        func emit(_ kind: ContentBlock.Kind, _ text: String, links: Int, level: Int? = nil) {
            guard !text.isEmpty else { return }
            // Link lists ("Read more", menus that slipped through) are not prose.
            if links * 10 > text.utf8.count * 7 && kind != .heading { return }
            blocks.append(ContentBlock(kind, text, level: level))
        }
        func emit(_ kind: ContentBlock.Kind, _ node: xmlNodePtr, level: Int? = nil) {
            let (text, links) = HTMLDocument.text(of: node)
            emit(kind, Self.joinLines(text), links: links, level: level)
        }
        while let work = stack.popLast() {
            switch work {
            case .run(let nodes):
                emitRun(nodes) { kind, text, links in
                    if kind == .heading || text.utf8.count >= 40 { emit(kind, text, links: links) }
                }
            case .node(let node):
                guard let tag = HTMLTag.of(node) else { continue }
                if tag == .dropped || isHidden(node) { continue }
                switch tag {
                case .heading(let level):
                    emit(.heading, node, level: level)
                    continue
                case .paragraph:
                    emit(.paragraph, node)
                    continue
                case .listItem:
                    emit(.listItem, node)
                    continue
                case .caption:
                    emit(.caption, node)
                    continue
                case .quote:
                    emit(.quote, node)
                    continue
                default:
                    break
                }
                var items: [Work] = []
                var run: [xmlNodePtr] = []
                var child = node.pointee.children
                while let current = child {
                    child = current.pointee.next
                    let childTag = HTMLTag.of(current)
                    let isInline = current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE
                        || ((childTag == .inline || childTag == .link || childTag == .lineBreak) && !containsBlock(current))
                    if isInline {
                        run.append(current)
                    } else {
                        if !run.isEmpty { items.append(.run(run)) }
                        run = []
                        if childTag != nil { items.append(.node(current)) }
                    }
                }
                if !run.isEmpty { items.append(.run(run)) }
                stack.append(contentsOf: items.reversed())
            }
        }
        return blocks
    }

    /// Whether an inline element holds block elements (a `<span>` wrapping paragraphs).
    func containsBlock(_ node: xmlNodePtr) -> Bool {
        var stack: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            stack.append(current)
            child = current.pointee.next
        }
        var visited = 0
        while let current = stack.popLast(), visited < 10_000 {
            visited += 1
            if let tag = HTMLTag.of(current), tag.breaksText { return true }
            var next = current.pointee.children
            while let item = next {
                stack.append(item)
                next = item.pointee.next
            }
        }
        return false
    }

    /// Line breaks of a block's text become spaces.
    static func joinLines(_ text: String) -> String {
        text.utf8.contains(0x0A) ? text.split(whereSeparator: \.isWhitespace).joined(separator: " ") : text
    }

    /// Whether a text node holds only white space (the line breaks between tags).
    static func isBlank(_ node: xmlNodePtr) -> Bool {
        guard node.pointee.type == XML_TEXT_NODE, var pointer = node.pointee.content else { return false }
        while pointer.pointee != 0 {
            if pointer.pointee > 0x20 { return false }
            pointer += 1
        }
        return true
    }

    /// Splits a run at double line breaks and hands each paragraph's text to `body`. A short
    /// line without end punctuation, set off by a line break before a capitalized line, is a
    /// heading of its own (old table layouts write `<b>THE NABIS</b><br>Artist Maurice…`): it
    /// is never glued to the paragraph after it.
    func emitRun(_ nodes: [xmlNodePtr], _ body: (ContentBlock.Kind, String, Int) -> Void) {
        if nodes.allSatisfy(Self.isBlank) { return }
        var text = ""
        var links = 0
        for node in nodes {
            if HTMLTag.of(node) == .lineBreak {
                text += "\n"
                continue
            }
            if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE {
                // Source line breaks are white space; only <br> breaks lines.
                let raw = node.pointee.content.map { String(cString: $0) } ?? ""
                text += String(raw.map { $0.isWhitespace ? " " : $0 })
            } else {
                let piece = HTMLDocument.text(of: node, keepingEdges: true)
                text += piece.text
                links += piece.linkCharacters
            }
        }
        var blocks: [(kind: ContentBlock.Kind, text: String)] = []
        var current: [String] = []
        func flush() {
            let joined = current.joined(separator: " ").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if !joined.isEmpty { blocks.append((.paragraph, joined)) }
            current = []
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var emptyLines = 0
        for (index, line) in lines.enumerated() {
            if line.isEmpty {
                emptyLines += 1
                continue
            }
            // Two line breaks or more before this line: a new paragraph.
            if index > 0 && emptyLines >= 1 { flush() }
            emptyLines = 0
            let next = lines[(index + 1)...].first { !$0.isEmpty }
            if current.isEmpty, let next, Self.looksLikeHeading(line), next.first?.isUppercase == true {
                blocks.append((.heading, line.split(separator: " ").joined(separator: " ")))
                continue
            }
            current.append(line)
        }
        flush()
        let totalLength = max(1, blocks.reduce(0) { $0 + $1.text.utf8.count })
        for block in blocks {
            body(block.kind, block.text, links * block.text.utf8.count / totalLength)
        }
    }

    /// A line that reads as a heading: at most twelve words, no sentence or clause punctuation
    /// at its end.
    static func looksLikeHeading(_ line: String) -> Bool {
        guard let last = line.last, !".!?…,;»”\")".contains(last) else { return false }
        let words = line.split(separator: " ")
        return !words.isEmpty && words.count <= 12 && line.contains(where: \.isLetter)
    }
}
