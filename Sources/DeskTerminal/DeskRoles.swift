import TerminalUI

extension Role {
    public static let queue: Role = "queue"
    public static let queueHeader: Role = "queue.header"
    public static let queueAtRisk: Role = "queue.atrisk"
    public static let queueOverdue: Role = "queue.overdue"
    /// A complaint with a standard missed earlier (no clock overdue now).
    public static let queueMissed: Role = "queue.missed"
    public static let clock: Role = "clock"
    public static let clockAtRisk: Role = "clock.atrisk"
    public static let clockBreach: Role = "clock.breach"

    /// Every role the desk's screens use; a theme naming any other role is reported as a mistake.
    public static let desk: Set<Role> = Role.toolkit.union([
        .queue, .queueHeader, .queueAtRisk, .queueOverdue, .queueMissed, .clock, .clockAtRisk, .clockBreach,
    ])
}
