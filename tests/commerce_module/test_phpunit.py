"""The module's PHPUnit tests (its plain-PHP classes; no Magento needed)."""

from tests.commerce_module.conftest import MODULE, run


def test_phpunit(phpunit):
    result = run(phpunit, "--configuration", MODULE / "phpunit.xml.dist", cwd=MODULE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK (" in result.stdout
    assert not (MODULE / ".phpunit.result.cache").exists()
