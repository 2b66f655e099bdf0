#if canImport(Glibc)
    import Glibc
#endif

/// Wakes a follower when the log may have grown or been replaced.
///
/// inotify is only a wake-up: it merges events, can overflow, and sees nothing on network file
/// systems. Followers therefore read by byte offset (`EventLog.readNew`) after every wake-up
/// *and* at least once a second (`pollInterval`), whether or not a wake-up came.
public final class LogWatcher {
    /// The longest a follower waits without looking at the log.
    public static let pollInterval: Double = 1.0

    /// Readable when inotify has something to say; put it in a `poll()` set. -1 when inotify is
    /// unavailable, in which case the 1 s poll alone drives following.
    public let descriptor: Int32

    public init(path: String) {
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        descriptor = fd
        guard fd >= 0 else { return }
        let fileEvents = UInt32(IN_MODIFY | IN_ATTRIB | IN_MOVE_SELF | IN_DELETE_SELF | IN_CLOSE_WRITE)
        _ = inotify_add_watch(fd, path, fileEvents)
        // The directory too, so that a file renamed or created over the log's name is noticed.
        let directory = EventLog.directoryOf(path)
        _ = inotify_add_watch(fd, directory, UInt32(IN_CREATE | IN_MOVED_TO | IN_DELETE))
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Reads and discards pending notifications (they only say "look again").
    public func drain() {
        guard descriptor >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Blocks until a notification arrives or `timeout` seconds pass, then drains.
    public func wait(timeout: Double = LogWatcher.pollInterval) {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, timeout) * 1000)
        if descriptor >= 0 {
            _ = poll(&entry, 1, milliseconds)
            drain()
        } else {
            usleep(UInt32(milliseconds) * 1000)
        }
    }
}
