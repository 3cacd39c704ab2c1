import AWSAccess
import HTTPTransport
import Testing

/// Decoding recorded moto answers, through the same path a real call takes.
struct EC2PageTests {
    static func root(_ fixture: String, for query: EC2Query) throws -> XMLElement {
        try query.result(from: HTTPResponse(status: 200, body: Fixture.data(fixture)))
    }

    static let defaultVpc = EC2Vpc(vpcId: "vpc-bbaa2af40b04e6d3e", cidrBlock: "172.31.0.0/16", isDefault: true, state: "available")

    @Test func decodesDescribeVpcs() throws {
        let page = try EC2Page<EC2Vpc>(Self.root("describe-vpcs.xml", for: .describeVpcs()))
        // The nested <cidrBlockAssociationSet><item><cidrBlock> must not be
        // mistaken for the VPC's own.
        #expect(page == EC2Page(items: [
            Self.defaultVpc,
            EC2Vpc(vpcId: "vpc-5550f4dbe3f39da04", cidrBlock: "10.20.0.0/16", isDefault: false, state: "available"),
        ]))
    }

    @Test func decodesFilteredDescribeVpcs() throws {
        let query = EC2Query.describeVpcs(filters: [EC2Filter(name: "is-default", values: ["true"])])
        let page = try EC2Page<EC2Vpc>(Self.root("describe-vpcs-default.xml", for: query))
        #expect(page == EC2Page(items: [Self.defaultVpc]))
    }

    @Test func decodesDescribeSubnets() throws {
        let page = try EC2Page<EC2Subnet>(Self.root("describe-subnets.xml", for: .describeSubnets()))
        let vpc = "vpc-bbaa2af40b04e6d3e"
        #expect(page.nextToken == nil)
        #expect(page.items == [
            EC2Subnet(subnetId: "subnet-c533c78d637a12925", vpcId: vpc, availabilityZone: "us-east-1a", cidrBlock: "172.31.0.0/20", defaultForAz: true),
            EC2Subnet(subnetId: "subnet-d57f1908229edac28", vpcId: "vpc-5550f4dbe3f39da04", availabilityZone: "us-east-1a",
                      cidrBlock: "10.20.1.0/24", defaultForAz: false),
            EC2Subnet(subnetId: "subnet-24bff32fcf2494be0", vpcId: vpc, availabilityZone: "us-east-1b", cidrBlock: "172.31.16.0/20", defaultForAz: true),
            EC2Subnet(subnetId: "subnet-ef4bc12de90271e01", vpcId: vpc, availabilityZone: "us-east-1c", cidrBlock: "172.31.32.0/20", defaultForAz: true),
            EC2Subnet(subnetId: "subnet-5d1ab47ff5496521f", vpcId: vpc, availabilityZone: "us-east-1d", cidrBlock: "172.31.48.0/20", defaultForAz: true),
            EC2Subnet(subnetId: "subnet-90673e879b504a33c", vpcId: vpc, availabilityZone: "us-east-1e", cidrBlock: "172.31.64.0/20", defaultForAz: true),
            EC2Subnet(subnetId: "subnet-45cfb65e0e79ff58b", vpcId: vpc, availabilityZone: "us-east-1f", cidrBlock: "172.31.80.0/20", defaultForAz: true),
        ])
    }

    @Test func decodesFilteredDescribeSubnets() throws {
        let query = EC2Query.describeSubnets(filters: [EC2Filter(name: "vpc-id", values: ["vpc-5550f4dbe3f39da04"])])
        let page = try EC2Page<EC2Subnet>(Self.root("describe-subnets-filtered.xml", for: query))
        #expect(page.items.map(\.subnetId) == ["subnet-d57f1908229edac28"])
    }

    // moto does not paginate these actions, so the paged answers below are
    // written after AWS's documented shape.
    @Test func readsTheNextToken() throws {
        let xml = """
            <DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
                <vpcSet>
                    <item>
                        <vpcId>vpc-1</vpcId>
                        <state>pending</state>
                        <cidrBlock>10.0.0.0/16</cidrBlock>
                        <isDefault>false</isDefault>
                    </item>
                </vpcSet>
                <nextToken>eyJ2IjoiMiJ9</nextToken>
            </DescribeVpcsResponse>
            """
        let page = try EC2Page<EC2Vpc>(XMLReader().read(xml))
        #expect(page == EC2Page(items: [EC2Vpc(vpcId: "vpc-1", cidrBlock: "10.0.0.0/16", isDefault: false, state: "pending")],
                                nextToken: "eyJ2IjoiMiJ9"))
    }

    @Test func treatsAnEmptySetAndAnEmptyTokenAsTheEnd() throws {
        let page = try EC2Page<EC2Subnet>(XMLReader().read("<DescribeSubnetsResponse><subnetSet/><nextToken/></DescribeSubnetsResponse>"))
        #expect(page == EC2Page(items: []))
    }

    @Test func readsAnIPv6OnlySubnetWithoutCidrBlock() throws {
        let page = try EC2Page<EC2Subnet>(XMLReader().read("""
            <DescribeSubnetsResponse><subnetSet><item><subnetId>subnet-6</subnetId><vpcId>vpc-6</vpcId>\
            <availabilityZone>us-east-1a</availabilityZone><defaultForAz>false</defaultForAz>\
            <ipv6Native>true</ipv6Native></item></subnetSet></DescribeSubnetsResponse>
            """))
        #expect(page.items == [EC2Subnet(subnetId: "subnet-6", vpcId: "vpc-6", availabilityZone: "us-east-1a", cidrBlock: nil, defaultForAz: false)])
    }

    static func unexpected(_ operation: String, _ message: String) -> AWSError {
        AWSError(service: "EC2", operation: operation, code: "UnexpectedResponse", message: message)
    }

    @Test(arguments: [
        ("<DescribeSubnetsResponse><vpcSet/></DescribeSubnetsResponse>",
         unexpected("DescribeVpcs", "expected <DescribeVpcsResponse>, got <DescribeSubnetsResponse>")),
        ("<DescribeVpcsResponse><requestId>r</requestId></DescribeVpcsResponse>",
         unexpected("DescribeVpcs", "<DescribeVpcsResponse> has no <vpcSet>")),
        ("<DescribeVpcsResponse><vpcSet><item><cidrBlock>10.0.0.0/16</cidrBlock><isDefault>true</isDefault><state>available</state></item></vpcSet></DescribeVpcsResponse>",
         unexpected("DescribeVpcs", "an <item> in the response has no <vpcId>")),
        ("<DescribeVpcsResponse><vpcSet><item><vpcId> </vpcId></item></vpcSet></DescribeVpcsResponse>",
         unexpected("DescribeVpcs", "an <item> in the response has no <vpcId>")),
        ("<DescribeVpcsResponse><vpcSet><item><vpcId>v</vpcId><cidrBlock>c</cidrBlock><isDefault>yes</isDefault></item></vpcSet></DescribeVpcsResponse>",
         unexpected("DescribeVpcs", "<isDefault> is \"yes\", expected true or false")),
    ])
    func rejectsAnswersThatAreNotWhatTheySeem(_ xml: String, _ expected: AWSError) async throws {
        let root = try XMLReader().read(xml)
        #expect(throws: expected) { try EC2Page<EC2Vpc>(root) }
    }

    @Test func rejectsASubnetWithoutItsZone() throws {
        let root = try XMLReader().read("""
            <DescribeSubnetsResponse><subnetSet><item><subnetId>s</subnetId><vpcId>v</vpcId></item></subnetSet></DescribeSubnetsResponse>
            """)
        #expect(throws: Self.unexpected("DescribeSubnets", "an <item> in the response has no <availabilityZone>")) {
            try EC2Page<EC2Subnet>(root)
        }
    }
}
