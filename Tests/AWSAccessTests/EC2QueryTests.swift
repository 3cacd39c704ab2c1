import AWSAccess
import Foundation
import Testing

struct EC2QueryTests {
    @Test(arguments: [
        // Bodies marked botocore were produced by botocore's EC2 serializer and
        // urlencode, as botocore's request preparer writes the body (a space is +).
        (EC2Query(action: "DescribeVpcs"),
         "Action=DescribeVpcs&Version=2016-11-15"),
        (EC2Query.describeVpcs(filters: [EC2Filter(name: "is-default", values: ["true"])]),
         "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=is-default&Filter.1.Value.1=true"),
        // botocore
        (EC2Query.describeVpcs(
            vpcIDs: ["vpc-1", "vpc-2"],
            filters: [
                EC2Filter(name: "tag:Name", values: ["mapu & <test>", "héllo wörld/ü~*+"]),
                EC2Filter(name: "is-default", values: ["true"]),
            ],
            maxResults: 5, nextToken: "abc/+="),
         "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName&Filter.1.Value.1=mapu+%26+%3Ctest%3E"
            + "&Filter.1.Value.2=h%C3%A9llo+w%C3%B6rld%2F%C3%BC~%2A%2B&Filter.2.Name=is-default&Filter.2.Value.1=true"
            + "&VpcId.1=vpc-1&VpcId.2=vpc-2&MaxResults=5&NextToken=abc%2F%2B%3D"),
        // botocore
        (EC2Query.describeSubnets(subnetIDs: ["subnet-1"], filters: [EC2Filter(name: "vpc-id", values: ["vpc-1"])], maxResults: 10, nextToken: "t 1"),
         "Action=DescribeSubnets&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1&SubnetId.1=subnet-1&MaxResults=10&NextToken=t+1"),
        (EC2Query(action: "X", parameters: [.value("Z", "1"), .value("A", "2"), .list("Id", []), .filters([])]),
         "Action=X&Version=2016-11-15&Z=1&A=2"),
        (EC2Query(action: "X", parameters: [.filters([EC2Filter(name: "n", values: [])])]),
         "Action=X&Version=2016-11-15&Filter.1.Name=n"),
        // Numbering carries on, so two groups never collide.
        (EC2Query(action: "X", parameters: [
            .list("Id", ["a"]), .filters([EC2Filter(name: "f", values: ["1", "2"])]),
            .list("Id", ["b"]), .filters([EC2Filter(name: "g", values: ["3"])]),
         ]),
         "Action=X&Version=2016-11-15&Id.1=a&Filter.1.Name=f&Filter.1.Value.1=1&Filter.1.Value.2=2&Id.2=b&Filter.2.Name=g&Filter.2.Value.1=3"),
        (EC2Query(action: "X", parameters: [.value("k", "AZaz09-_.~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}")]),
         "Action=X&Version=2016-11-15&k=AZaz09-_.~+%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D"),
        (EC2Query(action: "X", parameters: [.value("k", "日本 😀\n\u{0}")]),
         "Action=X&Version=2016-11-15&k=%E6%97%A5%E6%9C%AC+%F0%9F%98%80%0A%00"),
        (EC2Query(action: "X", parameters: [.value("a b", "")]),
         "Action=X&Version=2016-11-15&a+b="),
    ])
    func encodesTheBody(_ query: EC2Query, _ body: String) {
        #expect(query.bodyString == body)
        #expect(query.body == Data(body.utf8))
    }

    @Test func listsFieldsInSendingOrder() {
        let query = EC2Query.describeVpcs(vpcIDs: ["vpc-1"], filters: [EC2Filter(name: "state", values: ["available"])])
        #expect(query.fields.map(\.name) == ["Action", "Version", "Filter.1.Name", "Filter.1.Value.1", "VpcId.1"])
        #expect(query.fields.map(\.value) == ["DescribeVpcs", "2016-11-15", "state", "available", "vpc-1"])
    }

    @Test func namesTheProtocolConstants() {
        #expect(EC2Query.contentType == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(EC2Query.apiVersion == "2016-11-15")
        #expect(EC2Query.service == "EC2")
    }
}
