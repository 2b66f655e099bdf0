import ArgumentParser
import Desk

#if canImport(Glibc)
    import Glibc
#endif

@main
struct DeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract:
            "The counter complaint desk: intake, queue, service standards, surveys, staff ideas and reports.",
        discussion: """
            Every change is an event in one append-only log, DATA/events.log, shared by every desk process \
            on the host. DATA is --data, else $DESK_DATA, else \(DataDirectory.defaultPath).
            """,
        subcommands: [
            Open.self, Watch.self, ImportCommand.self, ExportCommand.self, StatusCommand.self,
            ReportCommand.self,
            DemoCommand.self,
            ConfigCommand.self, LogCommand.self,
            IdeaCommand.self,
            SurveyCommand.self,
            KioskCommand.self, PinCommand.self,
        ],
        defaultSubcommand: Open.self,
    )

    static func main() {
        if Privilege.isSetgid { Privilege.forgetUntrustedEnvironment() }
        // A state snapshot still being written (a cache) is finished before the process ends.
        atexit { PendingSnapshots.shared.wait(timeout: 10) }
        main(nil)
    }
}

/// Options every command that reads or writes the desk's data takes.
struct DataOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The data directory (else $DESK_DATA, else \(DataDirectory.defaultPath)).", valueName: "DIR"),
        completion: .directory
    )
    var data: String?

    var directory: DataDirectory { DataDirectory.resolve(option: data) }
}
