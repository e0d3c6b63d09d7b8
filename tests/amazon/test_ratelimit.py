"""Rate limiting over time: calls run at Amazon's rate and never faster than its bucket allows.

Time is a fake clock (calls of a given duration, sleeps that only move the clock) except in
the test of threads sharing a limiter. "Amazon" is a plain token bucket with the same plan,
which takes each call's token at some moment between the call being sent and its answer.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable

import pytest
import requests
import responses

from connector.amazon import AmazonClient, LwaCredentials, NetworkError, ServerError, Throttled
from connector.amazon.ratelimit import RateLimiter, TokenBucket, UsagePlan
from tests.amazon.test_client_unit import FakeTime

BASE = "https://sellingpartnerapi-eu.amazon.com"
LWA = "https://api.amazon.com/auth/o2/token"
ORDER_URL = f"{BASE}/orders/2026-01-01/orders/205-4417213-7730712"
CREDS = LwaCredentials("amzn1.application-oa2-client.x", "secret", "Atzr|refresh")
ORDER = {"order": {"orderId": "205-4417213-7730712", "createdTime": "2026-06-01T09:00:00Z",
                   "lastUpdatedTime": "2026-06-01T10:00:00Z",
                   "salesChannel": {"channelName": "AMAZON", "marketplaceId": "A1F83G8C2ARO7P"},
                   "fulfillment": {"fulfillmentStatus": "UNSHIPPED", "fulfilledBy": "MERCHANT"},
                   "orderItems": []}}
EPS = 1e-6



class Run:
    """Calls sent one after the other through a limiter, each seen by a strict Amazon bucket."""

    def __init__(self, rate: float, burst: int):
        self.time = FakeTime()
        self.rate, self.burst = rate, burst
        self.amazon_now = self.time.t
        self.amazon = TokenBucket(rate, burst, clock=lambda: self.amazon_now)
        self.limiter = RateLimiter({"op": UsagePlan(rate, burst)}, clock=self.time.clock,
                                   sleep=self.time.sleep)
        self.start = self.time.t
        self.sent: list[float] = []
        self.throttled = 0

    def calls(self, n: int, duration: float | Callable[[int], float],
              arrival: Callable[[int], float] = lambda i: 0.5) -> Run:
        """``n`` calls; ``arrival(i)`` places Amazon's take within the call (0: when sent, 1:
        when answered)."""
        for i in range(n):
            self.limiter.begin("op")
            sent = self.time.t
            self.sent.append(sent)
            took = duration(i) if callable(duration) else duration
            self.amazon_now = sent + arrival(i) * took
            if self.amazon.try_take() > 0:
                self.throttled += 1
            self.time.t = sent + took
            self.limiter.bucket("op").settle()
        return self

    @property
    def elapsed(self) -> float:
        return self.time.t - self.start

    def check_never_faster_than_the_plan(self) -> None:
        """At most ``burst`` calls at one instant, and ``burst + rate * T`` in any T seconds."""
        for i, first in enumerate(self.sent):
            for j in range(i, len(self.sent)):
                assert j - i + 1 <= self.burst + self.rate * (self.sent[j] - first) + EPS


@pytest.mark.parametrize("duration", [0.0, 0.3, 1.0])
def test_a_chain_of_calls_runs_at_the_rate_not_the_rate_plus_round_trips(duration):
    n, rate, burst = 100, 0.5, 30
    run = Run(rate, burst).calls(n, duration)
    bound = (n - burst) / rate  # 140 s, more than n * duration: the rate is the limit
    # The bound, plus the first call's round trip (taken from a full bucket: Amazon's bucket
    # stays full until that call arrives, so that refill is lost on both sides) and the last
    # call's own duration. Refill is not lost on every call (that cost bound + n * duration).
    assert run.elapsed == pytest.approx(bound + 2 * duration)
    assert run.sent[-1] - run.sent[0] >= bound - EPS
    assert run.throttled == 0
    run.check_never_faster_than_the_plan()


def test_calls_slower_than_the_refill_interval_never_wait():
    run = Run(0.5, 30).calls(100, 3.0)  # a token every 2 s, a call every 3 s
    assert run.time.slept == []
    assert run.elapsed == pytest.approx(300.0)
    assert run.throttled == 0


def test_never_more_than_the_burst_at_once_even_after_a_long_idle():
    run = Run(0.5, 30).calls(50, 0.0)
    assert run.sent.count(run.sent[0]) == 30
    run.time.t += 3600  # idle: the bucket refills to the burst and no further
    idle_end = run.time.t
    run.calls(50, 0.0)
    assert run.sent.count(idle_end) == 30
    assert run.throttled == 0
    run.check_never_faster_than_the_plan()


@pytest.mark.parametrize("seed", range(5))
def test_amazon_never_throttles_however_uneven_the_network(seed):
    rng = random.Random(seed)
    durations = [rng.choice((0.01, 0.3, 1.0, 2.5, 6.0)) * rng.random() for _ in range(400)]
    run = Run(0.5, 30).calls(400, lambda i: durations[i], lambda i: rng.random())
    assert run.throttled == 0
    run.check_never_faster_than_the_plan()


def test_amazon_never_throttles_when_the_first_call_is_the_slowest_to_arrive():
    # The first call reaches Amazon only as its answer leaves; every later one at once. A
    # bucket counting refill from the moment a token was taken would run ahead of Amazon's.
    def arrival(i):
        return 1.0 if i == 0 else 0.0

    run = Run(0.5, 30).calls(200, 0.5, arrival)
    assert run.throttled == 0
    plain = Run(0.5, 30)
    for i in range(200):
        plain.limiter.acquire("op")  # a plain bucket, no in-flight accounting
        plain.amazon_now = plain.time.t + arrival(i) * 0.5
        plain.throttled += plain.amazon.try_take() > 0
        plain.time.t += 0.5
    assert plain.throttled > 0


def test_calls_in_flight_hold_their_tokens_until_answered():
    time_ = FakeTime()
    bucket = TokenBucket(1.0, 3, clock=time_.clock)
    assert [bucket.try_begin() for _ in range(3)] == [0, 0, 0]
    time_.t += 100  # all three still in flight: a fourth could reach Amazon with them
    assert bucket.try_begin() > 0
    bucket.settle()
    assert bucket.wait_time() == pytest.approx(1.0)  # answered now: taken by now at the latest
    time_.t += 1
    assert bucket.try_begin() == 0
    assert bucket.in_flight == 3
    bucket.release()  # not sent after all: the token comes back
    assert bucket.try_begin() == 0
    for _ in range(3):
        bucket.settle()
    assert bucket.in_flight == 0


def test_refill_between_calls_is_kept_while_a_call_is_in_flight():
    time_ = FakeTime()
    bucket = TokenBucket(1.0, 3, clock=time_.clock)
    for _ in range(3):
        bucket.try_begin()
        bucket.settle()
    assert bucket.wait_time() == pytest.approx(1.0)
    time_.t += 0.5
    bucket.try_begin()  # no token: nothing taken
    time_.t += 0.5
    assert bucket.try_begin() == 0
    time_.t += 0.7  # a slow call
    bucket.settle()
    assert bucket.wait_time() == pytest.approx(0.3)  # its 0.7 s of refill are kept


def test_threads_sharing_a_limiter_keep_to_the_plan():
    rate, burst, threads, each = 200.0, 4, 6, 20
    amazon = TokenBucket(rate, burst)
    limiter = RateLimiter({"op": UsagePlan(rate, burst)})
    bucket = limiter.bucket("op")
    lock = threading.Lock()
    seen = {"throttled": 0, "in_flight": 0, "most": 0, "errors": []}

    def work(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(each):
                limiter.begin("op")
                with lock:
                    seen["in_flight"] += 1
                    seen["most"] = max(seen["most"], seen["in_flight"])
                time.sleep(rng.uniform(0, 0.01))
                if amazon.try_take() > 0:
                    with lock:
                        seen["throttled"] += 1
                time.sleep(rng.uniform(0, 0.01))
                with lock:
                    seen["in_flight"] -= 1
                bucket.settle()
        except Exception as exc:  # reported below, not lost in the thread
            seen["errors"].append(exc)

    workers = [threading.Thread(target=work, args=(seed,)) for seed in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert not any(worker.is_alive() for worker in workers)
    assert seen["errors"] == []
    assert seen["throttled"] == 0
    assert seen["most"] <= burst
    assert bucket.in_flight == 0


# -- through the client ------------------------------------------------------------------------

@pytest.fixture
def fake_time():
    return FakeTime()


def client_with(fake_time: FakeTime, plan: UsagePlan) -> AmazonClient:
    limiter = RateLimiter({"getOrder": plan}, clock=fake_time.clock, sleep=fake_time.sleep)
    return AmazonClient(CREDS, "EU", clock=fake_time.clock, sleep=fake_time.sleep,
                        limiter=limiter)


def lwa(mock, status=200):
    body = ({"access_token": "Atza|one", "token_type": "bearer", "expires_in": 3600}
            if status == 200 else {"error": "server_error"})
    mock.add(responses.POST, LWA, status=status, json=body)


def answers(fake_time: FakeTime, duration: float, rate_header: list[str]):
    """Each getOrder answer arrives ``duration`` seconds after it was sent."""
    def answer(request):
        fake_time.t += duration
        return 200, {"x-amzn-RateLimit-Limit": rate_header[0]}, json.dumps(ORDER)
    responses.add_callback(responses.GET, ORDER_URL, callback=answer)


@responses.activate
def test_client_chain_of_getorder_calls_takes_the_bound(fake_time):
    n, rate, burst, duration = 60, 0.5, 10, 0.4
    lwa(responses)
    answers(fake_time, duration, ["0.5"])
    with client_with(fake_time, UsagePlan(rate, burst)) as client:
        start = fake_time.t
        for _ in range(n):
            client.get_order("205-4417213-7730712")
    assert fake_time.t - start == pytest.approx((n - burst) / rate + 2 * duration)  # 100.8 s
    assert client.calls["getOrder"] == n


@responses.activate
def test_client_follows_the_rate_amazon_announces(fake_time):
    lwa(responses)
    header = ["0.1"]  # lower than the plan's 0.5
    answers(fake_time, 0.0, header)
    with client_with(fake_time, UsagePlan(0.5, 2)) as client:
        for _ in range(3):
            client.get_order("205-4417213-7730712")
        assert fake_time.slept == [pytest.approx(10.0)]  # burst of 2, then one every 10 s
        header[0] = "2"  # raised: from the next answer on
        client.get_order("205-4417213-7730712")
        client.get_order("205-4417213-7730712")
    assert fake_time.slept == [pytest.approx(10.0), pytest.approx(10.0), pytest.approx(0.5)]


@responses.activate
def test_client_429_empties_the_bucket_from_its_answer(fake_time):
    lwa(responses)
    responses.add(responses.GET, ORDER_URL, json=ORDER)
    responses.add(responses.GET, ORDER_URL, status=429, json={"errors": [
        {"code": "QuotaExceeded", "message": "You exceeded your quota"}]})
    responses.add(responses.GET, ORDER_URL, json=ORDER)
    with client_with(fake_time, UsagePlan(0.5, 30)) as client:
        client.get_order("205-4417213-7730712")
        with pytest.raises(Throttled) as caught:
            client.get_order("205-4417213-7730712")
        assert caught.value.limit == 0.5
        assert fake_time.slept == []
        client.get_order("205-4417213-7730712")  # 28 tokens believed, none left in fact
    assert fake_time.slept == [pytest.approx(2.0)]


@responses.activate
def test_client_call_never_sent_gives_its_token_back(fake_time):
    for _ in range(4):  # LWA down for the first call and its three retries: nothing is sent
        lwa(responses, status=503)
    lwa(responses)
    responses.add(responses.GET, ORDER_URL, json=ORDER)
    with client_with(fake_time, UsagePlan(0.5, 1)) as client:
        with pytest.raises(ServerError):
            client.get_order("205-4417213-7730712")
        slept = list(fake_time.slept)  # LWA's own backoff
        client.get_order("205-4417213-7730712")
    assert fake_time.slept == slept  # the only token was still there
    assert client.calls["getOrder"] == 1


@responses.activate
def test_client_network_failure_settles_the_call(fake_time):
    lwa(responses)
    responses.add(responses.GET, ORDER_URL, body=requests.ConnectionError("reset"))
    limiter = RateLimiter({"getOrder": UsagePlan(0.5, 1)}, clock=fake_time.clock,
                          sleep=fake_time.sleep)
    with AmazonClient(CREDS, "EU", clock=fake_time.clock, sleep=fake_time.sleep,
                      limiter=limiter, max_retries=0) as client:
        with pytest.raises(NetworkError):
            client.get_order("205-4417213-7730712")
    bucket = limiter.bucket("getOrder")
    assert bucket.in_flight == 0
    assert bucket.wait_time() == pytest.approx(2.0)  # it may have reached Amazon
