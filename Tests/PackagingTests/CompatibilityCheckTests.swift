import Foundation
import Glibc
import Testing

/// scripts/check_compat.py on the real package and on small ELF files built
/// here to break one rule each: the check must pass what provided.al2023 can
/// start and name every problem of what it cannot.
@Suite struct CompatibilityCheckTests {
    /// A directory with a C compiler's products, zipped in Lambda's layout.
    struct Workshop {
        let directory: URL

        init() throws { directory = try Packaging.scratch("compat") }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        func compile(_ name: String, _ source: String, _ arguments: [String] = []) async throws -> String {
            try await Packaging.compile(source, into: path(name), arguments: arguments)
            return path(name)
        }

        /// A shared library with `soname`, its symbols in version nodes:
        /// `versions` maps a node (e.g. GLIBCXX_3.4.30) to the function it holds.
        func library(_ soname: String, versions: [String: String] = [:], functions: [String] = ["fake_function"]) async throws -> String {
            let names = functions + versions.values.sorted()
            let source = names.map { "int \($0)(void) { return 1; }" }.joined(separator: "\n")
            var arguments = ["-shared", "-fPIC", "-Wl,-soname,\(soname)"]
            if !versions.isEmpty {
                let script = versions.sorted { $0.key < $1.key }.map { "\($0.key) { global: \($0.value); };" }.joined(separator: "\n")
                try (script + "\n").write(toFile: path(soname + ".map"), atomically: true, encoding: .utf8)
                arguments.append("-Wl,--version-script=\(path(soname + ".map"))")
            }
            return try await compile(soname, source, arguments)
        }

        /// A program whose main calls each of `calls` (declared `int f(void)`).
        func program(_ name: String, calling calls: [String], linking: [String] = [], extra: String = "") async throws -> String {
            let declarations = calls.map { "int \($0)(void);" }.joined(separator: "\n")
            let body = calls.map { "\($0)();" }.joined(separator: " ")
            return try await compile(name, "\(declarations)\n\(extra)\nint main(void) { \(body) return 0; }\n", linking)
        }

        /// check_compat.py on a function zip and a layer zip of these files.
        func check(function: [(name: String, file: String, mode: Int)] = [], layer: [(name: String, file: String, mode: Int)]) async throws -> Packaging.Run {
            let manifest = path("manifest.json")
            try "{}\n".write(toFile: manifest, atomically: true, encoding: .utf8)
            let functionZip = path("function-\(UUID().uuidString).zip"), layerZip = path("layer-\(UUID().uuidString).zip")
            try await Packaging.zip(functionZip, [(name: "mapu-function.json", file: manifest, mode: 0o644)] + function)
            try await Packaging.zip(layerZip, layer)
            return try await Packaging.script("check_compat.py", ["--function", functionZip, "--layer", layerZip])
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static func expectFailure(_ run: Packaging.Run, saying expected: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 1, "the check must fail: \(run.output)", sourceLocation: sourceLocation)
        for text in expected {
            #expect(run.output.contains(text), "expected \(text.debugDescription) in: \(run.output)", sourceLocation: sourceLocation)
        }
        #expect(run.output.contains("would not start on provided.al2023 x86_64"), sourceLocation: sourceLocation)
    }

    static var glibcHasNewHypot: Bool {
        var buffer = [CChar](repeating: 0, count: 64)  // "glibc 2.36"
        _ = confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let version = text.split(separator: " ").last?.split(separator: ".").compactMap { Int($0) } ?? []
        return !version.lexicographicallyPrecedes([2, 35])
    }

    @Test func thePackagePassesAndItsDlopenedLibrariesAreChecked() async throws {
        try Packaging.requireDist()
        let run = try await Packaging.script("check_compat.py", ["--function", Packaging.functionZip, "--layer", Packaging.layerZip])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("bootstrap → /opt/bootstrap: x86-64"))
        #expect(run.output.contains("loads with dlopen libcurl.so.4;"), "\(run.output)")
        #expect(run.output.contains("newest versions GLIBC_2.34") || run.output.contains("newest versions GLIBC_2.3"), "\(run.output)")
        #expect(!run.output.contains("GLIBC_2.35"))
        let zipped = try [Packaging.functionZip, Packaging.layerZip].map { try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int ?? .max }
        #expect(zipped.reduce(0, +) <= 6_000_000, "the size goal: function zip and layer zip within 6 MB together, now \(zipped)")
    }

    @Test(.enabled(if: glibcHasNewHypot, "this glibc's hypotf is GLIBC_2.35"))
    func hypotfLinkedHereNeedsGLIBC235AndCGlibcCompatRemovesTheNeed() async throws {
        let workshop = try Workshop()
        defer { workshop.remove() }
        let source = """
        #include <math.h>
        int main(int argc, char **argv) { (void)argv; return (int)hypotf((float)argc, 2.0f) + (int)hypot((double)argc, 3.0); }
        """
        let plain = try await workshop.compile("plain", source, ["-lm"])
        Self.expectFailure(try await workshop.check(layer: [(name: "bootstrap", file: plain, mode: 0o755)]),
                           saying: ["bootstrap: needs GLIBC_2.35 from libm.so.6 (hypot, hypotf); provided.al2023 has at most GLIBC_2.34"])

        let compat = Packaging.root.appendingPathComponent("Sources/CGlibcCompat")
        let fixed = try await workshop.compile("fixed", source, [compat.appendingPathComponent("hypot.c").path,
                                                                  "-I", compat.appendingPathComponent("include").path, "-lm"])
        let run = try await workshop.check(layer: [(name: "bootstrap", file: fixed, mode: 0o755)])
        #expect(run.status == 0, "\(run.output)")
        #expect(!run.output.contains("GLIBC_2.35"))
    }

    @Test func symbolVersionsAboveTheLimitsAreNamedWithTheirSymbols() async throws {
        let workshop = try Workshop()
        defer { workshop.remove() }
        // Stand-ins with the sonames and version nodes of newer system libraries.
        let libm = try await workshop.library("libm.so.6", versions: ["GLIBC_2.34": "fake_old_math", "GLIBC_2.35": "fake_new_math"])
        let libstdcxx = try await workshop.library("libstdc++.so.6", versions: [
            "GLIBCXX_3.4.29": "fake_old_cxx", "GLIBCXX_3.4.30": "fake_new_cxx", "CXXABI_1.3.13": "fake_old_abi", "CXXABI_1.3.14": "fake_new_abi",
        ])
        let atTheLimits = try await workshop.program("limits", calling: ["fake_old_math", "fake_old_cxx", "fake_old_abi"], linking: [libm, libstdcxx])
        let passing = try await workshop.check(layer: [(name: "bootstrap", file: atTheLimits, mode: 0o755)])
        #expect(passing.status == 0, "versions at the limits are fine: \(passing.output)")

        let above = try await workshop.program("above", calling: ["fake_new_math", "fake_new_cxx", "fake_new_abi"], linking: [libm, libstdcxx])
        Self.expectFailure(try await workshop.check(layer: [(name: "bootstrap", file: above, mode: 0o755)]), saying: [
            "bootstrap: needs GLIBC_2.35 from libm.so.6 (fake_new_math); provided.al2023 has at most GLIBC_2.34",
            "bootstrap: needs GLIBCXX_3.4.30 from libstdc++.so.6 (fake_new_cxx); provided.al2023 has at most GLIBCXX_3.4.29",
            "bootstrap: needs CXXABI_1.3.14 from libstdc++.so.6 (fake_new_abi); provided.al2023 has at most CXXABI_1.3.13",
        ])
    }

    @Test func aNeededLibraryMustBeShippedWhereTheLoaderLooks() async throws {
        let workshop = try Workshop()
        defer { workshop.remove() }
        let library = try await workshop.library("libfake.so.1")
        let program = try await workshop.program("needs-fake", calling: ["fake_function"], linking: [library])

        Self.expectFailure(try await workshop.check(layer: [(name: "bootstrap", file: program, mode: 0o755)]),
                           saying: ["bootstrap: needs libfake.so.1, which provided.al2023 does not have: ship it in the layer's lib/"])

        let inLayerLib = try await workshop.check(layer: [(name: "bootstrap", file: program, mode: 0o755), (name: "lib/libfake.so.1", file: library, mode: 0o755)])
        #expect(inLayerLib.status == 0, "/opt/lib is on Lambda's LD_LIBRARY_PATH: \(inLayerLib.output)")

        Self.expectFailure(try await workshop.check(function: [(name: "bootstrap", file: program, mode: 0o755), (name: "vendor/libfake.so.1", file: library, mode: 0o755)],
                                                    layer: []),
                           saying: ["needs libfake.so.1, which provided.al2023 does not have: it is shipped at /var/task/vendor/libfake.so.1, which neither its run path nor LD_LIBRARY_PATH reaches"])

        let withRunPath = try await workshop.program("run-path", calling: ["fake_function"], linking: [library, "-Wl,-rpath,$ORIGIN/vendor"])
        let found = try await workshop.check(function: [(name: "bootstrap", file: withRunPath, mode: 0o755), (name: "vendor/libfake.so.1", file: library, mode: 0o755)],
                                             layer: [])
        #expect(found.status == 0, "a run path of $ORIGIN/vendor finds it: \(found.output)")
    }

    @Test func aLibraryLoadedWithDlopenMustBeAllowedOrShipped() async throws {
        let workshop = try Workshop()
        defer { workshop.remove() }
        let opener = { (soname: String) in "#include <dlfcn.h>\nint main(void) { return dlopen(\"\(soname)\", RTLD_NOW) == 0; }\n" }
        let xml = try await workshop.compile("xml", opener("libxml2.so.2"), ["-ldl"])
        Self.expectFailure(try await workshop.check(layer: [(name: "bootstrap", file: xml, mode: 0o755)]),
                           saying: ["bootstrap: loads with dlopen libxml2.so.2, which provided.al2023 does not have"])
        let curl = try await workshop.compile("curl", opener("libcurl.so.4"), ["-ldl"])
        let run = try await workshop.check(layer: [(name: "bootstrap", file: curl, mode: 0o755)])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("loads with dlopen libcurl.so.4"))
    }

    @Test func anELFForAnotherMachineOrLoaderIsRefused() async throws {
        let workshop = try Workshop()
        defer { workshop.remove() }
        let program = try await workshop.program("native", calling: [])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: program))
        bytes[18] = 183  // e_machine: EM_AARCH64
        bytes[19] = 0
        try bytes.write(to: URL(fileURLWithPath: workshop.path("aarch64")))
        bytes = try Data(contentsOf: URL(fileURLWithPath: program))
        bytes[4] = 1  // EI_CLASS: ELFCLASS32
        try bytes.write(to: URL(fileURLWithPath: workshop.path("elf32")))
        Self.expectFailure(try await workshop.check(layer: [(name: "bootstrap", file: workshop.path("aarch64"), mode: 0o755),
                                                            (name: "lib/libhelper.so", file: workshop.path("elf32"), mode: 0o644)]),
                           saying: ["bootstrap: is an ELF for AArch64, not x86-64", "lib/libhelper.so: is a 32-bit little-endian ELF, not 64-bit little-endian x86-64"])

        let musl = try await workshop.program("musl", calling: [], linking: ["-Wl,--dynamic-linker=/lib/ld-musl-x86_64.so.1"])
        Self.expectFailure(try await workshop.check(layer: [(name: "bootstrap", file: musl, mode: 0o755)]),
                           saying: ["bootstrap: asks for the program interpreter /lib/ld-musl-x86_64.so.1, not /lib64/ld-linux-x86-64.so.2"])
    }

    @Test func lambdaMustFindAnExecutableBootstrap() async throws {
        let workshop = try Workshop()
        defer { workshop.remove() }
        let program = try await workshop.program("native", calling: [])
        Self.expectFailure(try await workshop.check(layer: [(name: "bin/bootstrap", file: program, mode: 0o755)]),
                           saying: ["no bootstrap at the root of the function zip or a layer; Lambda starts /var/task/bootstrap, else /opt/bootstrap"])
        Self.expectFailure(try await workshop.check(layer: [(name: "bootstrap", file: program, mode: 0o644)]),
                           saying: ["bootstrap is not executable (mode 0o644)"])
    }

    @Test func sizesOverLambdasLimitsAreRefused() async throws {
        let workshop = try Workshop()
        defer { workshop.remove() }
        let program = try await workshop.program("native", calling: [])
        // 251 MB of zeros deflate to almost nothing; 51 MB of random bytes do not.
        let zeros = workshop.path("zeros"), noise = workshop.path("noise")
        #expect(FileManager.default.createFile(atPath: zeros, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: zeros))
        try handle.truncate(atOffset: 251 * 1024 * 1024)
        try handle.close()
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        try random.readData(ofLength: 51 * 1024 * 1024).write(to: URL(fileURLWithPath: noise))
        try random.close()
        Self.expectFailure(try await workshop.check(function: [(name: "data/zeros", file: zeros, mode: 0o644)],
                                                    layer: [(name: "bootstrap", file: program, mode: 0o755)]),
                           saying: ["bytes unzipped together, over Lambda's 262,144,000 (250 MB)"])
        Self.expectFailure(try await workshop.check(layer: [(name: "bootstrap", file: program, mode: 0o755), (name: "noise", file: noise, mode: 0o644)]),
                           saying: ["bytes zipped, over Lambda's 52,428,800 (50 MB)"])
    }

    @Test func aMissingZipIsNamedWithWhatToRun() async throws {
        let run = try await Packaging.script("check_compat.py", ["--function", "/nonexistent/mapu-function.zip"])
        #expect(run.status == 2)
        #expect(run.output.contains("/nonexistent/mapu-function.zip does not exist (run `make package`)"))
    }
}
