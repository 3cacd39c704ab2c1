import Foundation
import Testing

/// A CloudFormation template of the repository, read as JSON.
struct Template {
    let path: String
    let object: [String: Any]

    var parameters: [String: [String: Any]] { object["Parameters"] as? [String: [String: Any]] ?? [:] }
    var resources: [String: [String: Any]] { object["Resources"] as? [String: [String: Any]] ?? [:] }
    var outputs: [String: [String: Any]] { object["Outputs"] as? [String: [String: Any]] ?? [:] }

    func resources(ofType type: String) -> [String: [String: Any]] {
        resources.filter { $0.value["Type"] as? String == type }
    }

    var functions: [String: [String: Any]] { resources(ofType: "AWS::Lambda::Function") }

    /// Resources whose type is `Custom::<handler>`, by logical id.
    var customResources: [String: (handler: String, resource: [String: Any])] {
        var found: [String: (String, [String: Any])] = [:]
        for (name, resource) in resources {
            if let type = resource["Type"] as? String, type.hasPrefix("Custom::") { found[name] = (String(type.dropFirst(8)), resource) }
        }
        return found
    }

    /// Every value in the template that is an object with `key` (e.g. "Fn::ImportValue"), as that key's value.
    func intrinsics(_ key: String) -> [Any] {
        var found: [Any] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let inner = object[key] { found.append(inner) }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(object)
        return found
    }

    /// Every object in the template (to find `Metadata` blocks and the like).
    func objects() -> [[String: Any]] {
        var found: [[String: Any]] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                found.append(object)
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(object)
        return found
    }
}

enum Templates {
    static let all = ["template.json", "templates/desktop.json", "templates/generic-desktop-vm.json"]

    static func load(_ path: String) throws -> Template {
        let url = Packaging.root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Packaging.Missing(description: "\(path) is missing") }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Packaging.Missing(description: "\(path) is not a JSON object")
        }
        return Template(path: path, object: object)
    }

    /// The export or import name in `{"Fn::Sub": "${<prefix>}:<name>"}`, as `<name>`.
    static func crossStackName(_ value: Any?, prefix: String) -> String? {
        guard let text = (value as? [String: Any])?["Fn::Sub"] as? String, text.hasPrefix("${\(prefix)}:") else { return nil }
        return String(text.dropFirst(prefix.count + 4))
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The value at a path of keys, `nil` when any step is missing.
    func value(at path: [String]) -> Any? {
        var current: Any? = self
        for key in path {
            current = (current as? [String: Any])?[key]
        }
        return current
    }
}
