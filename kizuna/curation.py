"""People correct the machine: accounts, API tokens and reviews of facts, kept across re-extraction.

    add_user(db, "lan", "editor", password)      create_token(db, "lan") -> "kz_..." (shown once)
    review(store, fact_id, "reject", user=...)   -> Review   (or "confirm", "correct" with a value)
    orphaned_reviews(db)                         -> reviews whose fact re-extraction no longer finds

A review names its fact by the stable id of kizuna.factid; reads apply the standing verdicts
(kizuna.store.curation). The CLI (cli_curation.py) and the web application (web/curate.py) only
translate arguments and call these.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import UsageError
from .store import SQLStore, browse, open_store
from .store import accounts as sql_accounts
from .store import curation as sql_curation
from .store.accounts import User
from .store.curation import CLUSTER, EDITABLE, Review

ROLES = ("viewer", "editor", "admin")
EDITORS = ("editor", "admin")             # who may review
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
MIN_PASSWORD = 8
MAX_NOTE = 2000
MAX_VALUE = 300                           # characters of one corrected field
TOKEN_PREFIX = "kz_"
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
EVENT_TYPES = ("visit", "reception", "forum", "workshop", "signing", "investment_promotion", "other")
TIE_KINDS = browse.TIE_KINDS

_hasher = PasswordHasher()   # argon2id with argon2-cffi's recommended parameters (RFC 9106, low memory)


class UnknownFact(UsageError):
    def __init__(self, fact_id: str) -> None:
        super().__init__(f"no fact with id {fact_id!r}")


class InvalidReview(UsageError):
    """A review that cannot be applied (unknown verdict, a field the fact does not have, a bad date)."""


# -- passwords and secrets -----------------------------------------------------------------------

def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = None


def dummy_verify(password: str) -> None:
    """Spend the time of one verification, so that an unknown user name answers as slowly as a known one."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
    verify_password(_DUMMY_HASH, password)


def new_secret() -> str:
    return secrets.token_urlsafe(32)   # 256 bits


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# -- accounts ------------------------------------------------------------------------------------

def _check_account(name: str, role: str) -> None:
    if not NAME.match(name or ""):
        raise UsageError(f"invalid user name {name!r}: letters, digits and . _ @ - (at most 64)")
    if role not in ROLES:
        raise UsageError(f"unknown role {role!r}: one of {', '.join(ROLES)}")


def add_user(db: str, name: str, role: str, password: str, replace: bool = False) -> User:
    """Create an account (or, with `replace`, set an existing one's role and password)."""
    _check_account(name, role)
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password must have at least {MIN_PASSWORD} characters")
    with open_store(db) as store:
        if sql_accounts.user_named(store, name) is not None:
            if not replace:
                raise UsageError(f"a user {name!r} exists already (`kizuna user remove {name}` first, or --replace)")
            sql_accounts.set_user(store, name, role, hash_password(password))
            found = sql_accounts.user_named(store, name)
            assert found is not None
            return found[0]
        return sql_accounts.add_user(store, name, role, hash_password(password))


def list_users(db: str) -> list[User]:
    with open_store(db, create=False) as store:
        return sql_accounts.users(store)


def remove_user(db: str, name: str) -> None:
    with open_store(db, create=False) as store:
        if not sql_accounts.remove_user(store, name):
            raise UsageError(f"no user {name!r}: `kizuna user list` shows them")


def create_token(db: str, name: str) -> str:
    """A new API token for the user `name` (sent as `Authorization: Bearer TOKEN`); only its digest is kept."""
    with open_store(db, create=False) as store:
        found = sql_accounts.user_named(store, name)
        if found is None:
            raise UsageError(f"no user {name!r}: `kizuna user add {name} --role editor` first")
        token = TOKEN_PREFIX + new_secret()
        sql_accounts.add_token(store, found[0], digest(token))
    return token


def authenticate(store: SQLStore, name: str, password: str) -> User | None:
    found = sql_accounts.user_named(store, name) if NAME.match(name or "") else None
    if found is None:
        dummy_verify(password)
        return None
    return found[0] if verify_password(found[1], password) else None


# -- reviews -------------------------------------------------------------------------------------

def review(store: SQLStore, fact_id: str, verdict: str, user: User | str, value: Any = None,
           note: str | None = None) -> Review:
    """Record a review of a fact (by its stable id) or of an event across documents (ev-...).

    verdict: confirm, reject, correct (value: the fields to set, e.g. {"kind": "agreement"}); for an
    event across documents also merge (value: {"into": "ev-..."}), split (value: {"doc_id": ...}) and
    rejoin (value: {"doc_id": ...}, a report split off it before: the split's inverse).
    Raises UnknownFact, InvalidReview."""
    detail = browse.fact_detail(store, fact_id)
    if detail is None:
        raise UnknownFact(fact_id)
    value = _checked(store, detail, verdict, value)
    if note is not None:
        note = note.strip()[:MAX_NOTE] or None
    old = {**detail.fields}
    if detail.review is not None:
        old["verdict"] = detail.review.verdict
    name = user.name if isinstance(user, User) else user
    return sql_curation.add_review(store, fact_id, detail.kind, detail.doc_id, verdict, value, old, note, name)


def _checked(store: SQLStore, detail: browse.FactDetail, verdict: str, value: Any) -> Any:
    kind = detail.kind
    allowed = ("confirm", "reject", "correct") + (("merge", "split", "rejoin") if kind == CLUSTER else ())
    if verdict not in allowed:
        raise InvalidReview(f"verdict {verdict!r} cannot be given on a {kind}: one of {', '.join(allowed)}")
    if verdict in ("confirm", "reject"):
        return None
    if not isinstance(value, dict) or not value:
        raise InvalidReview(f"a {verdict} needs a value: an object of the fields to set")
    if verdict == "merge":
        into = value.get("into")
        if set(value) != {"into"} or not isinstance(into, str) or into == detail.id or \
                browse.cluster(store, into, quotes=False) is None:
            raise InvalidReview("a merge needs {\"into\": ID}, the id of another stored event (ev-...)")
        return {"into": into}
    if verdict == "split":
        doc_id = value.get("doc_id")
        documents = browse.cluster(store, detail.id, quotes=False)
        ids = [d.doc_id for d in documents.documents] if documents else []
        if set(value) != {"doc_id"} or doc_id not in ids or len(ids) < 2:
            raise InvalidReview("a split needs {\"doc_id\": ID}, one of the event's documents (not its only one)")
        return {"doc_id": doc_id}
    if verdict == "rejoin":
        doc_id = value.get("doc_id")
        found = browse.cluster(store, detail.id, quotes=False)
        if set(value) != {"doc_id"} or found is None or doc_id not in found.split_off:
            raise InvalidReview("a rejoin needs {\"doc_id\": ID}, a report split off this event before")
        return {"doc_id": doc_id}
    editable = EDITABLE.get(kind, ())
    unknown = sorted(set(value) - set(editable))
    if unknown:
        raise InvalidReview(f"a {kind} cannot be corrected in {', '.join(unknown)}: "
                            f"{', '.join(editable) or 'nothing (confirm or reject it)'}")
    out: dict[str, Any] = {}
    for key, v in value.items():
        if key == "value":
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise InvalidReview("value: a number")
            out[key] = v
            continue
        if v is not None and not isinstance(v, str):
            raise InvalidReview(f"{key}: text or null")
        v = v.strip() if isinstance(v, str) else None
        if v is not None and len(v) > MAX_VALUE:
            raise InvalidReview(f"{key}: at most {MAX_VALUE} characters")
        if key in ("date", "end") and v and not DATE.match(v):
            raise InvalidReview(f"{key}: YYYY, YYYY-MM or YYYY-MM-DD")
        if key == "type" and v not in EVENT_TYPES:
            raise InvalidReview(f"type: one of {', '.join(EVENT_TYPES)}")
        if key == "kind" and v not in TIE_KINDS:
            raise InvalidReview(f"kind: one of {', '.join(TIE_KINDS)}")
        if key in ("name", "unit", "about") and not v:
            raise InvalidReview(f"{key} cannot be empty")
        out[key] = v or None
    return out


def reviews(store: SQLStore, limit: int = 50, offset: int = 0, fact_id: str | None = None,
            user: str | None = None) -> tuple[list[Review], int]:
    return sql_curation.reviews(store, limit, offset, fact_id, user)


def orphaned_reviews(store: SQLStore) -> list[Review]:
    return sql_curation.orphaned(store)


__all__ = [
    "EDITORS",
    "ROLES",
    "InvalidReview",
    "Review",
    "UnknownFact",
    "User",
    "add_user",
    "authenticate",
    "create_token",
    "list_users",
    "orphaned_reviews",
    "remove_user",
    "review",
    "reviews",
]
