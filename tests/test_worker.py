"""The outbox through real workers (Huey consumers on a SQLite or Redis queue) and a real
SMTP server (aiosmtpd): delivered after the commit, once, without blocking writes."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from partner_net import clock, create_app
from partner_net.emails import nudges
from partner_net.extensions import db
from partner_net.mail import send_email
from partner_net.models import JobRun, OutboxMessage, Referral
from partner_net.outbox import delivery
from partner_net.tasks import queue
from tests import referral_factories
from tests.conftest import base_config
from tests.smtp_server import SlowMailbox, running_smtp_server
from tests.test_referrals_give import form
from tests.workers import queue_config, running_worker, wait_for


@pytest.fixture(params=["sqlite", "redis"])
def queue_kind(request) -> str:
    return request.param


@pytest.fixture
def app_config(smtp_server, queue_kind, tmp_path):
    return {**smtp_server.app_config, **queue_config(queue_kind, tmp_path)}


def sqlite_queue_only(queue_kind: str) -> None:
    """For what does not depend on the broker: once on the SQLite queue is enough."""
    if queue_kind == "redis":
        pytest.skip("does not depend on the broker; run on the SQLite queue")


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_referral_email_arrives_through_the_worker(app, client, auth, world, smtp_server):
    with running_worker(app):
        auth.login(world.alice)
        assert client.post("/referrals/new", data=form(world)).status_code == 302
        wait_for(lambda: smtp_server.to(world.bob.email))
    [message] = smtp_server.to(world.bob.email)
    assert message["Subject"] == "Alice Archer sent you a referral"
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
    html = message.get_body(("html",)).get_content()
    assert '<a href="http://partner.test/referrals/' in html
    assert "priya@cafe.example" not in smtp_server.body(message) + html
    assert message["List-Unsubscribe"].startswith("<http://partner.test/email/unsubscribe/")
    [row] = wait_for(lambda: [m for m in outbox() if m.status == "sent"])
    assert message["Message-ID"].strip().startswith(f"<outbox-{row.id}.")
    assert (row.attempts, row.text_body, row.html_body) == (1, "", "")  # bodies dropped


def test_nothing_is_sent_before_the_commit_nor_after_a_rollback(app, world, smtp_server):
    with running_worker(app):
        send_email(world.bob.email, "Rolled back", "referral_milestone", member=world.bob,
                   text="never", note="", link="http://partner.test/")
        time.sleep(0.3)  # the worker is idle: nothing was enqueued before the commit
        assert smtp_server.messages == []
        db.session.rollback()
        assert outbox() == []
        assert delivery.sweep(clock.now() + timedelta(minutes=5)) == []
        send_email(world.bob.email, "Committed", "referral_milestone", member=world.bob,
                   text="kept", note="", link="http://partner.test/")
        db.session.commit()
        wait_for(lambda: smtp_server.messages)
    assert [m["Subject"] for m in smtp_server.messages] == ["Committed"]


def test_a_slow_mail_server_does_not_hold_up_referral_writes(app, client, auth, world,
                                                              tmp_path, queue_kind):
    sqlite_queue_only(queue_kind)
    slow = SlowMailbox(delay=2.0)
    with running_smtp_server(slow):
        app.config.update(slow.app_config)
        with running_worker(app, threads=1):
            auth.login(world.alice)
            client.post("/referrals/new", data=form(world))
            wait_for(lambda: slow.started == 1)  # the worker is inside the SMTP exchange
            started = time.monotonic()
            response = client.post("/referrals/new",
                                   data=form(world, prospect_name="Second Prospect"))
            took = time.monotonic() - started
            assert response.status_code == 302
            assert took < 1.5, f"the write waited {took:.1f}s for the mail server"
            assert db.session.scalar(sa.select(sa.func.count(Referral.id))) == 2
            wait_for(lambda: len(slow.messages) == 2, timeout=20)
    assert [m["Subject"] for m in slow.messages] == ["Alice Archer sent you a referral"] * 2


def second_app(app: Flask) -> Flask:
    """Another process's view of the same database and queue (its own engine and Huey)."""
    return create_app(base_config(app.config["SQLALCHEMY_DATABASE_URI"],
                                  **{k: app.config[k] for k in (
                                      "QUEUE_URL", "QUEUE_NAME", "MAIL_SERVER", "MAIL_PORT")}))


def test_two_workers_deliver_each_message_once_even_when_enqueued_twice(
        app, world, smtp_server):
    for n in range(12):
        send_email(world.bob.email, f"Message {n}", "referral_milestone", member=world.bob,
                   text=f"n={n}", note="", link="http://partner.test/")
    db.session.commit()  # enqueues each once
    ids = [m.id for m in outbox()]
    for message_id in ids:  # as a sweep racing the after-commit enqueue would
        queue(app).enqueue_delivery(message_id)
    other = second_app(app)
    with running_worker(app, threads=3), running_worker(other, threads=3):
        wait_for(lambda: all(m.status == "sent" for m in outbox()))
        time.sleep(0.5)  # let any duplicate finish
    subjects = sorted(m["Subject"] for m in smtp_server.messages)
    assert subjects == sorted(f"Message {n}" for n in range(12))
    with other.app_context():
        db.engine.dispose()


def test_concurrent_deliveries_of_one_row_send_it_once(app, world, smtp_server, queue_kind):
    sqlite_queue_only(queue_kind)
    message_id = send_email(world.bob.email, "Once", "referral_milestone", member=world.bob,
                            text="x", note="", link="http://partner.test/")
    db.session.commit()  # immediate delivery is not on: this app has a real queue
    results: list[str] = []
    barrier = threading.Barrier(8)

    def deliver() -> None:
        with app.app_context():
            barrier.wait()
            results.append(delivery.deliver(message_id))

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["sent"] + ["skipped"] * 7
    assert [m["Subject"] for m in smtp_server.messages] == ["Once"]


def test_a_periodic_job_runs_once_however_many_schedulers_enqueue_it(
        app, world, smtp_server, set_now, monkeypatch, queue_kind):
    sqlite_queue_only(queue_kind)
    set_now(datetime(2026, 3, 4, 10, 5, tzinfo=UTC))
    runs: list[datetime] = []
    real = nudges.send_due
    monkeypatch.setattr(nudges, "send_due", lambda now: runs.append(now) or real(now))
    other = second_app(app)
    tick = datetime(2026, 3, 4, 10, 5)  # naive UTC, as Huey's scheduler passes it
    for each in (app, other):  # two consumers' schedulers at the same minute
        huey = queue(each).huey
        for task in huey.read_periodic(tick):
            huey.enqueue(task)
    assert queue(app).huey.pending_count() == 4  # nudges and the outbox sweep, twice each
    with running_worker(app, threads=2), running_worker(other, threads=2):
        wait_for(lambda: queue(app).huey.pending_count() == 0 and runs)
        time.sleep(0.5)  # let the second copy finish
    assert len(runs) == 1
    slots = db.session.execute(sa.select(JobRun.job, JobRun.slot)).all()
    assert slots == [("referral_nudges", "2026-03-04T10Z")]
    with other.app_context():
        db.engine.dispose()


def test_nudges_reach_the_mail_server_through_the_worker(app, world, smtp_server, set_now,
                                                         queue_kind):
    sqlite_queue_only(queue_kind)
    given = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    set_now(given)
    referral_factories.give(world.group, world.alice, world.bob)
    set_now(given + timedelta(hours=49))
    with running_worker(app):
        wait_for(lambda: smtp_server.to(world.bob.email))  # the referral itself
        queue(app).jobs["referral_nudges"]()  # what the scheduler does each hour
        wait_for(lambda: len(smtp_server.to(world.bob.email)) == 2)
    nudge = smtp_server.to(world.bob.email)[1]
    assert nudge["Subject"] == "Alice Archer's referral is waiting for your call"
    body = smtp_server.body(nudge)
    assert "Monday 2 March" in body  # in Bob's zone (his group's, Europe/London)
    for secret in ("Priya", "priya@cafe.example", "Roof leaks", "7946"):
        assert secret not in body and secret not in nudge["Subject"]
