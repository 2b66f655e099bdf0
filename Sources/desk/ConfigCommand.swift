import ArgumentParser
import Desk
import DeskCore
import Foundation

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check desk.toml, and publish it into the log.",
        subcommands: [Check.self, Publish.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read desk.toml and report the first mistake with its file, line and key.",
            discussion: "Example:\n  desk config check --data /var/lib/desk"
        )

        @OptionGroup var options: DataOptions

        func run() throws {
            let configuration = try reportingFailures("config check") {
                () throws(DeskFailure) -> DeskConfiguration in
                do { return try DeskConfiguration.load(path: options.directory.configurationPath) } catch let
                    error as ConfigurationError
                {
                    throw .configuration(error)
                } catch {
                    throw .dataDirectory("\(error)")
                }
            }
            print(
                "\(options.directory.configurationPath): fine — \(configuration.office.categories.count) categories, \(configuration.standards.count) standards"
            )
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Record desk.toml's office, calendar, categories and standards in the log (supervisors only).",
            discussion: """
                Only what changed is published, as a new version. A changed standard must carry a higher version, so \
                complaints already received keep being measured against the version in force when they arrived.

                Example:
                  desk config publish --data /var/lib/desk
                """
        )

        @OptionGroup var options: DataOptions

        func run() throws {
            let published = try reportingFailures("config publish") { () throws(DeskFailure) in
                let session = try DeskSession.open(
                    options.directory, access: .readWrite, verifyChainInBackground: false)
                return try session.publishConfiguration()
            }
            print(
                published.isEmpty
                    ? "nothing to publish: the log already has this configuration"
                    : "published: " + published.joined(separator: "; "))
        }
    }
}
