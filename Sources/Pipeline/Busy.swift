/// Another docent process holds what this one needs: the workspace (a run writing in it), or
/// the answer cache (a run using it while `cache prune` would remove answers). Try again when
/// it has finished (the CLI exits 75, EX_TEMPFAIL, for it).
package struct Busy: Error, Sendable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
