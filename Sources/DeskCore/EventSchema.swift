// The one definition of each event type's fields, which encoding, decoding and `desk log dump`
// all read: a table of fields, each with its wire key and tag, its name in the dump, and how it is
// taken from and put into the event's value.

/// What follows a field's key on the wire.
enum WireTag: UInt8, Sendable {
    /// An unsigned varint.
    case unsigned = 0
    /// Length-prefixed bytes: UTF-8 text, raw bytes or a nested field list.
    case bytes = 1
    /// A zigzag-encoded signed varint.
    case signed = 2

    var name: String {
        switch self {
        case .unsigned: "unsigned"
        case .bytes: "bytes"
        case .signed: "signed"
        }
    }
}

/// One field of an event type (or of a nested value): everything the three readers of the
/// schema need to know about it.
struct FieldSpec<Value: Sendable>: Sendable {
    /// The field's key on the wire; never reused for another meaning.
    let key: UInt8
    /// Its name in `desk log dump` and in error messages.
    let name: String
    let tag: WireTag
    /// Writes the field: once, once per element of a list, or not at all when it is left out.
    let write: @Sendable (Value, inout Writer) -> Void
    /// Reads one occurrence, whose key and tag have been read and checked, into the value.
    let read: @Sendable (inout Value, inout Reader) throws(DeskError) -> Void
    /// The field's JSON in the dump; nil leaves it out of the line.
    let dump: @Sendable (Value) -> JSONText?
}

/// The fields of one event type, or of a value nested in one (a customer, a weekday's hours).
struct FieldTable<Value: Sendable>: Sendable {
    /// The event type (and nested value) the fields belong to, for error messages.
    let name: String
    /// In the order they are written.
    let fields: [FieldSpec<Value>]
    /// Index into `fields` by key; -1 for a key this desk does not know.
    private let slots: [Int8]
    /// Each field's tag and reader, by index, apart from the rest so that decoding touches only
    /// these (copying a whole `FieldSpec` costs a retain and release of each of its closures).
    private let tags: [UInt8]
    private let readers: [@Sendable (inout Value, inout Reader) throws(DeskError) -> Void]
    /// Indices into `fields`, in the order the dump shows them.
    private let dumpOrder: [Int]

    /// `dumpOrder` lists keys in the order the dump shows them, when that is not the wire order.
    init(_ name: String, dumpOrder keys: [UInt8]? = nil, _ fields: [FieldSpec<Value>]) {
        var slots = [Int8](repeating: -1, count: 256)
        for (index, field) in fields.enumerated() {
            precondition(slots[Int(field.key)] < 0, "\(name): key \(field.key) is defined twice")
            slots[Int(field.key)] = Int8(index)
        }
        self.name = name
        self.fields = fields
        self.slots = slots
        self.tags = fields.map(\.tag.rawValue)
        self.readers = fields.map(\.read)
        let order = keys.map { $0.map { Int(slots[Int($0)]) } } ?? Array(fields.indices)
        precondition(Set(order).count == fields.count && !order.contains(-1), "\(name): dump order")
        self.dumpOrder = order
    }

    func write(_ value: Value, into w: inout Writer) {
        for field in fields { field.write(value, &w) }
    }

    /// Reads `count` fields into `value`: an unknown key is skipped, a known key with another
    /// tag than its own is refused.
    func read(_ count: Int, into value: inout Value, from r: inout Reader) throws(DeskError) {
        for _ in 0..<count {
            let key = try r.byte()
            let tag = try r.byte()
            let slot = Int(slots[Int(key)])
            guard slot >= 0 else {
                try r.skip(tag)
                continue
            }
            guard tag == tags[slot] else { throw wrongTag(fields[slot], tag) }
            try readers[slot](&value, &r)
        }
    }

    private func wrongTag(_ field: FieldSpec<Value>, _ tag: UInt8) -> DeskError {
        let found = WireTag(rawValue: tag).map { "\(tag) (\($0.name))" } ?? "\(tag)"
        return EventCodec.corrupt(
            "\(name) field \(field.name) (key \(field.key)) has wire tag \(found), expected \(field.tag.rawValue) (\(field.tag.name))"
        )
    }

    /// Writes `value` as a nested field list: its own count, then its fields, as one bytes value.
    func write(_ value: Value, nestedAs key: UInt8, into w: inout Writer) {
        var n = Writer()
        write(value, into: &n)
        w.field(key, nested: n)
    }

    /// Reads a nested field list (a bytes value holding a count and the fields, and nothing else).
    func readNested(into value: inout Value, from r: inout Reader) throws(DeskError) {
        var n = Reader(try r.bytes())
        let count = try n.unsigned()
        guard count <= UInt64(n.remaining) else {
            throw EventCodec.corrupt("nested field count \(count) is too large")
        }
        try read(Int(count), into: &value, from: &n)
        guard n.atEnd else { throw EventCodec.corrupt("unexpected bytes in a nested value") }
    }

    /// The fields the dump shows, in its order.
    func dump(_ value: Value) -> [(String, JSONText)] {
        var out: [(String, JSONText)] = []
        out.reserveCapacity(dumpOrder.count)
        for index in dumpOrder {
            if let json = fields[index].dump(value) { out.append((fields[index].name, json)) }
        }
        return out
    }
}

/// One event type: its code, its fields, and how its value is taken from and made into a
/// `DeskEvent`. `Value` holds what the fields hold, with the default a missing field leaves.
struct EventSchema<Value: Sendable>: Sendable {
    let code: EventCodec.Code
    /// What decoding starts from: every field as if it were absent.
    let empty: Value
    let table: FieldTable<Value>
    /// The event's value; nil for an event of another type.
    let value: @Sendable (DeskEvent) -> Value?
    /// The event from a decoded value, refusing what no event can hold (a missing complaint id).
    let event: @Sendable (Value) throws(DeskError) -> DeskEvent

    init(
        _ code: EventCodec.Code, empty: Value, dumpOrder: [UInt8]? = nil, _ fields: [FieldSpec<Value>],
        value: @escaping @Sendable (DeskEvent) -> Value?,
        event: @escaping @Sendable (Value) throws(DeskError) -> DeskEvent
    ) {
        self.code = code
        self.empty = empty
        self.table = FieldTable("\(code)", dumpOrder: dumpOrder, fields)
        self.value = value
        self.event = event
    }

    /// The same schema with its value type hidden, so that every event type sits in one list.
    var erased: AnyEventSchema {
        AnyEventSchema(
            code: code,
            encode: { event, w in
                guard let v = value(event) else { preconditionFailure("\(event) is not a \(code)") }
                table.write(v, into: &w)
            },
            decode: { (r: inout Reader, count: Int) throws(DeskError) -> DeskEvent in
                var v = empty
                try table.read(count, into: &v, from: &r)
                return try event(v)
            },
            dump: { event in value(event).map { table.dump($0) } ?? [] })
    }
}

/// An event type's schema as the codec uses it, whatever its value type.
struct AnyEventSchema: Sendable {
    let code: EventCodec.Code
    let encode: @Sendable (DeskEvent, inout Writer) -> Void
    let decode: @Sendable (inout Reader, Int) throws(DeskError) -> DeskEvent
    let dump: @Sendable (DeskEvent) -> [(String, JSONText)]
}

/// An enumeration stored on the wire as its raw value and shown in the dump by name.
protocol WireEnum: RawRepresentable<UInt8>, Sendable {
    /// What the value is, in an error message: "unknown severity 9".
    static var wireName: String { get }
    var name: String { get }
}

extension WireEnum {
    static func fromWire(_ v: UInt64) throws(DeskError) -> Self {
        guard v <= UInt64(UInt8.max), let e = Self(rawValue: UInt8(v)) else {
            throw EventCodec.corrupt("unknown \(wireName) \(v)")
        }
        return e
    }
}

extension Severity: WireEnum { static var wireName: String { "severity" } }
extension Decision: WireEnum { static var wireName: String { "decision" } }
extension Acceptance: WireEnum { static var wireName: String { "acceptance" } }
extension Channel: WireEnum { static var wireName: String { "channel" } }
extension StaffIdeaKind: WireEnum { static var wireName: String { "idea kind" } }
extension StaffIdeaStatus: WireEnum { static var wireName: String { "idea status" } }
extension Measure: WireEnum { static var wireName: String { "measure" } }
