// libFuzzer target: EC2's (and STS's) XML answers. The input is a response
// body: `XMLReader` reads it, then every reader of a root element this package
// has takes its turn, and `EC2Query.result(from:)` judges it as a 200 answer.
// Each may throw; none may trap, hang or leak, and the tree is never deeper
// than `XMLReader.maxDepth`.
import FoundationEssentials
import HTTPTransport
@testable import AWSAccess

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
    let reader = XMLReader()
    let root: XMLElement
    do {
        root = try reader.read(bytes)
    } catch {
        _ = error.description
        judge(bytes, action: "DescribeVpcs")
        return 0
    }
    let depth = depth(of: root)
    guard depth <= reader.maxDepth else { fatalError("a tree \(depth) deep, over the limit of \(reader.maxDepth)") }

    _ = try? EC2Page<EC2Vpc>(root)
    _ = try? EC2Page<EC2Subnet>(root)
    _ = try? EC2Page<EC2InstanceType>(root)
    _ = try? EC2Page<EC2SpotInstanceRequest>(root)
    _ = try? EC2Page<EC2CancelledSpotInstanceRequest>(root)
    _ = try? EC2Instance.page(root)
    _ = try? CallerIdentity(response: root)
    _ = try? AssumedRole(response: root)
    _ = QueryErrorBody(root)
    // As the answer to the action the root names, so that the success path is reached too.
    judge(bytes, action: root.name.hasSuffix("Response") ? String(root.name.dropLast("Response".count)) : root.name)
    return 0
}

/// `result(from:)` on a 200 answer: the root it returns is the one asked for.
func judge(_ bytes: [UInt8], action: String) {
    let response = HTTPResponse(status: 200, headers: [HTTPHeader("x-amzn-RequestId", "header-id")], body: Data(bytes))
    do {
        let root = try EC2Query(action: action).result(from: response)
        guard root.name == "\(action)Response" else { fatalError("result(from:) returned <\(root.name)> for \(action)") }
    } catch {
        guard error.httpStatus == 200, !error.code.isEmpty else { fatalError("result(from:) threw \(error)") }
        _ = error.description
    }
}

/// Iterative, so that the check itself cannot overflow the stack.
func depth(of root: XMLElement) -> Int {
    var deepest = 0
    var pending: [(XMLElement, Int)] = [(root, 1)]
    while let (element, level) = pending.popLast() {
        deepest = max(deepest, level)
        for child in element.children { pending.append((child, level + 1)) }
    }
    return deepest
}
