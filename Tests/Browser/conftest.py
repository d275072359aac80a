"""Shared by the browser tests: the server under test and a headless Chromium per test."""
import os

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

BASE = os.environ.get("PRAKERJA_BASE_URL", "http://127.0.0.1:8080")


PHONE = (390, 844)
DESKTOP = (1366, 900)


def chromium(size=PHONE, javascript=True):
    """A headless Chromium the size of a cheap phone (or a laptop), in Indonesian."""
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=id",
                 f"--window-size={max(size[0], 800)},{size[1]}", "--hide-scrollbars"):
        options.add_argument(flag)
    prefs = {"intl.accept_languages": "id-ID,id"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.implicitly_wait(5)
    emulate(driver, size)
    return driver


def emulate(driver, size):
    """Makes the page's viewport exactly `size`, as a phone (touch, its own viewport) at 390 px
    and as a laptop otherwise; a window's own minimum width would otherwise widen a phone's."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size == PHONE})


@pytest.fixture
def browser():
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def any_browser(request):
    """The same journey with JavaScript and without it."""
    driver = chromium(javascript=request.param)
    driver.javascript = request.param
    yield driver
    driver.quit()
