import ArgumentParser
import Desk
import DeskCore
import EventLog
import Foundation

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Check and read the event log.",
        subcommands: [Verify.self, Dump.self, Restore.self, AcceptClock.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Walk the whole log, checking every record's length, checksum, sequence number and hash chain.",
            discussion: """
                Exit 0 and print the record count and the chain head when the log is intact. Otherwise exit 65 \
                and name the byte offset, the record's sequence number and the kind of damage: incomplete tail, \
                checksum, length, chain, sequence or format. Keep the chain head and its record number somewhere off the desk host (a report footer, a mail to the auditor): \
                when a later `desk log verify --at RECORD` prints the same head, nothing up to that record was changed.

                Example:
                  desk log verify --data /var/lib/desk
                  desk log verify --at 120000
                """
        )

        @OptionGroup var options: DataOptions

        @Option(
            name: .customLong("at"),
            help: ArgumentHelp(
                "Also print the chain head as of this record, to compare with one kept earlier.",
                valueName: "RECORD"))
        var record: UInt64?

        func run() throws {
            let path = options.directory.logPath
            let report: LogVerification
            var headAtRecord: ChainHash?
            var setAside: [SetAside] = []
            do {
                let progress = ProgressLine(
                    "desk log verify", total: ProgressLine.size(of: path), unit: .bytes)
                defer { progress.finish() }
                let wanted = record  // read once: an @Option's value costs a metadata lookup each time
                report = try EventLog.verify(path: path) { view in
                    progress.update(view.offset)
                    if view.sequence == wanted { headAtRecord = view.hash }
                    if view.kind == .logNote, let note = SetAside(note: view.payload) {
                        setAside.append(note)
                    }
                }
            } catch {
                printError("desk log verify: \(error)")
                throw ExitCode(74)
            }
            // A loss no writer has noted yet: the commit mark shows records committed past the end.
            let unnoted = report.lostRecords.map {
                SetAside(detected: $0, at: Timestamp(milliseconds: 0)).warning
            }
            let counts =
                "\(report.records) records (\(report.records - report.notes) events, \(report.notes) log notes)"
            if let damage = report.damage {
                printError(
                    "\(path): DAMAGED — \(damage.kind.rawValue) at byte offset \(damage.offset), record \(damage.sequence): \(damage.detail)"
                )
                printError(
                    "intact before it: \(counts), \(damage.offset) of \(report.fileSize) bytes, chain head \(report.position.head.hex)"
                )
                if let unnoted { printError(unnoted) }
                throw ExitCode(65)
            }
            print("\(path): intact — \(counts), \(report.fileSize) bytes")
            print("last record: \(report.position.lastSequence)")
            print("chain head: \(report.position.head.hex)")
            if let record {
                guard let headAtRecord else {
                    printError(
                        "desk log verify: the log has no record \(record) (it ends at \(report.position.lastSequence))"
                    )
                    throw ExitCode(65)
                }
                print("chain head at record \(record): \(headAtRecord.hex)")
            }
            print("file id: \(report.header.fileIDHex)")
            for note in setAside { print(note.warning) }
            if let unnoted { print(unnoted) }
            let snapshot = StateSnapshot.audit(options.directory)
            if snapshot.disagrees {
                printError(snapshot.line)
                throw ExitCode(65)
            }
            print(snapshot.line)
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put back the complaints a repair set aside in a quarantine file (supervisors).",
            discussion: """
                Restores, as one batch, every complaint in FILE whose id the log reserved when the repair \
                set it aside and that has not been received since, with all its later events from the file \
                (their original clerks and times). Nothing else is restored, so a second run restores \
                nothing. FILE is looked for beside the log unless it is a path. Exit 77 for a clerk.

                Example:
                  desk log restore events.log.quarantine-4096-1764400000000-812 --data /var/lib/desk
                """
        )

        @OptionGroup var options: DataOptions

        @Argument(help: "The quarantine file a repair wrote.")
        var file: String

        func run() throws {
            let restored = try reportingFailures("log restore") { () throws(DeskFailure) -> Restored in
                let session = try DeskSession.open(
                    options.directory, access: .readWrite, verifyChainInBackground: false)
                session.lockWaiting = { printError("desk log restore: \($0)") }
                return try session.restore(from: file)
            }
            var output = OutputBuffer()
            for id in restored.complaints { output.write("\(id)") }
            output.flush()
            printError(
                "desk log restore: restored \(restored.complaints.count) complaints (\(restored.events) events) from \(file)"
            )
        }
    }

    struct AcceptClock: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accept-clock",
            abstract: "Accept the host clock although the log holds later records (supervisors).",
            discussion: """
                When the host clock is behind the log's latest record (it was fast, and has been corrected), \
                commands on complaints changed "in the future" are refused and every screen warns. This records, \
                as a log event, that the clock is accepted up to the log's latest record: the refusals and the \
                warning stop for everything recorded up to that instant. Exit 77 for a clerk; exit 65 when the \
                clock is not behind the log.

                Example:
                  desk log accept-clock --data /var/lib/desk
                """
        )

        @OptionGroup var options: DataOptions

        func run() throws {
            let accepted = try reportingFailures("log accept-clock") {
                () throws(DeskFailure) -> (now: Timestamp, latest: Timestamp) in
                let session = try DeskSession.open(
                    options.directory, access: .readWrite, verifyChainInBackground: false)
                session.lockWaiting = { printError("desk log accept-clock: \($0)") }
                let events = try session.execute(.acceptClock)
                guard let event = events.first, case .clockAccepted(let latest) = event.event else {
                    throw DeskFailure.invalidInput(["nothing was recorded"])
                }
                return (event.at, latest)
            }
            print(
                "desk log accept-clock: the host clock (\(accepted.now.iso8601)) is accepted; records up to \(accepted.latest.iso8601) no longer refuse commands"
            )
        }
    }

    struct Dump: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every event as one JSON object per line.",
            discussion: """
                Each line has "seq" (the record's sequence number) and "record" ("event" or "log-note"), then the \
                event's own fields. Damage stops the dump with a message on standard error and exit 65.

                Example:
                  desk log dump --data /var/lib/desk | grep complaintReceived
                """
        )

        @OptionGroup var options: DataOptions

        func run() throws {
            let path = options.directory.logPath
            var output = OutputBuffer()
            do {
                let report = try EventLog.verify(path: path) { record in
                    output.write(LogDumpFormat.line(for: record))
                }
                output.flush()
                if let damage = report.damage {
                    printError("\(path): stopped at damage — \(damage)")
                    throw ExitCode(65)
                }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                output.flush()
                printError("desk log dump: \(error)")
                throw ExitCode(74)
            }
        }
    }
}
