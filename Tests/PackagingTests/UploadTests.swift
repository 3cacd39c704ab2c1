import Foundation
import LocalLambda
import TestSupport
import Testing

/// scripts/upload (`make upload`) against moto's S3 and Organizations, each
/// test with a moto of its own (the organization is account-wide state).
@Suite struct UploadTests {
    static let uploaded = ["FunctionZipKey": "mapu-function.zip", "LayerZipKey": "mapu-layer.zip", "GenericDesktopVmTemplateKey": "generic-desktop-vm.json"]

    /// The AWS CLI's environment: moto, and nothing from this machine's own AWS configuration.
    static func environment(endpoint: String, home: URL) -> [String: String] {
        [
            "PATH": Packaging.path,
            "HOME": home.path,
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "upload-test-secret",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
    }

    static func upload(_ dist: String, _ environment: [String: String]) async throws -> Packaging.Run {
        try await Packaging.run(Packaging.root.appendingPathComponent("scripts/upload").path, [dist], environment: environment)
    }

    static func aws(_ arguments: [String], _ environment: [String: String]) async throws -> String {
        let run = try await Packaging.run("aws", arguments, environment: environment)
        guard run.status == 0 else { throw Packaging.Missing(description: "aws \(arguments.joined(separator: " ")) failed: \(run.output)") }
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The `  Name=value` lines upload prints for template.json.
    static func parameters(_ output: String) -> [String: String] {
        var found: [String: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("   ") {
            let parts = line.dropFirst(2).split(separator: "=", maxSplits: 1)
            if parts.count == 2, !parts[0].contains(" ") { found[String(parts[0])] = String(parts[1]) }
        }
        return found
    }

    /// name → sha256 from dist/SHA256SUMS.
    static func sums() throws -> [String: String] {
        var sums: [String: String] = [:]
        for line in try String(contentsOfFile: Packaging.checksums, encoding: .utf8).split(separator: "\n") {
            sums[String(line.dropFirst(66))] = String(line.prefix(64))
        }
        return sums
    }

    @Test func uploadsToTheOrganizationsBucketUnderContentAddressedKeysOnce() async throws {
        try Packaging.requireDist()
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let home = try Packaging.scratch("upload")
        defer { try? FileManager.default.removeItem(at: home) }
        let environment = Self.environment(endpoint: moto.endpoint, home: home)

        let noOrganization = try await Self.upload(Packaging.dist.path, environment)
        #expect(noOrganization.status == 1)
        #expect(noOrganization.output.contains("upload: no bucket: BUCKET is not set and the organization could not be found"), "\(noOrganization.output)")
        #expect(noOrganization.output.contains("AWSOrganizationsNotInUseException"))

        let organization = try await Self.aws(["organizations", "create-organization", "--feature-set", "ALL", "--query", "Organization.Id", "--output", "text"], environment)
        #expect(organization.hasPrefix("o-"))
        let bucket = "\(organization)-platform"
        let noBucket = try await Self.upload(Packaging.dist.path, environment)
        #expect(noBucket.status == 1)
        #expect(noBucket.output.contains("upload: bucket \(bucket) cannot be used") && noBucket.output.contains("create it (aws s3 mb s3://\(bucket))"), "\(noBucket.output)")

        _ = try await Self.aws(["s3", "mb", "s3://\(bucket)"], environment)
        let first = try await Self.upload(Packaging.dist.path, environment)
        #expect(first.status == 0, "\(first.output)")
        let parameters = Self.parameters(first.output)
        let sums = try Self.sums()
        #expect(parameters["ArtifactBucket"] == bucket)
        for (parameter, file) in Self.uploaded {
            let sum = try #require(sums[file])
            let stem = (file as NSString).deletingPathExtension, ext = (file as NSString).pathExtension
            #expect(parameters[parameter] == "mapu/\(stem)-\(sum).\(ext)", "\(first.output)")
            let copy = home.appendingPathComponent(file).path
            _ = try await Self.aws(["s3", "cp", "--only-show-errors", "s3://\(bucket)/\(parameters[parameter] ?? "")", copy], environment)
            #expect(FileManager.default.contents(atPath: copy) == FileManager.default.contents(atPath: Packaging.dist.appendingPathComponent(file).path),
                    "s3://\(bucket)/\(parameters[parameter] ?? "") holds dist/\(file)")
        }
        #expect(first.output.components(separatedBy: " uploaded").count - 1 == 3)

        let again = try await Self.upload(Packaging.dist.path, environment)
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.components(separatedBy: " is there already").count - 1 == 3, "content-addressed objects are uploaded once: \(again.output)")
        #expect(Self.parameters(again.output) == parameters)
    }

    @Test func theParametersItPrintsAreTheOnesTemplateJsonTakes() async throws {
        try Packaging.requireDist()
        let moto = try await MotoServer.start()
        defer { moto.stop() }
        let home = try Packaging.scratch("upload")
        defer { try? FileManager.default.removeItem(at: home) }
        var environment = Self.environment(endpoint: moto.endpoint, home: home)
        _ = try await Self.aws(["s3", "mb", "s3://mapu-artifacts"], environment)
        environment["BUCKET"] = "mapu-artifacts"
        environment["PREFIX"] = "team/mapu/"
        let run = try await Self.upload(Packaging.dist.path, environment)
        #expect(run.status == 0, "BUCKET needs no organization: \(run.output)")
        let printed = Self.parameters(run.output)
        #expect(printed["ArtifactBucket"] == "mapu-artifacts")
        #expect(printed["LayerZipKey"]?.hasPrefix("team/mapu/mapu-layer-") == true, "\(printed)")

        let template = try Templates.load("template.json")
        let declared = template.parameters
        #expect(Set(printed.keys).isSubset(of: Set(declared.keys)), "upload prints parameters template.json does not take: \(printed.keys.sorted())")
        // What the operator gives; everything else without a default comes from upload.
        let fromOperator: Set<String> = ["IdentityStoreId"]
        let required = Set(declared.filter { $0.value["Default"] == nil }.keys)
        #expect(required == Set(printed.keys).union(fromOperator), "required parameters of template.json: \(required.sorted())")
        // The keys go where their files belong.
        #expect(template.resources["RuntimeLayer"]?.value(at: ["Properties", "Content", "S3Key", "Ref"]) as? String == "LayerZipKey")
        for name in template.functions.keys {
            #expect(template.resources[name]?.value(at: ["Properties", "Code", "S3Key", "Ref"]) as? String == "FunctionZipKey", "\(name)")
        }
    }

    @Test func aPackageThatDoesNotMatchItsChecksumsIsNotUploaded() async throws {
        try Packaging.requireDist()
        let copy = try Packaging.scratch("dist")
        defer { try? FileManager.default.removeItem(at: copy) }
        for name in ["mapu-function.zip", "mapu-layer.zip", "generic-desktop-vm.json", "SHA256SUMS"] {
            try FileManager.default.copyItem(at: Packaging.dist.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        // AWS is a dead port: the script must stop before calling it.
        let environment = Self.environment(endpoint: "http://127.0.0.1:\(try TestAWS.deadPort())", home: copy)
        let template = copy.appendingPathComponent("generic-desktop-vm.json")
        try (try String(contentsOf: template, encoding: .utf8) + " ").write(to: template, atomically: true, encoding: .utf8)
        let changed = try await Self.upload(copy.path, environment)
        #expect(changed.status == 1)
        #expect(changed.output.contains("SHA256SUMS does not match the files beside it: run `make package` again"), "\(changed.output)")

        try FileManager.default.removeItem(at: copy.appendingPathComponent("mapu-layer.zip"))
        let missing = try await Self.upload(copy.path, environment)
        #expect(missing.status == 1)
        #expect(missing.output.contains("mapu-layer.zip is missing: run `make package` first"), "\(missing.output)")
    }
}
