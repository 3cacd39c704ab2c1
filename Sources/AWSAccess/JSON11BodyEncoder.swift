import FoundationEssentials

/// An `Encoder` that keeps object members in the order they are encoded,
/// which `JSONEncoder` does not. Optional members that are `nil` are left
/// out (synthesised `Encodable` uses `encodeIfPresent`); a `Date` becomes
/// whole epoch seconds and `Data` base64, as botocore sends them.
struct JSON11BodyEncoder {
    static func encode(_ value: some Encodable) throws -> JSON11Body {
        let root = Slot()
        try root.store(value, codingPath: [])
        return root.body
    }
}

/// Where one value goes; containers fill it in place.
private final class Slot {
    enum Content {
        case empty
        case value(JSON11Body)
        case object([(key: String, slot: Slot)])
        case array([Slot])
    }

    var content = Content.empty

    var body: JSON11Body {
        switch content {
        // A value that encoded nothing is an empty object, as with JSONEncoder.
        case .empty: .object([])
        case .value(let body): body
        case .object(let members): .object(members.map { (key: $0.key, value: $0.slot.body) })
        case .array(let items): .array(items.map(\.body))
        }
    }

    /// The slot of member `key`, replacing an earlier one of that name.
    func member(_ key: String) -> Slot {
        let slot = Slot()
        guard case .object(var members) = content else { content = .object([(key, slot)]); return slot }
        if let index = members.firstIndex(where: { $0.key == key }) { members[index].slot = slot } else { members.append((key, slot)) }
        content = .object(members)
        return slot
    }

    func appendItem() -> Slot {
        let slot = Slot()
        guard case .array(var items) = content else { content = .array([slot]); return slot }
        items.append(slot)
        content = .array(items)
        return slot
    }

    func store(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        if let body = try Self.primitive(value, codingPath: codingPath) {
            content = .value(body)
        } else {
            try value.encode(to: SlotEncoder(slot: self, codingPath: codingPath))
        }
    }

    private static func primitive(_ value: Any, codingPath: [any CodingKey]) throws -> JSON11Body? {
        switch value {
        case let value as String: return .string(value)
        case let value as Bool: return .bool(value)
        case let value as any BinaryInteger: return .number(String(describing: value))
        case let value as Double: return try number(value, codingPath: codingPath)
        case let value as Float: return try number(Double(value), codingPath: codingPath)
        case let value as Date: return .number(String(Int64(value.timeIntervalSince1970.rounded(.down))))
        case let value as Data: return .string(value.base64EncodedString())
        default: return nil
        }
    }

    private static func number(_ value: Double, codingPath: [any CodingKey]) throws -> JSON11Body {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) is not a JSON number"))
        }
        return .number("\(value)")
    }
}

private struct SlotEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = slot.content {} else { slot.content = .object([]) }
        return KeyedEncodingContainer(KeyedSlotContainer(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = slot.content {} else { slot.content = .array([]) }
        return UnkeyedSlotContainer(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleSlotContainer(slot: slot, codingPath: codingPath)
    }
}

/// The primitive overloads of these protocols default to the generic
/// `encode`, which `Slot.store` turns into JSON.
private struct KeyedSlotContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { slot.member(key.stringValue).content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try slot.member(key.stringValue).store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { SlotEncoder(slot: slot.member("super"), codingPath: codingPath) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SlotEncoder(slot: slot.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedSlotContainer: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    var count: Int {
        if case .array(let items) = slot.content { return items.count }
        return 0
    }

    mutating func encodeNil() throws { slot.appendItem().content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try slot.appendItem().store(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        SlotEncoder(slot: slot.appendItem(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        SlotEncoder(slot: slot.appendItem(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { SlotEncoder(slot: slot.appendItem(), codingPath: codingPath) }
}

private struct SingleSlotContainer: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.content = .value(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try slot.store(value, codingPath: codingPath)
    }
}
