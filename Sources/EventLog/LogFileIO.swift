#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The calls through which the log changes its file. The system's is used in production; tests
/// substitute one that fails chosen calls, to prove that a failed write is never acknowledged.
/// Each returns what the system call returns and leaves `errno` set on failure.
public protocol LogFileIO: Sendable {
    func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int
    func fdatasync(_ descriptor: Int32) -> Int32
    func fsync(_ descriptor: Int32) -> Int32
    func ftruncate(_ descriptor: Int32, _ length: Int64) -> Int32
    /// Writes at an offset without moving the file position (the commit mark in the lock file).
    func pwrite(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Int
}

/// The real system calls.
public struct SystemFileIO: LogFileIO {
    public init() {}

    public func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, bytes.baseAddress, bytes.count)
        #else
            Darwin.write(descriptor, bytes.baseAddress, bytes.count)
        #endif
    }

    public func fdatasync(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
            Glibc.fdatasync(descriptor)
        #else
            Darwin.fsync(descriptor)
        #endif
    }

    public func fsync(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
            Glibc.fsync(descriptor)
        #else
            Darwin.fsync(descriptor)
        #endif
    }

    public func ftruncate(_ descriptor: Int32, _ length: Int64) -> Int32 {
        #if canImport(Glibc)
            Glibc.ftruncate(descriptor, off_t(length))
        #else
            Darwin.ftruncate(descriptor, off_t(length))
        #endif
    }

    public func pwrite(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Int {
        #if canImport(Glibc)
            Glibc.pwrite(descriptor, bytes.baseAddress, bytes.count, off_t(offset))
        #else
            Darwin.pwrite(descriptor, bytes.baseAddress, bytes.count, off_t(offset))
        #endif
    }
}

/// A system call that failed, with the error it gave.
public struct SystemCallFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var call: String
    public var path: String
    public var code: Int32

    public init(call: String, path: String, code: Int32) {
        self.call = call
        self.path = path
        self.code = code
    }

    public var description: String {
        "\(call) \(path): \(String(cString: strerror(code)))"
    }
}
