"""Browser tests: Playwright driving Debian's Chromium against a live server.

One Chromium for all browser tests, a fresh browser context (cookies, storage)
per visitor. Every page a test checks is run through axe-core and watched for
Content Security Policy violations, which the browser reports on the console.

Pages are read in English: the msgids are English, so the assertions hold
whatever the state of the Dutch catalogue. ``test_login.py`` checks Dutch.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Response,
    ViewportSize,
    sync_playwright,
)

from conftest import Personas, make_personas
from leerweg.accounts.tests.factories import TEST_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = ["serious", "critical"]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
LOGIN_PATH = "/account/inloggen/"

# axe.run() for the given tags; returns only the violations that fail a test,
# reduced to what the failure message needs.
AXE_RUN = """async ([tags, impacts]) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations
    .filter((violation) => impacts.includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}"""

# Elements that stick out to the right of the viewport, for the failure message.
OVERFLOWING = """(width) => [...document.querySelectorAll("body *")]
  .filter((element) => element.getBoundingClientRect().right > width + 0.5)
  .slice(0, 10)
  .map((element) => element.tagName.toLowerCase()
       + (element.id ? "#" + element.id : "")
       + (element.classList.length ? "." + [...element.classList].join(".") : ""))"""


class Visitor:
    """One person in one browser context, with the checks every page gets."""

    def __init__(self, context: BrowserContext, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.page: Page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)

    def _on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.problems.append(f"CSP violation on {self.page.url}: {message.text}")

    def _on_page_error(self, error: Error) -> None:
        self.problems.append(f"Uncaught script error on {self.page.url}: {error}")

    def goto(self, path: str, *, status: int = 200) -> Response:
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"GET {path}: no response"
        assert response.status == status, f"GET {path}: expected {status}, got {response.status}"
        return response

    def submit(self, button_name: str) -> None:
        """Click a button in the page's main content and wait for the next page."""
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("button", name=button_name, exact=True).click()

    def log_in(self, username: str, password: str = TEST_PASSWORD) -> None:
        self.goto(LOGIN_PATH)
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.submit("Log in")

    def visit(self, path: str, *, heading: str, status: int = 200) -> None:
        """Open a page, check its main heading, then run every page check on it."""
        self.goto(path, status=status)
        assert self.heading() == heading, f"{path}: unexpected main heading"
        self.check()

    def heading(self) -> str:
        return self.page.locator("h1").inner_text()

    def main_text(self) -> str:
        return self.page.locator("main").inner_text()

    def check(self) -> None:
        """Fail on serious or critical axe violations, CSP violations and script errors."""
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            # Evaluated through the DevTools protocol, which the page's CSP does
            # not govern; an injected <script> would be blocked (and reported).
            self.page.evaluate(AXE_SOURCE)
        violations = self.page.evaluate(AXE_RUN, [AXE_TAGS, AXE_FAILING_IMPACTS])
        self.assert_no_problems()
        assert not violations, _describe_violations(self.page.url, violations)
        current = self.page.locator("[aria-current=page]").all_inner_texts()
        assert len(current) <= 1, f"{self.page.url}: several current pages in the menu: {current}"

    def assert_no_problems(self) -> None:
        problems, self.problems = self.problems, []
        assert not problems, "\n".join(problems)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def assert_no_horizontal_scroll(self) -> None:
        width = self.page.viewport_size["width"] if self.page.viewport_size else 0
        scroll_width, inner_width = self.page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= min(inner_width, width), (
            f"{self.page.url} scrolls sideways at {width}px: the page is {scroll_width}px wide. "
            f"Too wide: {self.page.evaluate(OVERFLOWING, width)}"
        )


def _describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe found {len(violations)} serious/critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.extend(f"      at {target}" for target in violation["targets"])
    return "\n".join(lines)


AXE_SOURCE = AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all browser tests.

    Playwright's sync API keeps an asyncio loop running in this thread, which
    makes Django refuse ORM calls ("async context") in the tests' own set-up
    and database flush. Nothing here is async, so the check is switched off
    while the browser lives. Package scope closes the browser (and the loop)
    once the browser tests are done, so tests that run later are unaffected.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}, which is missing. "
            "Install it with scripts/ensure-chromium (apt-get install chromium).",
            pytrace=False,
        )
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_personas(transactional_db, live_server) -> Personas:
    """The shared personas, committed so that the live server's thread sees them."""
    return make_personas()


@pytest.fixture
def new_visitor(
    browser: Browser, transactional_db, live_server
) -> Iterator[Callable[..., Visitor]]:
    """Open a fresh browser context; English unless ``language`` says otherwise.

    ``language=None`` sets no language cookie, so the server decides from the
    browser's ``locale`` (its Accept-Language header).
    """
    visitors: list[Visitor] = []

    def open_visitor(
        *,
        language: str | None = "en",
        locale: str = "en-GB",
        viewport: ViewportSize = DESKTOP,
        phone: bool = False,
    ) -> Visitor:
        context = browser.new_context(
            viewport=viewport, locale=locale, is_mobile=phone, has_touch=phone
        )
        context.set_default_timeout(10_000)
        if language is not None:
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
        visitor = Visitor(context, live_server.url)
        visitors.append(visitor)
        return visitor

    yield open_visitor
    for visitor in visitors:
        visitor.context.close()
    leftover = [problem for visitor in visitors for problem in visitor.problems]
    assert not leftover, "\n".join(leftover)


@pytest.fixture
def visitor(new_visitor: Callable[..., Visitor]) -> Visitor:
    return new_visitor()
