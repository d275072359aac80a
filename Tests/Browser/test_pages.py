"""Every applicant page as a person sees it, on a cheap phone (390×844) and a laptop (1366×900),
in Indonesian and English: `look.look_at` checks overflow, labels, contrast, language and weight
and saves a screenshot of each. The pages further on in the journey (the test, the wave, the
card, the catalogue, a training, the rating) are looked at by the programme test where the
journey reaches them, and the waiting room by its own test.
"""
import re
import uuid

from selenium.webdriver.common.by import By

from conftest import BASE
from look import look_at
from test_registration import register_and_verify

SIGNED_OUT = [
    ("landing", "/"),
    ("register", "/daftar"),
    ("register-wait", "/daftar/tunggu?email=ani%40contoh.co.id&token=x&detik=3"),
    ("verify-email", "/verifikasi?email=ani%40contoh.co.id"),
    ("login", "/masuk"),
    ("password-reset-request", "/lupa-sandi"),
    ("password-reset", "/lupa-sandi/baru?email=ani%40contoh.co.id"),
    ("statistics", "/statistik"),
    ("catalogue", "/pelatihan"),
    ("help", "/bantuan"),
    ("not-found", "/tidak-ada"),
]

SIGNED_IN = [
    ("dashboard-new", "/dasbor"),
    ("identity-form", "/data-diri"),
    ("phone-before-identity", "/ponsel"),
    ("password-change", "/kata-sandi"),
    ("waves", "/gelombang"),
    ("not-found-signed-in", "/tidak-ada"),
]


def test_every_page_before_and_just_after_registering(browser):
    for name, path in SIGNED_OUT:
        look_at(browser, name, path)
    browser.get(BASE + "/pelatihan")
    link = browser.find_element(By.CSS_SELECTOR, "#courses .course a").get_attribute("href")
    look_at(browser, "course", link.replace(BASE, ""))

    register_and_verify(browser, f"lihat-{uuid.uuid4().hex[:8]}@contoh.co.id", "nasi-uduk-pagi-9")
    for name, path in SIGNED_IN:
        look_at(browser, name, path)
    # The identity form refused: every message beside its field, still within the budget.
    browser.get(BASE + "/data-diri")
    browser.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
    browser.find_element(By.ID, "nik-error")
    look_at(browser, "identity-form-refused")


def test_the_signed_out_menu_and_the_help_page(browser):
    browser.get(BASE + "/bantuan")
    questions = browser.find_elements(By.CSS_SELECTOR, ".toc a")
    assert len(questions) >= 6
    text = browser.find_element(By.TAG_NAME, "main").text
    for topic in ("NIK", "kode", "antrean", "Belum berhasil", "insentif"):
        assert topic.lower() in text.lower(), topic
    assert re.search(r"\S+@\S+", browser.find_element(By.ID, "kontak").text)
    # Every page links to help and contact.
    browser.get(BASE + "/statistik")
    assert browser.find_element(By.CSS_SELECTOR, "footer a[href='/bantuan#kontak']")
    assert browser.find_element(By.CSS_SELECTOR, "header a[href='/bantuan']")
