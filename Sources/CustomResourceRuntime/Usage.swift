import LambdaLog

/// What `bootstrap` says when started outside Lambda.
enum Usage {
    static func print(arguments: [String], handlers: [String]) {
        var text = """
        bootstrap — mapu's Lambda custom runtime for CloudFormation custom resources.

        It runs under Lambda (provided.al2023), which sets AWS_LAMBDA_RUNTIME_API and
        _HANDLER; started without AWS_LAMBDA_RUNTIME_API there is nothing to serve.

        Handlers (_HANDLER): \(handlers.joined(separator: ", "))

        To run a handler here on a recorded event, use mapu-local:
          .build/debug/mapu-local --moto events/DefaultVpcId/create.json

        """
        if !arguments.isEmpty && arguments != ["--help"] && arguments != ["-h"] {
            text = "bootstrap takes no arguments (got: \(arguments.joined(separator: " ")))\n\n" + text
        }
        LogSink.standardOutput.writeRaw(text)
    }
}
