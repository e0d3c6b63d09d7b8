"""Amazon SQS for tests: moto's server (the real SQS protocol over HTTP, in a thread of the
test process) and boto3 clients pointed at it, plus a queue whose policy lets Amazon send."""

from __future__ import annotations

import json
from dataclasses import dataclass

import boto3

REGION, ACCOUNT = "us-east-1", "123456789012"  # moto's default account
AMAZON_PRINCIPAL = "arn:aws:iam::437568002678:root"


def amazon_may_send(queue_arn: str) -> str:
    """The queue policy Amazon needs (as the README gives it)."""
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": AMAZON_PRINCIPAL},
        "Action": ["sqs:SendMessage", "sqs:GetQueueAttributes"], "Resource": queue_arn}]})


@dataclass
class Sqs:
    url: str

    def client(self, region: str = REGION):
        return boto3.client("sqs", region_name=region, endpoint_url=self.url,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def make_queue(self, name: str, *, policy: bool = True, visibility_seconds: int = 30
                   ) -> str:
        """A standard queue; its ARN."""
        arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
        attributes = {"VisibilityTimeout": str(visibility_seconds)}
        if policy:
            attributes["Policy"] = amazon_may_send(arn)
        self.client().create_queue(QueueName=name, Attributes=attributes)
        return arn

    def waiting(self, name: str) -> int:
        """Messages in the queue, visible or in flight."""
        client = self.client()
        url = client.get_queue_url(QueueName=name)["QueueUrl"]
        attributes = client.get_queue_attributes(QueueUrl=url, AttributeNames=[
            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed"])["Attributes"]
        return sum(int(v) for v in attributes.values())


def start_moto():
    """(server, Sqs): moto's server on a free port of 127.0.0.1; ``server.stop()`` after."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, Sqs(f"http://{host}:{port}")


def notified_world(app, live_server, sqs: Sqs):
    """The end-to-end world (``tests/e2e/world.py``) whose Amazon sandbox publishes ORDER_CHANGE
    notifications to ``sqs`` and whose connector reads them from there."""
    from connector.notifications import OrderChangeQueue, parse_arn
    from tests.e2e.world import make_world

    world = make_world(app, live_server, amazon_options={"sqs": sqs.client})
    world.lifecycle.queue_factory = lambda arn: OrderChangeQueue(
        arn, client=sqs.client(parse_arn(arn)[0]))
    return world
