import CEventLogSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files the desk creates beside its log (the log itself, its lock file, quarantine copies,
/// `desk.toml`, receipts) appear whole or not at all.
public enum WholeFile {
    /// Creates `path` holding exactly what `contents` writes to the descriptor it is given, or
    /// nothing: the bytes are written and synced under a temporary name in the same directory,
    /// `link()`ed into place — which neither follows nor replaces anything already at `path`, so a
    /// racing creator loses cleanly — and the directory is synced. The mode is set whatever the
    /// umask. Returns false, having changed nothing, when something already stands at `path`.
    /// A temporary file left by a creator that was killed is removed by `removeLeftovers`.
    @discardableResult
    public static func create(
        at path: String, mode: mode_t = 0o660, io: LogFileIO = SystemFileIO(),
        contents: (_ descriptor: Int32) throws -> Void
    ) throws -> Bool {
        let directory = EventLog.directoryOf(path)
        let (temporary, fd) = try openTemporary(beside: path, flags: O_WRONLY, mode: mode)
        defer {
            close(fd)
            unlink(temporary)
        }
        fchmod(fd, mode)
        try contents(fd)
        guard io.fsync(fd) == 0 else {
            throw LogError.system(SystemCallFailure(call: "fsync", path: temporary, code: errno))
        }
        if link(temporary, path) != 0 {
            if errno == EEXIST { return false }
            throw LogError.system(SystemCallFailure(call: "link", path: path, code: errno))
        }
        try EventLog.syncDirectory(directory, io: io)
        return true
    }

    /// Puts at `path` exactly what `contents` writes, replacing whatever stood there in one
    /// `rename` (a reader sees the old file or the new one, never a mixture), for files that are
    /// caches of the log rather than records (the state snapshot). Written under a temporary name
    /// `removeLeftovers` recognises, synced, with the mode set whatever the umask.
    public static func replace(
        at path: String, mode: mode_t = 0o660, contents: (_ descriptor: Int32) throws -> Void
    ) throws {
        let (temporary, fd) = try openTemporary(beside: path, flags: O_RDWR, mode: mode)
        var renamed = false
        defer {
            close(fd)
            if !renamed { unlink(temporary) }
        }
        fchmod(fd, mode)
        try contents(fd)
        guard fdatasync(fd) == 0 else {
            throw LogError.system(SystemCallFailure(call: "fdatasync", path: temporary, code: errno))
        }
        guard rename(temporary, path) == 0 else {
            throw LogError.system(SystemCallFailure(call: "rename", path: path, code: errno))
        }
        renamed = true
    }

    /// `create` with these bytes as the contents.
    @discardableResult
    public static func create(
        at path: String, bytes: [UInt8], mode: mode_t = 0o660, io: LogFileIO = SystemFileIO()
    ) throws -> Bool {
        try create(at: path, mode: mode, io: io) { fd in try writeAll(bytes, to: fd, path: path, io: io) }
    }

    /// Writes every byte (looping on short writes); a write that makes no progress is ENOSPC.
    public static func writeAll(
        _ bytes: [UInt8], to fd: Int32, path: String, io: LogFileIO = SystemFileIO()
    ) throws {
        try bytes.withUnsafeBytes { raw in try writeAll(raw, to: fd, path: path, io: io) }
    }

    public static func writeAll(
        _ raw: UnsafeRawBufferPointer, to fd: Int32, path: String, io: LogFileIO = SystemFileIO()
    ) throws {
        var written = 0
        while written < raw.count {
            let n = io.write(fd, UnsafeRawBufferPointer(rebasing: raw[written...]))
            if n > 0 {
                written += n
            } else if !(n < 0 && errno == EINTR) {
                throw LogError.system(
                    SystemCallFailure(call: "write", path: path, code: n < 0 ? errno : ENOSPC))
            }
        }
    }

    static let marker = ".creating-"

    /// A new file beside `path` under a name `removeLeftovers` recognises
    /// (".NAME.creating-PID-RANDOM"), opened with `flags`.
    private static func openTemporary(beside path: String, flags: Int32, mode: mode_t) throws -> (
        String, Int32
    ) {
        let temporary =
            "\(EventLog.directoryOf(path))/.\(EventLog.baseName(path))\(marker)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = Glibc.open(temporary, flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw LogError.system(SystemCallFailure(call: "create", path: temporary, code: errno))
        }
        return (temporary, fd)
    }

    /// Removes the temporary files of creations in `directory` whose process is gone (killed
    /// between creating and linking); those of a living process are its own business. Returns
    /// the names removed.
    @discardableResult
    public static func removeLeftovers(in directory: String) -> [String] {
        var removed: [String] = []
        for name in EventLog.entries(of: directory) where name.hasPrefix(".") {
            // ".NAME.creating-PID-RANDOM"; NAME may itself hold dashes.
            let parts = name.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count >= 3, parts[parts.count - 3].hasSuffix(".creating"),
                let pid = pid_t(parts[parts.count - 2]), pid > 0, UInt32(parts[parts.count - 1]) != nil
            else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            if unlink("\(directory)/\(name)") == 0 { removed.append(name) }
        }
        return removed
    }
}

extension EventLog {
    static func syncDirectory(_ directory: String, io: LogFileIO) throws(LogError) {
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(SystemCallFailure(call: "open", path: directory, code: errno)) }
        defer { close(fd) }
        guard io.fsync(fd) == 0 else {
            throw .system(SystemCallFailure(call: "fsync", path: directory, code: errno))
        }
    }

    // MARK: Helpers

    /// The names in a directory (none if it cannot be read).
    static func entries(of directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func currentMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }

    static func userName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }

    private static let networkFileSystems: [Int: String] = [
        0x6969: "nfs", 0x517B: "smb", 0xFF53_4D42: "cifs", 0xFE53_4D42: "smb2", 0x0102_1997: "9p",
        0x6573_5546: "fuse", 0x00C3_6400: "ceph", 0x5346_414F: "afs", 0x0BD0_0BD0: "lustre",
        0x4750_4653: "gpfs",
    ]

    static func refuseNetworkFileSystem(_ directory: String) throws(LogError) {
        let fd = Glibc.open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }  // a missing directory fails later, with its own message
        defer { close(fd) }
        try refuseNetworkFileSystem(descriptor: fd, path: directory)
    }

    static func refuseNetworkFileSystem(descriptor: Int32, path: String) throws(LogError) {
        let type = desk_file_system_type(descriptor)
        if type != -1, let name = networkFileSystems[Int(UInt32(truncatingIfNeeded: type))] {
            throw .networkFileSystem(path: path, type: name)
        }
    }
}
