"""The console in a real browser: the app served on a free port of this machine (on the test
database, as the rest of the suite), driven by Debian's Chromium through chromedriver.

One server per module, one browser per session. Screenshots of each page go to
tests/browser/screenshots/ (1366x768), for a person to look at."""
import os
import pathlib
import threading

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver fonts-wqy-microhei"
SCREENSHOTS = pathlib.Path(__file__).parent / "screenshots"
WIDTH, HEIGHT = 1366, 768
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-dev-shm-usage", f"--window-size={WIDTH},{HEIGHT}", "--lang=zh-CN")


@pytest.fixture(scope="module")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(path)]
    if missing:
        pytest.fail(f"The browser tests need Chromium and its driver ({', '.join(missing)} "
                    f"not found). Install them with: {INSTALL}", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as error:
        pytest.fail(f"Chromium did not start ({error.msg}). Install it with: {INSTALL}",
                    pytrace=False)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    SCREENSHOTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


class Console:
    """The console as a dispatcher sees it, with waits for what a person waits for."""

    def __init__(self, driver, base):
        self.driver, self.base = driver, base

    def wait(self, condition, timeout=20):
        return WebDriverWait(self.driver, timeout).until(condition)

    def find(self, css, timeout=20):
        return self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, css)), timeout)

    def visible(self, css, timeout=20):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, css)), timeout)

    def click(self, css):
        element = self.wait(EC.element_to_be_clickable((By.CSS_SELECTOR, css)))
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return element

    def text_in(self, css, text, timeout=20):
        return self.wait(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), timeout)

    def open(self, page=""):
        self.driver.get(f"{self.base}/console/#/{page}")

    def go(self, page):
        self.driver.execute_script("location.hash = arguments[0]", f"#/{page}")

    def sign_in(self, user, password=PASSWORD):
        self.open("queue")
        self.find("input[name=phone]").send_keys(user.phone)
        self.find("input[name=password]").send_keys(password)
        self.click("button[type=submit]")

    def language(self, code):
        self.click(f"button[data-lang='{code}']")
        self.find(f"html[lang='{code}']")

    def shoot(self, name):
        self.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))

    def errors(self):
        """What the page logged as severe: script errors, refused loads, policy violations."""
        return [entry["message"] for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and "/api/v1/" not in entry["message"]]


@pytest.fixture
def console(browser, live_server):
    desk = Console(browser, live_server)
    yield desk
    # Leave nothing polling while the tables are emptied, and no sign-in for the next test.
    browser.execute_script("sessionStorage.clear(); localStorage.clear()")
    browser.get("about:blank")
