"""Amazon's ORDER_CHANGE notifications as they arrive in the seller's SQS queue.

A thin client and the notification's contract, no business rules: ``OrderChangeQueue``
receives and deletes messages (boto3; region from the queue's ARN, credentials and endpoint the
standard AWS way: environment, profile or instance role, ``AWS_ENDPOINT_URL_SQS``), and
``read_order_change`` checks a message body against the notification's schema, as this project
reads Amazon's (``schema``), and returns the fields the connector acts on, or raises
``MalformedNotification``. Only the lifecycle (``connector.orders``) uses this package.
"""

from connector.notifications.queue import OrderChangeQueue, QueueArnError, Received, parse_arn
from connector.notifications.schema import MalformedNotification, OrderChange, read_order_change

__all__ = ["MalformedNotification", "OrderChange", "OrderChangeQueue", "QueueArnError",
           "Received", "parse_arn", "read_order_change"]
