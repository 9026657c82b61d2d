import pytest


@pytest.mark.django_db
def test_health_answers_with_the_database_state(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/account/inloggen/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_each_request_is_logged_without_names_or_query_strings(client, caplog, personas):
    from conftest import login

    login(client, personas.mentor)
    with caplog.at_level("INFO", logger="leerweg.request"):
        client.get("/school/groepen/?zoek=Sanne")
    record = next(r for r in caplog.records if r.name == "leerweg.request")
    assert record.path == "/school/groepen/"
    assert record.status == 200
    assert record.user == str(personas.mentor.public_id)
    assert "Sanne" not in record.getMessage() + str(record.__dict__)
    assert record.duration_ms >= 0


def test_production_logs_are_one_json_object_per_line():
    import json
    import logging

    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )
    record = logging.LogRecord("leerweg.request", logging.INFO, __file__, 1, "request", None, None)
    record.status = 200
    line = json.loads(formatter.format(record))
    assert line["level"] == "INFO" and line["logger"] == "leerweg.request"
    assert line["status"] == 200
