import Foundation

/// A request as the SigV4 vectors write it: request line, `Name:value`
/// headers (a line starting with whitespace continues the previous value),
/// an empty line, the body. The target may contain raw spaces and UTF-8.
struct RawHTTPRequest {
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(parsing text: String) throws {
        let (head, body) = text.firstRange(of: "\n\n").map {
            (String(text[..<$0.lowerBound]), String(text[$0.upperBound...]))
        } ?? (text, "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let lastSpace = requestLine.lastIndex(of: " "),
              firstSpace < lastSpace else { throw Malformed(line: requestLine) }
        method = String(requestLine[..<firstSpace])
        target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        headers = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            } else {
                throw Malformed(line: line)
            }
        }
        self.body = Array(body.utf8)
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    struct Malformed: Error { var line: String }
}
