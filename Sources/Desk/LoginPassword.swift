import CPAM

/// The clerk's own login password, checked by the system (PAM): the other way, beside the PIN,
/// to take back a terminal handed to a customer.
public enum LoginPassword {
    /// The PAM service: `/etc/pam.d/desk` when the administrator writes one, else the system's
    /// `other` (on Debian, the common auth and account stacks).
    public static let service = "desk"

    /// Whether `password` is `account`'s login password and the account may log in now. Slow on
    /// a wrong password (PAM's delay); false for an empty one.
    public static func check(_ password: String, for account: String) -> Bool {
        guard !password.isEmpty, !account.isEmpty else { return false }
        return desk_pam_check(service, account, password) == PAM_SUCCESS
    }
}
