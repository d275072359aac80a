"""Browser test: with an opening scheduled (as an operator schedules one), a new visitor sees
the waiting room; once the operator opens, the page, refreshing itself without JavaScript, lets
them in to the registration form. The opening is far ahead until the test has read the line and
then moved to now, so a slow machine cannot make the test miss the line.

Needs PRAKERJA_BASE_URL, and PRAKERJA_DATABASE_URL and PRAKERJA_BINARY for the operator command
(scripts/test.sh sets all three).
"""
import os
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE
from look import look_at


def schedule_opening(seconds_ahead):
    """Schedules a randomised opening, and waits until a server process has read it."""
    env = dict(os.environ)
    env["PRAKERJA_DATABASE_URL"] = os.environ["PRAKERJA_DATABASE_URL"]
    subprocess.run(
        [os.environ["PRAKERJA_BINARY"], "waiting-room", "open", "--at", f"+{seconds_ahead}", "--randomise"],
        env=env, check=True, stdout=subprocess.DEVNULL)
    time.sleep(1)  # every server process reads the schedule within a quarter of a second


def test_the_waiting_room_holds_visitors_until_the_opening_then_lets_them_in(browser):
    schedule_opening(3600)
    browser.get(BASE + "/daftar")
    assert "Antrean pendaftaran" in browser.title
    assert "diundi" in browser.find_element(By.ID, "waiting-place").text
    refresh = browser.find_element(By.CSS_SELECTOR, "meta[http-equiv=refresh]").get_attribute("content")
    assert 5 <= int(refresh) <= 30
    look_at(browser, "waiting-room", "/daftar")
    # The operator opens now: the early comers are drawn and let in. No script: the page
    # refreshes itself until the visitor's turn comes.
    schedule_opening(0)
    WebDriverWait(browser, 90, poll_frequency=0.5).until(lambda b: b.find_elements(By.ID, "email"))
    assert "Daftar akun" in browser.title
    # Admitted visitors are not queued again.
    browser.get(BASE + "/")
    assert not browser.find_elements(By.ID, "waiting-place")
