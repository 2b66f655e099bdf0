// Locating product binaries next to the running test bundle, and temporary directories that clean
// up after themselves.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The build's products directory: where SwiftPM put the test bundle and every executable product.
public enum ProductsDirectory {
    /// The directory of the running test executable (`/proc/self/exe` on Linux, else the bundle).
    public static var path: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = (resolved as NSString).deletingLastPathComponent
            // On Darwin the test binary sits inside X.xctest/Contents/MacOS.
            while directory.hasSuffix(".xctest") || directory.hasSuffix("/Contents")
                || directory.hasSuffix("/MacOS")
            {
                directory = (directory as NSString).deletingLastPathComponent
            }
            return directory
        }
        return (Bundle.main.bundlePath as NSString).deletingLastPathComponent
    }

    /// The path of product `name`, or a clear error when it was not built.
    public static func executable(_ name: String) throws -> String {
        let candidate = "\(path)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw MissingProduct(name: name, directory: path)
        }
        return candidate
    }

    public struct MissingProduct: Error, CustomStringConvertible {
        public var name: String
        public var directory: String
        public var description: String {
            "the executable `\(name)` is not in the products directory \(directory); build it first "
                + "(`swift build --build-tests` builds every product the tests depend on)"
        }
    }
}

/// A fresh directory under the system's temporary directory, removed with everything in it when
/// `remove()` is called or the value is released.
public final class TemporaryDirectory {
    public let path: String
    private var removed = false

    public init(prefix: String = "desk-test") throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: "\(base)/\(prefix)-XXXXXX"])
        }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// A path inside the directory.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Names of the entries in the directory (or in a subdirectory of it).
    public func entries(_ subdirectory: String? = nil) -> [String] {
        let folder = subdirectory.map { "\(path)/\($0)" } ?? path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    public func remove() {
        guard !removed else { return }
        removed = true
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { remove() }
}

/// True when the long modes of the reliability tests were asked for (`DESK_LONG_TESTS=1`).
public var deskLongTests: Bool {
    ProcessInfo.processInfo.environment["DESK_LONG_TESTS"] == "1"
}
