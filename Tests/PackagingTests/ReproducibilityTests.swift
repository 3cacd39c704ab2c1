import Foundation
import Testing

/// `make package` gives the same bytes for the same sources: scripts/package.py
/// run twice, and on two binaries that differ only where swiftc writes a
/// different value in every compile.
@Suite struct ReproducibilityTests {
    static func files(in directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["mapu-function.zip", "mapu-layer.zip", "generic-desktop-vm.json", "SHA256SUMS"] {
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return files
    }

    static func package(_ binary: String, into directory: URL) async throws {
        let run = try await Packaging.script("package.py", ["--out", directory.path, binary])
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func packagingTheSameBinaryTwiceGivesTheSameBytes() async throws {
        let binary = try Packaging.requireReleaseBootstrap()
        let scratch = try Packaging.scratch("reproducible")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let first = scratch.appendingPathComponent("first"), second = scratch.appendingPathComponent("second")
        try await Self.package(binary, into: first)
        try await Self.package(binary, into: second)
        let (a, b) = (try Self.files(in: first), try Self.files(in: second))
        #expect(a == b, "two runs of package.py on one binary differ")
        let sums = String(decoding: a["SHA256SUMS"] ?? Data(), as: UTF8.self)
        let lines = sums.split(separator: "\n")
        #expect(lines.map { $0.dropFirst(66) } == ["mapu-function.zip", "mapu-layer.zip", "generic-desktop-vm.json"], "sha256sum's format: \(sums)")
        #expect(lines.allSatisfy { $0.prefix(64).allSatisfy(\.isHexDigit) && $0.dropFirst(64).hasPrefix("  ") })
    }

    @Test func zipEntriesHaveFixedDatesModesAndOrder() async throws {
        try Packaging.requireDist()
        let program = """
        import json, sys, zipfile
        out = {}
        for path in sys.argv[1:]:
            with zipfile.ZipFile(path) as z:
                out[path.rsplit("/", 1)[-1]] = [[i.filename, list(i.date_time), oct(i.external_attr >> 16), i.create_system, len(i.extra)] for i in z.infolist()]
        print(json.dumps(out))
        """
        let run = try await Packaging.run("python3", ["-c", program, Packaging.functionZip, Packaging.layerZip])
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: [[Any]]]
        let entries = try #require(object, "\(run.output)")
        let layer = try #require(entries["mapu-layer.zip"])
        #expect(layer.map { $0[0] as? String } == ["bootstrap", "mapu-supervisor"], "sorted by name")
        for entry in layer {
            #expect(entry[1] as? [Int] == [1980, 1, 1, 0, 0, 0])
            #expect(entry[2] as? String == "0o100755")
            #expect(entry[3] as? Int == 3, "made on Unix, so that unzip honours the mode")
            #expect(entry[4] as? Int == 0, "no extra fields (they would carry times and ids)")
        }
        let function = try #require(entries["mapu-function.zip"])
        #expect(function.map { $0[0] as? String } == ["mapu-function.json"])
        #expect(function.first?[2] as? String == "0o100644")
    }

    @Test func theChecksumFileMatchesTheZips() async throws {
        try Packaging.requireDist()
        let run = try await Packaging.run("/bin/sh", ["-c", "cd \"$1\" && sha256sum -c --strict SHA256SUMS", "sh", Packaging.dist.path])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("mapu-function.zip: OK") && run.output.contains("mapu-layer.zip: OK") && run.output.contains("generic-desktop-vm.json: OK"))
    }

    @Test func swiftcsPerCompileModuleHashDoesNotReachTheZip() async throws {
        let binary = try Packaging.requireReleaseBootstrap()
        let scratch = try Packaging.scratch("modhash")
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A second compile differs from the first in .swift_modhash and so in
        // the build id: make such a twin by hand.
        let sections = try await Packaging.run("readelf", ["-SW", binary])
        let line = try #require(sections.output.split(separator: "\n").first { $0.contains(".swift_modhash") }, "the bootstrap has a .swift_modhash")
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        let index = try #require(fields.firstIndex { $0 == ".swift_modhash" })
        let offset = try #require(Int(fields[index + 3], radix: 16)), size = try #require(Int(fields[index + 4], radix: 16))
        #expect(size >= 16)
        var twin = try Data(contentsOf: URL(fileURLWithPath: binary))
        for position in offset..<(offset + 16) { twin[position] ^= 0xA5 }
        let twinPath = scratch.appendingPathComponent("bootstrap").path
        #expect(FileManager.default.createFile(atPath: twinPath, contents: twin, attributes: [.posixPermissions: 0o755]))

        let original = scratch.appendingPathComponent("original"), changed = scratch.appendingPathComponent("twin")
        try await Self.package(binary, into: original)
        try await Self.package(twinPath, into: changed)
        #expect(try Self.files(in: original) == Self.files(in: changed), "the module hash leaked into the zips")
    }
}
