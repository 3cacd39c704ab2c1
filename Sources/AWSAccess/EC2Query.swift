public import FoundationEssentials
import HTTPTransport

/// One EC2 filter: resources match if `name` has any of `values`.
public struct EC2Filter: Sendable, Equatable {
    public var name: String
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

/// An EC2 API call as a pure value: the action and its parameters, encoded
/// the way the EC2 Query protocol wants them in a POST body. Signing and
/// sending are someone else's job.
public struct EC2Query: Sendable, Equatable {
    public static let apiVersion = "2016-11-15"
    /// The `Content-Type` the body must be sent with.
    public static let contentType = AWSQuery.contentType
    /// The name EC2 goes by in errors (`AWSError.service`) and in signing.
    public static let service = "EC2"

    public enum Parameter: Sendable, Equatable {
        /// `name=value`.
        case value(String, String)
        /// `name.1=…&name.2=…`, e.g. `VpcId.1`.
        case list(String, [String])
        /// `Filter.N.Name` and `Filter.N.Value.M`.
        case filters([EC2Filter])
    }

    public var action: String
    public var parameters: [Parameter]

    public init(action: String, parameters: [Parameter] = []) {
        self.action = action
        self.parameters = parameters
    }

    /// The flat name/value pairs in the order they are sent: `Action`,
    /// `Version`, then `parameters` in the order given. Numbering is 1-based
    /// and carries on across repeated lists of one name and repeated
    /// `.filters`, so no two pairs share a name.
    public var fields: [(name: String, value: String)] {
        var fields = [("Action", action), ("Version", Self.apiVersion)]
        var listCounts: [String: Int] = [:]
        var filterCount = 0
        for parameter in parameters {
            switch parameter {
            case .value(let name, let value):
                fields.append((name, value))
            case .list(let name, let values):
                for value in values {
                    listCounts[name, default: 0] += 1
                    fields.append(("\(name).\(listCounts[name, default: 0])", value))
                }
            case .filters(let filters):
                for filter in filters {
                    filterCount += 1
                    fields.append(("Filter.\(filterCount).Name", filter.name))
                    for (index, value) in filter.values.enumerated() {
                        fields.append(("Filter.\(filterCount).Value.\(index + 1)", value))
                    }
                }
            }
        }
        return fields
    }

    /// `fields` form-encoded as every Query body is (`AWSQuery.formEncoded`).
    public var bodyString: String { AWSQuery.formEncoded(fields) }

    /// The request body: `bodyString` as UTF-8.
    public var body: Data { Data(bodyString.utf8) }
}
