"""The API against its own OpenAPI description: schemathesis generates requests for every route
(in-process, through ASGI) and checks that none fails and every answer matches the description."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import schemathesis
import schemathesis.config
from hypothesis import HealthCheck, settings

from kizuna import api
from kizuna.web import create_app

from .conftest import ARTICLES

warnings.filterwarnings("ignore", category=DeprecationWarning)


def _app():
    # Built at import time (schemathesis needs the schema to generate the tests): its own store.
    import tempfile
    folder = Path(tempfile.mkdtemp(prefix="kizuna-schemathesis-"))
    api.ingest([ARTICLES], db=folder / "kizuna.db")
    return create_app(folder / "kizuna.db")


# A request whose URL is over the app's 8 KB bound is refused with 414 before its parameters are read:
# that is a rejection of invalid data too, beside schemathesis's default statuses.
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428", "429", "5XX"]
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}})
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(), config=CONFIG)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_description(case: schemathesis.Case) -> None:
    case.call_and_validate()


def test_the_description_covers_the_api() -> None:
    operations = list(schema.get_all_operations())
    assert len(operations) >= 15
    pytest.importorskip("schemathesis")
