"""Browser test: with an opening scheduled a few seconds ahead (as an operator schedules one),
a new visitor sees the waiting room, the page refreshes itself without JavaScript, and lets
them in to the registration form once the line moves.

Needs PRAKERJA_BASE_URL, and PRAKERJA_DATABASE_URL and PRAKERJA_BINARY for the operator command
(scripts/test.sh sets all three).
"""
import os
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE


def schedule_opening(seconds_ahead):
    env = dict(os.environ)
    env["PRAKERJA_DATABASE_URL"] = os.environ["PRAKERJA_DATABASE_URL"]
    subprocess.run(
        [os.environ["PRAKERJA_BINARY"], "waiting-room", "open", "--at", f"+{seconds_ahead}", "--randomise"],
        env=env, check=True, stdout=subprocess.DEVNULL)


def test_the_waiting_room_holds_visitors_until_the_opening_then_lets_them_in(browser):
    schedule_opening(5)
    time.sleep(1)  # every server process reads the schedule within a quarter of a second
    browser.get(BASE + "/daftar")
    assert "Antrean pendaftaran" in browser.title
    assert "diundi" in browser.find_element(By.ID, "waiting-place").text
    refresh = browser.find_element(By.CSS_SELECTOR, "meta[http-equiv=refresh]").get_attribute("content")
    assert 5 <= int(refresh) <= 30
    # No script: the page refreshes itself until the visitor's turn comes.
    WebDriverWait(browser, 45, poll_frequency=0.5).until(lambda b: b.find_elements(By.ID, "email"))
    assert "Daftar akun" in browser.title
    # Admitted visitors are not queued again.
    browser.get(BASE + "/")
    assert not browser.find_elements(By.ID, "waiting-place")
