// The kinds of field an event schema is made of: each writes, reads and shows one part of the
// event's value, which it reaches through a getter and a setter (or an appender, for a list).
// Plain closures rather than key paths: a key path costs a generic runtime lookup on every
// access, which halved decoding speed.

typealias Getter<Value, Part> = @Sendable (Value) -> Part
typealias Setter<Value, Part> = @Sendable (inout Value, Part) -> Void

extension FieldSpec {
    /// Text; with `omitEmpty`, empty text is not written (and reads back as empty). With
    /// `dumpEmpty` false, empty text is left out of the dump too (a field added later: older
    /// records dump as they always did).
    static func text(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, String>,
        _ set: @escaping Setter<Value, String>, omitEmpty: Bool = false, dumpEmpty: Bool = true
    )
        -> Self
    {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in
                let s = get(v)
                if !omitEmpty || !s.isEmpty { w.field(key, s) }
            },
            read: { (v, r) throws(DeskError) in set(&v, try r.string()) },
            dump: { v in
                let s = get(v)
                return !dumpEmpty && s.isEmpty ? nil : .string(s)
            })
    }

    /// Text that may be absent (not written), shown as `null`.
    static func optionalText(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, String?>,
        _ set: @escaping Setter<Value, String?>
    ) -> Self {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in if let s = get(v) { w.field(key, s) } },
            read: { (v, r) throws(DeskError) in set(&v, try r.string()) },
            dump: { v in get(v).map { .string($0) } ?? .null })
    }

    /// A list of texts: the key once per element, in order. With `omitEmpty`, an empty list is
    /// left out of the dump too (a field added later: older records dump as they always did).
    static func texts(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, [String]>,
        _ append: @escaping Setter<Value, String>, omitEmpty: Bool = false
    ) -> Self {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in for s in get(v) { w.field(key, s) } },
            read: { (v, r) throws(DeskError) in append(&v, try r.string()) },
            dump: { v in
                let list = get(v)
                return omitEmpty && list.isEmpty ? nil : .array(list.map { .string($0) })
            })
    }

    /// A count or version, never negative on the wire (a negative one is written as 0). With
    /// `omitting`, that value is not written (a reader takes it as the default): records written
    /// before the field existed then read and re-encode to the same bytes.
    static func count(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, Int>,
        _ set: @escaping Setter<Value, Int>,
        omitting implied: Int? = nil
    ) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in
                let n = get(v)
                if n != implied { w.field(key, UInt64(max(0, n))) }
            },
            read: { (v, r) throws(DeskError) in set(&v, Int(clamping: try r.unsigned())) },
            dump: { v in .int(Int64(get(v))) })
    }

    /// A count that may be absent: not written, and left out of the dump.
    static func optionalCount(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, Int?>,
        _ set: @escaping Setter<Value, Int?>
    ) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in if let n = get(v) { w.field(key, UInt64(max(0, n))) } },
            read: { (v, r) throws(DeskError) in set(&v, Int(clamping: try r.unsigned())) },
            dump: { v in get(v).map { .int(Int64($0)) } })
    }

    /// A raw unsigned number, as written, shown as a number.
    static func unsigned(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, UInt64>,
        _ set: @escaping Setter<Value, UInt64>
    ) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in w.field(key, get(v)) },
            read: { (v, r) throws(DeskError) in set(&v, try r.unsigned()) },
            dump: { v in .int(Int64(clamping: get(v))) })
    }

    /// Yes or no, written as 1 or 0 (anything but 0 reads as yes).
    static func flag(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, Bool>,
        _ set: @escaping Setter<Value, Bool>
    ) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in w.field(key, get(v) ? 1 : 0) },
            read: { (v, r) throws(DeskError) in set(&v, try r.unsigned() != 0) },
            dump: { v in .bool(get(v)) })
    }

    /// An instant, as signed milliseconds since 1970, shown in ISO 8601.
    static func time(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, Timestamp>,
        _ set: @escaping Setter<Value, Timestamp>
    ) -> Self {
        Self(
            key: key, name: name, tag: .signed,
            write: { v, w in w.field(key, signed: get(v).milliseconds) },
            read: { (v, r) throws(DeskError) in set(&v, Timestamp(milliseconds: try r.signed())) },
            dump: { v in .string(get(v).iso8601) })
    }

    /// An instant that may be absent: not written, and left out of the dump (a field added later:
    /// older records re-encode and dump as they always did).
    static func optionalTime(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, Timestamp?>,
        _ set: @escaping Setter<Value, Timestamp?>
    ) -> Self {
        Self(
            key: key, name: name, tag: .signed,
            write: { v, w in if let t = get(v) { w.field(key, signed: t.milliseconds) } },
            read: { (v, r) throws(DeskError) in set(&v, Timestamp(milliseconds: try r.signed())) },
            dump: { v in get(v).map { .string($0.iso8601) } })
    }

    /// A count added to an event later: `implied` is neither written nor dumped, so older records
    /// re-encode and dump as they always did.
    static func laterCount(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, Int>,
        _ set: @escaping Setter<Value, Int>, omitting implied: Int
    ) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in
                let n = get(v)
                if n != implied { w.field(key, UInt64(max(0, n))) }
            },
            read: { (v, r) throws(DeskError) in set(&v, Int(clamping: try r.unsigned())) },
            dump: { v in get(v) == implied ? nil : .int(Int64(get(v))) })
    }

    /// One of an enumeration's values, shown by name; an unknown value is refused.
    static func choice<E: WireEnum>(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, E>, _ set: @escaping Setter<Value, E>
    ) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in w.field(key, UInt64(get(v).rawValue)) },
            read: { (v, r) throws(DeskError) in set(&v, try E.fromWire(try r.unsigned())) },
            dump: { v in .string(get(v).name) })
    }

    /// An enumeration's value that may be absent (not written), shown as `null`.
    static func optionalChoice<E: WireEnum>(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, E?>, _ set: @escaping Setter<Value, E?>
    )
        -> Self
    {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in if let e = get(v) { w.field(key, UInt64(e.rawValue)) } },
            read: { (v, r) throws(DeskError) in set(&v, try E.fromWire(try r.unsigned())) },
            dump: { v in get(v).map { .string($0.name) } ?? .null })
    }

    /// A list of an enumeration's values: the key once per element.
    static func choices<E: WireEnum>(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, [E]>,
        _ append: @escaping Setter<Value, E>
    ) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in for e in get(v) { w.field(key, UInt64(e.rawValue)) } },
            read: { (v, r) throws(DeskError) in append(&v, try E.fromWire(try r.unsigned())) },
            dump: { v in .array(get(v).map { .string($0.name) }) })
    }

    /// The complaint an event is about, as its number (0, missing, is refused when the event is
    /// made), shown as `C-000042`.
    static func complaint(_ get: @escaping Getter<Value, UInt64>, _ set: @escaping Setter<Value, UInt64>)
        -> Self
    {
        Self(
            key: 1, name: "complaint", tag: .unsigned,
            write: { v, w in w.field(1, get(v)) },
            read: { (v, r) throws(DeskError) in set(&v, try r.unsigned()) },
            dump: { v in .string(complaintShown(get(v))) })
    }

    /// The staff idea an event is about, as its number, shown as `S-0007`.
    static func idea(_ get: @escaping Getter<Value, UInt64>, _ set: @escaping Setter<Value, UInt64>) -> Self {
        Self(
            key: 1, name: "idea", tag: .unsigned,
            write: { v, w in w.field(1, get(v)) },
            read: { (v, r) throws(DeskError) in set(&v, try r.unsigned()) },
            dump: { v in .string(ideaShown(get(v))) })
    }

    /// A complaint or staff idea number that may be absent: not written, shown as `null`.
    static func optionalNumber(
        _ key: UInt8, _ name: String, _ get: @escaping Getter<Value, UInt64?>,
        _ set: @escaping Setter<Value, UInt64?>,
        shown: @escaping @Sendable (UInt64) -> String
    ) -> Self {
        Self(
            key: key, name: name, tag: .unsigned,
            write: { v, w in if let n = get(v) { w.field(key, n) } },
            read: { (v, r) throws(DeskError) in set(&v, try r.unsigned()) },
            dump: { v in get(v).map { .string(shown($0)) } ?? .null })
    }

    /// A value described by its own table, written as one nested field list.
    static func nested<Inner>(
        _ key: UInt8, _ name: String, _ table: FieldTable<Inner>, _ get: @escaping Getter<Value, Inner>,
        _ set: @escaping Setter<Value, Inner>
    ) -> Self {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in table.write(get(v), nestedAs: key, into: &w) },
            read: { (v, r) throws(DeskError) in
                var inner = get(v)
                try table.readNested(into: &inner, from: &r)
                set(&v, inner)
            },
            dump: { v in .object(table.dump(get(v))) })
    }

    /// A list of values described by their own table: one nested field list per element, each
    /// read from `empty`.
    static func nestedList<Inner>(
        _ key: UInt8, _ name: String, _ table: FieldTable<Inner>, _ get: @escaping Getter<Value, [Inner]>,
        _ append: @escaping Setter<Value, Inner>,
        empty: Inner, shown: (@Sendable ([Inner]) -> JSONText)? = nil
    ) -> Self {
        Self(
            key: key, name: name, tag: .bytes,
            write: { v, w in for e in get(v) { table.write(e, nestedAs: key, into: &w) } },
            read: { (v, r) throws(DeskError) in
                var e = empty
                try table.readNested(into: &e, from: &r)
                append(&v, e)
            },
            dump: { v in
                let list = get(v)
                return shown?(list) ?? .array(list.map { .object(table.dump($0)) })
            })
    }
}

/// A complaint number as the dump shows it, `C-000042`.
func complaintShown(_ n: UInt64) -> String { ComplaintID(UInt32(truncatingIfNeeded: n)).description }

/// A staff idea number as the dump shows it, `S-0007`.
func ideaShown(_ n: UInt64) -> String { StaffIdeaID(UInt32(truncatingIfNeeded: n)).description }
