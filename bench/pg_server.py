"""A throwaway PostgreSQL server on loopback for benchmarks, started the way ``.ci/run``
starts the test server (``initdb`` into a temporary folder, a free port on 127.0.0.1, as the
``postgres`` user when run as root), and stopped afterwards.
``$PI_BENCH_POSTGRES_URL`` names a server to use instead."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _pg_bin() -> Path:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "pg_ctl").exists():
            return folder
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise RuntimeError("no PostgreSQL server binaries (pg_ctl) found")


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A SQLAlchemy URL of an empty database on a private server."""
    given = os.environ.get("PI_BENCH_POSTGRES_URL")
    if given:
        yield given
        return
    pg = _pg_bin()
    folder = Path(tempfile.mkdtemp(prefix="pi-bench-pg."))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    quiet = {"stdout": subprocess.DEVNULL, "check": True}
    data = folder / "data"
    subprocess.run(
        _as_postgres([str(pg / "initdb"), "-D", str(data), "-U", "pi", "--auth=trust"]), **quiet
    )  # type: ignore[call-overload]
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                str(pg / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "log"),
                "-w",
                "-o",
                options,
                "start",
            ]
        ),
        **quiet,  # type: ignore[call-overload]
    )
    try:
        subprocess.run(
            _as_postgres(
                [str(pg / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "pi", "pi_bench"]
            ),
            **quiet,  # type: ignore[call-overload]
        )
        yield f"postgresql+psycopg://pi@127.0.0.1:{port}/pi_bench"
    finally:
        subprocess.run(
            _as_postgres([str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)
