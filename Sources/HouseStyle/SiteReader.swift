import CLibXML2
import Foundation
import HTTP

/// Where the house style is learned from, and the limits of reading it.
package struct SiteSettings: Sendable {
    /// Local files, folders, globs (`site/**/*.html`), `sitemap.xml` files or URLs, and page URLs.
    package var sources: [String]
    package var selectors: [String]
    package var maxPages: Int
    package var maxPageBytes: Int
    package var maxTotalBytes: Int
    /// Requests in flight to one site.
    package var concurrency: Int
    package var timeout: Duration
    package var userAgent: String

    package init(sources: [String], selectors: [String] = ContentExtractor.defaultSelectors, maxPages: Int = 200,
                maxPageBytes: Int = 5 << 20, maxTotalBytes: Int = 200 << 20, concurrency: Int = 4,
                timeout: Duration = .seconds(20), userAgent: String = "Docent (house-style reader)") {
        self.sources = sources
        self.selectors = selectors
        self.maxPages = maxPages
        self.maxPageBytes = maxPageBytes
        self.maxTotalBytes = maxTotalBytes
        self.concurrency = concurrency
        self.timeout = timeout
        self.userAgent = userAgent
    }
}

/// A page that was not used, and why.
package struct SkippedPage: Error, Sendable, Hashable, Codable {
    package var source: String
    package var reason: String
}

package struct SiteReading: Sendable {
    package var pages: [ExtractedPage]
    package var skipped: [SkippedPage]
}

/// Reads the museum's pages: local files or a polite crawl of listed URLs (same host only,
/// robots.txt honoured, page and byte limits, a few requests at a time, no redirects off the host).
package struct SiteReader: Sendable {
    package var settings: SiteSettings
    /// Folder that relative paths start from.
    package var baseDirectory: String

    package init(settings: SiteSettings, baseDirectory: String) {
        self.settings = settings
        self.baseDirectory = baseDirectory
    }

    static func isURL(_ source: String) -> Bool {
        source.hasPrefix("http://") || source.hasPrefix("https://")
    }

    package func read(client: HTTPClient?) async -> SiteReading {
        var skipped: [SkippedPage] = []
        var files: [String] = []
        var urls: [String] = []
        for source in settings.sources {
            if Self.isURL(source) {
                if source.lowercased().hasSuffix(".xml") {
                    guard let client else {
                        skipped.append(SkippedPage(source: source, reason: "URLs need the HTTP client"))
                        continue
                    }
                    switch await fetch(source, client: client, host: SiteReader.host(of: source)) {
                    case .success(let page): urls += Sitemap.locations(in: page.data)
                    case .failure(let problem): skipped.append(SkippedPage(source: source, reason: problem.reason))
                    }
                } else {
                    urls.append(source)
                }
            } else {
                let (found, problems) = localFiles(source)
                skipped += problems
                for file in found {
                    if file.lowercased().hasSuffix(".xml"), let data = FileManager.default.contents(atPath: file) {
                        let locations = Sitemap.locations(in: data)
                        urls += locations.filter(Self.isURL)
                        files += locations.filter { !Self.isURL($0) }.map(resolve)
                    } else {
                        files.append(file)
                    }
                }
            }
        }
        var pages: [ExtractedPage] = []
        var totalBytes = 0
        var loaded: [(source: String, data: Data, encoding: String?)] = []
        for file in files {
            if loaded.count >= settings.maxPages {
                skipped.append(SkippedPage(source: display(file), reason: "over the limit of \(settings.maxPages) pages"))
                continue
            }
            let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0
            if size > settings.maxPageBytes {
                skipped.append(SkippedPage(source: display(file), reason: "\(size) bytes, over the page limit of \(settings.maxPageBytes)"))
                continue
            }
            if totalBytes + size > settings.maxTotalBytes {
                skipped.append(SkippedPage(source: display(file), reason: "over the total limit of \(settings.maxTotalBytes) bytes"))
                continue
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                skipped.append(SkippedPage(source: display(file), reason: "cannot be read"))
                continue
            }
            if let problem = Self.unusable(data) {
                skipped.append(SkippedPage(source: display(file), reason: problem))
                continue
            }
            totalBytes += data.count
            loaded.append((display(file), data, nil))
        }
        for result in await ContentExtractor(selectors: settings.selectors).extractAll(loaded) {
            switch result {
            case .success(let page) where page.blocks.isEmpty:
                skipped.append(SkippedPage(source: page.source, reason: "no main content found"))
            case .success(let page): pages.append(page)
            case .failure(let problem): skipped.append(problem)
            }
        }
        if !urls.isEmpty {
            if let client {
                let crawl = await crawl(urls, client: client, budget: max(0, settings.maxPages - pages.count),
                                        bytesLeft: settings.maxTotalBytes - totalBytes)
                pages += crawl.pages
                skipped += crawl.skipped
            } else {
                skipped += urls.map { SkippedPage(source: $0, reason: "URLs need the HTTP client") }
            }
        }
        return SiteReading(pages: pages, skipped: skipped)
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
    }

    func display(_ path: String) -> String {
        let prefix = baseDirectory.hasSuffix("/") ? baseDirectory : baseDirectory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Files a local source names: a file, a folder (its .html/.htm files), or a glob.
    func localFiles(_ source: String) -> ([String], [SkippedPage]) {
        let path = resolve(source)
        if source.contains("*") || source.contains("?") || source.contains("[") {
            let matches = Glob.expand(path).filter { !$0.hasSuffix("/") }
            return matches.isEmpty ? ([], [SkippedPage(source: source, reason: "the pattern matches no file")]) : (matches, [])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return ([], [SkippedPage(source: source, reason: "no such file or folder")])
        }
        guard isDirectory.boolValue else { return ([path], []) }
        var found: [String] = []
        let walker = FileManager.default.enumerator(atPath: path)
        while let relative = walker?.nextObject() as? String {
            let lowered = relative.lowercased()
            if lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") || lowered.hasSuffix(".xhtml") {
                found.append((path as NSString).appendingPathComponent(relative))
            }
        }
        return (found.sorted(), [])
    }

    /// Why bytes cannot be a page, or nil.
    static func unusable(_ data: Data) -> String? {
        if data.isEmpty { return "empty file" }
        if looksBinary(data) { return "not HTML (binary content)" }
        return nil
    }

    /// Parses and extracts one page, turning every problem into a skip naming the page.
    func extract(_ data: Data, source: String, encoding: String?) -> Result<ExtractedPage, SkippedPage> {
        if let problem = Self.unusable(data) { return .failure(SkippedPage(source: source, reason: problem)) }
        do {
            let page = try ContentExtractor(selectors: settings.selectors).extract(html: data, source: source, encoding: encoding)
            if page.blocks.isEmpty { return .failure(SkippedPage(source: source, reason: "no main content found")) }
            return .success(page)
        } catch {
            return .failure(SkippedPage(source: source, reason: "\(error)"))
        }
    }

    /// NUL bytes or many control characters in the first 4 KB: an image, a PDF, an archive.
    static func looksBinary(_ data: Data) -> Bool {
        let head = data.prefix(4096)
        if head.contains(0) { return true }
        let controls = head.filter { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) }.count
        return controls * 20 > head.count
    }

    static func host(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "" }
        return host.lowercased() + (components.port.map { ":\($0)" } ?? "")
    }
}

/// Glob expansion with the C library's glob(3).
enum Glob {
    static func expand(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, GLOB_MARK, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }
    }
}

/// `<loc>` entries of a sitemap (or sitemap index), read with libxml2's XML parser.
enum Sitemap {
    static func locations(in data: Data) -> [String] {
        guard !data.isEmpty else { return [] }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_RECOVER.rawValue)
        let document: xmlDocPtr? = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlReadMemory(base, Int32(clamping: buffer.count), "sitemap.xml", nil, options)
        }
        guard let document else { return [] }
        defer { xmlFreeDoc(document) }
        return HTMLDocument.select("//*[local-name()='loc']", in: document).compactMap { node -> String? in
            guard let content = xmlNodeGetContent(node) else { return nil }
            defer { docent_xml_free(content) }
            let text = String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
    }
}
