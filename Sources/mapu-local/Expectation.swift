import Foundation

/// One line of a handler folder's `expected.json`: an event file, the Status
/// CloudFormation should get, and text its Reason should contain.
struct Expectation: Decodable {
    var event: String
    var status: String
    var reason: String?

    enum CodingKeys: String, CodingKey {
        case event
        case status = "Status"
        case reason = "Reason"
    }

    /// `DIR/<Handler>/expected.json` for every handler folder that has one, by name.
    static func load(from directory: String) throws -> [(handler: String, expectations: [Expectation])] {
        let folders = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        return try folders.compactMap { folder in
            let path = "\(directory)/\(folder)/expected.json"
            guard let data = FileManager.default.contents(atPath: path) else { return nil }
            do {
                return (folder, try JSONDecoder().decode([Expectation].self, from: data))
            } catch {
                throw Options.Invalid(description: "\(path) is not a list of {\"event\", \"Status\", \"Reason\"?}: \(error)")
            }
        }
    }

    /// What CloudFormation got, judged against this expectation.
    func verdict(status: String?, reason: String?) -> Bool {
        guard status == self.status else { return false }
        guard let expected = self.reason else { return true }
        return reason?.contains(expected) == true
    }
}
