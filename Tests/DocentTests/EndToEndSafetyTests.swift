import Foundation
import Testing

/// Editors' work and the output folder while a run is going, under bad input and on a full disk.
@Suite("Editors' work and the output folder stay safe", .serialized)
struct EndToEndSafetyTests {
    func project(provider: String = "openai", audiences: [String] = ["general", "children"], languages: [String] = ["en"]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("""
            {
              "institution": {"name": "Musée de Test"},
              "sources": {"artworks": ["artworks"], "csv_columns": {"Inventory": "id", "Title": "title"}},
              "source_language": "fr", "languages": \(languages.map { "\"\($0)\"" }.joined(separator: ",").wrappedInBrackets),
              "audiences": \(audiences.map { "\"\($0)\"" }.joined(separator: ",").wrappedInBrackets),
              "stages": ["draft", "translate"],
              "limits": {"jobs": 4, "revision_rounds": 0},
              "model": {"provider": "\(provider)", "name": "mock-model", "timeout_seconds": 20}
            }
            """, to: "pipeline.json")
        try folder.copy(Repo.templates, to: "templates")
        try folder.copy(Repo.fixtures + "/records/works.json", to: "artworks/works.json")
        return folder
    }

    /// `docent ARGS…` started in `folder`, not waited for.
    func start(_ arguments: [String], in folder: TemporaryFolder, mock: MockProcess) throws -> (Process, URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: DocentBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("DOCENT_") { environment[key] = nil }
        environment["DOCENT_BASE_URL"] = mock.baseURL
        environment["DOCENT_API_KEY"] = "k"
        process.environment = environment
        let errors = URL(fileURLWithPath: folder.file("stderr-\(UUID().uuidString).txt"))
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        return (process, errors)
    }

    func replace(_ old: String, with new: String, in file: String, _ folder: TemporaryFolder) throws {
        let text = try folder.read(file)
        #expect(text.contains(old))
        try folder.write(text.replacingOccurrences(of: old, with: new), to: file)
    }

    @Test("An approval and an edit made while a run is going are kept; the run's new text goes beside them")
    func approvalDuringRun() async throws {
        let folder = try project()
        let fast = try MockProcess([])
        #expect(try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: ["DOCENT_BASE_URL": fast.baseURL, "DOCENT_API_KEY": "k"]).status == 0)
        // The record changes: every draft of the oak chest is regenerated, slowly.
        try replace("Le bois a foncé avec le temps.", with: "Le bois a beaucoup foncé avec le temps.", in: "artworks/works.json", folder)
        // Slow enough that the approval and the edit land while the requests are out, even on a
        // loaded machine (checked below: the run is still going once both are done).
        let slow = try MockProcess(["--latency", "6000"])
        let (run, _) = try start(["run", "--quiet"], in: folder, mock: slow)
        // Waited on this thread: Task.sleep can oversleep by seconds when other tests hold the task pool.
        usleep(800_000)
        #expect(run.isRunning, "the run should still be waiting on the model")
        let approved = try await DocentBinary.run(["approve", "oak-chest/general.fr", "--by", "Camille"], in: folder.path)
        #expect(approved.status == 0, "\(approved.stderr)")
        let editedPath = folder.file("output/oak-chest/draft.children.fr.md")
        let edit = "\nUne phrase ajoutée par l’éditrice pendant le run.\n"
        try (try String(contentsOfFile: editedPath, encoding: .utf8) + edit).write(toFile: editedPath, atomically: true, encoding: .utf8)
        let approvedBefore = try folder.read("output/oak-chest/draft.general.fr.md")
        #expect(run.isRunning, "the approval and the edit came after the run had finished")
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        let approvedAfter = try folder.read("output/oak-chest/draft.general.fr.md")
        #expect(approvedAfter == approvedBefore, "the approved draft was rewritten")
        #expect(approvedAfter.contains("approved: true") && approvedAfter.contains("approved_by: \"Camille\""))
        #expect(try folder.read("output/oak-chest/draft.children.fr.md").hasSuffix(edit), "the edit was lost")
        #expect(folder.exists("output/oak-chest/draft.general.fr.proposed.md"))
        #expect(folder.exists("output/oak-chest/draft.children.fr.proposed.md"))
        let report = try JSONSerialization.jsonObject(with: Data(try folder.read("output/report.json").utf8)) as? [String: Any]
        let jobs = report?["jobs"] as? [[String: Any]] ?? []
        #expect(jobs.contains { $0["artwork"] as? String == "oak-chest" && $0["audience"] as? String == "general" && $0["stage"] as? String == "draft" && $0["outcome"] as? String == "proposed" })
        let status = try await DocentBinary.run(["status", "--json"], in: folder.path)
        let drafts = (try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["drafts"] as? [[String: Any]] ?? []
        #expect(drafts.contains { $0["artwork"] as? String == "oak-chest" && $0["draft"] as? String == "general.fr" && $0["stale"] as? Bool == true })
    }

    @Test("Two runs at once: the second stops with exit 75 naming the first, or waits with --wait; nothing is paid twice")
    func twoRunsAtOnce() async throws {
        let reference = try project()
        let referenceMock = try MockProcess([])
        #expect(try await DocentBinary.run(["run", "--quiet"], in: reference.path, environment: ["DOCENT_BASE_URL": referenceMock.baseURL, "DOCENT_API_KEY": "k"]).status == 0)
        let clean = try await referenceMock.stats()["requests"] as? Int ?? 0

        let folder = try project()
        let mock = try MockProcess(["--latency", "1500"])
        let (first, _) = try start(["run", "--quiet"], in: folder, mock: mock)
        // Until the first run holds the workspace (its pid in the lock file), whatever the machine's load.
        var waited = 0
        while !((try? folder.read(".docent/lock")) ?? "").contains("pid \(first.processIdentifier),") && waited < 500 {
            usleep(20_000)
            waited += 1
        }
        #expect(first.isRunning)
        let second = try await DocentBinary.run(["run", "--quiet"], in: folder.path, environment: ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k"])
        #expect(second.status == 75)
        #expect(second.stderr.contains("another docent run is writing in this workspace (pid \(first.processIdentifier)"), "\(second.stderr)")
        let (third, thirdErrors) = try start(["run", "--quiet", "--wait"], in: folder, mock: mock)
        first.waitUntilExit()
        third.waitUntilExit()
        #expect(first.terminationStatus == 0 && third.terminationStatus == 0)
        #expect(try String(contentsOf: thirdErrors, encoding: .utf8).contains("Waiting: another docent run"))
        #expect(try await mock.stats()["requests"] as? Int == clean, "the waiting run asked again")
    }

    @Test("A YAML syntax error names file:line:column; the documents before it load, the run says so and exits 1")
    func yamlErrors() async throws {
        let folder = try project(provider: "offline", audiences: ["general"], languages: [])
        try folder.write("id: first-doc\ntitle: Premier\n---\nid: broken-doc\ntitle: [pas fermé\n---\nid: third-doc\ntitle: Troisième\n", to: "artworks/multi.yaml")
        let run = try await DocentBinary.run(["run", "--quiet"], in: folder.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("artworks/multi.yaml:6:1: invalid YAML"), "\(run.stderr)")
        #expect(run.stderr.contains("the 1 record before it loaded, nothing after it"))
        #expect(folder.exists("output/first-doc/draft.general.fr.md"))
        #expect(folder.exists("output/oak-chest/draft.general.fr.md"))

        // As the only file: exit 65, and the message names the file and line.
        let alone = try project(provider: "offline", audiences: ["general"], languages: [])
        try FileManager.default.removeItem(atPath: alone.file("artworks/works.json"))
        try alone.write("id: x\ntitle: [a\n", to: "artworks/only.yaml")
        let failed = try await DocentBinary.run(["run", "--quiet"], in: alone.path)
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("artworks/only.yaml:3:1: invalid YAML"), "\(failed.stderr)")
    }

    @Test("Nested YAML aliases (billion laughs) under a memory limit: a clear error, never a crash")
    func aliasBomb() async throws {
        let folder = try project(provider: "offline", audiences: ["general"], languages: [])
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        #expect(bomb.utf8.count < 500)
        try folder.write(bomb, to: "artworks/bomb.yaml")
        let result = try await DocentBinary.run(["/bin/sh", "-c", "ulimit -v 2000000; exec \"$0\" plan", DocentBinary.path], in: folder.path, shell: true)
        #expect(result.status == 1, "exit \(result.status): \(result.stderr.suffix(300))")
        #expect(result.stderr.contains("artworks/bomb.yaml:") && result.stderr.contains("too many values"), "\(result.stderr)")
    }

    @Test("Ids that are the output folder's own files are refused; the page and the report are written")
    func reservedIDs() async throws {
        let folder = try project(provider: "offline", audiences: ["general"], languages: [])
        try folder.write(#"[{"id": "index.html", "title": "Page"}, {"id": "Report.JSON", "title": "Rapport"}, {"id": "readme.md", "title": "Lisez-moi"}]"#, to: "artworks/reserved.json")
        let run = try await DocentBinary.run(["run", "--quiet"], in: folder.path)
        #expect(run.status == 1)
        for id in ["index.html", "Report.JSON", "readme.md"] {
            #expect(run.stderr.contains("'\(id)' is the name of a file Docent keeps in output/"), "\(id): \(run.stderr)")
        }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder.file("output/index.html"), isDirectory: &isDirectory) && !isDirectory.boolValue)
        #expect(FileManager.default.fileExists(atPath: folder.file("output/report.json"), isDirectory: &isDirectory) && !isDirectory.boolValue)
    }

    @Test("Empty files, files in formats Docent does not read and an unbalanced CSV quote are reported by name; long fields are cut with a warning")
    func badRecordFiles() async throws {
        let folder = try project(provider: "offline", audiences: ["general"], languages: [])
        try folder.write("", to: "artworks/empty.yaml")
        try folder.write("\n", to: "artworks/empty.csv")
        try folder.write("Inventory,Title,description\nq-1,Un,\"Une description sans fin\nq-2,Deux,\"Deux\"\n", to: "artworks/quote.csv")
        try folder.write("<lido:lidoWrap xmlns:lido=\"http://www.lido-schema.org\"/>", to: "artworks/export/objects.xml")
        try folder.write("<objects><object><title>Un</title></object></objects>", to: "artworks/export/other.xml")
        try folder.write("not an image, but named like one", to: "artworks/photo.jpg")
        let long = String(repeating: "Une phrase de la description. ", count: 2_000)
        try folder.write(#"[{"id": "long-one", "title": "Long", "description": "\#(long)"}]"#, to: "artworks/long.json")
        let run = try await DocentBinary.run(["run", "--quiet"], in: folder.path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("artworks/empty.yaml: is empty: no records"))
        #expect(run.stderr.contains("artworks/empty.csv: is empty: no records"))
        #expect(run.stderr.contains("artworks/quote.csv:2: invalid CSV: the quoted field opened here is not closed before line 3"), "\(run.stderr)")
        #expect(run.stderr.contains("artworks/export/objects.xml: no lido:lido record (namespace http://www.lido-schema.org) in this file"), "\(run.stderr)")
        #expect(run.stderr.contains("artworks/export/other.xml: is not in a record format Docent reads (JSON, YAML, CSV or XLSX; LIDO; other XML with a format)"), "\(run.stderr)")
        #expect(run.stderr.contains("artworks: warning: 1 file is not a record format and was not read (photo.jpg)"), "\(run.stderr)")
        #expect(run.stderr.contains("artworks/long.json:1: warning: description: 59999 characters, cut to the first 20000"), "\(run.stderr)")
        #expect(folder.exists("output/long-one/draft.general.fr.md"))
    }

    @Test("An artwork folder whose record is gone: a warning naming the folder, its drafts kept; not when records are named on the command line")
    func retiredFolder() async throws {
        let folder = try project(provider: "offline", audiences: ["general"], languages: [])
        try folder.write(#"{"id": "gone-1", "title": "Retirée"}"#, to: "artworks/gone.json")
        let first = try await DocentBinary.run(["run", "--quiet"], in: folder.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(!first.stderr.contains("no record has this id"), "\(first.stderr)")
        let draft = try folder.read("output/gone-1/draft.general.fr.md")
        try FileManager.default.removeItem(atPath: folder.file("artworks/gone.json"))
        let second = try await DocentBinary.run(["run", "--quiet"], in: folder.path)
        #expect(second.status == 0, "a warning, not a failure: \(second.stderr)")
        #expect(second.stderr.contains("output/gone-1: warning: no record has this id any more: its drafts are kept, and no run updates them"), "\(second.stderr)")
        #expect(try folder.read("output/gone-1/draft.general.fr.md") == draft, "nothing deleted or rewritten")
        let status = try await DocentBinary.run(["status"], in: folder.path)
        #expect(status.stdout.contains("1 artwork folder has no record any more (at the last run): gone-1"), "\(status.stdout)")
        #expect(status.stdout.split(separator: "\n").contains { $0.hasPrefix("gone-1") && $0.contains("no record") }, "\(status.stdout)")
        let json = try await DocentBinary.run(["status", "--json"], in: folder.path)
        #expect(json.stdout.contains(#""retired" : ["#) && json.stdout.contains(#""gone-1""#), "\(json.stdout)")
        #expect(try folder.read("output/index.html").contains(#"<p class="retired">No record has this id any more"#),
                "the page is written again for it, though the run wrote no draft")
        let check = try await DocentBinary.run(["check"], in: folder.path)
        #expect(check.status == 1 && check.stdout.contains("output/gone-1: no-record: no record has this id any more"),
                "the CI gate: its drafts would be published without a record: \(check.stdout)\(check.stderr)")
        let records = try await DocentBinary.run(["records"], in: folder.path)
        #expect(records.stdout.contains("  output/gone-1: warning: no record has this id any more"), "among the problems: \(records.stdout)")
        let named = try await DocentBinary.run(["run", "--quiet", "--artworks", "artworks/works.json"], in: folder.path)
        #expect(!named.stderr.contains("no record has this id"), "\(named.stderr)")
    }

    @Test("A full disk: every failure is said, the run exits 74, no temp file and no cache journal is left")
    func fullDisk() async throws {
        let mock = try MockProcess([])
        // Portable part: the page and the report cannot be written (a folder is in their way).
        let blocked = try project()
        try FileManager.default.createDirectory(atPath: blocked.file("output/index.html/x"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: blocked.file("output/report.json/x"), withIntermediateDirectories: true)
        let run = try await DocentBinary.run(["run", "--quiet"], in: blocked.path, environment: ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k"])
        #expect(run.status == 74, "\(run.stderr)")
        #expect(run.stderr.contains("error: the review page was not written"))
        #expect(run.stderr.contains("error: the run report was not written"))
        #expect(blocked.exists("output/oak-chest/draft.general.fr.md"))

        // A real full disk: a small tmpfs, when this test may mount one (as root).
        guard getuid() == 0 else { return }
        let mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("docent-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: mountPoint) }
        let mount = try await DocentBinary.run(["/bin/sh", "-c", "mount -t tmpfs -o size=120k tmpfs \"$0\"", mountPoint], in: "/", shell: true)
        guard mount.status == 0 else { return }
        defer { _ = umount(mountPoint) }
        let project = try self.project(audiences: ["general", "children", "audio", "web"], languages: ["en", "de"])
        for name in ["pipeline.json", "artworks"] {
            try FileManager.default.copyItem(atPath: project.file(name), toPath: mountPoint + "/" + name)
        }
        try FileManager.default.createSymbolicLink(atPath: mountPoint + "/templates", withDestinationPath: project.file("templates"))
        let full = try await DocentBinary.run(["run", "--quiet"], in: mountPoint, environment: ["DOCENT_BASE_URL": mock.baseURL, "DOCENT_API_KEY": "k"])
        #expect(full.status == 74 || full.status == 1, "\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"))
        if full.status == 74 {
            #expect(full.stderr.contains("the review page was not written") || full.stderr.contains("the run report was not written")
                    || full.stderr.contains("the answer cache could not keep"))
        }
        let leftovers = FileManager.default.enumerator(atPath: mountPoint)?.allObjects as? [String] ?? []
        #expect(!leftovers.contains { $0.contains(".docent-tmp-") }, "temp files left: \(leftovers)")
        #expect(!leftovers.contains { $0.hasPrefix(".docent/cache/answers-") }, "\(leftovers)")
    }

    @Test("Control characters from records never reach the terminal; JSON-LD from records and answers is safe to embed")
    func inertOutput() async throws {
        let folder = try project(provider: "offline", audiences: ["general", "web"], languages: [])
        try folder.write(#"""
            [{"id": "hostile", "title": "Titre </script><img src=x onerror=alert(1)> & co", "\u001b]0;pwned\u0007\u001b[2Jkey": "x",
              "makers": ["Jean </script><script>alert(2)</script>"]}]
            """#, to: "artworks/hostile.json")
        var config = try folder.read("pipeline.json")
        config = config.replacingOccurrences(of: #""stages": ["draft", "translate"]"#, with: #""stages": ["draft", "seo"]"#)
        try folder.write(config, to: "pipeline.json")
        let run = try await DocentBinary.run(["run", "--quiet"], in: folder.path)
        #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "raw control characters reached the terminal")
        #expect(run.stderr.contains(#"\u{1B}]0;pwned\u{7}\u{1B}[2jkey"#), "\(run.stderr)")
        let seo = try folder.read("output/hostile/seo.fr.json")
        #expect(!seo.contains("<") && !seo.contains(">") && !seo.contains("&"), "\(seo)")
        #expect(seo.contains(#"\u003c/script\u003e"#))
        // Still the same strings for a JSON reader.
        let object = try JSONSerialization.jsonObject(with: Data(seo.utf8)) as? [String: Any]
        let jsonLD = object?["json_ld"] as? [String: Any]
        #expect((jsonLD?["name"] as? String)?.contains("</script><img src=x onerror=alert(1)> & co") == true)
    }
}
