public import JSONKit

/// A property that is missing, malformed or unknown, by its path in the
/// request (`ResourceProperties.StackName`).
public struct PropertyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "property \(path) \(problem)" }
}

/// Reads `ResourceProperties`. CloudFormation sends numbers and booleans as
/// strings, so every reader takes strings; `ServiceToken` and `ServiceTimeout`
/// belong to CloudFormation and are always allowed.
public struct Properties: Sendable {
    public let values: [String: JSONValue]
    public let path: String

    public init(_ values: [String: JSONValue], path: String = "ResourceProperties") {
        self.values = values
        self.path = path
    }

    public func string(_ name: String) throws(PropertyError) -> String {
        guard let value = try optionalString(name) else {
            throw PropertyError(path: "\(path).\(name)", problem: "is required but missing")
        }
        return value
    }

    /// `nil` when absent, null or empty.
    public func optionalString(_ name: String) throws(PropertyError) -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        case .number, .bool:
            return values[name]!.serialized
        default:
            throw PropertyError(path: "\(path).\(name)", problem: "must be a string, not \(values[name]!.serialized.prefix(60))")
        }
    }

    public func bool(_ name: String, default fallback: Bool) throws(PropertyError) -> Bool {
        guard let text = try optionalString(name) else { return fallback }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw PropertyError(path: "\(path).\(name)", problem: "is \(text.debugDescription): expected true or false")
        }
    }

    /// Rejects names the handler does not know, suggesting the nearest known one.
    public func requireKnown(_ known: [String]) throws(PropertyError) {
        let allowed = Set(known + ["ServiceToken", "ServiceTimeout"])
        for name in values.keys.sorted() where !allowed.contains(name) {
            var problem = "is not a property of this resource"
            if let nearest = Self.nearest(to: name, in: known) { problem += "; did you mean \(nearest)?" } else { problem += "." }
            problem += " Known: \(known.joined(separator: ", "))"
            throw PropertyError(path: "\(path).\(name)", problem: problem)
        }
    }

    /// The known name within a small edit distance (case ignored), if any.
    static func nearest(to name: String, in known: [String]) -> String? {
        let scored = known.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, best.0.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
