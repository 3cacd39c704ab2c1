/// Which SSM parameter names a desktop's AMI, by operating system and
/// architecture (AWS's and Canonical's public parameters).
public enum OperatingSystem: String, Sendable, CaseIterable {
    case al2023 = "al2023"
    case ubuntu2204 = "ubuntu-22.04"
    case ubuntu2404 = "ubuntu-24.04"

    /// The architecture as this system's images spell it: Canonical writes
    /// x86_64 as `amd64`.
    public func spelling(of architecture: String) -> String {
        switch self {
        case .al2023: architecture
        case .ubuntu2204, .ubuntu2404: architecture == "x86_64" ? "amd64" : architecture
        }
    }

    public func imageParameter(architecture: String) -> String {
        let arch = spelling(of: architecture)
        return switch self {
        case .al2023: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-\(arch)"
        case .ubuntu2204: "/aws/service/canonical/ubuntu/server/22.04/stable/current/\(arch)/hvm/ebs-gp2/ami-id"
        case .ubuntu2404: "/aws/service/canonical/ubuntu/server/24.04/stable/current/\(arch)/hvm/ebs-gp3/ami-id"
        }
    }

    /// A custom parameter name with `{arch}` replaced by this system's spelling.
    public func imageParameter(template: String, architecture: String) -> String {
        template.replacing("{arch}", with: spelling(of: architecture))
    }
}
