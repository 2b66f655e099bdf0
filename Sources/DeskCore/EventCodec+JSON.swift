extension EventCodec {
    /// One JSON object on one line, with readable names, for `desk log dump`.
    public static func jsonLine(_ bytes: [UInt8]) throws(DeskError) -> String {
        jsonLine(try decode(bytes))
    }

    /// One JSON object on one line, e.g.
    /// `{"type":"claimed","actor":"maria","at":"2026-11-25T10:42:00Z","complaint":"C-000001","clerk":"maria"}`.
    public static func jsonLine(_ recorded: RecordedEvent) -> String {
        var fields: [(String, JSONText)] = [
            ("type", .string(typeName(of: recorded.event))),
            ("actor", .string(recorded.actor)),
            ("at", .string(recorded.at.iso8601)),
        ]
        // The event's own fields, as its schema names and orders them (a complaint's id first).
        fields += schema(code(of: recorded.event)).dump(recorded.event)
        return JSONText.object(fields).encoded()
    }
}
