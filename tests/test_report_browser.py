"""report.html in a real headless Chromium: sections, images, filters, screenshot.

Needs Debian's ``chromium`` and ``chromium-driver`` (``make browser``) and the
``selenium`` dev dependency. A missing browser is a failure, not a skip: CI
installs it, and a silently skipped browser test proves nothing.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pipeline.report import write_report
from tests.test_report import RULE_TEXTS, build_tables

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = Path(__file__).parent / "artifacts" / "report.png"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)


@pytest.fixture(scope="module")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("browser")
    checks = types.ModuleType("extractors.checks")
    checks.RULES = dict(RULE_TEXTS)  # type: ignore[attr-defined]
    saved = sys.modules.get("extractors.checks")
    sys.modules["extractors.checks"] = checks
    try:
        yield write_report(build_tables(tmp), tmp / "out", formats=("html",))[0]
    finally:
        if saved is None:
            sys.modules.pop("extractors.checks")
        else:
            sys.modules["extractors.checks"] = saved


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found: run `make browser` to install Chromium")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: run `make setup` (dev dependencies)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def visible(driver: WebDriver, selector: str) -> list[str]:
    """``data-severity`` of the matching elements that are not hidden."""
    script = (
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(e => !e.hidden).map(e => e.dataset.severity || e.id);"
    )
    return driver.execute_script(script, selector)


def click(driver: WebDriver, selector: str) -> None:
    driver.execute_script("document.querySelector(arguments[0]).click();", selector)


def test_report_in_chromium(browser: WebDriver, report_path: Path) -> None:
    driver = browser
    driver.get(report_path.as_uri())
    run = driver.execute_script

    assert run("return document.querySelector('#summary h2').textContent") == "概况"
    assert run("return document.querySelectorAll('section.project').length") == 2
    assert run("return document.querySelector('#score-histogram rect.bar') !== null")
    images = run("return Array.from(document.images).map(i => [i.complete, i.naturalWidth]);")
    assert images and all(done and width > 0 for done, width in images), images

    assert sorted(visible(driver, "li.disc")) == ["error", "info", "warning"]
    click(driver, "input[data-filter=severity][value=warning]")
    assert sorted(visible(driver, "li.disc")) == ["error", "info"]
    click(driver, "input[data-filter=severity][value=info]")
    # The text-dump project had only the info item: its section disappears too.
    assert visible(driver, "li.disc") == ["error"]
    assert visible(driver, "section.project") == ["p2"]
    assert "显示 1 / 3 条差异" in run("return document.getElementById('counter').textContent")
    click(driver, "input[data-filter=severity][value=warning]")
    click(driver, "input[data-filter=severity][value=info]")

    run("const s = document.getElementById('search'); s.value = '示例项目乙';"
        "s.dispatchEvent(new Event('input'));")  # fmt: skip
    assert visible(driver, "section.project") == ["p1"]
    run("const s = document.getElementById('search'); s.value = '';"
        "s.dispatchEvent(new Event('input'));")  # fmt: skip

    SCREENSHOT.parent.mkdir(exist_ok=True)
    height = run("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(height + 120, 4000))
    driver.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
