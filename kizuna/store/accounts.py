"""The SQL of accounts: users with a role, API tokens and login sessions (schema.py's tables).

Only digests are stored: passwords as argon2id hashes (kizuna.accounts makes them), tokens and
session cookies as sha256 digests of values with 256 bits of randomness (a fast digest is enough for
those, and keeps each request's check to one indexed look-up). Failed logins are kept a few minutes
(under digests of the address and the name tried) so that every server process on the database
counts them alike, and a restart does not forget them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .curation import now


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "created_at": self.created_at}


def _user(row: Any) -> User:
    return User(row["id"], row["name"], row["role"], row["created_at"])


def add_user(store: Any, name: str, role: str, password_hash: str) -> User:
    with store.atomic():
        row = store._db.execute(
            "INSERT INTO users (name, role, password, created_at) VALUES (?, ?, ?, ?) RETURNING id, created_at",
            (name, role, password_hash, now())).fetchone()
    return User(int(row[0]), name, role, row[1])


def set_user(store: Any, name: str, role: str, password_hash: str) -> None:
    with store.atomic():
        store._db.execute("UPDATE users SET role = ?, password = ? WHERE name = ?", (role, password_hash, name))
        store._db.execute("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE name = ?)", (name,))


def users(store: Any) -> list[User]:
    return [_user(r) for r in store._db.execute("SELECT id, name, role, created_at FROM users ORDER BY name")]


def user_named(store: Any, name: str) -> tuple[User, str] | None:
    """The user of this name and their password hash."""
    row = store._db.execute("SELECT id, name, role, created_at, password FROM users WHERE name = ?",
                            (name,)).fetchone()
    return (_user(row), row["password"]) if row else None


def remove_user(store: Any, name: str) -> bool:
    """Remove an account with its tokens and sessions (its reviews stay, under its name)."""
    with store.atomic():
        found = store._db.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
        if found is None:
            return False
        store._db.execute("DELETE FROM users WHERE id = ?", (found[0],))
    return True


def add_token(store: Any, user: User, digest: str) -> None:
    with store.atomic():
        store._db.execute("INSERT INTO api_tokens (user_id, digest, created_at) VALUES (?, ?, ?)",
                          (user.id, digest, now()))


def user_of_token(store: Any, digest: str) -> User | None:
    row = store._db.execute(
        """SELECT u.id, u.name, u.role, u.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id
           WHERE t.digest = ?""", (digest,)).fetchone()
    return _user(row) if row else None


def add_session(store: Any, user: User, digest: str, csrf: str, expires_at: str) -> None:
    with store.atomic():
        store._db.execute("DELETE FROM sessions WHERE expires_at < ?", (now(),))   # the expired go
        store._db.execute("INSERT INTO sessions (digest, user_id, csrf, created_at, expires_at)"
                          " VALUES (?, ?, ?, ?, ?)", (digest, user.id, csrf, now(), expires_at))


def session(store: Any, digest: str) -> tuple[User, str] | None:
    """The user of an unexpired session and its CSRF token."""
    row = store._db.execute(
        """SELECT u.id, u.name, u.role, u.created_at, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.digest = ? AND s.expires_at >= ?""", (digest, now())).fetchone()
    return (_user(row), row["csrf"]) if row else None


def end_session(store: Any, digest: str) -> None:
    with store.atomic():
        store._db.execute("DELETE FROM sessions WHERE digest = ?", (digest,))


# -- failed logins (the login limit, shared by every process on the database) ---------------------

def login_failed(store: Any, keys: Sequence[str], at: float, keep: float) -> None:
    """Record a failed login under each key at time `at`; failures older than `keep` seconds go."""
    with store.atomic():
        store._db.executemany("INSERT INTO login_failures (key, failed_at) VALUES (?, ?)", [(k, at) for k in keys])
        store._db.execute("DELETE FROM login_failures WHERE failed_at < ?", (at - keep,))


def login_wait(store: Any, keys: Sequence[str], at: float, window: float, attempts: int) -> float:
    """Seconds from `at` until each key has fewer than `attempts` failures in the last `window`
    seconds (0: none has that many): when the `attempts`-th newest failure leaves the window."""
    wait = 0.0
    for key in keys:
        row = store._db.execute(
            """SELECT failed_at FROM login_failures WHERE key = ? AND failed_at > ?
               ORDER BY failed_at DESC LIMIT 1 OFFSET ?""", (key, at - window, attempts - 1)).fetchone()
        if row is not None:
            wait = max(wait, float(row[0]) + window - at)
    return wait


def login_succeeded(store: Any, key: str) -> None:
    with store.atomic():
        store._db.execute("DELETE FROM login_failures WHERE key = ?", (key,))


def login_failures(store: Any) -> int:
    """How many failed logins are kept (the pruned ones are not)."""
    return int(store._db.execute("SELECT COUNT(*) FROM login_failures").fetchone()[0])
