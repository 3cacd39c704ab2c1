public import CfnResponse

/// A handler's own failure, not AWS's: its text is the Reason's summary,
/// and says what was wrong, what was expected and an example where one helps.
public struct HandlerFailure: DiagnosableError, Equatable, CustomStringConvertible {
    public var summary: String

    public init(_ summary: String) {
        self.summary = summary
    }

    public var description: String { summary }
}
