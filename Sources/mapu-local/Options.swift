import Foundation

/// mapu-local's command line.
struct Options {
    var moto = false
    var seed = false
    var json = false
    var verbose = false
    var check: String?
    var bootstrap = Options.defaultBootstrap()
    var handler: String?
    var deadline: Int64 = 30
    var events: [String] = []

    static let usage = """
    usage: mapu-local [--moto [--seed]] [--json] [--verbose] [--bootstrap PATH] [--handler NAME]
                      [--deadline SECONDS] EVENT.json...
           mapu-local --moto --seed --check events

    Each event runs through the real bootstrap process, with its ResponseURL
    pointed at a loopback capture; what CloudFormation and Lambda were told is
    printed (--json: the raw response body). The handler is the event file's
    folder name (events/DefaultVpcId/create.json → DefaultVpcId) unless
    --handler names it. AWS is whatever the environment points at (a profile
    or credentials, AWS_REGION, AWS_ENDPOINT_URL…); --moto starts moto_server
    on a free loopback port and points everything at it; --seed fills it like
    a desktop account (scripts/seed_moto.py).

    --check DIR runs, for every handler folder in DIR, the events its
    expected.json lists, and prints a table of event, expected and got;
    it exits 1 on any mismatch.
    """

    struct Invalid: Error, CustomStringConvertible { var description: String }

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "--moto": moto = true
            case "--seed": seed = true
            case "--json": json = true
            case "--verbose", "-v": verbose = true
            case "--check": check = try value(&rest, argument)
            case "--bootstrap": bootstrap = try value(&rest, argument)
            case "--handler": handler = try value(&rest, argument)
            case "--deadline":
                guard let seconds = Int64(try value(&rest, argument)), seconds > 0 else { throw Invalid(description: "--deadline takes whole seconds") }
                deadline = seconds
            case "-h", "--help": throw Invalid(description: "help")
            default:
                if argument.hasPrefix("-") { throw Invalid(description: "unknown option \(argument)") }
                events.append(argument)
            }
        }
        if events.isEmpty && check == nil { throw Invalid(description: "no event files given") }
        if seed && !moto { throw Invalid(description: "--seed fills the emulator that --moto starts; it never writes to a real account") }
        guard FileManager.default.isExecutableFile(atPath: bootstrap) else {
            throw Invalid(description: "no bootstrap executable at \(bootstrap) (build it with `swift build`, or pass --bootstrap)")
        }
    }

    private func value(_ rest: inout ArraySlice<String>, _ option: String) throws -> String {
        guard let value = rest.popFirst() else { throw Invalid(description: "\(option) needs a value") }
        return value
    }

    /// Events grouped by handler, in the order given.
    func eventsByHandler() -> [(String, [String])] {
        var groups: [(String, [String])] = []
        for file in events {
            let name = handler ?? URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent
            if let index = groups.firstIndex(where: { $0.0 == name }) { groups[index].1.append(file) } else { groups.append((name, [file])) }
        }
        return groups
    }

    /// `bootstrap` beside this executable (both are products of the same build).
    static func defaultBootstrap() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("bootstrap").path
    }
}
