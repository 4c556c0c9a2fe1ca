"""Operator accounts: roles, invitations, resets, sessions that end, throttled sign-in, API tokens."""
from __future__ import annotations

import re
from typing import Any

import pytest
from click.testing import CliRunner
from test_operator import PASSWORD, csrf, sign_in

from tourplanner import create_app, services
from tourplanner.cli import main
from tourplanner.services.tokens import operator_for_token


@pytest.fixture
def admin(app: Any) -> str:
    services.create_operator(app.extensions["tourplanner"].engine, "admin@example.com", PASSWORD, role="admin")
    return "admin@example.com"


@pytest.fixture
def editor(app: Any) -> str:
    services.create_operator(app.extensions["tourplanner"].engine, "editor@example.com", PASSWORD)
    return "editor@example.com"


def test_a_cookie_saved_before_logout_no_longer_opens_the_operator_pages(app: Any, editor: str) -> None:
    client = app.test_client()
    assert sign_in(client, editor).status_code == 303
    saved = client.get_cookie("session", domain="tourplanner.test").value
    assert client.get("/operator/").status_code == 200
    token = csrf(client.get("/operator/").get_data(as_text=True))
    assert client.post("/operator/logout", data={"csrf_token": token}).status_code == 303

    thief = app.test_client()
    thief.set_cookie("session", saved, domain="tourplanner.test")
    response = thief.get("/operator/")
    assert response.status_code == 302 and "/operator/login" in response.headers["Location"]


def test_changing_the_password_ends_every_session_of_the_account(app: Any, editor: str) -> None:
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, editor)
    sign_in(phone, editor)
    page = laptop.get("/operator/password").get_data(as_text=True)
    response = laptop.post("/operator/password", data={"current": PASSWORD, "password": "a brand new passphrase",
                                                       "password2": "a brand new passphrase",
                                                       "csrf_token": csrf(page)})
    assert response.status_code == 303
    assert phone.get("/operator/").status_code == 302
    assert laptop.get("/operator/").status_code == 302
    assert sign_in(phone, editor, "a brand new passphrase").status_code == 303


def test_wrong_current_password_keeps_the_old_one(client: Any, editor: str) -> None:
    sign_in(client, editor)
    page = client.get("/operator/password").get_data(as_text=True)
    response = client.post("/operator/password", data={"current": "nope", "password": "x" * 12, "password2": "x" * 12,
                                                       "csrf_token": csrf(page)})
    assert response.status_code == 422 and "not your current password" in response.get_data(as_text=True)


def test_sign_in_is_throttled_per_account_before_the_right_password_works(database_url: str) -> None:
    app = create_app({"database_url": database_url, "testing": True, "tiles": None,
                      "SERVER_NAME": "tourplanner.test", "RATELIMIT_ENABLED": True})
    services.create_operator(app.extensions["tourplanner"].engine, "ops@example.com", PASSWORD)
    client = app.test_client()
    token = csrf(client.get("/operator/login").get_data(as_text=True))
    codes = [client.post("/operator/login", data={"email": "ops@example.com", "password": f"wrong {i}",
                                                  "csrf_token": token},
                         environ_base={"REMOTE_ADDR": f"10.0.{i // 250}.{i % 250}"}).status_code
             for i in range(100)]
    assert codes[0] == 401 and 429 in codes  # other addresses do not help: the account is the key
    right = client.post("/operator/login", data={"email": "OPS@example.com", "password": PASSWORD,
                                                 "csrf_token": token}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert right.status_code == 429 and right.headers.get("Retry-After")
    assert client.get("/operator/").status_code == 302
    other = client.post("/operator/login", data={"email": "someone@example.com", "password": "x",
                                                 "csrf_token": token}, environ_base={"REMOTE_ADDR": "10.9.9.10"})
    assert other.status_code == 401  # another account from a fresh address is not locked out
    app.extensions["tourplanner"].engine.dispose()


def test_sign_in_is_throttled_per_address_across_accounts(database_url: str) -> None:
    app = create_app({"database_url": database_url, "testing": True, "tiles": None,
                      "SERVER_NAME": "tourplanner.test", "RATELIMIT_ENABLED": True})
    client = app.test_client()
    token = csrf(client.get("/operator/login").get_data(as_text=True))
    codes = [client.post("/operator/login", data={"email": f"u{i}@example.com", "password": "x",
                                                  "csrf_token": token}).status_code for i in range(40)]
    assert codes[0] == 401 and codes[-1] == 429
    app.extensions["tourplanner"].engine.dispose()


def test_session_cookie_is_secure_over_https_only(client: Any, editor: str) -> None:
    token = csrf(client.get("/operator/login", base_url="https://tourplanner.test").get_data(as_text=True))
    response = client.post("/operator/login", base_url="https://tourplanner.test",
                           headers={"Referer": "https://tourplanner.test/operator/login"},
                           data={"email": editor, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303
    assert "Secure" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    plain = sign_in(client, editor)
    assert "Secure" not in plain.headers["Set-Cookie"]


def test_editors_cannot_manage_accounts(client: Any, editor: str) -> None:
    sign_in(client, editor)
    assert client.get("/operator/accounts").status_code == 403


def test_admin_invites_an_operator_who_sets_a_password_once(app: Any, admin: str) -> None:
    client = app.test_client()
    sign_in(client, admin)
    page = client.get("/operator/accounts").get_data(as_text=True)
    bad = client.post("/operator/accounts", data={"email": "not an address", "role": "editor",
                                                  "csrf_token": csrf(page)})
    assert bad.status_code == 422 and 'value="not an address"' in bad.get_data(as_text=True)
    invited = client.post("/operator/accounts", data={"email": "New@Example.com", "role": "editor",
                                                      "csrf_token": csrf(page)})
    assert invited.status_code == 200
    link = re.search(r'id="password-link">([^<]+)<', invited.get_data(as_text=True))
    assert link
    path = link.group(1).replace("http://tourplanner.test", "")
    newcomer = app.test_client()
    form = newcomer.get(path).get_data(as_text=True)
    done = newcomer.post(path, data={"password": "my own passphrase", "password2": "my own passphrase",
                                     "csrf_token": csrf(form)})
    assert done.status_code == 303
    assert newcomer.post(path, data={"password": "another passphrase", "password2": "another passphrase",
                                     "csrf_token": csrf(form)}).status_code == 422  # the link is spent
    assert sign_in(newcomer, "new@example.com", "my own passphrase").status_code == 303
    assert newcomer.get("/operator/accounts").status_code == 403


def test_admin_deactivates_an_operator_and_their_sessions_and_tokens_stop(app: Any, admin: str,
                                                                         editor: str) -> None:
    engine = app.extensions["tourplanner"].engine
    editor_client = app.test_client()
    sign_in(editor_client, editor)
    editor_client.get("/operator/tokens")
    page = editor_client.get("/operator/tokens").get_data(as_text=True)
    made = editor_client.post("/operator/tokens", data={"label": "booking system", "csrf_token": csrf(page)})
    token = re.search(r'id="new-token">([^<]+)<', made.get_data(as_text=True))
    assert token and operator_for_token(engine, token.group(1)) is not None

    client = app.test_client()
    sign_in(client, admin)
    page = client.get("/operator/accounts").get_data(as_text=True)
    response = client.post(f"/operator/accounts/{editor}/active", data={"active": "0", "csrf_token": csrf(page)})
    assert response.status_code == 303
    assert editor_client.get("/operator/").status_code == 302
    assert operator_for_token(engine, token.group(1)) is None
    assert sign_in(app.test_client(), editor).status_code == 401


def test_operators_revoke_their_own_tokens(app: Any, editor: str) -> None:
    engine = app.extensions["tourplanner"].engine
    client = app.test_client()
    sign_in(client, editor)
    page = client.get("/operator/tokens").get_data(as_text=True)
    made = client.post("/operator/tokens", data={"label": "<script>x</script>", "csrf_token": csrf(page)})
    body = made.get_data(as_text=True)
    assert "<script>x</script>" not in body
    token = re.search(r'id="new-token">([^<]+)<', body)
    assert token
    token_id = re.search(r'/operator/tokens/(\d+)/revoke', body)
    assert token_id
    client.post(f"/operator/tokens/{token_id.group(1)}/revoke", data={"csrf_token": csrf(body)})
    assert operator_for_token(engine, token.group(1)) is None


def test_cli_lists_deactivates_resets_and_makes_tokens(database_url: str) -> None:
    env = {"TOURPLANNER_DATABASE_URL": database_url}
    runner = CliRunner()
    assert runner.invoke(main, ["operator", "add", "a@example.com", "--password", PASSWORD], env=env).exit_code == 0
    assert runner.invoke(main, ["operator", "add", "b@example.com", "--role", "editor", "--password", PASSWORD],
                         env=env).exit_code == 0
    listed = runner.invoke(main, ["operator", "list"], env=env)
    assert re.search(r"a@example.com\s+admin\s+active", listed.output)
    assert re.search(r"b@example.com\s+editor\s+active", listed.output)
    token = runner.invoke(main, ["operator", "token", "b@example.com"], env=env)
    assert token.exit_code == 0 and token.output.strip().startswith("tpo_")
    reset = runner.invoke(main, ["operator", "reset-password", "b@example.com", "--password", "x" * 14], env=env)
    assert reset.exit_code == 0, reset.output
    off = runner.invoke(main, ["operator", "deactivate", "b@example.com"], env=env)
    assert off.exit_code == 0
    assert "deactivated" in runner.invoke(main, ["operator", "list"], env=env).output
    missing = runner.invoke(main, ["operator", "deactivate", "nobody@example.com"], env=env)
    assert missing.exit_code != 0 and "no operator nobody@example.com" in missing.output
