/// A desktop stack's name, `<user>-<family>-<size>-<purpose>`: the last
/// three `-`-separated parts are the instance family, size and purpose;
/// everything before them is the user name, which may itself contain `-`
/// (`asher-sterkin-t4g-large-desktop` → user `asher-sterkin`, `t4g.large`,
/// purpose `desktop`).
public struct DesktopStackName: Sendable, Equatable {
    public var userName: String
    public var instanceFamily: String
    public var instanceSize: String
    public var purpose: String

    public var instanceType: String { "\(instanceFamily).\(instanceSize)" }

    public static let example = "asher-sterkin-t4g-large-desktop"

    /// Throws `HandlerFailure` naming the value, what was expected and an example.
    public init(parsing name: String) throws(HandlerFailure) {
        func refuse(_ problem: String) -> HandlerFailure {
            HandlerFailure("StackName \(name.debugDescription) \(problem): expected <user>-<family>-<size>-<purpose>, e.g. \(Self.example)")
        }
        guard !name.isEmpty else { throw refuse("is empty") }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw refuse("has characters other than letters, digits and -")
        }
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 4 else { throw refuse("has \(parts.count) part\(parts.count == 1 ? "" : "s")") }
        guard !parts.contains(where: \.isEmpty) else { throw refuse("has an empty part (a leading, trailing or doubled -)") }
        let family = parts[parts.count - 3]
        guard let first = family.first, first.isLetter, family.contains(where: \.isNumber) else {
            throw refuse("has \(family.debugDescription) where an instance family such as t4g, m7g or t3 belongs")
        }
        userName = parts.dropLast(3).joined(separator: "-")
        instanceFamily = family
        instanceSize = parts[parts.count - 2]
        purpose = parts[parts.count - 1]
    }
}
