// desk-probe: a test helper process that acts on a desk the way a clerk's desk would, so tests can
// race real processes against each other.
//
//   desk-probe claim-all DATA FIRST LAST   claim complaints FIRST…LAST, each with the revision seen
//                                          before any claim; print "won N" or "lost N <message>"
import Desk
import DeskCore

#if canImport(Glibc)
    import Glibc
#endif

func say(_ line: String, to descriptor: Int32 = 1) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4, arguments[0] == "claim-all", let first = UInt32(arguments[2]),
    let last = UInt32(arguments[3])
else {
    say("usage: desk-probe claim-all DATA FIRST LAST", to: 2)
    exit(64)
}
do {
    let session = try DeskSession.open(
        DataDirectory(path: arguments[1]), access: .readWrite, verifyChainInBackground: false)
    let seen = (first...last).map { number -> (ComplaintID, UInt32) in
        let id = ComplaintID(number)
        return (id, session.state.complaint(id)?.revision ?? 0)
    }
    say("ready")
    // Wait for the go (a file the test creates once every racer is ready), so they start together.
    var waited = 0
    while access(arguments[1] + "/go", F_OK) != 0 {
        usleep(500)
        waited += 1
        if waited > 60_000 {
            say("desk-probe: no go after 30 s", to: 2)
            exit(75)
        }
    }
    for (id, revision) in seen {
        do {
            try session.execute(.claim(id, revision: revision))
            say("won \(id.number)")
        } catch {
            if case .refused(let refusal) = error, refusal.kind == .conflict {
                say("lost \(id.number) \(refusal.message)")
            } else {
                say("error \(id.number) \(error)")
            }
        }
    }
} catch {
    say("desk-probe: \(error)", to: 2)
    exit(74)
}
