import CBuildIdentity
import Foundation

/// Which build of the desk's code is running: the GNU build id of the executable or library the
/// desk was linked into (the linker derives it from the code, so any change to the projection
/// changes it), else that file's path, size and modification time. A snapshot written by one build
/// is used only by the same build; any other rebuilds it from the log.
enum BuildFingerprint {
    static let current: String = compute()

    private static func compute() -> String {
        let anchor = desk_build_identity_anchor()
        var id = [UInt8](repeating: 0, count: 64)
        let length = Int(desk_build_id(anchor, &id, id.count))
        if length > 0 { return "build-id " + id.prefix(length).map { String(format: "%02x", $0) }.joined() }
        var path = [CChar](repeating: 0, count: 4096)
        var st = stat()
        let n = Int(desk_object_path(anchor, &path, path.count))
        if n > 0, stat(path, &st) == 0 {
            let name = String(decoding: path.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return "file \(name) \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
        }
        return "unknown build"
    }
}
