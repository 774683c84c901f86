"""Request logs (a request id, nothing secret) and the health endpoint."""

from __future__ import annotations

import io
import json
import logging

import pytest
from flask.logging import default_handler

from partner_net import create_app
from tests.conftest import base_config


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "partner_net.request"]


def test_a_request_id_is_made_or_echoed(client):
    made = client.get("/").headers["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/", headers={"X-Request-ID": "lb-42.a"}).headers["X-Request-ID"] == "lb-42.a"
    for bad in ("two words", "x" * 200, "<script>"):
        echoed = client.get("/", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert echoed != bad and len(echoed) == 32


def test_each_request_is_logged_with_its_id_and_member(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    auth.login(world.alice)
    response = client.get(f"/g/{world.group.slug}/", headers={"X-Request-ID": "abc"})
    [record] = [r for r in request_records(caplog) if r.request_id == "abc"]
    assert (record.method, record.path, record.status) == ("GET", f"/g/{world.group.slug}/", 200)
    assert record.endpoint == "main.dashboard"
    assert record.member_id == world.alice.id
    assert record.duration_ms >= 0
    assert response.status_code == 200


def test_tokens_and_query_strings_stay_out_of_the_request_log(client, auth, world, caplog):
    caplog.set_level(logging.INFO)
    secret = "s3cr3t-token-value-abcdefghijklmnop"
    client.get(f"/auth/reset/{secret}")
    client.get(f"/invite/{secret}")
    client.get(f"/email/unsubscribe/{secret}")
    client.get(f"/nowhere/{secret}/deeper")
    auth.login(world.alice)
    client.get(f"/g/{world.group.slug}/match?q=my+secret+need")
    paths = [r.path for r in request_records(caplog)]
    assert "/auth/reset/<token>" in paths and "/invite/<token>" in paths
    assert "/email/unsubscribe/<token>" in paths and "/nowhere/…" in paths
    assert f"/g/{world.group.slug}/match" in paths
    assert secret not in caplog.text and "secret need" not in caplog.text


def test_production_logs_are_json_lines_carrying_the_request_id(database_url):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    root.handlers[:] = []  # as in gunicorn: nothing configured before the app
    try:
        app = create_app(base_config(database_url, TESTING=False))
        [handler] = root.handlers
        handler.stream = stream = io.StringIO()
        app.test_client().get("/", headers={"X-Request-ID": "req-7"})
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    [entry] = [e for e in lines if e["logger"] == "partner_net.request"]
    assert entry["message"] == "GET / 200"
    assert entry["request_id"] == "req-7" and entry["status"] == 200
    assert entry["level"] == "INFO" and entry["path"] == "/"
    assert default_handler not in app.logger.handlers  # each line once, as JSON only


def test_health_is_200_when_the_database_answers(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_does_not():
    from tests.smtp_server import free_port

    nobody = f"postgresql+psycopg://127.0.0.1:{free_port()}/gone"  # nothing listens there
    broken = create_app(base_config(nobody))
    response = broken.test_client().get("/health")
    assert response.status_code == 503
    assert response.json["database"] == "error"


@pytest.mark.parametrize("path", ["/health", "/"])
def test_health_and_pages_answer_head_too(client, path):
    assert client.head(path).status_code == 200
