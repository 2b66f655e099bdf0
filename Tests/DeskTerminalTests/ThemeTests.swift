import DeskTerminal
import TerminalUI
import XCTest

final class ThemeTests: XCTestCase {
    private let themesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")
    private let shipped = ["default", "light", "high-contrast", "monochrome", "colorblind"]

    func testEveryShippedThemeLoadsWithoutProblems() {
        let catalog = ThemeCatalog(directories: [themesFolder], knownRoles: Role.desk, fallback: .builtIn)
        XCTAssertEqual(Set(catalog.names()), Set(shipped))
        for name in shipped {
            let (theme, problems) = catalog.load(named: name)
            XCTAssertEqual(problems, [], name)
            XCTAssertEqual(theme.name, name)
        }
    }

    func testBuiltInThemeIsTheDefaultFile() throws {
        let file = try String(
            contentsOf: themesFolder.appendingPathComponent("default.toml"), encoding: .utf8)
        XCTAssertEqual(try Theme.parse(file, file: "default.toml", knownRoles: Role.desk), Theme.builtIn)
        XCTAssertEqual(Theme.builtIn.name, "default")
        XCTAssertFalse(Theme.builtIn.roles.isEmpty)
    }

    func testRolesInheritFromTheirParents() throws {
        let theme = try Theme.parse(
            """
            [default]
            fg = "white"
            bg = 17
            fg8 = "white"
            mono = []
            [queue]
            fg = 33
            attrs = ["bold"]
            [queue.overdue]
            bg = "red"
            mono = ["reverse"]
            """, file: "t.toml", knownRoles: Role.desk)
        XCTAssertEqual(Role("queue.overdue").lineage, ["queue.overdue", "queue", "default"])
        XCTAssertEqual(
            theme.style(for: .queueOverdue, depth: .colors256),
            TextStyle(foreground: 33, background: 1, attributes: [.bold]))
        XCTAssertEqual(
            theme.style(for: .queueAtRisk, depth: .colors256),
            TextStyle(foreground: 33, background: 17, attributes: [.bold]))
        XCTAssertEqual(
            theme.style(for: .queueOverdue, depth: .colors8), TextStyle(foreground: 7, attributes: [.bold]))
        XCTAssertEqual(theme.style(for: .queueOverdue, depth: .monochrome), TextStyle(attributes: [.reverse]))
        XCTAssertEqual(theme.style(for: .title, depth: .colors256), TextStyle(foreground: 7, background: 17))
    }

    func testErrorsNameFileAndLine() {
        let text = """
            name = "x"

            [default]
            fg = "white"

            [queue.overdue]
            attrs = ["bold"]
            fg = "purpel"
            mono = ["blinking"]
            [queue.overdeu]
            fg = 1
            [status]
            bg = 300
            size = 3
            """
        XCTAssertThrowsError(try Theme.parse(text, file: "themes/x.toml", knownRoles: Role.desk)) { error in
            let problems = (error as? ThemeErrors)?.problems.map(\.description) ?? []
            XCTAssertEqual(problems.count, 5, "\(problems)")
            XCTAssertTrue(
                problems.contains {
                    $0.hasPrefix("themes/x.toml:8: unknown colour \"purpel\"; use one of default, black")
                }, "\(problems)")
            XCTAssertTrue(
                problems.contains {
                    $0.hasPrefix("themes/x.toml:9: unknown attribute \"blinking\"; use one of bold")
                }, "\(problems)")
            XCTAssertTrue(
                problems.contains { $0.hasPrefix("themes/x.toml:10: unknown role \"queue.overdeu\"") },
                "\(problems)")
            XCTAssertTrue(
                problems.contains { $0.hasPrefix("themes/x.toml:13: colour 300 is out of range") },
                "\(problems)")
            XCTAssertTrue(
                problems.contains { $0.hasPrefix("themes/x.toml:14: unknown property \"size\"") },
                "\(problems)")
        }
        XCTAssertThrowsError(try Theme.parse("[default\nfg = 1", file: "b.toml", knownRoles: Role.desk)) {
            error in
            XCTAssertEqual((error as? ThemeErrors)?.problems.first?.line, 1)
            XCTAssertTrue("\(error)".hasPrefix("b.toml:1: not valid TOML"), "\(error)")
        }
    }

    func testBrokenOrMissingThemeFallsBackToDefault() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "[default]\nfg = \"purpel\"\n".write(
            to: folder.appendingPathComponent("broken.toml"), atomically: true, encoding: .utf8)
        let catalog = ThemeCatalog(
            directories: [folder, themesFolder], knownRoles: Role.desk, fallback: .builtIn)
        let broken = catalog.load(named: "broken")
        XCTAssertEqual(broken.theme, .builtIn)
        XCTAssertEqual(broken.problems.count, 1)
        XCTAssertTrue(
            broken.problems[0].description.hasSuffix(
                "broken.toml:2: unknown colour \"purpel\"; use one of default, black, red, green, yellow, blue, magenta, cyan, white, bright-black, bright-red, bright-green, bright-yellow, bright-blue, bright-magenta, bright-cyan, bright-white or a number 0–255"
            ), broken.problems[0].description)
        let missing = catalog.load(named: "nosuch")
        XCTAssertEqual(missing.theme, .builtIn)
        XCTAssertTrue(missing.problems[0].message.contains("colorblind"), missing.problems[0].message)
        XCTAssertEqual(catalog.load(named: "../etc/passwd").theme, .builtIn)
    }

    func testThemeChoiceRule() {
        XCTAssertEqual(
            chooseThemeName(explicit: "light", configured: "colorblind", environment: ["NO_COLOR": "1"]),
            "light")
        XCTAssertEqual(
            chooseThemeName(explicit: nil, configured: "colorblind", environment: ["NO_COLOR": "1"]),
            "colorblind")
        XCTAssertEqual(
            chooseThemeName(explicit: nil, configured: nil, environment: ["NO_COLOR": "1"]), "monochrome")
        XCTAssertEqual(
            chooseThemeName(explicit: nil, configured: nil, environment: ["NO_COLOR": ""]), "default")
        XCTAssertEqual(chooseThemeName(explicit: nil, configured: nil, environment: [:]), "default")
        XCTAssertEqual(chooseThemeName(explicit: "", configured: "", environment: [:]), "default")
    }

    /// Breach, risk and escapes must never be told apart by colour alone, at any depth, in any theme.
    func testMeaningNeverRestsOnColourAlone() {
        let catalog = ThemeCatalog(directories: [themesFolder], knownRoles: Role.desk, fallback: .builtIn)
        for name in shipped {
            let theme = catalog.load(named: name).theme
            for depth in ColorDepth.allCases {
                let plain = theme.style(for: .default, depth: depth).attributes
                let risk = theme.style(for: .clockAtRisk, depth: depth).attributes
                for role in [Role.clockBreach, .queueOverdue] {
                    let breach = theme.style(for: role, depth: depth).attributes
                    XCTAssertNotEqual(breach, plain, "\(name) \(depth) \(role)")
                    XCTAssertNotEqual(breach, risk, "\(name) \(depth) \(role)")
                }
                XCTAssertNotEqual(
                    theme.style(for: .textEscape, depth: depth).attributes, plain, "\(name) \(depth)")
                XCTAssertNotEqual(
                    theme.style(for: .selection, depth: .monochrome),
                    theme.style(for: .default, depth: .monochrome))
            }
        }
    }

    func testColourBlindThemeAvoidsRedAndGreen() {
        let theme = ThemeCatalog(directories: [themesFolder], knownRoles: Role.desk, fallback: .builtIn).load(
            named: "colorblind"
        ).theme
        for role in Role.desk {
            let style = theme.style(for: role, depth: .colors8)
            XCTAssertFalse([1, 2].contains(style.foreground ?? -1), "\(role) uses red or green")
            XCTAssertFalse([1, 2].contains(style.background ?? -1), "\(role) uses red or green")
        }
    }

    func testMonochromeThemeHasNoColour() {
        let theme = ThemeCatalog(directories: [themesFolder], knownRoles: Role.desk, fallback: .builtIn).load(
            named: "monochrome"
        ).theme
        for role in Role.desk {
            for depth in ColorDepth.allCases {
                let style = theme.style(for: role, depth: depth)
                XCTAssertNil(style.foreground, "\(role)")
                XCTAssertNil(style.background, "\(role)")
            }
        }
    }
}

final class ThemeCatalogStandardTests: XCTestCase {
    func testStandardCatalogFindsShippedThemesAndHonoursDeskThemes() {
        let catalog = ThemeCatalog.standard(environment: ["DESK_THEMES": "/nonexistent/themes"])
        XCTAssertEqual(catalog.directories.first?.path, "/nonexistent/themes")
        XCTAssertTrue(catalog.names().contains("colorblind"), "\(catalog.directories)")
        XCTAssertEqual(catalog.load(named: "high-contrast").problems, [])
    }
}
