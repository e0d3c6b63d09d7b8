"""The seller's SQS queue, through boto3: long-poll receive, batch delete, retry later."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

ARN = re.compile(r"^arn:aws:sqs:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
                 r"(?P<name>[A-Za-z0-9_-]{1,80}(\.fifo)?)$")
#: SQS's limits: 10 messages per receive and per delete batch, 20 s longest long poll.
BATCH, LONGEST_WAIT = 10, 20


class QueueArnError(ValueError):
    """Not an SQS queue ARN (``arn:aws:sqs:<region>:<account>:<name>``)."""


@dataclass(frozen=True)
class Received:
    message_id: str
    receipt: str
    body: str


def parse_arn(arn: str) -> tuple[str, str, str]:
    """``(region, account, name)`` of an SQS queue ARN; ``QueueArnError`` otherwise."""
    found = ARN.match(arn or "")
    if not found:
        raise QueueArnError("an SQS queue ARN such as arn:aws:sqs:us-east-1:123456789012:orders")
    if found["name"].endswith(".fifo"):
        raise QueueArnError("Amazon sends notifications to standard queues, not FIFO queues")
    return found["region"], found["account"], found["name"]


class OrderChangeQueue:
    """One queue. ``client`` is a boto3 SQS client (made from the ARN's region by default)."""

    def __init__(self, queue_arn: str, *, client=None):
        region, account, name = parse_arn(queue_arn)
        if client is None:
            import boto3

            client = boto3.client("sqs", region_name=region)
        self.arn = queue_arn
        self.sqs = client
        self.url = client.get_queue_url(QueueName=name,
                                        QueueOwnerAWSAccountId=account)["QueueUrl"]

    def receive(self, wait_seconds: float = LONGEST_WAIT, max_messages: int = BATCH
                ) -> list[Received]:
        answer = self.sqs.receive_message(
            QueueUrl=self.url, MaxNumberOfMessages=max(1, min(BATCH, max_messages)),
            WaitTimeSeconds=int(max(0, min(LONGEST_WAIT, wait_seconds))))
        return [Received(m["MessageId"], m["ReceiptHandle"], m.get("Body", ""))
                for m in answer.get("Messages", [])]

    def delete(self, messages: Sequence[Received]) -> None:
        for start in range(0, len(messages), BATCH):
            chunk = messages[start:start + BATCH]
            self.sqs.delete_message_batch(QueueUrl=self.url, Entries=[
                {"Id": str(n), "ReceiptHandle": m.receipt} for n, m in enumerate(chunk)])

    def retry_later(self, messages: Sequence[Received], seconds: int) -> None:
        """Visible again after ``seconds`` (instead of the queue's visibility timeout)."""
        for start in range(0, len(messages), BATCH):
            chunk = messages[start:start + BATCH]
            self.sqs.change_message_visibility_batch(QueueUrl=self.url, Entries=[
                {"Id": str(n), "ReceiptHandle": m.receipt,
                 "VisibilityTimeout": max(0, min(43200, int(seconds)))}
                for n, m in enumerate(chunk)])
