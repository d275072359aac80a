"""Browser test of the programme, on a 390 px phone with JavaScript and without it: a verified
person takes the basic test on the pages, joins
the open wave from the dashboard after reading the consent statements, and once the operator
has closed the wave and drawn, sees "Lolos", their card and its balance.

The person's identity and phone are verified over the API (the registration test covers those
pages); the operator's steps run on the command line. Needs PRAKERJA_BASE_URL,
PRAKERJA_DATABASE_URL, PRAKERJA_BINARY and PRAKERJA_SECRET_KEY (scripts/test.sh sets them).
"""
import json
import os
import pathlib
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from selenium.webdriver.common.by import By

from conftest import BASE
from look import look_at
from test_registration import age_on, click_and_wait, get_json, register_and_verify, wait_for_url

QUESTIONS = pathlib.Path(__file__).resolve().parents[2] / "Sources/Application/Resources/Test/questions.json"


def api(method, path, body=None, token=None):
    request = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def operator(*arguments):
    """A `prakerja` command, as the local developer (development needs no operator sign-in)."""
    result = subprocess.run([os.environ["PRAKERJA_BINARY"], *arguments], env=dict(os.environ),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def verify_identity_and_phone(token, person):
    nik = person["nik"]
    village = get_json(f"/api/v1/regions/{nik[:6]}")[0]["code"]
    form = {
        "nik": nik, "family_card_number": person["kk"], "full_name": person["full_name"],
        "birth_date": person["birth_date"], "sex": "female" if int(nik[6:8]) > 40 else "male", "education": "sma",
        "marital_status": "single", "dependants": "0", "employment": "unemployed", "not_in_formal_education": True,
        "declared_groups": [], "honesty_statement": True,
    }
    for prefix in ("ktp", "current"):
        form.update({f"{prefix}_street": "Jl. Mawar 3", f"{prefix}_province": nik[:2],
                     f"{prefix}_regency": nik[:4], f"{prefix}_district": nik[:6], f"{prefix}_village": village})
    status, body = api("POST", "/api/v1/me/identity", form, token)
    assert status == 202, body
    deadline = time.time() + 20
    while api("GET", "/api/v1/me", token=token)[1]["identity"]["status"] == "pending":
        assert time.time() < deadline, "identity still pending"
        time.sleep(0.2)
    local = "0813" + str(uuid.uuid4().int)[:8]
    assert api("POST", "/api/v1/me/phone", {"phone": local}, token)[0] == 202
    e164 = "+62" + local[1:]
    deadline = time.time() + 15
    while not get_json("/dev/sms.json?" + urllib.parse.urlencode({"to": e164})):
        assert time.time() < deadline, "no SMS"
        time.sleep(0.1)
    text = get_json("/dev/sms.json?" + urllib.parse.urlencode({"to": e164}))[0]["text"]
    code = re.search(r"\b(\d{6})\b", text).group(1)
    assert api("POST", "/api/v1/me/phone/verify", {"code": code}, token)[0] == 200


def test_the_test_joining_the_outcome_and_the_card(any_browser):
    browser = any_browser
    email = f"peserta-gelombang-{uuid.uuid4().hex[:8]}@contoh.co.id"
    register_and_verify(browser, email, "teh-manis-hangat-7")
    token = browser.get_cookie("prakerja_session")["value"]
    today = time.localtime()
    # The last eligible sample people, one per run (the registration test takes the first two).
    person = [p for p in get_json("/dev/identities.json")
              if 19 <= age_on(tuple(int(x) for x in p["birth_date"].split("-")), today) <= 63][
        -1 if browser.javascript else -2]
    verify_identity_and_phone(token, person)

    number = max([w["number"] for w in get_json("/api/v1/waves")] or [0]) + 1
    operator("wave", "create", "--number", str(number), "--closes", "+3600", "--total", "1",
             "--quota", f"{person['nik'][:2]}=1", "--public-source", "drand quicknet, first round after the close")

    # The dashboard leads to the test: one next step, with its link.
    browser.get(BASE + "/dasbor")
    assert browser.find_element(By.ID, "next-step").get_attribute("data-step") == "take_test"
    click_and_wait(browser, browser.find_element(By.ID, "next-action"))
    wait_for_url(browser, "/tes")
    look_at(browser, "test-start", "/tes")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/tes/mulai'] button"))
    look_at(browser, "test-questions", "/tes")
    items = {item["id"]: item for item in json.loads(QUESTIONS.read_text())["items"]}
    names = {radio.get_attribute("name") for radio in browser.find_elements(By.CSS_SELECTOR, "input[type=radio]")}
    assert len(names) == 18
    for name in names:
        right = items[name[2:]].get("correct")
        right = 2 if right is None else right  # motivation items are not scored
        browser.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{right}']").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=submit]"))
    assert browser.find_element(By.ID, "test-result").get_attribute("class") == "status verified"
    look_at(browser, "test-result", "/tes")

    # Back on the dashboard: join the open wave after the consent statements.
    browser.get(BASE + "/dasbor")
    assert browser.find_element(By.ID, "next-step").get_attribute("data-step") == "join_wave"
    assert f"Gelombang {number}" in browser.find_element(By.ID, "next-step").text
    look_at(browser, "dashboard-join-wave", "/dasbor")
    browser.find_element(By.CSS_SELECTOR, "#join-wave input[name=consent]").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#join-wave button[type=submit]"))
    wait_for_url(browser, "/dasbor")
    assert browser.find_element(By.ID, "wave-status").get_attribute("data-status") == "waiting_for_close"
    assert "Menunggu gelombang ditutup" in browser.find_element(By.ID, "wave-status").text
    assert browser.find_element(By.ID, "next-step").get_attribute("data-step") == "await_wave_close"
    look_at(browser, "dashboard-waiting-for-draw", "/dasbor")

    operator("wave", "fund", "--amount", "3500000", "--key", f"browser-{number}")
    operator("wave", "close", str(number))
    browser.refresh()
    assert browser.find_element(By.ID, "wave-status").get_attribute("data-status") == "in_selection"
    operator("wave", "public-value", str(number), "round 31337: c0ffee")
    operator("wave", "draw", str(number))

    browser.refresh()
    assert browser.find_element(By.ID, "wave-status").get_attribute("data-status") == "selected"
    assert "Lolos" in browser.find_element(By.ID, "wave-status").text
    card = browser.find_element(By.CSS_SELECTOR, "#card .card-number").text
    assert len(card.replace(" ", "")) == 16 and card.replace(" ", "").startswith("9360")
    assert browser.find_element(By.ID, "card-balance").text == "Rp3.500.000"
    assert browser.find_element(By.ID, "next-step").get_attribute("data-step") == "buy_training"
    look_at(browser, "dashboard-card", "/dasbor")
    assert "ledger intact" in operator("ledger", "verify")

    # The catalogue on the pages: search, open the course the example client will buy.
    browser.get(BASE + "/pelatihan")
    browser.find_element(By.ID, "q").send_keys("kue kering")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#catalogue-filters button[type=submit]"))
    assert "1 pelatihan ditemukan" in browser.find_element(By.ID, "found").text
    look_at(browser, "catalogue-search")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#courses .course a"))
    assert browser.find_element(By.ID, "course-title").text == "Memasak Kue Kering untuk Dijual"
    assert browser.find_element(By.ID, "course-price").text == "Rp600.000"

    # The demo platform sells it with the SMS OTP and the demo provider redeems and completes it:
    # the repository's example partner client, signing every request.
    script = pathlib.Path(__file__).resolve().parents[2] / "scripts/partner-example.py"
    result = subprocess.run(["python3", str(script), "--base", BASE, "--card", card.replace(" ", ""),
                             "--otp-from-dev-sms", "--quiet"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "completion: 200" in result.stdout

    browser.get(BASE + "/dasbor")
    assert browser.find_element(By.ID, "next-step").get_attribute("data-step") == "rate_training"
    look_at(browser, "dashboard-rate-training", "/dasbor")
    for criterion in ("content", "instructor", "usefulness"):
        browser.find_element(By.CSS_SELECTOR, f"#rate-training input[name={criterion}][value='4']").click()
    browser.find_element(By.ID, "review").send_keys("Resepnya jelas dan langsung bisa dipraktikkan.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#rate-training button[type=submit]"))
    wait_for_url(browser, "/dasbor")
    assert browser.find_element(By.ID, "rating-thanks").is_displayed()
    assert browser.find_element(By.ID, "next-step").get_attribute("data-step") == "training_completed"
    training = browser.find_element(By.CSS_SELECTOR, "#trainings .training")
    assert training.get_attribute("data-state") == "completed"
    assert "Memasak Kue Kering" in training.text
    assert browser.find_element(By.CSS_SELECTOR, "#trainings .certificate a").text.startswith("SERT/")
    assert browser.find_element(By.ID, "card-balance").text == "Rp2.900.000"
    look_at(browser, "dashboard-training-completed", "/dasbor")
    # The rating is published on the course's page.
    browser.get(BASE + "/pelatihan?q=kue")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#courses .course a"))
    assert "4,0 dari 5" in browser.find_element(By.ID, "course-rating").text
    assert "Resepnya jelas" in browser.find_element(By.ID, "reviews").text
    look_at(browser, "course-rated", browser.current_url.replace(BASE, ""))

    # Finance settles what the redeemed purchase owes the demo platform: one line, one transfer.
    def paid(platform_id):
        """What the platform has been paid so far (the other run may have settled before)."""
        result = subprocess.run([os.environ["PRAKERJA_BINARY"], "ledger", "balance", f"partner_paid:{platform_id}"],
                                env=dict(os.environ), capture_output=True, text=True)
        found = re.search(r"credits (\d+)", result.stdout)
        return int(found.group(1)) if found else 0

    settlement = operator("settlement", "run")
    line = next(row for row in settlement.splitlines() if ",demo-platform," in row)
    platform_id, amount = line.split(",")[1], int(line.split(",")[-2])
    assert amount >= 600000
    assert paid(platform_id) >= amount
    assert "nothing owed" in operator("settlement", "run")
    assert "ledger intact" in operator("ledger", "verify")
