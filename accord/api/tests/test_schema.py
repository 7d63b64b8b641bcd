"""The OpenAPI schema stays valid and free of warnings as endpoints are added."""

from pathlib import Path

import yaml
from django.core.management import call_command


def test_it_generates_a_valid_schema_without_warnings(db, tmp_path: Path) -> None:
    # --fail-on-warn turns any warning (an untyped path parameter, an unknown authenticator,
    # an enum name collision) into a failure; --validate checks it against the OpenAPI spec.
    file = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(file))
    schema = yaml.safe_load(file.read_text())
    for path in [
        "/api/v1/cases/{reference}/",
        "/api/v1/persons/{uid}/",
        "/api/v1/households/{reference}/",
    ]:
        assert path in schema["paths"]


def test_the_real_address_is_written_never_read(db, tmp_path: Path) -> None:
    file = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(file))
    components = yaml.safe_load(file.read_text())["components"]["schemas"]
    with_address = {
        name
        for name, component in components.items()
        if "real_address" in component.get("properties", {})
    }
    assert with_address == {"PersonInput"}
    assert components["PersonInput"]["properties"]["real_address"]["writeOnly"] is True
