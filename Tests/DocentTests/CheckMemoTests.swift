import Domain
@testable import Pipeline
import Synchronization
import Testing

@Suite("A batch run checks each text of a job once, whatever the rounds")
struct CheckMemoTests {
    let job = JobKey(artwork: "a-1", stage: .draft, audience: "general", language: "fr")

    @Test("The same text of the same job is checked once; another text, another job or a released job is checked again")
    func once() {
        let memo = CheckMemo()
        let checked = Mutex(0)
        func check(_ body: String, _ job: JobKey?) -> [Finding] {
            memo.findings(job, body: body) {
                checked.withLock { $0 += 1 }
                return [Finding("length", .warning, "\(body.count) characters")]
            }
        }
        #expect(check("Un texte.", job) == check("Un texte.", job))
        #expect(checked.withLock { $0 } == 1)
        _ = check("Un texte revu.", job)
        _ = check("Un texte.", JobKey(artwork: "a-2", stage: .draft, audience: "general", language: "fr"))
        _ = check("Un texte.", nil)
        #expect(checked.withLock { $0 } == 4)
        memo.release(job)
        _ = check("Un texte.", job)
        #expect(checked.withLock { $0 } == 5)
    }

    @Test("Past its capacity the memo keeps no more jobs: memory stays the same for any collection")
    func capacity() {
        let memo = CheckMemo(capacity: 2)
        let checked = Mutex(0)
        let jobs = (0..<3).map { JobKey(artwork: "a-\($0)", stage: .draft, audience: "general", language: "fr") }
        for _ in 0..<2 {
            for job in jobs {
                _ = memo.findings(job, body: "Texte.") {
                    checked.withLock { $0 += 1 }
                    return []
                }
            }
        }
        #expect(checked.withLock { $0 } == 4, "the third job is checked each time")
    }
}
