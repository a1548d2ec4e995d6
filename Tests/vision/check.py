#!/usr/bin/env python3
"""The image audiences against an endpoint Docent did not write (sdk_endpoint.py: requests
checked with the official OpenAI and Anthropic SDKs' types), in both API shapes: records with a
local JPEG, a PNG, a 9,000 × 6,000 photograph and a IIIF image on the web, and one without an
image; audiences alt, visual and general. Every record with an image gets an alt and a visual
draft, the one without gets none and no failure, every image part is well formed, no request
is over 20 MB.

Usage: Tests/vision/check.py DOCENT_BINARY
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECORDS = [
    {"id": "harbour", "title": "Harbour at Dusk", "makers": [{"name": "Jeanne Morel"}], "date": "1893", "image": "images/harbour.jpg"},
    {"id": "still-life", "title": "Still Life with Lemon", "date": "1901", "image": "images/still-life.png"},
    {"id": "panorama", "title": "Panorama of the Harbour", "date": "1910", "image": "images/panorama.jpg"},
    {"id": "roadstead", "title": "The Roadstead", "date": "1888", "image": "https://iiif.example.org/iiif/3/rade/full/max/0/default.jpg"},
    {"id": "no-image", "title": "Without a Picture", "date": "1900"},
]


def check(docent, provider):
    folder = tempfile.mkdtemp(prefix=f"docent-vision-{provider}-")
    os.makedirs(os.path.join(folder, "artworks"))
    shutil.copytree(os.path.join(ROOT, "Tests/DocentTests/Fixtures/images"), os.path.join(folder, "images"))
    shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(folder, "templates"))
    with open(os.path.join(folder, "artworks", "records.json"), "w") as f:
        json.dump(RECORDS, f)
    with open(os.path.join(folder, "pipeline.json"), "w") as f:
        json.dump({"institution": {"name": "Test Museum"}, "sources": {"artworks": ["artworks"]}, "source_language": "en",
                   "languages": [], "audiences": ["alt", "visual", "general"], "stages": ["draft"],
                   "limits": {"revision_rounds": 0}, "model": {"provider": provider, "name": "vision-model"}}, f)
    endpoint = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests/vision/sdk_endpoint.py")], stdout=subprocess.PIPE, text=True)
    try:
        base = re.search(r"http://\S+", endpoint.stdout.readline()).group(0)
        run = subprocess.run([docent, "run", "--quiet"], cwd=folder, capture_output=True, text=True,
                             env=dict(os.environ, DOCENT_BASE_URL=base, DOCENT_API_KEY="k"))
        with urllib.request.urlopen(base + "/stats") as answer:
            stats = json.loads(answer.read())
    finally:
        endpoint.terminate()
        endpoint.wait(timeout=10)
    assert run.returncode == 0, run.stderr
    assert stats["invalid"] == 0, stats["problems"]
    report = json.load(open(os.path.join(folder, "output", "report.json")))
    outcomes = {(j["artwork"], j["audience"]): (j["outcome"], j.get("error")) for j in report["jobs"]}
    for record in RECORDS[:4]:
        for audience in ("alt", "visual"):
            assert outcomes[(record["id"], audience)][0] == "created", (record["id"], audience, outcomes[(record["id"], audience)])
            assert os.path.exists(os.path.join(folder, "output", record["id"], f"draft.{audience}.en.md"))
    for audience in ("alt", "visual"):
        assert outcomes[("no-image", audience)] == ("not_applicable", "no image"), outcomes[("no-image", audience)]
    assert outcomes[("no-image", "general")][0] == "created"
    assert stats["image_parts"] == 8, stats
    assert stats["largest_request_bytes"] <= 20 << 20, stats["largest_request_bytes"]
    assert stats["image_urls"] == ["https://iiif.example.org/iiif/3/rade/full/!1024,1024/0/default.jpg"], stats["image_urls"]
    shutil.rmtree(folder)
    return stats


def main():
    docent = os.path.abspath(sys.argv[1])
    for provider in ("openai", "anthropic"):
        stats = check(docent, provider)
        print(f"vision check ({provider} shape, requests checked with the official SDK's types): {stats['requests']} requests, "
              f"{stats['image_parts']} image parts all well formed (largest image {stats['largest_image_bytes']} bytes, largest request "
              f"{stats['largest_request_bytes']} bytes), the IIIF image asked at !1024,1024; an alt and a visual draft for each of the "
              f"4 records with an image, none and no failure for the one without")


if __name__ == "__main__":
    main()
