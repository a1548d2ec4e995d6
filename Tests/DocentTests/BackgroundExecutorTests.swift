import Foundation
import Testing
@testable import Pipeline
@testable import Project

@Suite("Background executor")
struct BackgroundExecutorTests {
    /// The calling thread's OS name and nice value (/proc/thread-self/stat, field 19).
    static func thread() -> (name: String, nice: Int) {
        let name = ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let stat = (try? String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8)) ?? ""
        // Fields after the parenthesised name: state is field 3, nice field 19.
        let fields = stat[(stat.lastIndex(of: ")").map { stat.index(after: $0) } ?? stat.startIndex)...].split(separator: " ")
        return (name, fields.count > 16 ? Int(fields[16]) ?? 0 : 0)
    }

    @Test("tasks that prefer it, and their child tasks, run on its threads at nice +10; after shutdown they still run")
    func runsAtLowPriority() async throws {
        let executor = BackgroundExecutor(threads: 2)
        let seen = await withTaskGroup(of: [(String, Int)].self) { group in
            for _ in 0..<8 {
                group.addTask(executorPreference: executor) {
                    let own = Self.thread()
                    let child = await withTaskGroup(of: (String, Int).self) { children in
                        children.addTask { Self.thread() }
                        return await children.next()!
                    }
                    return [(own.name, own.nice), child]
                }
            }
            var all: [(String, Int)] = []
            for await pair in group { all += pair }
            return all
        }
        #expect(seen.count == 16)
        for (name, nice) in seen {
            #expect(name.hasPrefix("docent-work-"), "\(name)")
            #expect(nice == 10)
        }
        executor.shutdown()
        let after = await withTaskGroup(of: String.self) { group in
            group.addTask(executorPreference: executor) { Self.thread().name }
            return await group.next()!
        }
        #expect(!after.hasPrefix("docent-work-"))
    }
}
