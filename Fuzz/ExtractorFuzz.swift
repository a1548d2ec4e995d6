// libFuzzer target for the HTML parsing and main-content extraction (scripts/fuzz-extractor.sh).
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtractor(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    // Both the default selectors and the densest-block fallback, with and without a charset hint.
    _ = try? ContentExtractor().extract(html: data, source: "fuzz.html")
    _ = try? ContentExtractor(selectors: [], minimumText: 0).extract(html: data, source: "fuzz.html", encoding: "iso-8859-1")
    return 0
}
