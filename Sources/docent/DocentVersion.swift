/// What `docent --version` prints: the release, and the commit when built from a clone.
enum DocentVersion {
    /// Raised with each release (the README's changelog names them).
    static let release = "0.9.0"

    static var line: String {
        buildCommit.isEmpty ? "docent \(release)" : "docent \(release) (commit \(buildCommit))"
    }
}
