"""The contract fixtures (``fixtures_dir``, ``load_fixture``) for the contract-marked fuzzing
of the real SP-API examples."""

from tests.contract.conftest import fixtures_dir, load_fixture  # noqa: F401
