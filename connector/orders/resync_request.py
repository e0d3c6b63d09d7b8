"""What an integrator (API) or an operator (``connector resync``) may ask a resync for, checked
the same way for both: 1 to 50 Amazon order ids, or a window of Amazon's last-update time."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from connector.amazon.sanitize import ORDER_ID_PATTERN as AMAZON_ORDER_ID
from connector.orders.resync import MAX_ORDER_IDS


class ResyncBodySchema(Schema):
    """Either ``amazon_order_ids`` or a window (``since``, optional ``until``)."""

    amazon_order_ids = fields.List(
        fields.String(validate=validate.Regexp(AMAZON_ORDER_ID, error="Not an Amazon order "
                                                                      "id (like "
                                                                      "113-1234567-1234567).")),
        validate=validate.Length(min=1, max=MAX_ORDER_IDS),
        metadata={"description": f"1 to {MAX_ORDER_IDS} Amazon order ids."})
    since = fields.AwareDateTime(default_timezone=UTC, metadata={
        "description": "Start of the window of Amazon's last-update time (UTC if no zone)."})
    until = fields.AwareDateTime(default_timezone=UTC, metadata={
        "description": "End of the window; default and upper bound: now minus 2 minutes "
                       "(Amazon's rule)."})

    @validates_schema
    def _one_kind(self, data, **_):
        ids, since, until = (data.get("amazon_order_ids"), data.get("since"),
                             data.get("until"))
        if ids and (since or until):
            raise ValidationError("Give amazon_order_ids or a since/until window, not both.",
                                  "_schema")
        if not ids and since is None:
            if until is not None:
                raise ValidationError("Required with until.", "since")
            raise ValidationError("Give amazon_order_ids or since.", "_schema")
        now = datetime.now(UTC)
        if since is not None and since >= now:
            raise ValidationError("Must be in the past.", "since")
        if since is not None and until is not None and until <= since:
            raise ValidationError("Must be after since.", "until")
