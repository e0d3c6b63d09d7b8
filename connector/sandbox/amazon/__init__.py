"""A local stand-in for Amazon: Login with Amazon, Orders v2026-01-01 and v0, the Tokens API
(Restricted Data Tokens) and confirmShipment, for the demo, the tests and the benchmarks.

It speaks Amazon's HTTP (paths, parameters, bodies, error shapes, ``x-amzn-RequestId`` and
``x-amzn-RateLimit-Limit`` headers) so the client is tested over real sockets, and it keeps
Amazon's rules: each operation's token bucket, the two-minute lag on searches, what a status
withholds, PII only through a Restricted Data Token in v0. A control API under
``/_sandbox/`` plays Amazon's part (orders in, orders moved along, faults injected) and shows
what the client did; a page at ``/`` does the same for a person trying the demo. Nothing
builds an absolute URL, so it works mounted under a prefix.

It shares no code with the client it stands in for (``connector.amazon``): its reading of the
order contract (``contract``), its time parsing and its rate limits (``limits``) are its own,
so a mistake in the client shows up in the tests instead of being mirrored here.

The modules: ``app`` (``create_amazon_sandbox``, the ``command``), ``state``, ``book`` (the
orders and Amazon's rules for changing them), ``views`` (what each API version shows),
``envelope`` (what every operation shares), ``contract``, ``limits``, ``search`` (time
windows and page tokens), one blueprint module per API (``auth``, ``orders_v2026``,
``orders_v0``, ``control``, ``page``), ``catalog`` (the demo catalogue, ``build_order``, the
sample orders) and ``generator`` (``generate_orders``, ``MARKETS``).
"""

from connector.sandbox.amazon.app import command, create_amazon_sandbox

__all__ = ["command", "create_amazon_sandbox"]
