/// P7 needs a real SSH link (sshd on loopback, a client in tmux, the bytes counted with tmux
/// `pipe-pane`): that is `SSHBoardTests`, not something a benchmark can set up on any machine.
func reportSSHGoal() {
    print(
        """

        P7 over SSH: not measured here (it needs sshd, an account and tmux). Measured by
           CI=true swift test --filter SSHBoardTests
        README, 2026-11-29: one new complaint on a watched 80×24 board 147–149 bytes (goal ≤ 1 KiB);
        an idle board with ticking clocks ≤ 1.8 bytes/s steady, 4.5 bytes/s over a window holding a
        minute's tick (goal ≤ 200 bytes/s) — goal met
        """)
}
