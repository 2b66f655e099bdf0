// The kinds of field an event schema is made of: each writes, reads and shows one part of the
// event's value, named by a key path.

typealias FieldPath<Value, Part> = WritableKeyPath<Value, Part> & Sendable

extension FieldSpec {
    /// Text; with `omitEmpty`, empty text is not written (and reads back as empty).
    static func text(_ key: UInt8, _ name: String, _ path: FieldPath<Value, String>, omitEmpty: Bool = false)
        -> Self
    {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in
                let s = v[keyPath: path]
                if !omitEmpty || !s.isEmpty { w.field(key, s) }
            },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = try r.string() },
            dump: { .string($0[keyPath: path]) })
    }

    /// Text that may be absent (not written), shown as `null`.
    static func optionalText(_ key: UInt8, _ name: String, _ path: FieldPath<Value, String?>) -> Self {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in if let s = v[keyPath: path] { w.field(key, s) } },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = try r.string() },
            dump: { v in v[keyPath: path].map { .string($0) } ?? .null })
    }

    /// A list of texts: the key once per element, in order.
    static func texts(_ key: UInt8, _ name: String, _ path: FieldPath<Value, [String]>) -> Self {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in for s in v[keyPath: path] { w.field(key, s) } },
            read: { (v, r) throws(DeskError) in v[keyPath: path].append(try r.string()) },
            dump: { v in .array(v[keyPath: path].map { .string($0) }) })
    }

    /// A count or version, never negative on the wire (a negative one is written as 0).
    static func count(_ key: UInt8, _ name: String, _ path: FieldPath<Value, Int>) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in w.field(key, UInt64(max(0, v[keyPath: path]))) },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = Int(clamping: try r.unsigned()) },
            dump: { v in .int(Int64(v[keyPath: path])) })
    }

    /// A count that may be absent: not written, and left out of the dump.
    static func optionalCount(_ key: UInt8, _ name: String, _ path: FieldPath<Value, Int?>) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in if let n = v[keyPath: path] { w.field(key, UInt64(max(0, n))) } },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = Int(clamping: try r.unsigned()) },
            dump: { v in v[keyPath: path].map { .int(Int64($0)) } })
    }

    /// A raw unsigned number, as written, shown as a number.
    static func unsigned(_ key: UInt8, _ name: String, _ path: FieldPath<Value, UInt64>) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in w.field(key, v[keyPath: path]) },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = try r.unsigned() },
            dump: { v in .int(Int64(clamping: v[keyPath: path])) })
    }

    /// Yes or no, written as 1 or 0 (anything but 0 reads as yes).
    static func flag(_ key: UInt8, _ name: String, _ path: FieldPath<Value, Bool>) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in w.field(key, v[keyPath: path] ? 1 : 0) },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = try r.unsigned() != 0 },
            dump: { v in .bool(v[keyPath: path]) })
    }

    /// An instant, as signed milliseconds since 1970, shown in ISO 8601.
    static func time(_ key: UInt8, _ name: String, _ path: FieldPath<Value, Timestamp>) -> Self {
        Self(
            key: key, name: name, tag: .signed,
            write: { v, w in w.field(key, signed: v[keyPath: path].milliseconds) },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = Timestamp(milliseconds: try r.signed()) },
            dump: { v in .string(v[keyPath: path].iso8601) })
    }

    /// One of an enumeration's values, shown by name; an unknown value is refused.
    static func choice<E: WireEnum>(_ key: UInt8, _ name: String, _ path: FieldPath<Value, E>) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in w.field(key, UInt64(v[keyPath: path].rawValue)) },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = try E.fromWire(try r.unsigned()) },
            dump: { v in .string(v[keyPath: path].name) })
    }

    /// An enumeration's value that may be absent (not written), shown as `null`.
    static func optionalChoice<E: WireEnum>(_ key: UInt8, _ name: String, _ path: FieldPath<Value, E?>)
        -> Self
    {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in if let e = v[keyPath: path] { w.field(key, UInt64(e.rawValue)) } },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = try E.fromWire(try r.unsigned()) },
            dump: { v in v[keyPath: path].map { .string($0.name) } ?? .null })
    }

    /// A list of an enumeration's values: the key once per element.
    static func choices<E: WireEnum>(_ key: UInt8, _ name: String, _ path: FieldPath<Value, [E]>) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in for e in v[keyPath: path] { w.field(key, UInt64(e.rawValue)) } },
            read: { (v, r) throws(DeskError) in v[keyPath: path].append(try E.fromWire(try r.unsigned())) },
            dump: { v in .array(v[keyPath: path].map { .string($0.name) }) })
    }

    /// The complaint an event is about, as its number (0, missing, is refused when the event is
    /// made), shown as `C-000042`.
    static func complaint(_ path: FieldPath<Value, UInt64>) -> Self {
        Self(
            key: 1, name: "complaint", tag: .unsigned,
            write: { v, w in w.field(1, v[keyPath: path]) },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = try r.unsigned() },
            dump: { v in .string(complaintShown(v[keyPath: path])) })
    }

    /// The staff idea an event is about, as its number, shown as `S-0007`.
    static func idea(_ path: FieldPath<Value, UInt64>) -> Self {
        Self(
            key: 1, name: "idea", tag: .unsigned,
            write: { v, w in w.field(1, v[keyPath: path]) },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = try r.unsigned() },
            dump: { v in .string(ideaShown(v[keyPath: path])) })
    }

    /// A complaint or staff idea number that may be absent: not written, shown as `null`.
    static func optionalNumber(
        _ key: UInt8, _ name: String, _ path: FieldPath<Value, UInt64?>,
        shown: @escaping @Sendable (UInt64) -> String
    ) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in if let n = v[keyPath: path] { w.field(key, n) } },
            read: { (v, r) throws(DeskError) in v[keyPath: path] = try r.unsigned() },
            dump: { v in v[keyPath: path].map { .string(shown($0)) } ?? .null })
    }

    /// A value described by its own table, written as one nested field list.
    static func nested<Inner>(
        _ key: UInt8, _ name: String, _ table: FieldTable<Inner>, _ path: FieldPath<Value, Inner>
    ) -> Self {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in table.write(v[keyPath: path], nestedAs: key, into: &w) },
            read: { (v, r) throws(DeskError) in try table.readNested(into: &v[keyPath: path], from: &r) },
            dump: { v in .object(table.dump(v[keyPath: path])) })
    }

    /// A list of values described by their own table: one nested field list per element, each
    /// read from `empty`.
    static func nestedList<Inner>(
        _ key: UInt8, _ name: String, _ table: FieldTable<Inner>, _ path: FieldPath<Value, [Inner]>,
        empty: Inner, shown: (@Sendable ([Inner]) -> JSONText)? = nil
    ) -> Self {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in for e in v[keyPath: path] { table.write(e, nestedAs: key, into: &w) } },
            read: { (v, r) throws(DeskError) in
                var e = empty
                try table.readNested(into: &e, from: &r)
                v[keyPath: path].append(e)
            },
            dump: { v in
                let list = v[keyPath: path]
                return shown?(list) ?? .array(list.map { .object(table.dump($0)) })
            })
    }
}

/// A complaint number as the dump shows it, `C-000042`.
func complaintShown(_ n: UInt64) -> String { ComplaintID(UInt32(truncatingIfNeeded: n)).description }

/// A staff idea number as the dump shows it, `S-0007`.
func ideaShown(_ n: UInt64) -> String { StaffIdeaID(UInt32(truncatingIfNeeded: n)).description }
