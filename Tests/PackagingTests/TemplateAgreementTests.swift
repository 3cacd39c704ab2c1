import Foundation
import TestSupport
import Testing

/// The templates agree with the package and with each other: every handler a
/// template names is in `bootstrap`, every import is exported, the parent
/// desktop passes the nested one what it takes, and each function's role
/// allows what its handler calls and nothing more.
@Suite struct TemplateAgreementTests {
    /// What each handler's role may do besides writing its log (issues 2 and 4).
    static let actions: [String: Set<String>] = [
        "DefaultVpcId": ["ec2:DescribeVpcs", "ec2:DescribeSubnets"],
        // ListUsers only serves the hint that a user name differs in case.
        "ParseStackName": ["ec2:DescribeInstanceTypes", "ssm:GetParameter", "identitystore:GetUserId", "identitystore:ListUsers", "sts:AssumeRole"],
        "CancelSpotInstanceRequest": ["ec2:DescribeInstances", "ec2:DescribeSpotInstanceRequests", "ec2:CancelSpotInstanceRequests"],
    ]
    /// The `Data` each handler returns, which `Fn::GetAtt` may read.
    static let data: [String: Set<String>] = [
        "DefaultVpcId": ["VpcId", "CidrBlock", "SubnetIds"],
        "ParseStackName": ["UserName", "InstanceType", "InstanceFamily", "InstanceSize", "Purpose", "Architecture", "ImageId", "ImageParameter"],
        "CancelSpotInstanceRequest": ["SpotInstanceRequestId", "SpotInstanceType", "State"],
    ]

    /// The handlers `bootstrap --help` lists.
    static func bootstrapHandlers(_ bootstrap: String) async throws -> [String] {
        let run = try await Packaging.run(bootstrap, ["--help"], environment: ["PATH": "/usr/bin:/bin"])
        let line = try #require(run.output.split(separator: "\n").first { $0.hasPrefix("Handlers (_HANDLER): ") }, "\(run.output)")
        return line.dropFirst("Handlers (_HANDLER): ".count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func actions(in statement: [String: Any]) -> [String] {
        if let one = statement["Action"] as? String { return [one] }
        return statement["Action"] as? [String] ?? []
    }

    @Test func everyHandlerATemplateNamesIsInTheBootstrapAndThePackage() async throws {
        let handlers = Set(try await Self.bootstrapHandlers(try BuiltProducts.bootstrap()))
        #expect(handlers == Set(Self.actions.keys), "the bootstrap's handlers: \(handlers.sorted())")

        try Packaging.requireDist()
        let manifest = try await Packaging.run("python3", ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('mapu-function.json').decode())",
                                                          Packaging.functionZip])
        let packaged = try #require(try JSONSerialization.jsonObject(with: Data(manifest.output.utf8)) as? [String: Any])
        #expect(Set(packaged["handlers"] as? [String] ?? []) == handlers,
                "dist/ was packaged from other sources than this build: run `make package` (`make test` does); it lists \(packaged["handlers"] ?? "nothing")")

        let platform = try Templates.load("template.json")
        let functionHandlers = platform.functions.compactMapValues { $0.value(at: ["Properties", "Handler"]) as? String }
        #expect(Set(functionHandlers.values) == handlers, "template.json has one function per handler: \(functionHandlers)")
        for path in Templates.all {
            for (name, custom) in try Templates.load(path).customResources {
                #expect(handlers.contains(custom.handler), "\(path): \(name) is a Custom::\(custom.handler), which bootstrap does not serve")
            }
        }
    }

    @Test func everyCustomResourceReachesItsHandlersFunctionWithinMinutes() throws {
        let platform = try Templates.load("template.json")
        let exports = Dictionary(uniqueKeysWithValues: platform.outputs.compactMap { key, output in
            Templates.crossStackName(output.value(at: ["Export", "Name"]), prefix: "AWS::StackName").map { ($0, output["Value"]) }
        })
        for path in Templates.all {
            let template = try Templates.load(path)
            for (name, custom) in template.customResources {
                let properties = custom.resource["Properties"] as? [String: Any] ?? [:]
                let token = properties["ServiceToken"]
                var function: String?
                if let getAtt = (token as? [String: Any])?["Fn::GetAtt"] as? [String] {
                    function = getAtt.first
                } else if let imported = Templates.crossStackName((token as? [String: Any])?["Fn::ImportValue"], prefix: "PlatformStackName") {
                    function = ((exports[imported] as? [String: Any])?["Fn::GetAtt"] as? [String])?.first
                    #expect(function != nil, "\(path): \(name) imports \(imported), which template.json does not export")
                }
                let handler = function.flatMap { platform.resources[$0]?.value(at: ["Properties", "Handler"]) as? String }
                #expect(handler == custom.handler, "\(path): \(name) (Custom::\(custom.handler)) must call the \(custom.handler) function, not \(handler ?? "nothing")")

                let timeout = properties["ServiceTimeout"] as? Int
                #expect(timeout != nil && (60...900).contains(timeout ?? 0), "\(path): \(name) needs a ServiceTimeout of minutes, not CloudFormation's hour")
                let lambdaTimeout = function.flatMap { platform.resources[$0]?.value(at: ["Properties", "Timeout"]) as? Int } ?? .max
                #expect(lambdaTimeout < (timeout ?? 0), "\(path): \(name)'s function must be able to answer before CloudFormation gives up")
            }
        }
    }

    @Test func everyImportIsExportedUnderOneConvention() throws {
        let platform = try Templates.load("template.json")
        var exported: Set<String> = []
        for (key, output) in platform.outputs {
            guard let export = output.value(at: ["Export", "Name"]) else { continue }
            let name = Templates.crossStackName(export, prefix: "AWS::StackName")
            #expect(name == key, "template.json exports \(key) as \(export): the convention is <stack name>:<output key>")
            exported.insert(key)
        }
        #expect(exported.isSuperset(of: ["DefaultVpcIdServiceToken", "ParseStackNameServiceToken", "CancelSpotInstanceRequestServiceToken",
                                         "NoIngressSecurityGroupId", "DesktopInstanceProfileName", "GenericDesktopVmTemplateURL"]))
        for path in ["templates/desktop.json", "templates/generic-desktop-vm.json"] {
            let template = try Templates.load(path)
            #expect(template.parameters["PlatformStackName"]?["Default"] as? String == "dev-platform", "\(path)")
            let imports = template.intrinsics("Fn::ImportValue")
            #expect(!imports.isEmpty)
            for value in imports {
                let name = Templates.crossStackName(value, prefix: "PlatformStackName")
                #expect(name.map(exported.contains) == true, "\(path) imports \(value), which template.json does not export")
            }
        }
    }

    @Test func theParentDesktopPassesTheNestedOneWhatItTakes() throws {
        let parent = try Templates.load("templates/desktop.json"), nested = try Templates.load("templates/generic-desktop-vm.json")
        let stacks = parent.resources(ofType: "AWS::CloudFormation::Stack")
        #expect(stacks.count == 1)
        let vm = try #require(stacks.values.first)
        #expect(Templates.crossStackName(vm.value(at: ["Properties", "TemplateURL", "Fn::ImportValue"]), prefix: "PlatformStackName") == "GenericDesktopVmTemplateURL")
        let passed = vm.value(at: ["Properties", "Parameters"]) as? [String: Any] ?? [:]
        #expect(Set(passed.keys) == Set(nested.parameters.keys), "passed \(passed.keys.sorted()), taken \(nested.parameters.keys.sorted())")
        #expect((passed["DesktopStackName"] as? [String: String])?["Ref"] == "AWS::StackName", "the nested VM is named after the parent stack")
        for (name, definition) in parent.parameters {
            #expect((passed[name] as? [String: String])?["Ref"] == name, "\(name) is passed on as it is")
            #expect(NSDictionary(dictionary: definition).isEqual(to: nested.parameters[name] ?? [:]), "\(name) is declared alike in both")
        }
        #expect(Set(parent.parameters.keys) == ["MarketType", "OperatingSystem", "RootVolumeSize", "PlatformStackName", "SecretsRoleArn", "IdleMinutes"])
        #expect(parent.parameters["MarketType"]?["Default"] as? String == "spot")
        let systems = nested.parameters["OperatingSystem"]?["AllowedValues"] as? [String] ?? []
        let devices = nested.object.value(at: ["Mappings", "OperatingSystem"]) as? [String: Any] ?? [:]
        #expect(Set(systems) == Set(devices.keys), "every operating system has its root device")
    }

    @Test func eachFunctionMayDoWhatItsHandlerCallsAndNothingMore() throws {
        let platform = try Templates.load("template.json")
        for (name, function) in platform.functions {
            let properties = function["Properties"] as? [String: Any] ?? [:]
            let handler = try #require(properties["Handler"] as? String)
            #expect(properties["Runtime"] as? String == "provided.al2023")
            #expect(properties["Architectures"] as? [String] == ["x86_64"])
            #expect((properties["Layers"] as? [[String: String]])?.first?["Ref"] == "RuntimeLayer", "\(name) runs the layer's bootstrap")
            #expect((properties["MemorySize"] as? Int ?? 0) <= 256 && (properties["Timeout"] as? Int ?? 0) <= 120, "\(name): modest memory and timeout")

            let logGroup = try #require(properties.value(at: ["LoggingConfig", "LogGroup", "Ref"]) as? String, "\(name) logs to a group of its own")
            #expect(platform.resources[logGroup]?.value(at: ["Properties", "RetentionInDays", "Ref"]) as? String == "LogRetentionInDays")

            let role = try #require((properties["Role"] as? [String: [String]])?["Fn::GetAtt"]?.first)
            let policies = platform.resources[role]?.value(at: ["Properties", "Policies"]) as? [[String: Any]] ?? []
            var statements: [[String: Any]] = []
            for policy in policies {
                for entry in policy.value(at: ["PolicyDocument", "Statement"]) as? [Any] ?? [] {
                    if let statement = entry as? [String: Any], statement["Fn::If"] == nil {
                        statements.append(statement)
                    } else if let branches = (entry as? [String: Any])?["Fn::If"] as? [Any], let statement = branches[1] as? [String: Any] {
                        statements.append(statement)  // the optional identity-store role
                    }
                }
            }
            #expect(platform.resources[role]?["Type"] as? String == "AWS::IAM::Role")
            #expect(platform.resources[role]?.value(at: ["Properties", "ManagedPolicyArns"]) == nil, "\(role): inline least privilege only")
            let granted = Set(statements.flatMap(Self.actions))
            #expect(granted == Self.actions[handler, default: []].union(["logs:CreateLogStream", "logs:PutLogEvents"]), "\(role) grants \(granted.sorted())")
            #expect(statements.allSatisfy { $0["Effect"] as? String == "Allow" && !Self.actions(in: $0).contains { $0.contains("*") } })
            for statement in statements where Self.actions(in: statement).contains(where: { $0.hasPrefix("logs:") }) {
                #expect((statement["Resource"] as? [String: [String]])?["Fn::GetAtt"] == [logGroup, "Arn"], "\(role) writes its own log group only")
            }
        }
    }

    @Test func attributesTheTemplatesReadAreOnesTheHandlersReturn() throws {
        for path in Templates.all {
            let template = try Templates.load(path)
            let customs = template.customResources
            for value in template.intrinsics("Fn::GetAtt") {
                guard let pair = value as? [String], pair.count == 2, let custom = customs[pair[0]] else { continue }
                #expect(Self.data[custom.handler]?.contains(pair[1]) == true, "\(path) reads \(pair[1]) of \(pair[0]), which \(custom.handler) does not return")
            }
        }
    }

    @Test func theDesktopIsReachableOnlyThroughSSMAndItsDisksAreEncrypted() throws {
        let platform = try Templates.load("template.json")
        let group = try #require(platform.resources["NoIngressSecurityGroup"]?["Properties"] as? [String: Any])
        #expect(group["SecurityGroupIngress"] == nil, "no ingress rule at all")
        #expect((group["VpcId"] as? [String: [String]])?["Fn::GetAtt"] == ["DefaultVpc", "VpcId"], "in the default VPC, found by our own DefaultVpcId")
        let egress = group["SecurityGroupEgress"] as? [[String: Any]] ?? []
        #expect(Set(egress.compactMap { $0["FromPort"] as? Int }) == [443, 80, 22] && egress.allSatisfy { $0["FromPort"] as? Int == $0["ToPort"] as? Int })
        let managed = platform.resources["DesktopInstanceRole"]?.value(at: ["Properties", "ManagedPolicyArns"]) as? [[String: String]] ?? []
        #expect(managed.compactMap { $0["Fn::Sub"]?.split(separator: "/").last.map(String.init) } == ["PowerUserAccess", "AmazonSSMManagedInstanceCore"])

        let vm = try Templates.load("templates/generic-desktop-vm.json")
        let data = try #require(vm.resources["LaunchTemplate"]?.value(at: ["Properties", "LaunchTemplateData"]) as? [String: Any])
        #expect(data.value(at: ["MetadataOptions", "HttpTokens"]) as? String == "required", "IMDSv2 only")
        let root = try #require((data["BlockDeviceMappings"] as? [[String: Any]])?.first)
        #expect(root.value(at: ["Ebs", "Encrypted"]) as? Bool == true)
        #expect(root.value(at: ["Ebs", "VolumeSize", "Ref"]) as? String == "RootVolumeSize")
        let market = try #require(data.value(at: ["InstanceMarketOptions", "Fn::If"]) as? [Any])
        #expect(market.first as? String == "IsSpot")
        #expect((market[1] as? [String: Any])?.value(at: ["SpotOptions", "SpotInstanceType"]) as? String == "persistent")
        #expect((market[1] as? [String: Any])?.value(at: ["SpotOptions", "InstanceInterruptionBehavior"]) as? String == "stop")
        // The user data is scripts/vm/render-user-data's (scripts/test-desktop-scripts
        // checks it is current); here: it signals the resource that waits for it.
        let parts = try #require(data.value(at: ["UserData", "Fn::Base64", "Fn::Join"]) as? [Any])
        let text = (parts.last as? [Any] ?? []).compactMap { $0 as? String }.joined()
        #expect(text.contains("MAPU_SIGNAL_RESOURCE='Instance'") && text.contains("signal-resource"))
        #expect(data.value(at: ["MetadataOptions", "InstanceMetadataTags"]) as? String == "enabled", "the desktop reads its User tag from the metadata")

        let instance = try #require(vm.resources["Instance"])
        #expect(instance.value(at: ["CreationPolicy", "ResourceSignal", "Count"]) as? Int == 1, "the stack waits for the instance's signal")
        let tags = instance.value(at: ["Properties", "Tags"]) as? [[String: Any]] ?? []
        #expect((tags.first { $0["Key"] as? String == "Name" }?["Value"] as? [String: String])?["Ref"] == "DesktopStackName")
        #expect((tags.first { $0["Key"] as? String == "User" }?["Value"] as? [String: [String]])?["Fn::GetAtt"] == ["Parsed", "UserName"])
        let cancel = try #require(vm.customResources.values.first { $0.handler == "CancelSpotInstanceRequest" }?.resource)
        #expect(cancel["Condition"] as? String == "IsSpot", "only spot desktops have a request to cancel")
        #expect(cancel.value(at: ["Properties", "InstanceId", "Ref"]) as? String == "Instance", "deleted before the instance it references")
    }

    @Test func everyCheckovSkipSaysWhy() throws {
        for path in Templates.all {
            for object in try Templates.load(path).objects() {
                guard let skips = object.value(at: ["checkov", "skip"]) as? [[String: String]] else { continue }
                for skip in skips {
                    #expect((skip["comment"]?.count ?? 0) >= 40, "\(path): checkov skip \(skip["id"] ?? "?") needs a reason")
                }
            }
        }
    }

    @Test func theTemplateGateFailsOnAFinding() async throws {
        // A security group open to the world on 22, without rule descriptions:
        // cfn-lint accepts it, checkov must not.
        let scratch = try Packaging.scratch("gate")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let open = scratch.appendingPathComponent("open.json")
        try #"{"Resources": {"Open": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "open", "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}]}}}}"#
            .write(to: open, atomically: true, encoding: .utf8)
        let misspelt = scratch.appendingPathComponent("misspelt.json")
        try #"{"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDay": 7}}}}"#.write(to: misspelt, atomically: true, encoding: .utf8)
        for (file, finding) in [(open, "CKV_AWS_24"), (misspelt, "E3002")] {
            let run = try await Packaging.run("make", ["-s", "-C", Packaging.root.path, "check-templates", "TEMPLATES=\(file.path)"])
            #expect(run.status != 0 && run.output.contains(finding), "make check-templates must fail on \(file.lastPathComponent) with \(finding): \(run.output)")
        }
    }
}
