public import Foundation

/// Files the tests read: the recorded events in `events/` (shared with
/// mapu-local) and the data in `../shared/` beside the repository.
public enum Fixtures {
    /// The repository's root, found from this source file's place in it.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `events/<handler>/<name>.json`.
    public static func event(_ handler: String, _ name: String) throws -> Data {
        let url = repositoryRoot.appendingPathComponent("events/\(handler)/\(name).json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Missing(description: "recorded event \(url.path) is missing")
        }
        return data
    }

    /// A recorded event as a JSON object, to change a field for a test.
    public static func eventObject(_ handler: String, _ name: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: try event(handler, name)) as? [String: Any] else {
            throw Missing(description: "events/\(handler)/\(name).json is not a JSON object")
        }
        return object
    }

    public static func json(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// `../shared/<path>`, or `nil` when the shared data is not beside the repository.
    public static func shared(_ path: String) -> URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/\(path)")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    public struct Missing: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }
}
