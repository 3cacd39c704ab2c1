import FoundationEssentials

/// Reads an XML document into an `XMLElement` tree: enough XML for AWS Query
/// and EC2 responses, and no more.
///
/// Understood: elements (self-closing too), attributes (checked, then
/// dropped), character data with the five predefined entities and `&#NN;` /
/// `&#xHH;` references, CDATA, comments, processing instructions and the XML
/// declaration (skipped), and a UTF-8 byte order mark. Refused: anything not
/// well-formed, DOCTYPE declarations, input that is not UTF-8 or holds
/// characters XML forbids, and elements nested deeper than `maxDepth`.
///
/// The reader never crashes and always finishes, on any input: time is linear
/// in the input, and nesting is bounded because the tree it builds is walked
/// recursively (comparison, destruction) and must not exhaust the stack.
public struct XMLReader: Sendable {
    /// Deep enough for any AWS response (they nest fewer than 20 levels).
    public static let defaultMaxDepth = 256

    /// The most elements that may be open at once; the root counts as one.
    public var maxDepth: Int

    public init(maxDepth: Int = XMLReader.defaultMaxDepth) {
        self.maxDepth = max(1, maxDepth)
    }

    /// The root element of `text`'s UTF-8 encoding.
    ///
    /// - Throws: `XMLError` naming the byte offset and the problem, for any
    ///   document that is not well-formed or not supported (see the type).
    public func read(_ text: String) throws(XMLError) -> XMLElement {
        try read(Array(text.utf8))
    }

    /// The root element of the UTF-8 document `bytes`.
    ///
    /// - Throws: `XMLError` naming the byte offset and the problem, for any
    ///   document that is not well-formed or not supported (see the type).
    public func read(_ bytes: some Collection<UInt8>) throws(XMLError) -> XMLElement {
        var scanner = XMLScanner(Array(bytes))
        try scanner.validateCharacters()
        scanner.skipByteOrderMark()
        try skipMiscellany(&scanner)
        guard let first = scanner.current else { throw XMLError(offset: scanner.position, .noRootElement) }
        guard first == .lessThan else {
            throw XMLError(offset: scanner.position, .unexpectedCharacter(found: first, expected: "'<'"))
        }
        let root = try readElement(&scanner)
        try skipMiscellany(&scanner)
        guard scanner.atEnd else { throw XMLError(offset: scanner.position, .contentAfterRoot) }
        return root
    }

    /// Skips what may surround the root element: whitespace, comments and
    /// processing instructions.
    private func skipMiscellany(_ scanner: inout XMLScanner) throws(XMLError) {
        while true {
            scanner.skipWhitespace()
            if scanner.hasPrefix(XMLScanner.processingInstructionOpen) {
                try scanner.skipProcessingInstruction()
            } else if scanner.hasPrefix(XMLScanner.commentOpen) {
                try scanner.skipComment()
            } else if scanner.hasPrefix(XMLScanner.doctypeOpen) {
                throw XMLError(offset: scanner.position, .doctypeNotSupported)
            } else {
                return
            }
        }
    }

    private struct OpenElement {
        var qualifiedName: String
        var element: XMLElement
        var text: [UInt8] = []

        var finished: XMLElement {
            var element = element
            element.text = String(decoding: text, as: UTF8.self)
            return element
        }
    }

    /// Reads one element and everything in it, from its `<`. The open
    /// elements live on an explicit stack rather than the call stack, so
    /// hostile nesting meets `maxDepth`, not a stack overflow.
    private func readElement(_ scanner: inout XMLScanner) throws(XMLError) -> XMLElement {
        let rootTag = try scanner.readStartTag()
        if rootTag.selfClosing { return XMLElement(name: rootTag.localName) }
        var stack = [OpenElement(qualifiedName: rootTag.qualifiedName, element: XMLElement(name: rootTag.localName))]

        // Elements are only ever reached through `stack[top]`: holding a copy
        // of one across an append would copy its children every time.
        while !stack.isEmpty {
            let top = stack.count - 1
            guard let byte = scanner.current else {
                throw XMLError(offset: scanner.position, .unclosedElement(stack[top].qualifiedName))
            }
            if byte != .lessThan {
                try scanner.readText(into: &stack[top].text)
            } else if scanner.hasPrefix(XMLScanner.endTagOpen) {
                let start = scanner.position
                let name = try scanner.readEndTag()
                let open = stack.removeLast()
                guard name == open.qualifiedName else {
                    throw XMLError(offset: start, .mismatchedTag(expected: open.qualifiedName, found: name))
                }
                guard !stack.isEmpty else { return open.finished }
                stack[top - 1].element.children.append(open.finished)
            } else if scanner.hasPrefix(XMLScanner.commentOpen) {
                try scanner.skipComment()
            } else if scanner.hasPrefix(XMLScanner.cdataOpen) {
                try scanner.readCDATA(into: &stack[top].text)
            } else if scanner.hasPrefix(XMLScanner.processingInstructionOpen) {
                try scanner.skipProcessingInstruction()
            } else {
                guard stack.count < maxDepth else {
                    throw XMLError(offset: scanner.position, .tooDeep(limit: maxDepth))
                }
                let tag = try scanner.readStartTag()
                let element = XMLElement(name: tag.localName)
                if tag.selfClosing {
                    stack[top].element.children.append(element)
                } else {
                    stack.append(OpenElement(qualifiedName: tag.qualifiedName, element: element))
                }
            }
        }
        // The loop only ends by returning the root or throwing.
        throw XMLError(offset: scanner.position, .noRootElement)
    }
}
