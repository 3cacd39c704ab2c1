import AWSSigV4
import Testing

@Suite struct AWSCredentialsTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "FwoGZXIvYXdzSESSIONTOKEN")

    @Test func everyRenderingRedactsTheSecretAndToken() {
        var dumped = ""
        dump(Self.credentials, to: &dumped)
        for text in [
            Self.credentials.description, Self.credentials.debugDescription, "\(Self.credentials)",
            String(reflecting: Self.credentials), dumped,
        ] {
            #expect(text.contains("AKIDEXAMPLE"))
            #expect(!text.contains("wJalrXUtnFEMI"))
            #expect(!text.contains("SESSIONTOKEN"))
        }
    }

    @Test func descriptionSaysWhetherThereIsAToken() {
        #expect(Self.credentials.description
            == "AWSCredentials(accessKeyID: AKIDEXAMPLE, secretAccessKey: <redacted>, sessionToken: <redacted>)")
        #expect(AWSCredentials(accessKeyID: "A", secretAccessKey: "S").description
            == "AWSCredentials(accessKeyID: A, secretAccessKey: <redacted>, sessionToken: nil)")
    }
}
