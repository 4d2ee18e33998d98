"""Browser journeys: Playwright drives Debian's chromium (never a downloaded browser), axe-core checks
every page against WCAG 2.2 AA."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_PATH = Path(__file__).resolve().parent.parent / "frontend" / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the pages themselves keep their strict policy.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


class AxeChecker:
    """Inject axe-core into the current page and fail on any WCAG 2.2 AA violation."""

    def __init__(self, page):
        self.page = page
        self.script = AXE_PATH.read_text(encoding="utf-8")
        self.checked: list[str] = []

    def check(self) -> None:
        self.page.wait_for_load_state("load")
        self.page.add_script_tag(content=self.script)
        result = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
        ]
        self.checked.append(self.page.url)
        assert violations == [], f"Accessibility violations on {self.page.url}:\n" + "\n".join(violations)


@pytest.fixture
def axe(page):
    return AxeChecker(page)
