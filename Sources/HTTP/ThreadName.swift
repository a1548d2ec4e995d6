import CCurl

/// The OS name of the calling thread, as `top -H`, perf and debuggers show it (Foundation's
/// `Thread.name` does not reach the OS on Linux). At most 15 bytes are kept.
package enum ThreadName {
    package static func set(_ name: String) {
        _ = docent_set_thread_name(name)
    }
}
