#!/usr/bin/env bash
# Fuzzes Docent's HTML extraction (libxml2 parsing + main-content extraction) with libFuzzer
# and AddressSanitizer. Usage: scripts/fuzz-extractor.sh [SECONDS] (default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
out=.build/fuzz
mkdir -p "$out/corpus"
# Seed corpus: the project's own test pages.
cp Tests/DocentTests/Fixtures/site/*.html site/*.html "$out/corpus/" 2>/dev/null || true
swiftc -O -sanitize=fuzzer,address -parse-as-library \
    -I Sources/CLibXML2 -Xcc -I/usr/include/libxml2 -lxml2 \
    Sources/HouseStyle/HTMLDocument.swift Sources/HouseStyle/ContentExtractor.swift Fuzz/ExtractorFuzz.swift \
    -o "$out/fuzz-extractor"
"$out/fuzz-extractor" -max_total_time="$seconds" -max_len=200000 -rss_limit_mb=4096 -print_final_stats=1 "$out/corpus"
