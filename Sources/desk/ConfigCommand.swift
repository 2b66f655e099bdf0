import ArgumentParser
import Desk
import DeskCore
import Foundation

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a configuration, publish it into the log, or show the one in force.",
        subcommands: [Check.self, Publish.self, Show.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check a configuration (desk.toml, or FILE) as publishing would, listing every mistake with its file, line and key.",
            discussion: """
                The same check runs when the configuration is published and when the desk starts, so what \
                check accepts, publish accepts. Each mistake is one line, `FILE:LINE: table.key: what is wrong; \
                what is accepted`. When the data directory has a log, a changed standard must also carry a higher \
                version than the one published there.

                Example:
                  desk config check --data /var/lib/desk
                  desk config check ~/desk-next.toml
                """
        )

        @OptionGroup var options: DataOptions

        @Argument(
            help: ArgumentHelp("A configuration file to check instead of the data directory's desk.toml."))
        var file: String?

        func run() throws {
            let path = file ?? options.directory.configurationPath
            let directory = options.directory
            let configuration = try reportingFailures("config check") {
                () throws(DeskFailure) -> DeskConfiguration in
                let configuration: DeskConfiguration
                switch DeskConfiguration.check(path: path) {
                case .success(let checked): configuration = checked
                case .failure(let problems): throw .configurationProblems(problems)
                }
                // What publishing would refuse because of what the log already holds.
                if FileManager.default.fileExists(atPath: directory.logPath),
                    let session = try? DeskSession.open(
                        directory, access: .readOnly, verifyChainInBackground: false)
                {
                    let problems = configuration.problems(
                        against: session.state, file: path,
                        text: try? String(contentsOfFile: path, encoding: .utf8))
                    if !problems.isEmpty { throw .configurationProblems(ConfigurationProblems(problems)) }
                }
                return configuration
            }
            print(
                "\(path): fine — \(configuration.office.categories.count) categories, \(configuration.standards.count) standards, \(configuration.roles.supervisors.count) supervisor(s)"
            )
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Record a configuration's office, calendar, categories, standards and roles in the log (supervisors only).",
            discussion: """
                Only what changed is published, as a new version. A changed standard must carry a higher version, so \
                complaints already received keep being measured against the version in force when they arrived. \
                Roles take effect only once published: editing a file grants nothing. Without FILE, the data \
                directory's desk.toml is published; with FILE, a file the supervisor edited with their own rights \
                (start from `desk config show`).

                Example:
                  desk config show --data /var/lib/desk > ~/desk-next.toml
                  desk config publish --data /var/lib/desk ~/desk-next.toml
                """
        )

        @OptionGroup var options: DataOptions

        @Argument(
            help: ArgumentHelp("The configuration file to publish (default: the data directory's desk.toml).")
        )
        var file: String?

        func run() throws {
            let published = try reportingFailures("config publish") { () throws(DeskFailure) in
                let session = try DeskSession.open(
                    options.directory, access: .readWrite, verifyChainInBackground: false)
                session.lockWaiting = { printError("desk config publish: \($0)") }
                return try session.publishConfiguration(file: file)
            }
            print(
                published.isEmpty
                    ? "nothing to publish: the log already has this configuration"
                    : "published: " + published.joined(separator: "; "))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print the configuration in force in the log (office, standards, roles) as desk.toml text.",
            discussion: """
                What the log holds, not what a file says: the place to start an edit from.

                Example:
                  desk config show --data /var/lib/desk > ~/desk-next.toml
                """
        )

        @OptionGroup var options: DataOptions

        func run() throws {
            let text = try reportingFailures("config show") { () throws(DeskFailure) -> String in
                let session = try DeskSession.open(
                    options.directory, access: .readOnly, verifyChainInBackground: false)
                guard let office = session.state.office else {
                    throw .dataDirectory(
                        "\(options.directory.logPath) has no office configuration published yet")
                }
                return SampleConfiguration.text(
                    describing: office, standards: session.state.currentStandards, roles: session.state.roles,
                    heading: [
                        "# The configuration in force in \(options.directory.logPath), as of record \(session.position.lastSequence).",
                        "# Edit a copy and publish it with `desk config publish FILE` (supervisors only).",
                    ])
            }
            print(text, terminator: "")
        }
    }
}
