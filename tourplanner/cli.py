"""The `tourplanner` command: set up the database, serve, look at the catalogue, plan from a file."""
from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from . import create_app, services
from .config import ConfigError, check_serving
from .planning.model import LaunchStatus, Precision
from .resources import SEED_FILE
from .solver.cli_toptw import toptw
from .store.times import utcnow
from .web.state import AppState


def _state(**overrides: Any) -> AppState:
    app = create_app(overrides or None)
    value: AppState = app.extensions["tourplanner"]
    return value


class _Commands(click.Group):
    """Every command: a database that is down, read-only, full or not yet set up is one line on stderr
    and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from sqlalchemy.exc import SQLAlchemyError

        from .store.faults import classify, explain

        try:
            return super().invoke(ctx)
        except SQLAlchemyError as error:
            fault = classify(error)
            if fault is None:
                raise
            raise click.ClickException(explain(fault)) from error


@click.group(cls=_Commands, help="Plan space-heritage trips in Russia and Kazakhstan.")
def main() -> None:
    pass


@main.command()
@click.option("--seed", "seed_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=SEED_FILE, show_default="the packaged data/sites.json", help="Seed catalogue to load.")
def init(seed_file: Path) -> None:
    """Create or migrate the schema and upsert the seed catalogue (running it twice changes nothing)."""
    from .store.seed import SeedError

    state = _state()
    try:
        report = services.init_database(state.engine, seed_file)
    except SeedError as error:
        raise click.ClickException(str(error)) from error
    url = state.engine.url.render_as_string(hide_password=True)
    click.echo(f"database {url}: schema up to date; seed {seed_file.name}: {report.summary()}")
    for kept in report.kept_operator_edits:
        click.echo(f"  kept operator edit: {kept}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Flask's reloader and debugger (never on a public host).")
def serve(host: str, port: int, debug: bool) -> None:
    """Serve the web app (use gunicorn behind a proxy in production: see README)."""
    app = create_app({"debug": debug})
    try:
        check_serving(app.extensions["tourplanner"].settings)
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
    from . import background

    background.get_runtime(app, start=True)  # in-process workers (no queue URL): a restart picks up marked trips
    app.run(host=host, port=port, debug=debug)


@main.command()
def sites() -> None:
    """List the catalogue's sites."""
    catalogue = services.load_catalogue(_state().engine)
    for site in catalogue.sites:
        click.echo(f"{site.id:28} {site.region:10} {site.timezone:18} {site.lat:9.5f} {site.lon:9.5f}  {site.name}")


@main.group(invoke_without_command=True)
@click.option("--upcoming", "when", flag_value="upcoming", help="Only launches still to come.")
@click.option("--past", "when", flag_value="past", help="Only launches that have happened.")
@click.option("--pad", default=None, help="Only launches from this pad (site id).")
@click.pass_context
def launches(ctx: click.Context, when: str | None, pad: str | None) -> None:
    """List launches with their time in UTC and at the pad (or `launches sync`)."""
    if ctx.invoked_subcommand is not None:
        return
    from .planning.describe import describe_net
    from .planning.launch_times import net_local
    from .planning.tz import zone

    catalogue = services.load_catalogue(_state().engine)
    now = utcnow()
    for launch in catalogue.launches:
        if (when == "upcoming" and launch.net < now) or (when == "past" and launch.net >= now):
            continue
        if pad and launch.pad != pad:
            continue
        local = net_local(launch, zone(catalogue.site(launch.pad).timezone))
        click.echo(f"{launch.id:18} {launch.status.value:8} {launch.net.astimezone(UTC):%Y-%m-%d %H:%MZ}  "
                   f"local {describe_net(launch, local)}  {launch.pad}")


@main.command()
@click.argument("request_file", type=click.File("r"))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the itinerary JSON here.")
@click.option("--map", "map_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a standalone map HTML here.")
@click.option("--ics", "ics_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an iCalendar file here.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Booking date when the request has none (default: today).")
def plan(request_file: Any, out: Path | None, map_file: Path | None, ics_file: Path | None,
         today: datetime | None) -> None:
    """Plan a trip from a JSON request (see README) and print the itinerary JSON."""
    from .planning.serialize import RequestError, itinerary_to_json

    try:
        data = json.load(request_file)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"{request_file.name}: not JSON: {error}") from error
    state = _state()
    catalogue = services.load_catalogue(state.engine)
    booking = today.date() if today else date.today()
    try:
        _, itinerary = services.plan(catalogue, data, booking)
    except RequestError as error:
        lines = "\n".join(f"  {e['field']}: {e['message']}" for e in error.errors)
        raise click.ClickException(f"{request_file.name}: the request is not valid:\n{lines}") from error
    text = json.dumps(itinerary_to_json(itinerary), indent=2, ensure_ascii=False)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)
    if map_file:
        _write_map(itinerary, catalogue, map_file, state.settings.tiles)
    if ics_file:
        _write_ics(itinerary, catalogue, ics_file)


def _write_map(itinerary: Any, catalogue: Any, path: Path, tiles: str | None) -> None:
    """A map page that opens from disk: its Leaflet assets are the installed package's files."""
    from .exports.maps import itinerary_map, render_html
    from .resources import STATIC_DIR

    folium_map = itinerary_map(itinerary, catalogue, tiles=tiles, static_prefix=STATIC_DIR.as_uri())
    path.write_text(render_html(folium_map, title="Trip map"), encoding="utf-8")


def _write_ics(itinerary: Any, catalogue: Any, path: Path) -> None:
    """The same calendar a saved trip serves, for a plan that was never saved (no share link)."""
    from .exports.ical import TripInfo, itinerary_to_ics
    from .exports.revisions import revise

    now = utcnow()
    trip = TripInfo(token="local-" + path.stem, version=1, page_url=path.resolve().as_uri(), name="Trip")
    revisions = revise({}, itinerary, now, catalogue=catalogue)
    path.write_bytes(itinerary_to_ics(itinerary, catalogue, trip=trip, revisions=revisions, now=now))


@launches.command("sync")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False), help="An LL2 2.3.0 /launch/ answer.")
@click.option("--url", default=None, help="An LL2 /launch/ query URL (needs a network).")
@click.option("--pages", default=1, show_default=True, type=click.IntRange(1, 15),
              help="Follow `next` this many pages (--url), a few minutes apart: LL2's free tier allows 15/hour.")
@click.option("--min-interval", default=240.0, show_default=True, type=click.FloatRange(0, 3600),
              help="Seconds between two requests to LL2 (--url).")
@click.option("--max-wait", default=900.0, show_default=True, type=click.FloatRange(0, 3600),
              help="Longest Retry-After (seconds) waited out after a 429; a longer one stops the sync.")
def launches_sync(path: str | None, url: str | None, pages: int, min_interval: float, max_wait: float) -> None:
    """Upsert launches from Launch Library 2: slips move trips, new launches are added, others ignored."""
    from . import background
    from .services.ll2 import LL2FormatError
    from .services.ll2_sync import fetch, read_file, sync

    if (path is None) == (url is None):
        raise click.ClickException("give exactly one of --file or --url")
    notes: list[str] = []
    try:
        found = read_file(path) if path else fetch(str(url), max_pages=pages, min_interval=min_interval,
                                                   max_wait=max_wait, notes=notes)
    except LL2FormatError as error:
        raise click.ClickException(str(error)) from error
    for note in notes:
        click.echo(f"note: {note}")
    app = create_app()
    report = sync(app.extensions["tourplanner"].engine, found)
    for line in report.lines():
        click.echo(line)
    if report.affected_trips and app.extensions["tourplanner"].settings.queue_url:
        background.kick(app)  # else the server's workers (or `tourplanner worker`) pick the marks up


@main.group()
def operator() -> None:
    """Operator accounts (they sign in at /operator to keep the catalogue true)."""


@operator.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "editor"]), default="admin", show_default=True)
@click.password_option(help="At least 12 characters; asked for twice when not given.")
def operator_add(email: str, role: str, password: str) -> None:
    """Create an operator account (the first one, made here, is usually an admin)."""
    try:
        services.create_operator(_state().engine, email, password, role=role)
    except services.OperatorError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"operator {email.strip().lower()} ({role}) created")


@operator.command("list")
def operator_list() -> None:
    """List operator accounts: e-mail, role, active or not."""
    for account in services.list_operators(_state().engine):
        click.echo(f"{account.email:40} {account.role:7} {'active' if account.active else 'deactivated'}")


@operator.command("deactivate")
@click.argument("email")
def operator_deactivate(email: str) -> None:
    """Deactivate an account: its sessions end and its API tokens stop working (nothing is deleted)."""
    try:
        services.set_active(_state().engine, email, False)
    except services.OperatorError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"operator {email.strip().lower()} deactivated")


@operator.command("reset-password")
@click.argument("email")
@click.password_option(help="The new password (at least 12 characters); asked for twice when not given.")
def operator_reset_password(email: str, password: str) -> None:
    """Set a new password; every session of the account ends."""
    try:
        services.set_password(_state().engine, email, password)
    except services.OperatorError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"password of {email.strip().lower()} reset; its sessions have ended")


@operator.command("token")
@click.argument("email")
@click.option("--label", default="cli", show_default=True, help="Which system will use the token.")
def operator_token(email: str, label: str) -> None:
    """Print a new API token for the operator (send it as `Authorization: Bearer TOKEN`)."""
    from .services.tokens import create_token

    engine = _state().engine
    try:
        account = services.find_operator(engine, email)
        click.echo(create_token(engine, account.id, label))
    except services.OperatorError as error:
        raise click.ClickException(str(error)) from error


@main.command("move-launch")
@click.argument("launch_id")
@click.option("--net", required=True, help="New NET as ISO 8601 with an offset, e.g. 2027-03-18T15:44Z.")
@click.option("--status", type=click.Choice([s.value for s in LaunchStatus]), default=None)
@click.option("--precision", type=click.Choice([p.value for p in Precision]), default=None)
@click.option("--note", default="", help="A public note for travellers about the change.")
def move_launch(launch_id: str, net: str, status: str | None, precision: str | None, note: str) -> None:
    """Move a launch and mark every trip that depends on it (workers re-plan them)."""
    try:
        when = datetime.fromisoformat(net)
    except ValueError as error:
        raise click.ClickException(f"--net: not an ISO 8601 date-time: {net!r}") from error
    if when.tzinfo is None:
        raise click.ClickException("--net needs an offset (Z or +05:00): a launch time without one is ambiguous")
    from . import background

    app = create_app()
    engine = app.extensions["tourplanner"].engine
    try:
        result = services.move_launch(engine, launch_id, net=when, status=status, precision=precision,
                                      source="cli", note=note)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    if result.change_id is None:
        click.echo(f"{launch_id}: nothing changed")
        return
    if app.extensions["tourplanner"].settings.queue_url:
        background.kick(app)
        where = "queued for the workers"
    else:
        where = "the server's workers (or `tourplanner worker`) update them"
    click.echo(f"{launch_id} moved to {when.astimezone(UTC):%Y-%m-%d %H:%MZ}; "
               f"{result.affected} trip(s) marked for an update: {where}")


@main.command()
@click.option("--threads", type=int, default=None, help="Job threads (default: TOURPLANNER_WORKER_THREADS, 2).")
@click.option("--drain", is_flag=True, help="Bring every marked trip up to date here, then exit (no queue).")
def worker(threads: int | None, drain: bool) -> None:
    """Run a worker: re-plans trips that catalogue changes marked, from the queue (TOURPLANNER_QUEUE_URL)
    or, without one, straight from the database; stops cleanly on SIGTERM or Ctrl-C."""
    import logging
    import signal
    import threading

    from . import background
    from .background.jobs import drain as drain_marked
    from .config import check_queue

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app()
    state: AppState = app.extensions["tourplanner"]
    try:
        check_queue(state.settings)
    except ConfigError as error:
        raise click.ClickException(str(error)) from error
    if drain:
        outcomes = drain_marked(state.engine)
        click.echo(", ".join(f"{count} {result}" for result, count in sorted(outcomes.items())) or "nothing marked")
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    runtime = background.get_runtime(app)
    runtime.start(threads)
    if not runtime.embedded:
        runtime.kick()  # whatever is marked and no job holds gets queued now, not at the first period
    mode = "queue " + state.settings.queue_namespace if not runtime.embedded else "no queue: database sweep"
    click.echo(f"worker running ({threads or state.settings.worker_threads} threads, {mode}); Ctrl-C stops it")
    stop.wait()
    runtime.stop()
    click.echo("worker stopped")


main.add_command(toptw)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
