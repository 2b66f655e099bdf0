import DeskCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the desk (the terminal's report keys and its receipt reprint) writes report files, and how
/// it prints them.
///
/// Files go to `desk-reports/` in the home directory of the account running the desk (from the
/// account database, not `$HOME`), made 0700 — or to the directory given with
/// `desk --reports-dir DIR` — never into the data directory. A file is written whole (a temporary
/// file renamed into place) and replaces an earlier one of the same name. Where the office names
/// a printer (`[office] printer`), a file is printed with `lpr -P NAME FILE`; otherwise the desk
/// shows its path.
public struct ReportFiles: Sendable {
    public var directory: String
    /// The data directory, where no report may be written.
    public var dataDirectory: String

    public init(directory: String, dataDirectory: String) {
        self.directory = directory
        self.dataDirectory = dataDirectory
    }

    /// `desk-reports` in the account's home directory (the working directory if it has none).
    public static func defaultDirectory() -> String {
        var home = FileManager.default.currentDirectoryPath
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir {
            let path = String(cString: dir)
            if !path.isEmpty { home = path }
        }
        return (home as NSString).appendingPathComponent("desk-reports")
    }

    /// Writes `text` as `name` in the reports directory (made 0700 if missing); the file's path.
    /// A report that names a customer (a receipt) is readable by its owner only.
    public func write(_ text: String, name: String, private isPrivate: Bool) throws(Report.Failure) -> String
    {
        if Self.lies(directory, inside: dataDirectory) {
            throw Report.Failure(
                message:
                    "the reports directory \(directory) is inside the data directory; reports are written elsewhere (desk --reports-dir DIR)",
                exitCode: 64)
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw Report.Failure(
                    message: "cannot make \(directory): \(error.localizedDescription)", exitCode: 73)
            }
        } else if !isDirectory.boolValue {
            throw Report.Failure(message: "\(directory) is not a directory", exitCode: 73)
        }
        let path = (directory as NSString).appendingPathComponent(name)
        try Report.write(text, to: path, private: isPrivate)
        return path
    }

    /// Sends `path` to `printer` with `lpr -P printer path` (lpr found on `PATH`, or only in the
    /// system's directories when the desk runs setgid); the failure says what lpr said.
    public static func print(_ path: String, printer: String) throws(Report.Failure) {
        guard OfficeConfiguration.isPrinterName(printer) else {
            throw Report.Failure(message: "\"\(printer)\" is not a printer name", exitCode: 64)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["lpr", "-P", printer, path]
        if Privilege.isSetgid {
            var environment = ProcessInfo.processInfo.environment
            environment["PATH"] = "/usr/local/bin:/usr/bin:/bin"
            process.environment = environment
        }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Report.Failure(message: "cannot run lpr: \(error.localizedDescription)", exitCode: 69)
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let why =
                said.split(separator: "\n").first.map(String.init) ?? "exit \(process.terminationStatus)"
            throw Report.Failure(
                message: "lpr -P \(printer) failed: \(ReportText.visible(why))", exitCode: 69)
        }
    }

    /// Whether `path` is `directory` or lies inside it (symbolic links of both resolved).
    public static func lies(_ path: String, inside directory: String) -> Bool {
        let file = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let data = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        return file == data || file.hasPrefix(data + "/")
    }
}
