"""Project-wide test set-up: report loudly any test skipped for a missing Debian package."""

import shutil

import pytest

_missing_packages: dict[str, list[str]] = {}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a cached inbox count or dashboard from another
    test (whose rows were rolled back, and whose ids may be reused) must never leak in."""
    from django.core.cache import cache

    cache.clear()
    yield


def require_binary(binary: str, package: str) -> None:
    """Skip the calling test when `binary` is absent, remembering it for the closing report."""
    if shutil.which(binary) is None:
        pytest.skip(f"missing Debian package {package} ({binary})")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    reasons: dict[str, int] = {}
    for report in skipped:
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
        if "missing Debian package" in reason:
            reasons[reason] = reasons.get(reason, 0) + 1
    if reasons:
        terminalreporter.section("SKIPPED FOR MISSING DEBIAN PACKAGES", sep="!", red=True, bold=True)
        for reason, count in sorted(reasons.items()):
            terminalreporter.write_line(f"  {count} test(s): {reason}", red=True, bold=True)
        terminalreporter.write_line("  Install them with: make system-packages (as root)", red=True)
