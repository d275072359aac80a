"""Browser tests in headless Chromium: a person registers through the pages, reads the code in
the local mailbox, sets a password and sees the dashboard, logs out and in again; and a person
goes on to submit their identity (with JavaScript and without it), verify their phone with the
SMS code from the local SMS box, and see their eligibility decision. The window is a cheap
phone's: 390×844.

Needs PRAKERJA_BASE_URL (a running `prakerja serve` on the embedded default).
"""
import json
import re
import time
import urllib.parse
import urllib.request
import uuid

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import BASE
from look import look_at


def wait_for_url(browser, part):
    """Clicks submit forms asynchronously; wait for the navigation to land."""
    WebDriverWait(browser, 10).until(expected_conditions.url_contains(part))


def click_and_wait(browser, element):
    """Clicks a link or submit button and waits until the next page has replaced this one."""
    element.click()

    def replaced(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            # Stale, or (when the navigation wins the race) no longer in any document.
            return True

    WebDriverWait(browser, 10).until(replaced)


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


def get_json(path):
    with urllib.request.urlopen(f"{BASE}{path}") as response:
        return json.load(response)


def submit(browser, form_action, value=None):
    selector = f"form[action='{form_action}'] button[type=submit]"
    if value:
        selector += f"[value='{value}']"
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, selector))


def register_and_verify(browser, email, password):
    browser.get(BASE + "/daftar")
    javascript = getattr(browser, "javascript", True)
    browser.find_element(By.ID, "email").send_keys(email)
    if javascript:
        # The page's script solves the proof of work for the address as it is typed, in well
        # under a second here; the registration is then one request.
        WebDriverWait(browser, 10).until(
            lambda b: b.find_element(By.CSS_SELECTOR, "form[action='/daftar']").get_attribute("data-pow-ms"))
        form = browser.find_element(By.CSS_SELECTOR, "form[action='/daftar']")
        print(f"proof of work: {form.get_attribute('data-pow-bits')} bits in {form.get_attribute('data-pow-ms')} ms")
        assert int(form.get_attribute("data-pow-ms")) < 3000
    submit(browser, "/daftar")
    if not javascript:
        # Without a script to solve the proof of work, a short wait on a page of its own.
        # A press a moment too early is asked to wait again, as a person would be.
        for _ in range(3):
            wait_for_url(browser, "/daftar/tunggu")
            seconds = int(re.search(r"(\d+) detik", browser.find_element(By.TAG_NAME, "main").text).group(1))
            time.sleep(seconds + 0.5)
            submit(browser, "/daftar")
            if "/daftar/tunggu" not in browser.current_url:
                break
    wait_for_url(browser, "/verifikasi")
    browser.find_element(By.ID, "code").send_keys(wait_for_code(email, 1))
    browser.find_element(By.ID, "password").send_keys(password)
    submit(browser, "/verifikasi")
    wait_for_url(browser, "/dasbor")


def age_on(birth, today):
    years = today.tm_year - birth[0]
    return years - 1 if (today.tm_mon, today.tm_mday) < (birth[1], birth[2]) else years


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
    assert "Step 2 of 6" in browser.page_source
    browser.get(BASE + "/dasbor")
    assert "Step 2 of 6" in browser.page_source
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


def choose_region(browser, field_id, value=None):
    """Chooses a region; the caller brings up the next level's choices."""
    select = Select(browser.find_element(By.ID, field_id))
    if value is None:
        value = next(option.get_attribute("value") for option in select.options if option.get_attribute("value"))
    select.select_by_value(value)
    return value


def next_choices(browser, section, next_field):
    """Brings up the next region level: in place with JavaScript; without it, the form's button,
    which comes back to the section just edited."""
    if browser.javascript:
        WebDriverWait(browser, 10).until(
            lambda b: b.find_element(By.ID, next_field).is_enabled()
            and len(Select(b.find_element(By.ID, next_field)).options) > 1)
    else:
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"#{section} button[value=regions]"))
        assert browser.current_url.endswith(f"#{section}")


def test_identity_phone_and_eligibility_through_the_pages(any_browser):
    browser = any_browser
    email = f"warga-{uuid.uuid4().hex[:8]}@contoh.co.id"
    register_and_verify(browser, email, "kopi-tubruk-2020")
    assert browser.find_element(By.ID, "identity-status").get_attribute("data-status") == "none"

    # A sample person of the local registry, of an age the scheme admits.
    today = time.localtime()
    people = get_json("/dev/identities.json")
    # One person each for the runs with and without JavaScript (a NIK is claimed once).
    person = [
        p for p in people if 18 <= age_on(tuple(int(x) for x in p["birth_date"].split("-")), today) <= 64
    ][0 if browser.javascript else 1]
    nik = person["nik"]
    year, month, day = person["birth_date"].split("-")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Isi data diri dan NIK"))
    wait_for_url(browser, "/data-diri")
    # With JavaScript the region buttons are not needed; without it they are there.
    button = browser.find_element(By.CSS_SELECTOR, "#alamat-ktp button[value=regions]")
    assert button.is_displayed() != browser.javascript

    # An empty form is refused with a message beside each field, in Indonesian.
    submit(browser, "/data-diri", "submit")
    assert "Kolom ini wajib diisi" in browser.find_element(By.ID, "nik-error").text
    assert browser.find_element(By.ID, "honesty-error").is_displayed()

    # The regency picker stays closed until a province is chosen.
    assert not browser.find_element(By.ID, "ktpRegency").is_enabled()
    browser.find_element(By.ID, "nik").send_keys(nik)
    browser.find_element(By.ID, "familyCardNumber").send_keys(person["kk"])
    # Written the way people write it: title case with a title; the registry match normalises it.
    browser.find_element(By.ID, "fullName").send_keys("Dr. " + person["full_name"].title())
    # Day first, as Indonesians write a date, on the phone's number pad.
    browser.find_element(By.ID, "birthDate").send_keys(f"{day}-{month}-{year}")
    assert browser.find_element(By.ID, "birthDate").get_attribute("inputmode") == "numeric"
    sex = "female" if int(nik[6:8]) > 40 else "male"
    browser.find_element(By.CSS_SELECTOR, f"input[name=sex][value={sex}]").click()
    browser.find_element(By.ID, "ktpStreet").send_keys("Jl. Melati No. 7, RT 01/RW 02")
    for field, code, following in (("ktpProvince", nik[:2], "ktpRegency"), ("ktpRegency", nik[:4], "ktpDistrict"),
                                   ("ktpDistrict", nik[:6], "ktpVillage")):
        choose_region(browser, field, code)
        next_choices(browser, "alamat-ktp", following)
    village = choose_region(browser, "ktpVillage")
    assert village.startswith(nik[:6])
    # Typed values survive the refreshes.
    assert browser.find_element(By.ID, "nik").get_attribute("value") == nik
    # "Same as the KTP address" hides the domicile fields, with or without JavaScript.
    assert browser.find_element(By.ID, "currentProvince").is_displayed()
    browser.find_element(By.ID, "sameAsKtp").click()
    assert not browser.find_element(By.ID, "currentProvince").is_displayed()
    Select(browser.find_element(By.ID, "education")).select_by_value("sma")
    Select(browser.find_element(By.ID, "maritalStatus")).select_by_value("single")
    browser.find_element(By.ID, "dependants").send_keys("0")
    Select(browser.find_element(By.ID, "employment")).select_by_value("laid_off")
    browser.find_element(By.ID, "notInFormalEducation").click()
    # Forgetting the statement keeps everything typed, and the page says which day it read.
    submit(browser, "/data-diri", "submit")
    assert browser.find_element(By.ID, "honesty-error").is_displayed()
    assert browser.find_element(By.ID, "birthDate").get_attribute("value") == f"{day}-{month}-{year}"
    assert browser.find_element(By.ID, "birthDate-read").text.endswith(f" {year}")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", browser.find_element(By.TAG_NAME, "main").text)
    assert Select(browser.find_element(By.ID, "ktpVillage")).first_selected_option.get_attribute("value") == village
    assert not browser.find_element(By.ID, "currentProvince").is_displayed()
    browser.find_element(By.ID, "honestyStatement").click()
    submit(browser, "/data-diri", "submit")
    wait_for_url(browser, "/dasbor")

    # "Sedang diverifikasi", then the result once the outbox worker has asked the registry.
    deadline = time.time() + 15
    while browser.find_element(By.ID, "identity-status").get_attribute("data-status") == "pending":
        assert time.time() < deadline, "identity still pending"
        time.sleep(0.3)
        browser.refresh()
    assert browser.find_element(By.ID, "identity-status").get_attribute("data-status") == "verified"
    assert browser.find_element(By.ID, "eligibility").get_attribute("data-eligible") == "true"
    assert "memenuhi syarat" in browser.find_element(By.ID, "eligibility").text

    # The phone, with the code from the local SMS box.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Verifikasi nomor ponsel"))
    wait_for_url(browser, "/ponsel")
    browser.find_element(By.ID, "phone").send_keys("0812 34")
    submit(browser, "/ponsel")
    assert "Nomor ponsel tidak valid" in browser.find_element(By.ID, "phone-error").text
    local = "0812" + str(uuid.uuid4().int)[:8]
    field = browser.find_element(By.ID, "phone")
    field.clear()
    field.send_keys(local)
    submit(browser, "/ponsel")
    # Post, then redirect: the page that asks for the code is a plain GET.
    wait_for_url(browser, "/ponsel?dikirim=1")
    if browser.javascript:
        look_at(browser, "phone-code", "/ponsel")
    e164 = "+62" + local[1:]
    deadline = time.time() + 15
    while not get_json("/dev/sms.json?" + urllib.parse.urlencode({"to": e164})):
        assert time.time() < deadline, "no SMS"
        time.sleep(0.1)
    text = get_json("/dev/sms.json?" + urllib.parse.urlencode({"to": e164}))[0]["text"]
    code = re.search(r"\b(\d{6})\b", text).group(1)
    browser.find_element(By.ID, "code").send_keys("000000" if code != "000000" else "111111")
    submit(browser, "/ponsel/kode")
    assert browser.find_element(By.ID, "code-error").is_displayed()
    browser.find_element(By.ID, "code").send_keys(code)
    submit(browser, "/ponsel/kode")
    wait_for_url(browser, "/dasbor")
    assert browser.find_element(By.CSS_SELECTOR, ".stage").get_attribute("data-stage") == "phone_verified"
    assert e164 in browser.find_element(By.ID, "phone-status").text
    if browser.javascript:
        look_at(browser, "dashboard-eligible", "/dasbor")
    stats = get_json("/api/v1/stats/funnel")
    assert stats["identity_verified"] >= 1 and stats["phone_verified"] >= 1

    # Changing the password ends the session elsewhere; this browser keeps a fresh one.
    browser.find_element(By.LINK_TEXT, "Ganti kata sandi").click()
    wait_for_url(browser, "/kata-sandi")
    browser.find_element(By.ID, "current_password").send_keys("bukan-sandinya")
    browser.find_element(By.ID, "password").send_keys("burung-biru-77")
    submit(browser, "/kata-sandi")
    assert "Kata sandi saat ini salah" in browser.find_element(By.ID, "current-error").text
    browser.find_element(By.ID, "current_password").send_keys("kopi-tubruk-2020")
    browser.find_element(By.ID, "password").send_keys("burung-biru-77")
    submit(browser, "/kata-sandi")
    wait_for_url(browser, "/dasbor")
