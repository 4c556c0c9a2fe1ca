"""Notification mail through a real SMTP server on loopback: confirm first, then one mail per version the
traveller did not make, an unsubscribe link in each, and "e-mail me my trips"."""
from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

REQUEST = {"start_date": "2027-02-20", "end_date": "2027-03-06", "launch": "soyuz-ms-30",
           "sites": ["museum-of-cosmonautics", "baikonur-gagarins-start"],
           "traveller": {"nationality": "RU", "age": 40}, "booking_date": "2026-11-21"}
ADDRESS = "traveller@example.org"


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def link(body: str, path: str) -> str:
    found = re.search(r"http://tourplanner\.test(/" + path + r"[^\s]*)", body)
    assert found, body
    return found.group(1)


def slip(app: Any, day: int) -> None:
    from tourplanner import services
    from tourplanner.background.jobs import drain

    engine = app.extensions["tourplanner"].engine
    services.move_launch(engine, "soyuz-ms-30", net=datetime(2027, 3, day, 8, 10, tzinfo=UTC), status="Go",
                         precision="minute")
    drain(engine)  # what the workers do after the move


def pending(app: Any) -> int:
    from tourplanner.services import notify
    from tourplanner.web.mailing import links, mailer

    with app.test_request_context():
        return notify.send_pending(app.extensions["tourplanner"].engine, mailer(), links())


def test_mail_is_confirmed_first_then_one_per_change_not_made_by_the_traveller(mail_app: Any, smtp: Any) -> None:
    from smtp_server import Inbox

    client = mail_app.test_client()
    created = client.post("/api/trips", json={**REQUEST, "notify_email": ADDRESS})
    assert created.status_code == 201
    token = created.get_json()["token"]
    [confirmation] = smtp.inbox.to(ADDRESS)
    body = Inbox.body(confirmation)
    assert "Confirm" in confirmation["Subject"] and token not in body  # nothing about the trip yet
    assert confirmation["List-Unsubscribe"]

    slip(mail_app, 2)  # before the address is confirmed: nothing is sent
    assert pending(mail_app) == 0 and len(smtp.inbox.to(ADDRESS)) == 1

    confirm_path = link(body, "notify/")
    page = client.get(confirm_path).get_data(as_text=True)
    assert "Confirm" in page
    assert client.get(f"/api/trips/{token}").get_json()["notify"]["confirmed"] is False  # GET changes nothing
    done = client.post(confirm_path, data={"csrf_token": csrf(page)})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/trips/{token}#notify")
    assert client.get(f"/api/trips/{token}").get_json()["notify"]["confirmed"] is True
    assert pending(mail_app) == 0  # what happened before confirming is not mailed

    slip(mail_app, 18)  # the operator moves the launch: one mail about it
    assert pending(mail_app) == 1 and pending(mail_app) == 0
    change = smtp.inbox.to(ADDRESS)[-1]
    text = Inbox.body(change)
    assert "Moved:" in text and "Launch" in text
    assert f"http://tourplanner.test/trips/{token}#choices" in text
    assert "/unsubscribe" in text and change["List-Unsubscribe"]
    assert "operator@example.com" not in text  # what changed, never who

    client.put(f"/api/trips/{token}", json={**REQUEST, "start_date": "2027-03-10", "end_date": "2027-03-22"})
    assert pending(mail_app) == 0  # the traveller's own change is not mailed back

    unsubscribe = link(text, "notify/[^/]+/unsubscribe")
    page = client.get(unsubscribe).get_data(as_text=True)
    client.post(unsubscribe, data={"csrf_token": csrf(page)})
    slip(mail_app, 20)
    assert pending(mail_app) == 0 and len(smtp.inbox.to(ADDRESS)) == 2


def test_email_me_my_trips_sends_edit_links_of_confirmed_trips_only(mail_app: Any, smtp: Any) -> None:
    from smtp_server import Inbox

    client = mail_app.test_client()
    tokens = [client.post("/api/trips", json={**REQUEST, "notify_email": ADDRESS}).get_json()["token"]
              for _ in range(3)]
    for message in smtp.inbox.to(ADDRESS)[:2]:  # confirm two of the three
        path = link(Inbox.body(message), "notify/")
        client.post(path, data={"csrf_token": csrf(client.get(path).get_data(as_text=True))})
    before = len(smtp.inbox.messages)
    form = client.get("/my-trips").get_data(as_text=True)
    answer = client.post("/my-trips", data={"email": ADDRESS.upper(), "csrf_token": csrf(form)})
    assert answer.status_code == 200 and "on its way" in answer.get_data(as_text=True)
    [mail] = smtp.inbox.messages[before:]
    text = Inbox.body(mail)
    assert tokens[0] in text and tokens[1] in text and tokens[2] not in text
    stranger = client.post("/my-trips", data={"email": "nobody@example.org", "csrf_token": csrf(form)})
    assert stranger.get_data(as_text=True).count("on its way") == 1  # the same answer, and no mail
    assert len(smtp.inbox.messages) == before + 1
    bad = client.post("/my-trips", data={"email": "nope", "csrf_token": csrf(form)})
    assert bad.status_code == 422 and "not an e-mail address" in bad.get_data(as_text=True)


def test_the_address_never_shows_on_share_pages_feeds_or_maps(mail_app: Any, smtp: Any) -> None:
    client = mail_app.test_client()
    body = client.post("/api/trips", json={**REQUEST, "notify_email": ADDRESS}).get_json()
    assert ADDRESS in client.get(f"/trips/{body['token']}").get_data(as_text=True)  # its owner sees it
    for url in (body["urls"]["share"], body["urls"]["map"], body["urls"]["ics"], body["urls"]["feed"]):
        response = client.get(url.removeprefix("http://tourplanner.test"))
        assert response.status_code == 200 and ADDRESS not in response.get_data(as_text=True), url
    assert ADDRESS not in client.get(f"/api/trips/{body['share_token']}").get_data(as_text=True)


def test_the_page_sets_and_removes_the_address(mail_app: Any, smtp: Any) -> None:
    client = mail_app.test_client()
    token = client.post("/api/trips", json=REQUEST).get_json()["token"]
    page = client.get(f"/trips/{token}").get_data(as_text=True)
    assert "Hear about changes" in page
    bad = client.post(f"/trips/{token}/notify", data={"email": "x@", "csrf_token": csrf(page)},
                      follow_redirects=True)
    assert "not an e-mail address" in bad.get_data(as_text=True)
    client.post(f"/trips/{token}/notify", data={"email": ADDRESS, "csrf_token": csrf(page)})
    assert len(smtp.inbox.to(ADDRESS)) == 1
    client.post(f"/trips/{token}/notify", data={"email": "", "csrf_token": csrf(page)})
    assert client.get(f"/api/trips/{token}").get_json()["notify"]["email"] is None


def test_without_smtp_url_mail_goes_to_the_log(caplog: Any) -> None:
    from tourplanner.mail import Mailer, Message

    with caplog.at_level("INFO", logger="tourplanner.mail"):
        Mailer("", "tourplanner <t@localhost>").send(Message(to="a@b.example", subject="Hello", body="Body"))
    assert "not sent" in caplog.text and "Hello" in caplog.text


def test_a_mail_the_smtp_server_refused_is_sent_by_the_next_run(mail_app: Any, smtp: Any) -> None:
    import socket

    from smtp_server import Inbox

    from tourplanner.mail import Mailer
    from tourplanner.services import notify

    client = mail_app.test_client()
    token = client.post("/api/trips", json={**REQUEST, "notify_email": ADDRESS}).get_json()["token"]
    path = link(Inbox.body(smtp.inbox.to(ADDRESS)[0]), "notify/")
    client.post(path, data={"csrf_token": csrf(client.get(path).get_data(as_text=True))})
    slip(mail_app, 18)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead = f"smtp://127.0.0.1:{closed.getsockname()[1]}"  # bound, not listening: connection refused
        engine = mail_app.extensions["tourplanner"].engine
        assert notify.send_pending_from_settings(engine, replace_smtp(mail_app, dead)) == 0
    assert len(smtp.inbox.to(ADDRESS)) == 1  # only the confirmation so far
    assert notify.send_pending(engine, Mailer(smtp.url, "t <t@localhost>"), notify.Links("http://x")) == 1
    assert token in Inbox.body(smtp.inbox.to(ADDRESS)[-1])


def replace_smtp(app: Any, url: str) -> Any:
    from dataclasses import replace

    return replace(app.extensions["tourplanner"].settings, smtp_url=url)
