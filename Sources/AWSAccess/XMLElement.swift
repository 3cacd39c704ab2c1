import FoundationEssentials

/// One element of a document read by `XMLReader`: just what AWS Query and EC2
/// responses need. Attributes are dropped (AWS puts nothing in them that a
/// caller needs) and names are local names (`ec2:vpcId` becomes `vpcId`),
/// because AWS declares one default namespace and never relies on prefixes.
public struct XMLElement: Sendable, Equatable {
    /// The local name: the part after the last `:` of the tag name.
    public var name: String
    /// The character data directly inside this element, entities decoded and
    /// CDATA included, in document order; text inside child elements is not
    /// part of it. For a container of a pretty-printed document this is the
    /// indentation; for a leaf such as `<vpcId>vpc-1</vpcId>` it is the value.
    public var text: String
    public var children: [XMLElement]

    public init(name: String, text: String = "", children: [XMLElement] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first direct child called `name`, or `nil`.
    public func child(named name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// Every direct child called `name`, in document order; empty if none.
    public func children(named name: String) -> [XMLElement] {
        children.filter { $0.name == name }
    }

    /// Follows direct children by name: `response["Errors", "Error"]` is the
    /// first `<Error>` inside the first `<Errors>`. `nil` as soon as one step
    /// is missing; with no names, the element itself.
    public subscript(_ path: String...) -> XMLElement? {
        var element = self
        for name in path {
            guard let next = element.child(named: name) else { return nil }
            element = next
        }
        return element
    }

    /// The `<item>` children, which is how EC2 writes every list
    /// (`<vpcSet><item>…</item><item>…</item></vpcSet>`).
    public var items: [XMLElement] { children(named: "item") }

    /// The text of the first direct child called `name`, or `nil` if there is
    /// no such child. An empty element (`<nextToken/>`) gives `""`.
    public func text(of name: String) -> String? {
        child(named: name)?.text
    }
}
