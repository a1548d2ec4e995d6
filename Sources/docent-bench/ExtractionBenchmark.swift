import Foundation
import HouseStyle

/// Throughput of parsing and main-content extraction over a synthetic corpus of museum-like
/// pages (navigation, footer, scripts, long articles), and resident memory as pages are added.
struct ExtractionBenchmark {
    var pages: Int

    struct Result {
        /// libxml2's parsing alone: the ceiling of extraction.
        var parseMegabytesPerSecond: Double
        var megabytesPerSecond: Double
        var totalMegabytes: Double
        var residentMegabytes: [(pages: Int, megabytes: Double)]
    }

    static func page(_ index: Int) -> Data {
        var random = index &* 2654435761
        func next(_ bound: Int) -> Int {
            random = random &* 6364136223846793005 &+ 1442695040888963407
            return Int((UInt64(bitPattern: Int64(random)) >> 33) % UInt64(bound))
        }
        let words = ["la", "lumière", "tableau", "peintre", "couleur", "atelier", "musée", "regard", "toile", "bleu", "siècle",
                     "portrait", "paysage", "dessin", "sculpture", "visiteur", "détail", "fenêtre", "ombre", "marbre"]
        var html = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Page \(index)</title>"
        html += "<script>var tracking = {id: \(index)}; function f(){ return 1 < 2 && 3 > 2; }</script><style>body{margin:0}</style></head><body>"
        html += "<header><nav><ul>" + (0..<20).map { "<li><a href=\"/rubrique/\($0)\">Rubrique \($0)</a></li>" }.joined() + "</ul></nav></header>"
        html += "<main><article><h1>Titre de la page \(index)</h1>"
        for section in 0..<(5 + next(20)) {
            html += "<h2>Partie \(section)</h2>"
            for _ in 0..<(2 + next(5)) {
                let sentence = (0..<(40 + next(80))).map { _ in words[next(words.count)] }.joined(separator: " ")
                html += "<p>\(sentence.prefix(1).uppercased() + sentence.dropFirst()), <em>vers 1650</em> — « citation » et <a href=\"/x\">un lien</a>.</p>"
            }
            if next(3) == 0 { html += "<ul><li>Premier point de la liste.</li><li>Second point de la liste.</li></ul>" }
            if next(4) == 0 { html += "<figure><img src=\"i.jpg\"><figcaption>Légende de l’image \(section).</figcaption></figure>" }
        }
        html += "</article><aside>À voir aussi</aside></main><footer>" + String(repeating: "<a href=\"/f\">Lien de pied de page</a> ", count: 30) + "</footer></body></html>"
        return Data(html.utf8)
    }

    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }

    func run() async throws -> Result {
        let extractor = ContentExtractor()
        // Build the corpus first, so that only parsing and extraction are timed.
        let corpus = (0..<pages).map(Self.page)
        let total = corpus.reduce(0) { $0 + $1.count }
        let parseStart = ContinuousClock.now
        for data in corpus { _ = try HTMLDocument(data: data) }
        let parseElapsed = parseStart.duration(to: .now)
        let parseSeconds = Double(parseElapsed.components.seconds) + Double(parseElapsed.components.attoseconds) / 1e18
        var memory: [(Int, Double)] = []
        var blocks = 0
        let start = ContinuousClock.now
        // In quarters, as SiteReader does it (all cores), reading memory after each.
        let quarter = max(1, pages / 4)
        for first in stride(from: 0, to: pages, by: quarter) {
            let slice = corpus[first..<min(pages, first + quarter)].enumerated().map { ("page-\(first + $0.offset).html", $0.element, String?.none) }
            for result in await extractor.extractAll(slice) {
                if case .success(let page) = result { blocks += page.blocks.count }
            }
            memory.append((min(pages, first + quarter), Self.residentMegabytes()))
        }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        precondition(blocks > 0)
        return Result(parseMegabytesPerSecond: Double(total) / 1_048_576 / parseSeconds, megabytesPerSecond: Double(total) / 1_048_576 / seconds, totalMegabytes: Double(total) / 1_048_576,
                      residentMegabytes: memory)
    }
}
