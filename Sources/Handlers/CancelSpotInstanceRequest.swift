import AWSAccess
public import CfnResponse
import JSONKit

/// `Custom::CancelSpotInstanceRequest`: cancels a desktop's spot request when
/// its stack is deleted. AWS does not cancel a persistent request when its
/// instance goes, and an open persistent request launches (and bills) new
/// instances. The template makes this resource reference the instance, so
/// CloudFormation deletes it — cancelling the request — before it terminates
/// the instance.
///
/// Create/Update: the instance's spot request; PhysicalResourceId = its id,
/// Data `SpotInstanceRequestId`, `SpotInstanceType`, `State`. An instance
/// that is not spot: SUCCESS with empty Data values, nothing to cancel.
/// Delete: cancels the request if it is `open`, `active` or `disabled`;
/// one already `cancelled`, `closed` or gone is SUCCESS. It never terminates
/// the instance. Needs `ec2:DescribeInstances`,
/// `ec2:DescribeSpotInstanceRequests`, `ec2:CancelSpotInstanceRequests`.
public struct CancelSpotInstanceRequest: CustomResourceHandler {
    let ec2: EC2Client

    static let cancellableStates: Set<String> = ["open", "active", "disabled"]

    public func handle(_ request: CustomResourceRequest, context: CustomResourceContext) async throws -> CustomResourceResult {
        if case .delete(let id) = request.kind {
            try await cancel(id, context: context)
            return CustomResourceResult()
        }
        let properties = Properties(request.properties)
        try properties.requireKnown(["InstanceId"])
        let instanceID = try properties.string("InstanceId")

        context.step("DescribeInstances")
        guard let instance = try await ec2.describeInstances([instanceID]).first else {
            throw HandlerFailure("instance \(instanceID) was not found in \(ec2.region): InstanceId must name an instance of this account and region, e.g. i-0123456789abcdef0")
        }
        guard let spotID = instance.spotInstanceRequestId else {
            context.logger.info("instance \(instanceID) is not a spot instance: there is no spot request to cancel")
            return CustomResourceResult(physicalResourceID: instanceID, data: ["SpotInstanceRequestId": "", "SpotInstanceType": "", "State": ""])
        }
        context.step("DescribeSpotInstanceRequests")
        guard let spot = try await ec2.describeSpotInstanceRequests([spotID]).first else {
            throw HandlerFailure("spot request \(spotID) of instance \(instanceID) was not found")
        }
        return CustomResourceResult(physicalResourceID: spotID, data: [
            "SpotInstanceRequestId": .string(spotID),
            "SpotInstanceType": .string(spot.type),
            "State": .string(spot.state),
        ])
    }

    /// Cancels the request named by a physical id, if there is one to cancel.
    private func cancel(_ physicalID: String, context: CustomResourceContext) async throws {
        guard physicalID.hasPrefix("sir-") else {
            context.logger.info("\(physicalID) has no spot request: nothing to cancel")
            return
        }
        context.step("DescribeSpotInstanceRequests")
        let found: [EC2SpotInstanceRequest]
        do {
            found = try await ec2.describeSpotInstanceRequests([physicalID])
        } catch let error as AWSError where error.code == "InvalidSpotInstanceRequestID.NotFound" {
            found = []
        }
        guard let spot = found.first else {
            context.logger.info("spot request \(physicalID) no longer exists: nothing to cancel")
            return
        }
        guard Self.cancellableStates.contains(spot.state) else {
            context.logger.info("spot request \(physicalID) is \(spot.state): nothing to cancel")
            return
        }
        context.step("CancelSpotInstanceRequests")
        let cancelled = try await ec2.cancelSpotInstanceRequests([physicalID])
        context.logger.info("spot request \(physicalID) was \(spot.state), now \(cancelled.first?.state ?? "unknown")")
    }
}
