"""What a person's eye would check on every applicant page, at a cheap phone's size (390×844) and
a laptop's (1366×900), in both languages: nothing wider than the screen, a label on every form
control, text contrast of at least WCAG AA, no string-table key or text of the other language
on the page, no ISO date, and the page with its stylesheet and scripts under 30 KB. Each look saves a
full-page screenshot in PRAKERJA_SCREENSHOT_DIR (CI keeps the folder as an artefact).
"""
import json
import os
import pathlib
import re
import urllib.request

from conftest import BASE, DESKTOP, PHONE, emulate

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = pathlib.Path(os.environ.get("PRAKERJA_SCREENSHOT_DIR", ROOT / "artifacts" / "screenshots"))
PAGE_BUDGET = 30 * 1024


def _table(locale):
    with open(ROOT / "Sources" / "Application" / "Resources" / "Strings" / f"{locale}.json", encoding="utf-8") as f:
        return json.load(f)


TABLES = {"id": _table("id"), "en": _table("en")}


def _fragments(text):
    """The placeholder-free pieces of a string long enough to identify its language."""
    return [piece.strip() for piece in re.split(r"\{[a-z_]+\}|(?<=[.:;!?])\s", text) if len(piece.strip()) >= 18]


# Text only one language has: seen on a page of the other language, it is a mixed page.
ONLY = {
    locale: {
        fragment
        for key, value in TABLES[locale].items()
        if value != TABLES[other].get(key) and not key.startswith(("nav.language", "console.", "dev."))
        for fragment in _fragments(value)
        if all(fragment not in other_value for other_value in TABLES[other].values())
    }
    for locale, other in (("id", "en"), ("en", "id"))
}
KEYS = set(TABLES["id"]) | set(TABLES["en"])

CHECKS = r"""
const problems = [];
const width = window.innerWidth;
if (arguments[0] && document.documentElement.scrollWidth > width) {
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 1 || e.scrollWidth > e.clientWidth + 1)
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''));
  problems.push('horizontal overflow: ' + document.documentElement.scrollWidth + 'px > ' + width + 'px: ' + wide.join(', '));
}
for (const e of document.querySelectorAll('input,select,textarea')) {
  if (['hidden', 'submit', 'button', 'reset', 'image'].includes(e.type)) continue;
  const labelled = (e.id && document.querySelector('label[for="' + CSS.escape(e.id) + '"]')) || e.closest('label')
    || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
  if (!labelled) problems.push('no label: ' + (e.name || e.id || e.tagName));
}
function rgba(text) {
  const m = text.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(parseFloat);
  return { rgb: p.slice(0, 3), a: p.length > 3 ? p[3] : 1 };
}
function background(e) {
  for (; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0.5) return c.rgb;
  }
  return [255, 255, 255];
}
function luminance(rgb) {
  const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
for (const e of document.body.querySelectorAll('*')) {
  if (['SCRIPT', 'STYLE', 'OPTION', 'svg', 'PROGRESS'].includes(e.tagName)) continue;
  if (e.closest(':disabled,[disabled]')) continue;  // inactive controls are exempt (WCAG 1.4.3)
  const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !e.getClientRects().length) continue;
  const style = getComputedStyle(e);
  if (style.visibility === 'hidden' || parseFloat(style.opacity) === 0) continue;
  const fg = rgba(style.color);
  if (!fg) continue;
  const [a, b] = [luminance(fg.rgb), luminance(background(e))];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
  const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
  if (ratio < needed) problems.push('contrast ' + ratio.toFixed(2) + ' < ' + needed + ': ' + e.tagName.toLowerCase() + ' "' + e.textContent.trim().slice(0, 40) + '"');
}
const navigation = performance.getEntriesByType('navigation')[0];
return {
  problems: problems,
  text: document.body.innerText,
  html: navigation ? navigation.decodedBodySize : document.documentElement.outerHTML.length,
  assets: [...document.querySelectorAll('link[rel=stylesheet][href],script[src]')].map(e => e.href || e.src),
  lang: document.documentElement.lang,
};
"""

_asset_sizes = {}


def _asset_size(url):
    if url not in _asset_sizes:
        with urllib.request.urlopen(url) as response:
            _asset_sizes[url] = len(response.read())
    return _asset_sizes[url]


def set_viewport(browser, size):
    emulate(browser, size)


def screenshot(browser, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    metrics = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})
    content = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": content["width"], "height": content["height"], "scale": 1},
    })
    import base64
    (SCREENSHOTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def inspect(browser, name, locale, size):
    """The problems of the page now shown, after saving its screenshot."""
    found = browser.execute_script(CHECKS, size == PHONE)
    problems = list(found["problems"])
    if found["lang"] != locale:
        problems.append(f"page language is {found['lang']}, not {locale}")
    text = found["text"]
    for key in KEYS:
        if key in text and re.search(r"(?<![\w.@/])" + re.escape(key) + r"(?![\w.])", text):
            problems.append(f"untranslated key: {key}")
    if re.search(r"\{\{|\{[a-z_]+\}", text):
        problems.append("an unfilled placeholder")
    iso = re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    if iso:
        problems.append(f"an ISO date ({iso.group(0)}): dates are written as people read them")
    other = "en" if locale == "id" else "id"
    for fragment in ONLY[other]:
        if fragment in text:
            problems.append(f"{other} text on a {locale} page: {fragment[:50]}")
    weight = found["html"] + sum(_asset_size(url) for url in found["assets"])
    if weight > PAGE_BUDGET:
        problems.append(f"{weight} bytes with its stylesheet and scripts (budget {PAGE_BUDGET})")
    screenshot(browser, f"{name}-{locale}-{size[0]}x{size[1]}")
    return [f"{name} ({locale}, {size[0]}px): {problem}" for problem in problems]


def look_at(browser, name, path=None):
    """Looks at a page in both languages at both sizes; `path` reloads it for each (without one,
    only the page as it is now, in its language, at both sizes). Asserts there is nothing wrong."""
    problems = []
    javascript = getattr(browser, "javascript", True)
    if not javascript:
        name += "-nojs"
    try:
        # Without JavaScript the pages are the same but for the scripts' work: the phone's size is enough.
        for size in (PHONE, DESKTOP) if javascript else (PHONE,):
            set_viewport(browser, size)
            if path is None:
                locale = browser.execute_script("return document.documentElement.lang")
                problems += inspect(browser, name, locale, size)
                continue
            for locale in ("id", "en"):
                separator = "&" if "?" in path else "?"
                browser.get(f"{BASE}{path}{separator}lang={locale}")
                problems += inspect(browser, name, locale, size)
    finally:
        set_viewport(browser, PHONE)
        if path is not None:
            # Back to Indonesian, the language the journeys' assertions read.
            browser.get(f"{BASE}{path}{'&' if '?' in path else '?'}lang=id")
    assert not problems, "\n".join(problems)
