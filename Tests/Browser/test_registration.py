"""Browser test: a person registers through the pages in headless Chromium, reads the code in
the local mailbox, sets a password and sees the dashboard; then logs out and logs in again.

Needs PRAKERJA_BASE_URL (a running `prakerja serve` on the embedded default).
"""
import json
import os
import re
import time
import urllib.parse
import urllib.request
import uuid

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("PRAKERJA_BASE_URL", "http://127.0.0.1:8080")


@pytest.fixture
def browser():
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=id", "--window-size=412,915"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "id-ID,id"})
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def wait_for_url(browser, part):
    """Clicks submit forms asynchronously; wait for the navigation to land."""
    WebDriverWait(browser, 10).until(expected_conditions.url_contains(part))


def click_and_wait(browser, element):
    """Clicks a link or submit button and waits until the next page has replaced this one."""
    element.click()
    WebDriverWait(browser, 10).until(expected_conditions.staleness_of(element))


def mailbox(email):
    query = urllib.parse.urlencode({"to": email})
    with urllib.request.urlopen(f"{BASE}/dev/mailbox.json?{query}") as response:
        return json.load(response)


def wait_for_code(email, count):
    deadline = time.time() + 15
    while time.time() < deadline:
        messages = mailbox(email)
        if len(messages) >= count:
            return re.search(r"\b(\d{6})\b", messages[0]["subject"]).group(1)
        time.sleep(0.1)
    raise AssertionError(f"no mail for {email}")


def test_register_verify_and_see_the_dashboard(browser):
    email = f"peserta-{uuid.uuid4().hex[:8]}@contoh.co.id"
    browser.get(BASE + "/")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Daftar sekarang"))
    wait_for_url(browser, "/daftar")

    # A wrong address is refused beside the field, in Indonesian.
    browser.find_element(By.ID, "email").send_keys("bukan-email")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/daftar'] button[type=submit]"))
    assert "Alamat email tidak valid" in browser.find_element(By.ID, "email-error").text

    field = browser.find_element(By.ID, "email")
    field.clear()
    field.send_keys(email)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/daftar'] button[type=submit]"))
    wait_for_url(browser, "/verifikasi")
    assert browser.find_element(By.ID, "email").get_attribute("value") == email

    # The person opens the mailbox, as they would open their email, and follows the link.
    code = wait_for_code(email, 1)
    link = re.search(r"(http\S+/verifikasi\?\S+)", mailbox(email)[0]["text"]).group(1)
    assert link.startswith(BASE + "/verifikasi?")
    browser.get(link)
    assert browser.find_element(By.ID, "code").get_attribute("value") == code
    browser.find_element(By.ID, "password").send_keys("kopi-tubruk-2020")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/verifikasi'] button[type=submit]"))

    wait_for_url(browser, "/dasbor")
    assert browser.find_element(By.CSS_SELECTOR, ".stage").get_attribute("data-stage") == "email_verified"
    assert "Email terverifikasi" in browser.find_element(By.CSS_SELECTOR, ".stage").text
    assert "NIK" in browser.find_element(By.CSS_SELECTOR, ".next").text

    # English on request, remembered across pages.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "English"))
    assert "Your current stage" in browser.page_source
    browser.get(BASE + "/dasbor")
    assert "Your current stage" in browser.page_source
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Bahasa Indonesia"))

    # Log out, then log in with the password and the emailed code.
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/keluar'] button"))
    browser.get(BASE + "/dasbor")
    wait_for_url(browser, "/masuk")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "password").send_keys("kopi-tubruk-2020")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/masuk'] button[type=submit]"))
    login_code = wait_for_code(email, 2)
    browser.find_element(By.ID, "code").send_keys(login_code)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/masuk/kode'] button[type=submit]"))
    wait_for_url(browser, "/dasbor")
    assert browser.find_element(By.CSS_SELECTOR, ".stage").get_attribute("data-stage") == "email_verified"
