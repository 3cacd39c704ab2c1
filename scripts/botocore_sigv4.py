#!/usr/bin/env python3
"""Signs requests with botocore's SigV4Auth, the reference the Swift signer is
cross-checked against (Tests/AWSSigV4Tests/BotocoreCrossCheckTests.swift).

stdin:  {"timestamp": "20260102T030405Z",
         "requests": [{"method", "url", "headers": [[name, value], ...],
                       "body_base64", "access_key", "secret_key", "token"?,
                       "region", "service"}, ...]}
stdout: [{"authorization", "canonical_request"}, ...], one per request.
Exit 3 when botocore cannot be imported, so the caller can say so clearly.
"""
import base64
import datetime
import json
import logging
import sys

try:
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
except ImportError as error:
    print(f"botocore is not installed for {sys.executable}: {error}", file=sys.stderr)
    sys.exit(3)


class CanonicalRequestCapture(logging.Handler):
    """add_auth logs its canonical request; keeping it makes a mismatch diffable."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.last = None

    def emit(self, record):
        if record.msg.startswith('CanonicalRequest'):
            self.last = record.args[0]


def main():
    job = json.load(sys.stdin)
    frozen = datetime.datetime.strptime(job['timestamp'], botocore.auth.SIGV4_TIMESTAMP)
    if not hasattr(botocore.auth, 'get_current_datetime'):
        sys.exit('this botocore has no botocore.auth.get_current_datetime to freeze the signing time')
    # add_auth stamps the request with the current time; pin it to the job's.
    botocore.auth.get_current_datetime = lambda *args, **kwargs: frozen

    capture = CanonicalRequestCapture()
    logger = logging.getLogger('botocore.auth')
    logger.setLevel(logging.DEBUG)
    logger.addHandler(capture)

    results = []
    for spec in job['requests']:
        request = botocore.awsrequest.AWSRequest(
            method=spec['method'], url=spec['url'], data=base64.b64decode(spec['body_base64']))
        for name, value in spec['headers']:
            request.headers[name] = value  # appends: repeated names stay repeated
        credentials = botocore.credentials.Credentials(
            spec['access_key'], spec['secret_key'], spec.get('token'))
        botocore.auth.SigV4Auth(credentials, spec['service'], spec['region']).add_auth(request)
        results.append({
            'authorization': request.headers['Authorization'],
            'canonical_request': capture.last,
        })
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
