"""The site in a real browser: headless Chromium renders the overview and one enterprise page.

How to run: install Chromium (Debian/Ubuntu: ``apt-get install -y chromium``), then
``python -m pytest tests/test_site_browser.py``. Without ``chromium`` on PATH every test here is
skipped, saying so. Set ``SHUILI_SCREENSHOTS=<folder>`` to keep the screenshots (overview.png,
enterprise.png); otherwise they go to the test's temporary folder.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON messages
ending in NUL on file descriptors 3 and 4, so no websocket library is needed), which reports every
console message (``Runtime.consoleAPICalled``), uncaught exception (``Runtime.exceptionThrown``) and
browser log entry such as a failed resource load (``Log.entryAdded``). The pages have no script and
no external resource, so any of these is a defect. Checked: the DOM after loading holds every
enterprise's name of the demo county (data-template/, as of 2023-12-31), the screenshot is a PNG
image, and nothing was logged. A control page with a missing image and a ``console.error`` proves
the check sees errors.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from shuili_cli import api
from shuili_cli.core.resources import project_dir

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BASH = shutil.which("bash") or "bash"
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="没有安装 Chromium（apt-get install -y chromium）：跳过浏览器测试"),
    pytest.mark.skipif(os.name != "posix", reason="用管道驱动 Chromium 需要 POSIX 系统"),
]
LOGGED = ("Log.entryAdded", "Runtime.consoleAPICalled", "Runtime.exceptionThrown")


class Browser:
    """Headless Chromium over the DevTools protocol on a pipe; one tab (``session``)."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # at 10 or above, so that `3<&x 4>&y` never overwrites the other end before it is read (bash, as
        # dash takes one-digit descriptors only)
        to_browser, from_browser = (self._high(fd) for fd in (to_browser, from_browser))
        self.proc = subprocess.Popen(
            [BASH, "-c", f'exec "$@" 3<&{to_browser} 4>&{from_browser}', "bash", CHROMIUM, "--headless", "--no-sandbox",
             "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(to_browser, from_browser), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.send(method, tab=True)

    @staticmethod
    def _high(fd: int) -> int:
        import fcntl  # POSIX only: the module is skipped elsewhere

        high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
        os.close(fd)
        return high

    def send(self, method: str, params: dict[str, Any] | None = None, *, tab: bool = False) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if tab:
            msg["sessionId"] = self.session
        os.write(self._write, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + 30
        while True:
            reply = self._next(deadline)
            if reply.get("id") == self._id:
                assert "error" not in reply, reply
                result: dict[str, Any] = reply["result"]
                return result
            self.events.append(reply)

    def _next(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def open(self, url: str, width: int = 1200, height: int = 1600) -> str:
        """Load ``url`` in the tab and return its DOM as HTML once loaded."""
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, tab=True)
        self.send("Page.navigate", {"url": url}, tab=True)
        deadline = time.monotonic() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._next(deadline))
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        dom = self.send("Runtime.evaluate", {"expression": "document.documentElement.outerHTML",
                                             "returnByValue": True}, tab=True)
        return str(dom["result"]["value"])

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", {"format": "png"}, tab=True)["data"]))

    def logged(self) -> list[str]:
        """Console messages, exceptions and log entries so far (then forgotten)."""
        out = [json.dumps(e["params"], ensure_ascii=False)[:300] for e in self.events if e.get("method") in LOGGED]
        self.events = []
        return out

    def close(self) -> None:
        try:
            self.send("Browser.close")
        finally:
            os.close(self._write)
            os.close(self._read)
            self.proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    base = tmp_path_factory.mktemp("browser")
    repo = base / "repo"
    shutil.copytree(project_dir("data-template"), repo)
    api.write_site(repo, base / "site", date(2023, 12, 31), today=date(2024, 1, 15))
    loaded = api.load(repo, date(2024, 1, 15), draft=True)
    names = [e.profile.name for e in loaded.result.repo.enterprises.values() if e.profile is not None]
    return base / "site", names


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SHUILI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_overview_holds_every_enterprise(browser: Browser, demo_site: tuple[Path, list[str]], tmp_path: Path) -> None:
    site, names = demo_site
    dom = browser.open((site / "index.html").as_uri())
    assert len(names) == 14 and [n for n in names if n not in dom] == []
    assert dom.count('class="chart bars"') == 2 and "风险点四色分布（近 12 个月各月末）" in dom
    target = shots(tmp_path) / "overview.png"
    browser.screenshot(target)
    assert browser.logged() == []
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 20_000


def test_enterprise_page_renders(browser: Browser, demo_site: tuple[Path, list[str]], tmp_path: Path) -> None:
    site, _ = demo_site
    dom = browser.open((site / "enterprises" / "taoxi-reservoir" / "index.html").as_uri())
    assert "清溪县桃溪水库管理站" in dom and "隐患闭环时间线" in dom and "5S 考评得分" in dom
    target = shots(tmp_path) / "enterprise.png"
    browser.screenshot(target)
    assert browser.logged() == []
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 20_000


def test_the_console_check_sees_errors(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html><body><img src="missing.png"/><script>console.error("坏了")</script>'
                    "</body></html>", encoding="utf-8")
    browser.open(page.as_uri())
    logged = browser.logged()
    assert any("ERR_FILE_NOT_FOUND" in line for line in logged), logged
    assert any("坏了" in line for line in logged), logged


def test_printed_file_positions_are_hidden_and_each_form_takes_a_landscape_page(
        browser: Browser, demo_site: tuple[Path, list[str]], tmp_path: Path) -> None:
    """As printed: the 位置 column (enterprises/…/hazards/2023.yaml:310) is hidden and 等级 does not wrap; the
    forms print one to an A4 landscape page at zoom 0.9 (not 0.6), each with its 填报单位 line."""
    site, _ = demo_site
    browser.open((site / "enterprises" / "xinhe-water" / "index.html").as_uri())
    browser.send("Emulation.setEmulatedMedia", {"media": "print"}, tab=True)

    def style(selector: str, prop: str) -> str:
        reply = browser.send("Runtime.evaluate", {"expression": f"getComputedStyle(document.querySelector("
                                                                f"{json.dumps(selector)})).{prop}",
                                                  "returnByValue": True}, tab=True)
        return str(reply["result"]["value"])

    assert (style("td.where", "display"), style("th.where", "display")) == ("none", "none")
    assert style("td.grade", "whiteSpace") == "nowrap"
    browser.send("Emulation.setEmulatedMedia", {"media": ""}, tab=True)
    assert style("td.where", "display") != "none"
    browser.open((site / "forms" / "2023-12.html").as_uri())
    browser.send("Emulation.setEmulatedMedia", {"media": "print"}, tab=True)
    assert float(style("body", "zoom")) >= 0.85
    browser.send("Emulation.setEmulatedMedia", {"media": ""}, tab=True)   # no override: printing uses print
    pdf = base64.b64decode(browser.send("Page.printToPDF", {"preferCSSPageSize": True, "displayHeaderFooter": False},
                                        tab=True)["data"])
    (shots(tmp_path) / "forms.pdf").write_bytes(pdf)
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page/") + pdf.count(b"/Type /Page ") == 2, "two pages"
    assert b"/MediaBox [0 0 841.91998 594.95996]" in pdf or b"/MediaBox [0 0 842 595]" in pdf, "A4 landscape"
    assert browser.logged() == []
