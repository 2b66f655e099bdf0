// A test helper: appends records to an event log and prints each sequence number once durable,
// or follows a log and prints a digest of what it saw. Tests run it as a real process and kill it.
//
//   eventlog-writer append LOG --writer W --count N [--seed S] [--large-every K --large-size BYTES] [--batch B]
//   eventlog-writer follow LOG --until N
//
// Payloads are "w=W i=I n=LEN;" followed by bytes derived from (W, I), so a test can tell a
// payload the writer attempted from anything else. An acknowledged record prints "ack W I SEQ".
import EventLog

#if canImport(Glibc)
    import Glibc
#endif

func payload(writer: Int, index: Int, size: Int) -> [UInt8] {
    var bytes = Array("w=\(writer) i=\(index) n=\(size);".utf8)
    var state = UInt64(writer &* 1_000_003 &+ index) &* 0x9E37_79B9_7F4A_7C15
    while bytes.count < size {
        state ^= state >> 33
        state = state &* 0xFF51_AFD7_ED55_8CCD
        bytes.append(UInt8(97 + (state >> 40) % 26))
    }
    return bytes
}

func value(_ name: String, in arguments: [String], default fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let v = Int(arguments[index + 1])
    else { return fallback }
    return v
}

/// Writes a line straight to a descriptor, unbuffered, so a kill never loses an acknowledgement.
func say(_ line: String, to descriptor: Int32 = 1) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    say("usage: eventlog-writer append|follow LOG [options]", to: 2)
    exit(64)
}
let path = arguments[1]
do {
    switch arguments[0] {
    case "append":
        let writer = value("--writer", in: arguments, default: 0)
        let count = value("--count", in: arguments, default: 1000)
        let largeEvery = value("--large-every", in: arguments, default: 0)
        let largeSize = value("--large-size", in: arguments, default: 4 << 20)
        let batch = max(1, value("--batch", in: arguments, default: 1))
        var seed = UInt64(value("--seed", in: arguments, default: 1))
        let log = try EventLog.open(path: path, access: .readWrite, create: true)
        var index = 0
        while index < count {
            var payloads: [[UInt8]] = []
            var indices: [Int] = []
            for _ in 0..<min(batch, count - index) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let large = largeEvery > 0 && Int(seed >> 33) % largeEvery == 0
                let size = large ? largeSize : 40 + Int(seed >> 40) % 400
                payloads.append(payload(writer: writer, index: index, size: size))
                indices.append(index)
                index += 1
            }
            let sequences = try log.append(payloads)
            for (i, sequence) in zip(indices, sequences) { say("ack \(writer) \(i) \(sequence)") }
        }
    case "follow":
        let until = value("--until", in: arguments, default: 0)
        let log = try EventLog.open(path: path, access: .readOnly)
        let watcher = LogWatcher(path: path)
        var events = 0
        var digest: UInt64 = 0xCBF2_9CE4_8422_2325
        while events < until {
            let summary = try log.readNew { record in
                guard record.kind == .event else { return }
                events += 1
                for byte in record.payload {
                    digest = (digest ^ UInt64(byte)) &* 0x100_0000_01B3
                }
            }
            if let alarm = summary.alarm {
                say("alarm \(alarm)")
                exit(2)
            }
            if events < until { watcher.wait() }
        }
        say("followed \(events) \(log.position.lastSequence) \(log.position.head.hex) \(digest)")
    default:
        say("unknown mode \(arguments[0])", to: 2)
        exit(64)
    }
} catch {
    say("eventlog-writer: \(error)", to: 2)
    exit(74)
}
