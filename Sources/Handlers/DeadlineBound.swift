import AWSAccess
import CfnResponse

/// Runs a handler with its AWS calls bound to the time the timeout guard
/// allows it: retries and waits end before the guard abandons the handler,
/// so a failure is reported as the AWS error it is, not as a timeout.
struct DeadlineBound: CustomResourceHandler {
    let handler: any CustomResourceHandler

    func handle(_ request: CustomResourceRequest, context: CustomResourceContext) async throws -> CustomResourceResult {
        try await AWSDeadline.$current.withValue(context.workDeadlineMilliseconds) {
            try await handler.handle(request, context: context)
        }
    }
}
