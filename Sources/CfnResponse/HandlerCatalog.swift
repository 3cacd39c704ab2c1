public import HTTPTransport

/// The custom resources a function can serve, by the name `_HANDLER` gives.
/// The runtime builds the named one once, at start-up.
public protocol HandlerCatalog {
    static var names: [String] { get }

    /// The handler called `name`. Throws `UnknownHandler` for a name not in
    /// `names`, and the configuration error when the environment is broken.
    static func make(_ name: String, environment: [String: String], transport: any HTTPTransport) throws -> any CustomResourceHandler
}

public struct UnknownHandler: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var known: [String]

    public init(name: String, known: [String]) {
        self.name = name
        self.known = known
    }

    public var description: String {
        "unknown handler \(name.debugDescription) in _HANDLER: this runtime has \(known.joined(separator: ", "))"
    }
}
