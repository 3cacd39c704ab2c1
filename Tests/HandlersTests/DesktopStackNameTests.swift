import Handlers
import Testing

@Suite struct DesktopStackNameTests {
    @Test(arguments: [
        ("asher-sterkin-t4g-large-desktop", "asher-sterkin", "t4g", "large", "desktop"),
        ("bob-m7g-medium-build", "bob", "m7g", "medium", "build"),
        ("a-b-c-t3-xlarge-dev", "a-b-c", "t3", "xlarge", "dev"),
        ("Asher-t3-2xlarge-gpu1", "Asher", "t3", "2xlarge", "gpu1"),
    ])
    func parses(name: String, user: String, family: String, size: String, purpose: String) throws {
        let parsed = try DesktopStackName(parsing: name)
        #expect(parsed.userName == user)
        #expect(parsed.instanceFamily == family)
        #expect(parsed.instanceSize == size)
        #expect(parsed.purpose == purpose)
        #expect(parsed.instanceType == "\(family).\(size)")
    }

    @Test(arguments: [
        ("", "StackName \"\" is empty"),
        ("t4g-large-desktop", "StackName \"t4g-large-desktop\" has 3 parts"),
        ("desktop", "StackName \"desktop\" has 1 part"),
        ("asher--t4g-large-desktop", "has an empty part (a leading, trailing or doubled -)"),
        ("asher-t4g-large-", "has an empty part"),
        ("asher_sterkin-t4g-large-desktop", "has characters other than letters, digits and -"),
        ("asher-sterkin-large-desktop-x", "has \"large\" where an instance family such as t4g, m7g or t3 belongs"),
        ("asher-4g-large-desktop", "has \"4g\" where an instance family"),
    ])
    func refusesNamingTheValueAndTheExpectedShape(name: String, problem: String) {
        do {
            _ = try DesktopStackName(parsing: name)
            Issue.record("\(name.debugDescription) must not parse")
        } catch {
            #expect(error.summary.contains(problem), "\(error.summary)")
            #expect(error.summary.hasSuffix("expected <user>-<family>-<size>-<purpose>, e.g. asher-sterkin-t4g-large-desktop"))
        }
    }
}

@Suite struct OperatingSystemTests {
    @Test(arguments: [
        (OperatingSystem.al2023, "arm64", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"),
        (.al2023, "x86_64", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"),
        (.ubuntu2204, "arm64", "/aws/service/canonical/ubuntu/server/22.04/stable/current/arm64/hvm/ebs-gp2/ami-id"),
        (.ubuntu2204, "x86_64", "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id"),
        (.ubuntu2404, "arm64", "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id"),
        (.ubuntu2404, "x86_64", "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"),
    ])
    func imageParameters(system: OperatingSystem, architecture: String, parameter: String) {
        #expect(system.imageParameter(architecture: architecture) == parameter)
    }

    @Test func customTemplatesGetTheSystemsSpelling() {
        #expect(OperatingSystem.ubuntu2404.imageParameter(template: "/images/{arch}/latest-{arch}", architecture: "x86_64") == "/images/amd64/latest-amd64")
        #expect(OperatingSystem.al2023.imageParameter(template: "/images/{arch}", architecture: "x86_64") == "/images/x86_64")
        #expect(OperatingSystem.al2023.imageParameter(template: "/images/fixed", architecture: "arm64") == "/images/fixed")
        #expect(OperatingSystem(rawValue: "ubuntu-24.04") == .ubuntu2404)
        #expect(OperatingSystem(rawValue: "Ubuntu") == nil)
    }
}
