#!/usr/bin/python3
"""An upstream-compatible contract server for Seller History's tests and benchmarks.

It serves the parts of the upstream seller backend's REST API the viewer uses,
over a real Postgres database built from tests/fixtures/upstream-schema.sql,
and behaves the way /work/shared/spec/upstream.md says the real service does:
quirks included. Where this file does something odd on purpose, a comment
starting with "QUIRK:" says which upstream behaviour it reproduces.

Run it with Debian's interpreter and packages (python3-fastapi, -uvicorn, -jwt,
-psycopg2):

    /usr/bin/python3 upstream_api.py --database-url postgresql://... \
        --port 0 --jwt-secret SECRET [--supabase-url http://supabase.test] \
        [--timestamps z|offset|mixed] [--host 127.0.0.1] [--workers N] [--watch-stdin]

When it accepts connections it prints one line, `listening on http://HOST:PORT`,
to stdout; everything else it says goes to stderr. SIGTERM and SIGINT stop it.
"""

import argparse
import concurrent.futures
import contextlib
import datetime
import json
import os
import signal
import socket
import sys
import threading
import uuid
from typing import Any, List, Literal, Optional

import jwt
import psycopg2
import psycopg2.extensions
import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel

# The platform's row cap (PostgREST's max-rows on Supabase): no single read
# returns more rows than this, whatever the caller asked for.
ROW_CAP = 1000
# flag-batch updates this many ids per statement, several statements at once.
FLAG_BATCH_SIZE = 150
FLAG_BATCH_WORKERS = 4

POOL_SIZE = 10
POOL_ACQUIRE_TIMEOUT_S = 10
CONNECT_TIMEOUT_S = 5
# Bounds every statement so that a stuck query becomes a 500, not a hang.
STATEMENT_TIMEOUT_MS = 30000

AUDIT_ACTIONS_REPLAYED = ("add", "edit", "remove")


def log(message: str) -> None:
    print(f"upstream_api: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- database


class Pool:
    """A small blocking pool of autocommit psycopg2 connections.

    psycopg2's own pools raise when exhausted instead of waiting; this one waits
    (with a timeout, so an exhausted pool becomes a 500 and never a hang).
    """

    def __init__(self, dsn: str, size: int) -> None:
        self._dsn = dsn
        self._slots = threading.BoundedSemaphore(size)
        self._idle: List[Any] = []
        self._lock = threading.Lock()

    def _connect(self):
        # Supabase runs sessions in UTC: date-only filter values mean UTC midnight.
        conn = psycopg2.connect(
            self._dsn,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name="upstream_api",
            options=f"-c TimeZone=UTC -c statement_timeout={STATEMENT_TIMEOUT_MS}",
        )
        # Every statement is its own transaction, as through PostgREST: the
        # service's multi-step writes are not atomic.
        conn.autocommit = True
        return conn

    @contextlib.contextmanager
    def connection(self):
        if not self._slots.acquire(timeout=POOL_ACQUIRE_TIMEOUT_S):
            raise RuntimeError("no database connection became free in time")
        conn = None
        try:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            if conn is None or conn.closed:
                conn = self._connect()
            yield conn
        finally:
            if conn is not None:
                self._release(conn)
            self._slots.release()

    def _release(self, conn) -> None:
        try:
            if (not conn.closed and conn.info.transaction_status
                    != psycopg2.extensions.TRANSACTION_STATUS_IDLE):
                conn.cursor().execute("ROLLBACK")
        except psycopg2.Error:
            conn.close()
        if conn.closed:
            return
        with self._lock:
            self._idle.append(conn)

    def close(self) -> None:
        with self._lock:
            for conn in self._idle:
                conn.close()
            self._idle.clear()


@contextlib.contextmanager
def read_snapshot(conn):
    """One consistent read: PostgREST counts and pages in a single statement."""
    cur = conn.cursor()
    cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    yield cur
    cur.execute("COMMIT")


# ---------------------------------------------------------------- settings


class Settings:
    pool: Pool
    jwt_secret: str
    issuer: str
    timestamps: str  # z | offset | mixed


settings = Settings()


def format_timestamp(value: datetime.datetime, row: int) -> str:
    """ISO 8601 in UTC the way Python's isoformat writes it.

    QUIRK: the serializer's version decides the zone suffix (`Z` or `+00:00`);
    --timestamps picks one, or `mixed` alternates per row so that clients must
    accept both. The fraction is omitted when it is zero in every style.
    """
    utc = value.astimezone(datetime.timezone.utc)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    style = settings.timestamps
    if style == "mixed":
        style = "z" if row % 2 == 0 else "offset"
    return text + ("Z" if style == "z" else "+00:00")


# ---------------------------------------------------------------- auth


class Caller:
    def __init__(self, user_id: str, org_id: str) -> None:
        self.user_id = user_id
        self.org_id = org_id


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail)


def current_caller(request: Request) -> Caller:
    # Not FastAPI's HTTPBearer: it answers a missing header with 403, upstream with 401.
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise unauthorized("Not authenticated")
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret,
            algorithms=["HS256"],
            audience="authenticated",
            issuer=settings.issuer,
            options={"require": ["exp", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise unauthorized("Token expired")
    except jwt.InvalidTokenError as exc:
        raise unauthorized(f"Invalid token: {exc}")
    user_id = claims["sub"]
    try:
        user_id = str(uuid.UUID(str(user_id)))
    except ValueError:
        raise unauthorized("Invalid token: sub is not a user id")

    with settings.pool.connection() as conn:
        cur = conn.cursor()
        # The request's org is the one of the user's active admin membership;
        # failing that, the membership that explains the refusal best.
        cur.execute(
            "SELECT org_id, role, status FROM memberships WHERE user_id = %s "
            "ORDER BY (status = 'active') DESC, (role = 'admin') DESC, created_at, org_id "
            "LIMIT 1",
            (user_id,),
        )
        membership = cur.fetchone()
    if membership is None:
        raise HTTPException(403, "No membership found. Please complete account setup.")
    org_id, role, status = membership
    if status != "active":
        raise HTTPException(403, "Membership suspended")
    if role != "admin":
        # Every seller endpoint needs admin.automation, which only admins hold.
        raise HTTPException(403, "Permission denied: admin.automation required")
    return Caller(user_id, org_id)


# ---------------------------------------------------------------- JSON columns


def as_response_string(value: Any) -> Optional[str]:
    """new_value as the response model's Optional[str] field validates it.

    The stored value is normally a JSONB string scalar holding JSON text; the
    API hands its content back as a plain string (clients parse twice).
    QUIRK: pydantic v1 coerces numbers (and booleans) to text and refuses
    objects and arrays; a refusal fails the whole response with a 500, so one
    row holding a real JSON object breaks every page that contains it.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    raise ValueError(f"new_value is a JSON {type(value).__name__}, not a string: "
                     "str type expected")


def decode_column(value: Any) -> Any:
    """Either shape of a JSON column as an object: the string shape is parsed,
    the real object (bulk delete's old_value) taken as it is."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def display_name(value: Any) -> Optional[str]:
    value = decode_column(value)
    if isinstance(value, dict) and isinstance(value.get("display_name"), str):
        return value["display_name"]
    return None


def names_of(value: Any) -> Optional[List[str]]:
    value = decode_column(value)
    if isinstance(value, dict) and isinstance(value.get("names"), list):
        return [str(n) for n in value["names"]]
    return None


def entry_diff(action: str, seller_name: str, old_value: Any, new_value: Any):
    """(added, removed): the names one add/edit/remove row changed."""
    if action == "add":
        return names_of(new_value) or [display_name(new_value) or seller_name], []
    if action == "remove":
        return [], names_of(old_value) or [display_name(old_value) or seller_name]
    if action == "edit":
        old = display_name(old_value)
        return [display_name(new_value) or seller_name], [old] if old else []
    return [], []


def insert_audit_row(conn, caller: Caller, action: str, seller_name: str, new_value_text: str,
                     affected_count: int) -> None:
    """One summary row the way the service writes it: no seller_id, new_value a
    JSONB string holding json.dumps text, snapshot = the org's seller count."""
    cur = conn.cursor()
    # Two statements, as the service does it: the snapshot is read first.
    cur.execute("SELECT count(*) FROM sellers WHERE org_id = %s", (caller.org_id,))
    snapshot = cur.fetchone()[0]
    cur.execute(
        "INSERT INTO seller_audit_log (org_id, action, seller_id, seller_name, old_value, "
        "new_value, source, user_id, affected_count, seller_count_snapshot) "
        "VALUES (%s, %s, NULL, %s, NULL, to_jsonb(%s::text), 'manual', %s, %s, %s)",
        (caller.org_id, action, seller_name, new_value_text, caller.user_id, affected_count,
         snapshot),
    )


# ---------------------------------------------------------------- the app

app = FastAPI(title="upstream seller API (contract server)")


class PlainServerErrors:
    """Turns any unexpected exception into a plain `Internal Server Error` 500
    (what Starlette answers upstream) with a one-line note on stderr instead of
    a traceback."""

    def __init__(self, app) -> None:
        self.inner = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.inner(scope, receive, send)
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.inner(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 - every failure must become a 500
            first_line = (str(exc).strip().splitlines() or [""])[0]
            log(f"500 on {scope.get('method')} {scope.get('path')}: "
                f"{type(exc).__name__}: {first_line}")
            if started:
                raise
            await PlainTextResponse("Internal Server Error", status_code=500)(scope, receive, send)


app.add_middleware(PlainServerErrors)


@app.get("/sellers/audit-log")
def audit_log(limit: int = 50, offset: int = 0, action_types: Optional[str] = None,
              date_from: Optional[str] = None, date_to: Optional[str] = None,
              caller: Caller = Depends(current_caller)):
    where = ["org_id = %s"]
    params: List[Any] = [caller.org_id]
    if action_types:
        # QUIRK: split on commas and NOT trimmed: "add, flag" asks for "add" and
        # " flag", and values that are no action simply match nothing.
        where.append("action = ANY(%s)")
        params.append(action_types.split(","))
    if date_from:
        # QUIRK: passed verbatim (as a bound, untyped literal) for Postgres to
        # parse: a date-only value is midnight in the session zone (UTC), and an
        # unparsable one is a database error, i.e. a plain 500.
        where.append("created_at >= %s")
        params.append(date_from)
    if date_to:
        where.append("created_at <= %s")  # inclusive
        params.append(date_to)
    condition = " AND ".join(where)
    with settings.pool.connection() as conn, read_snapshot(conn) as cur:
        cur.execute(f"SELECT count(*) FROM seller_audit_log WHERE {condition}", params)
        total = cur.fetchone()[0]
        # QUIRK: ordered by created_at alone; random() makes ties come back in a
        # different order each time, so clients cannot rely on them. And at
        # most ROW_CAP rows, whatever `limit` says.
        cur.execute(
            "SELECT id, action, seller_name, source, source_run_id, user_id, created_at, "
            "affected_count, seller_count_snapshot, new_value "
            f"FROM seller_audit_log WHERE {condition} "
            "ORDER BY created_at DESC, random() LIMIT %s OFFSET %s",
            params + [min(limit, ROW_CAP), offset],
        )
        rows = cur.fetchall()
    entries = []
    for i, r in enumerate(rows):
        entries.append({
            "id": r[0],
            "action": r[1],
            "seller_name": r[2],
            "source": r[3],
            "source_run_id": r[4],
            "user_id": r[5],
            "created_at": format_timestamp(r[6], i),
            "affected_count": r[7],
            "seller_count_snapshot": r[8],
            "new_value": as_response_string(r[9]),
        })
    return JSONResponse({"entries": entries, "total": total})


@app.get("/sellers/audit-log/{log_id}/sellers")
def audit_log_sellers(log_id: str, caller: Caller = Depends(current_caller)):
    # log_id is deliberately untyped: a malformed uuid reaches the database and
    # fails there (a plain 500), as upstream.
    with settings.pool.connection() as conn:
        cur = conn.cursor()
        cur.execute(
            "SELECT action, seller_name, old_value, new_value, created_at "
            "FROM seller_audit_log WHERE id = %s AND org_id = %s",
            (log_id, caller.org_id),
        )
        entry = cur.fetchone()
        if entry is None:
            raise HTTPException(404, "Log entry not found")
        # QUIRK: the replay reads one capped page (the oldest ROW_CAP rows up to
        # the entry), so on a large log the list is the state of long ago.
        cur.execute(
            "SELECT action, seller_name, old_value, new_value FROM seller_audit_log "
            "WHERE org_id = %s AND action = ANY(%s) AND created_at <= %s "
            "ORDER BY created_at, random() LIMIT %s",
            (caller.org_id, list(AUDIT_ACTIONS_REPLAYED), entry[4], ROW_CAP),
        )
        history = cur.fetchall()
    current = set()
    for action, seller_name, old_value, new_value in history:
        added, removed = entry_diff(action, seller_name, old_value, new_value)
        current.difference_update(removed)
        current.update(added)
    added, removed = entry_diff(entry[0], entry[1], entry[2], entry[3])
    sellers = sorted(current)
    return {"sellers": sellers, "count": len(sellers), "added": added, "removed": removed}


class LogExportRequest(BaseModel):
    seller_names: List[str]
    export_format: Literal["csv", "json", "clipboard"]


@app.post("/sellers/log-export", status_code=201)
def log_export(body: LogExportRequest, caller: Caller = Depends(current_caller)):
    names = body.seller_names
    # Python's default separators and ensure_ascii, members in this order:
    # the exact bytes the service stores.
    text = json.dumps({"format": body.export_format, "sellers": names})
    with settings.pool.connection() as conn:
        insert_audit_row(conn, caller, "export",
                         f"Exported {len(names)} sellers as {body.export_format}", text,
                         len(names))
    return {"status": "recorded"}


class FlagBatchRequest(BaseModel):
    seller_ids: List[uuid.UUID]
    flagged: bool


def chunks(items: List[str], size: int):
    return [items[i:i + size] for i in range(0, len(items), size)]


@app.post("/sellers/flag-batch")
def flag_batch(body: FlagBatchRequest, caller: Caller = Depends(current_caller)):
    # Duplicates collapse to their first occurrence.
    ids = list(dict.fromkeys(str(i) for i in body.seller_ids))

    def update(batch: List[str]) -> None:
        try:
            with settings.pool.connection() as conn:
                conn.cursor().execute(
                    "UPDATE sellers SET flagged = %s WHERE org_id = %s AND id = ANY(%s::uuid[])",
                    (body.flagged, caller.org_id, batch),
                )
        except Exception as exc:  # noqa: BLE001
            # QUIRK: a failed batch is ignored; the row below still lists its sellers.
            log(f"flag-batch: a batch of {len(batch)} failed, ignored: {exc}")

    # QUIRK: not atomic: batches commit one by one, concurrently, and the audit
    # row is written afterwards in its own statement.
    with concurrent.futures.ThreadPoolExecutor(max_workers=FLAG_BATCH_WORKERS) as workers:
        list(workers.map(update, chunks(ids, FLAG_BATCH_SIZE)))

    found = {}
    with settings.pool.connection() as conn:
        cur = conn.cursor()
        # Names are read in batches too, so the row cap does not cut them short.
        for batch in chunks(ids, FLAG_BATCH_SIZE):
            cur.execute(
                "SELECT id, display_name FROM sellers WHERE org_id = %s AND id = ANY(%s::uuid[])",
                (caller.org_id, batch),
            )
            found.update(cur.fetchall())
        # Unknown ids and other orgs' ids are dropped silently; sellers already
        # in the target state are listed and counted all the same.
        names = [found[i] for i in ids if i in found]
        verb = "Flagged" if body.flagged else "Unflagged"
        # "sellers" even for one: the service does not singularize.
        insert_audit_row(conn, caller, "flag", f"{verb} {len(names)} sellers",
                         json.dumps({"flagged": body.flagged, "sellers": names}), len(names))
    return {"updated_count": len(names)}


@app.get("/sellers")
def list_sellers(limit: int = 1000, offset: int = 0, caller: Caller = Depends(current_caller)):
    rows = []
    with settings.pool.connection() as conn, read_snapshot(conn) as cur:
        cur.execute("SELECT count(*) FROM sellers WHERE org_id = %s", (caller.org_id,))
        total = cur.fetchone()[0]
        # Above the row cap the service pages internally, so this list is not
        # capped (unlike the audit log's).
        while len(rows) < limit:
            cur.execute(
                "SELECT id, display_name, normalized_name, platform, platform_id, times_seen, "
                "first_seen_run_id, last_seen_run_id, flagged, created_at FROM sellers "
                "WHERE org_id = %s ORDER BY created_at DESC LIMIT %s OFFSET %s",
                (caller.org_id, min(limit - len(rows), ROW_CAP), offset + len(rows)),
            )
            page = cur.fetchall()
            rows.extend(page)
            if len(page) < ROW_CAP:
                break
    sellers = []
    for i, r in enumerate(rows):
        sellers.append({
            "id": r[0],
            "display_name": r[1],
            "normalized_name": r[2],
            "platform": r[3],
            "platform_id": r[4],
            "times_seen": r[5],
            "first_seen_run_id": r[6],
            "last_seen_run_id": r[7],
            "flagged": r[8],
            "created_at": format_timestamp(r[9], i),
        })
    return JSONResponse({"sellers": sellers, "total": total})


@app.post("/sellers/{seller_id}/flag")
def toggle_flag(seller_id: str, caller: Caller = Depends(current_caller)):
    # QUIRK: the single-seller toggle writes no audit row.
    with settings.pool.connection() as conn:
        cur = conn.cursor()
        cur.execute(
            "UPDATE sellers SET flagged = NOT flagged WHERE id = %s AND org_id = %s "
            "RETURNING id, display_name, flagged",
            (seller_id, caller.org_id),
        )
        row = cur.fetchone()
    if row is None:
        raise HTTPException(404, "Seller not found")
    return {"id": row[0], "display_name": row[1], "flagged": row[2]}


# ---------------------------------------------------------------- main


class Server(uvicorn.Server):
    """Announces the bound address once it really accepts connections."""

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            host, port = self.servers[0].sockets[0].getsockname()[:2]
            announce(host, port)


def announce(host: str, port: int) -> None:
    shown = f"[{host}]" if ":" in host else host
    print(f"listening on http://{shown}:{port}", flush=True)


class Worker(uvicorn.Server):
    """One of several processes serving a shared listening socket; leaves when
    its parent is gone."""

    def __init__(self, config, parent: int) -> None:
        super().__init__(config)
        self.parent = parent

    async def on_tick(self, counter: int) -> bool:
        if os.getppid() != self.parent:
            self.should_exit = True
        return await super().on_tick(counter)


def serve_with_workers(config, args, workers: int) -> int:
    """Several worker processes on one listening socket, forked from this one
    after the app is imported: how FastAPI is deployed in production
    (gunicorn with uvicorn workers, or `uvicorn --workers`). Each worker has
    its own connection pool; the behaviour of every endpoint is unchanged."""
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY only on sockets that
    # say so, and without it Nagle's algorithm delays every answer by ~40 ms.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(config.backlog)
    sock.set_inheritable(True)
    # No database connection may be shared across the fork.
    settings.pool.close()
    parent = os.getpid()
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                settings.pool = Pool(args.database_url, POOL_SIZE)
                Worker(config, parent).run(sockets=[sock])
            except BaseException:  # noqa: BLE001 - a worker must never return into the parent's code
                code = 1
            finally:
                settings.pool.close()
                os._exit(code)
        children.append(pid)
    host, port = sock.getsockname()[:2]
    announce(host, port)

    stopping = threading.Event()

    def stop(*_) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.watch_stdin:
        def watch() -> None:
            try:
                while os.read(sys.stdin.fileno(), 4096):
                    pass
            except OSError:
                pass
            stopping.set()

        threading.Thread(target=watch, daemon=True).start()

    code = 0
    while not stopping.is_set():
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            # A worker died: serve no longer, half the service gone quietly.
            log(f"worker {pid} exited ({status}); stopping")
            children.remove(pid)
            code = 1
            break
        stopping.wait(0.2)
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    for pid in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    sock.close()
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--jwt-secret", required=True)
    parser.add_argument("--supabase-url", default="http://supabase.test",
                        help="tokens' issuer is <supabase-url>/auth/v1")
    parser.add_argument("--timestamps", choices=["z", "offset", "mixed"], default="z",
                        help="created_at ends in Z, in +00:00, or alternates per row")
    parser.add_argument("--workers", type=int,
                        default=int(os.environ.get("UPSTREAM_API_WORKERS", "1") or 1),
                        help="worker processes (default: $UPSTREAM_API_WORKERS or 1)")
    parser.add_argument("--watch-stdin", action="store_true",
                        help="exit when stdin reaches end of file (the parent went away)")
    args = parser.parse_args()

    settings.jwt_secret = args.jwt_secret
    settings.issuer = args.supabase_url.rstrip("/") + "/auth/v1"
    settings.timestamps = args.timestamps
    settings.pool = Pool(args.database_url, POOL_SIZE)
    try:
        # Fail fast (and say why) when the database cannot be used at all.
        with settings.pool.connection() as conn:
            conn.cursor().execute("SELECT 1 FROM seller_audit_log LIMIT 1")
    except Exception as exc:  # noqa: BLE001
        log(f"cannot use the database: {exc}".strip())
        return 2

    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                            access_log=False, lifespan="off")
    if args.workers > 1:
        return serve_with_workers(config, args, args.workers)
    server = Server(config)

    if args.watch_stdin:
        def watch() -> None:
            # The raw descriptor: a daemon thread blocked in the buffered reader
            # would abort the interpreter's shutdown.
            try:
                while os.read(sys.stdin.fileno(), 4096):
                    pass
            except OSError:
                pass
            server.should_exit = True

        threading.Thread(target=watch, daemon=True).start()

    try:
        server.run()
    finally:
        settings.pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
