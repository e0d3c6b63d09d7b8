"""Feeds API 2021-06-30 as the sandbox serves it: createFeedDocument, the document upload and
download at pre-signed URLs the sandbox itself serves (``/feed-documents/<id>``, standing in
for Amazon's storage), createFeed, getFeed, getFeeds and getFeedDocument. Shapes follow
``feeds_2021-06-30.json``; what a feed does is ``feed_desk``'s.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta

from flask import Blueprint, Response, request, url_for

from connector.sandbox.amazon.contract import amazon_time, parse_time
from connector.sandbox.amazon.envelope import (
    ApiError,
    invalid,
    json_response,
    list_param,
    operation,
)
from connector.sandbox.amazon.feed_desk import FeedDesk
from connector.sandbox.amazon.state import sandbox

FEEDS = "/feeds/2021-06-30"
STATUSES = ("CANCELLED", "DONE", "FATAL", "IN_PROGRESS", "IN_QUEUE")
#: A pre-signed URL lives five minutes (the model says so).
URL_LIFETIME = timedelta(minutes=5)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
RETENTION = timedelta(days=90)  # getFeeds' default createdSince

feeds = Blueprint("feeds", __name__)


def desk() -> FeedDesk:
    state = sandbox()
    state.feeds.process_due()
    return state.feeds


def _presigned(document: dict) -> str:
    return url_for("feeds.feed_document", document_id=document["id"],
                   signature=document["signature"], _external=True)


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise invalid("Invalid input", "the body must be a JSON object")
    return body


@feeds.post(f"{FEEDS}/documents")
@operation("createFeedDocument")
def create_feed_document():
    body = _body()
    content_type = body.get("contentType")
    if not isinstance(content_type, str) or not content_type.strip():
        raise invalid("Invalid input", "contentType is required")
    document = desk().new_document(content_type)
    return json_response({"feedDocumentId": document["id"], "url": _presigned(document)}, 201)


@feeds.route("/feed-documents/<document_id>", methods=["PUT", "GET"])
def feed_document(document_id: str):
    """The pre-signed URL (the storage Amazon hands out): PUT the feed, GET a report."""
    files = desk()
    document = files.document(document_id, request.args.get("signature"))
    if document is None:
        return Response("Access Denied", status=403, mimetype="text/plain")
    if request.method == "GET":
        if document["data"] is None:
            return Response("The specified key does not exist.", status=404,
                            mimetype="text/plain")
        return Response(document["data"], mimetype=document["content_type"])
    if files.now() > document["created"] + URL_LIFETIME:
        return Response("Request has expired", status=403, mimetype="text/plain")
    if request.content_type != document["content_type"]:
        return Response("The request signature we calculated does not match the signature you "
                        "provided (Content-Type differs from createFeedDocument's).",
                        status=403, mimetype="text/plain")
    data = request.get_data()
    if len(data) > MAX_DOCUMENT_BYTES:
        return Response("Your proposed upload exceeds the maximum allowed size", status=400,
                        mimetype="text/plain")
    with files.lock:
        document["data"] = data
    return Response(status=200)


@feeds.post(f"{FEEDS}/feeds")
@operation("createFeed")
def create_feed():
    body = _body()
    feed_type, marketplaces = body.get("feedType"), body.get("marketplaceIds")
    document_id = body.get("inputFeedDocumentId")
    if not isinstance(feed_type, str) or not feed_type:
        raise invalid("Invalid input", "feedType is required")
    if (not isinstance(marketplaces, list) or not 1 <= len(marketplaces) <= 25
            or not all(isinstance(m, str) and m for m in marketplaces)):
        raise invalid("Invalid input", "marketplaceIds must list 1 to 25 marketplace ids")
    if not isinstance(document_id, str) or not document_id:
        raise invalid("Invalid input", "inputFeedDocumentId is required")
    options = body.get("feedOptions")
    if options is not None and (not isinstance(options, dict) or not all(
            isinstance(v, str) for v in options.values())):
        raise invalid("Invalid input", "feedOptions maps names to strings")
    unknown = set(body) - {"feedType", "marketplaceIds", "inputFeedDocumentId", "feedOptions"}
    if unknown:
        raise invalid("Invalid input", f"unknown field {sorted(unknown)[0]}")
    try:
        feed_id = desk().create(feed_type, marketplaces, document_id)
    except ValueError as problem:
        raise invalid("Invalid input", str(problem)) from None
    return json_response({"feedId": feed_id}, 202)


def _found(table: str, key: str, what: str) -> dict:
    """A feed or feed document by id, or Amazon's 404."""
    files = desk()
    with files.lock:
        found = getattr(files, table).get(key)
    if found is None:
        raise ApiError(404, "NotFound", f"{what} {key} not found")
    return found


@feeds.get(f"{FEEDS}/feeds/<feed_id>")
@operation("getFeed")
def get_feed(feed_id: str):
    return json_response(desk().view(_found("feeds", feed_id, "Feed")))


def _page_token(query: dict, offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([query, offset]).encode()).decode()


def _from_token(token: str) -> tuple[dict, int]:
    try:
        query, offset = json.loads(base64.urlsafe_b64decode(token.encode()))
        return dict(query), int(offset)
    except (ValueError, TypeError):
        raise invalid("Invalid input", "nextToken is not valid") from None


def _feeds_query() -> dict:
    types = list_param("feedTypes")
    if not 1 <= len(types) <= 10:
        raise invalid("Invalid input", "feedTypes (1 to 10) or nextToken is required")
    marketplaces = list_param("marketplaceIds")
    if len(marketplaces) > 10:
        raise invalid("Invalid input", "marketplaceIds accepts at most 10 values")
    statuses = list_param("processingStatuses")
    if set(statuses) - set(STATUSES):
        raise invalid("Invalid input", f"processingStatuses must be among {', '.join(STATUSES)}")
    try:
        size = int(request.args.get("pageSize", 10))
    except ValueError:
        raise invalid("Invalid input", "pageSize must be an integer") from None
    if not 1 <= size <= 100:
        raise invalid("Invalid input", "pageSize must be from 1 to 100")
    now = sandbox().now()
    bounds = {}
    for name, default in (("createdSince", now - RETENTION), ("createdUntil", now)):
        raw = request.args.get(name)
        moment = parse_time(raw) if raw is not None else default
        if moment is None:
            raise invalid("Invalid input", f"{name} must be an ISO 8601 date-time")
        bounds[name] = amazon_time(moment)
    return {"types": types, "marketplaces": marketplaces, "statuses": statuses, "size": size,
            **bounds}


@feeds.get(f"{FEEDS}/feeds")
@operation("getFeeds")
def get_feeds():
    token = request.args.get("nextToken")
    if token is not None:
        if set(request.args) != {"nextToken"}:
            raise invalid("Invalid input", "nextToken must be the only parameter")
        query, offset = _from_token(token)
    else:
        query, offset = _feeds_query(), 0
    since, until = parse_time(query["createdSince"]), parse_time(query["createdUntil"])
    files = desk()
    with files.lock:
        matching = [feed for feed in files.feeds.values()
                    if feed["feedType"] in query["types"]
                    and (not query["marketplaces"]
                         or set(feed["marketplaceIds"]) & set(query["marketplaces"]))
                    and (not query["statuses"] or feed["processingStatus"] in query["statuses"])
                    and since <= feed["created"] <= until]
        matching.sort(key=lambda f: (f["created"], int(f["feedId"])), reverse=True)
        page = [files.view(feed) for feed in matching[offset:offset + query["size"]]]
    body: dict = {"feeds": page}
    if offset + query["size"] < len(matching):
        body["nextToken"] = _page_token(query, offset + query["size"])
    return json_response(body)


@feeds.get(f"{FEEDS}/documents/<document_id>")
@operation("getFeedDocument")
def get_feed_document(document_id: str):
    document = _found("documents", document_id, "Feed document")
    return json_response({"feedDocumentId": document["id"], "url": _presigned(document)})
