// A test helper: appends records to an event log and prints each sequence number once durable,
// or follows a log and prints a digest of what it saw. Tests run it as a real process and kill it.
//
//   eventlog-writer append LOG --writer W --count N [--seed S] [--large-every K --large-size BYTES] [--batch B]
//   eventlog-writer follow LOG --until N | --until-marker PREFIX
//   eventlog-writer hold-lock LOG          take the writers' lock, print "holding", keep it until killed
//   eventlog-writer hold-read-locks FILE... --exclusive|--shared
//                                          as an account that may only read: take every lock it can
//                                          on each FILE it can open, print "locked FILE KINDS" or
//                                          "cannot open FILE", then "holding", and keep them until killed
//
// With --announce, the writer prints "writing BYTES" just before each write(2) to the log or a
// quarantine file, so a test can aim kill -9 at a write in progress.
//
// Payloads are "w=W i=I n=LEN;" followed by bytes derived from (W, I), so a test can tell a
// payload the writer attempted from anything else. An acknowledged record prints "ack W I SEQ".
import EventLog

#if canImport(Glibc)
    import Glibc
#endif

func payload(writer: Int, index: Int, size: Int) -> [UInt8] {
    let prefix = Array("w=\(writer) i=\(index) n=\(size);".utf8)
    guard size > prefix.count else { return prefix }
    // Filled through a pointer: a 16 MiB payload must not take seconds in a debug build.
    return [UInt8](unsafeUninitializedCapacity: size) { out, count in
        for (position, byte) in prefix.enumerated() { out[position] = byte }
        var state = UInt64(writer &* 1_000_003 &+ index) &* 0x9E37_79B9_7F4A_7C15
        var position = prefix.count
        while position < size {
            state ^= state >> 33
            state = state &* 0xFF51_AFD7_ED55_8CCD
            out[position] = UInt8(truncatingIfNeeded: 97 &+ (state >> 40) % 26)
            position &+= 1
        }
        count = size
    }
}

func value(_ name: String, in arguments: [String], default fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let v = Int(arguments[index + 1])
    else { return fallback }
    return v
}

/// The system calls, announcing each write on stdout first so a test can kill during it.
struct AnnouncingFileIO: LogFileIO {
    let system = SystemFileIO()
    func write(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        say("writing \(bytes.count)")
        return system.write(descriptor, bytes)
    }
    func fdatasync(_ descriptor: Int32) -> Int32 { system.fdatasync(descriptor) }
    func fsync(_ descriptor: Int32) -> Int32 { system.fsync(descriptor) }
    func ftruncate(_ descriptor: Int32, _ length: Int64) -> Int32 { system.ftruncate(descriptor, length) }
    func pwrite(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Int {
        system.pwrite(descriptor, bytes, at: offset)
    }
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
        let io: LogFileIO = arguments.contains("--announce") ? AnnouncingFileIO() : SystemFileIO()
        let log = try EventLog.open(path: path, access: .readWrite, create: true, io: io)
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
        // Or: follow until an event whose payload starts with this marker (counted like any event).
        let marker = arguments.firstIndex(of: "--until-marker").flatMap {
            $0 + 1 < arguments.count ? Array(arguments[$0 + 1].utf8) : nil
        }
        var sawMarker = false
        let log = try EventLog.open(path: path, access: .readOnly)
        let watcher = LogWatcher(path: path)
        var events = 0
        var digest: UInt64 = 0xCBF2_9CE4_8422_2325
        func done() -> Bool { marker == nil ? events >= until : sawMarker }
        while !done() {
            let summary = try log.readNew { record in
                guard record.kind == .event else { return }
                events += 1
                if let marker, record.payload.count >= marker.count,
                    record.payload.prefix(marker.count).elementsEqual(marker)
                {
                    sawMarker = true
                }
                for byte in record.payload {
                    digest = (digest ^ UInt64(byte)) &* 0x100_0000_01B3
                }
            }
            if let alarm = summary.alarm {
                say("alarm \(alarm)")
                exit(2)
            }
            if !done() { watcher.wait() }
        }
        say("followed \(events) \(log.position.lastSequence) \(log.position.head.hex) \(digest)")
    case "hold-lock":
        let log = try EventLog.open(path: path, access: .readWrite)
        _ = try log.append(
            catchUp: { _ in },
            decide: { () -> EventLog.Decision<Void> in
                say("holding")
                while true { pause() }
            })
    case "hold-read-locks":
        holdEveryReadLock(
            on: arguments.dropFirst().filter { !$0.hasPrefix("--") },
            exclusive: arguments.contains("--exclusive"))
    default:
        say("unknown mode \(arguments[0])", to: 2)
        exit(64)
    }
} catch {
    say("eventlog-writer: \(error)", to: 2)
    exit(74)
}

/// Takes, on each file this account can open for reading, a `flock` (exclusive or shared: flock
/// needs no write access), a process-associated `fcntl` read lock and an open-file-description
/// read lock, each on a descriptor of its own; then holds them for ever.
func holdEveryReadLock(on files: [String], exclusive: Bool) -> Never {
    var descriptors: [Int32] = []
    for file in files {
        let fds = (0..<3).map { _ in open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard fds.allSatisfy({ $0 >= 0 }) else {
            say("cannot open \(file): \(String(cString: strerror(errno)))")
            continue
        }
        descriptors += fds
        var taken: [String] = []
        if flock(fds[0], (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 { taken.append("flock") }
        var region = Glibc.flock(
            l_type: Int16(F_RDLCK), l_whence: Int16(SEEK_SET), l_start: 0, l_len: 0, l_pid: 0)
        if fcntl(fds[1], F_SETLK, &region) == 0 { taken.append("fcntl") }
        region.l_pid = 0
        let openFileDescriptionLock: Int32 = 37  // F_OFD_SETLK on Linux
        if fcntl(fds[2], openFileDescriptionLock, &region) == 0 { taken.append("ofd") }
        say("locked \(file) \(taken.joined(separator: ","))")
    }
    say("holding \(descriptors.count)")
    while true { pause() }
}
