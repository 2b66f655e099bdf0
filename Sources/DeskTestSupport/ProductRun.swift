import Foundation

/// Runs a product of this package to completion, feeding standard input and collecting its output.
public struct ProductRun: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String

    /// Runs `product` with `arguments`; `environment` is added to this process's (without
    /// `DESK_DATA`, so a test never touches a real desk); `user` runs it as another account
    /// through runuser (root only).
    public static func run(
        _ product: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:],
        asUser user: String? = nil
    ) throws -> ProductRun {
        let binary = try ProductsDirectory.executable(product)
        return try runExecutable(
            user == nil ? binary : "/usr/sbin/runuser",
            user == nil ? arguments : ["-u", user!, "--", binary] + arguments,
            input: input, environment: environment)
    }

    /// Runs any executable by path, the same way.
    public static func runExecutable(
        _ executable: String, _ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:]
    ) throws -> ProductRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DESK_DATA")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Feed input and drain standard error on other threads, so a child that writes a lot
        // before reading cannot deadlock us.
        let errBox = DataBox()
        let done = DispatchSemaphore(value: 0)
        let inputHandle = stdin.fileHandleForWriting
        let errHandle = stderr.fileHandleForReading
        DispatchQueue.global().async {
            inputHandle.write(Data(input))
            try? inputHandle.close()
        }
        DispatchQueue.global().async {
            errBox.data = errHandle.readDataToEndOfFile()
            done.signal()
        }
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return ProductRun(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}

private final class DataBox: @unchecked Sendable {
    /// Written once by the reading thread before it signals; read after the signal.
    var data = Data()
}
