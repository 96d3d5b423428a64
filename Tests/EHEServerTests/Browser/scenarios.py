"""Officers' pages in a real headless browser (issue 7): Chromium and chromedriver from Debian, driven by
selenium from PyPI. Run by BrowserTests.swift against `ehe serve` on 127.0.0.1; exits non-zero on the
first failed scenario. Screenshots go to --out.

Every page visited is also checked for accessibility: by axe-core (shipped inside axe-selenium-python;
any violation fails the scenario), and by checks of our own: a lang attribute, one h1 and no skipped
heading levels, a label for every visible field, error-summary links that lead to a field, charts with a
text alternative, and no positive tabindex.
"""
import argparse
import os
import sys
import time

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

parser = argparse.ArgumentParser()
parser.add_argument("--base", required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)
BASE = args.base
PASSWORD = os.environ["EHE_TEST_PASSWORD"]
FORENAME = os.environ.get("EHE_TEST_FORENAME", "Ada")
SURNAME = os.environ.get("EHE_TEST_SURNAME", "Thompson")
MISSPELT = os.environ.get("EHE_TEST_MISSPELT", "Tomson")

options = Options()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1800",
             "--no-first-run", "--disable-extensions", "--disable-background-networking"]:
    options.add_argument(flag)
if os.path.exists("/usr/bin/chromium"):
    options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(30)
checked = []


def fail(message):
    driver.save_screenshot(os.path.join(args.out, "failure.png"))
    print("FAIL:", message, "at", driver.current_url)
    print(driver.page_source[:3000])
    driver.quit()
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


def accessibility(name):
    """Checks of our own on the page now shown; saves a screenshot under `name`."""
    problems = driver.execute_script("""
        const problems = [];
        if (!document.documentElement.lang) problems.push('no lang attribute');
        const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
        if (headings.filter(l => l === 1).length !== 1) problems.push('not exactly one h1');
        for (let i = 1; i < headings.length; i++)
            if (headings[i] > headings[i - 1] + 1) problems.push('heading level skipped: h' + headings[i - 1] + ' then h' + headings[i]);
        for (const field of document.querySelectorAll('input,select,textarea')) {
            if (field.type === 'hidden' || field.type === 'submit') continue;
            const label = field.id && document.querySelector('label[for="' + field.id + '"]');
            if (!label && !field.getAttribute('aria-label')) problems.push('field without a label: ' + (field.name || field.id));
        }
        for (const link of document.querySelectorAll('.error-summary a')) {
            const target = document.getElementById(link.getAttribute('href').slice(1));
            if (!target) problems.push('error summary link to nothing: ' + link.getAttribute('href'));
        }
        for (const svg of document.querySelectorAll('svg'))
            if (svg.getAttribute('role') !== 'img' || !svg.getAttribute('aria-label')) problems.push('chart without a text alternative');
        for (const el of document.querySelectorAll('[tabindex]'))
            if (+el.getAttribute('tabindex') > 0) problems.push('positive tabindex');
        if (!document.title) problems.push('no title');
        return problems;
    """)
    driver.save_screenshot(os.path.join(args.out, name + ".png"))
    checked.append(name)
    expect(not problems, "accessibility on %s: %s" % (name, problems))
    axe = Axe(driver)
    axe.inject()
    found = axe.run(options={"resultTypes": ["violations"]})["violations"]
    violations = ["%s (%s, %d): %s" % (v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in found]
    expect(not violations, "axe-core on %s: %s" % (name, "; ".join(violations)))


def go(path):
    driver.get(BASE + path)


def submit(button):
    """Clicks a submit button and waits for the next page to replace this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 20).until(lambda d: replaced(page))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def replaced(element):
    """Whether the page holding `element` has gone. Chromium can answer a check made mid-navigation with
    "Node ... does not belong to the document" instead of a stale-element error: that is gone too."""
    try:
        return expected_conditions.staleness_of(element)(driver)
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def sign_in(name):
    go("/sign-in")
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def sign_out():
    submit(driver.find_element(By.CSS_SELECTOR, ".sign-out button"))


def text(css):
    return driver.find_element(By.CSS_SELECTOR, css).text


# 1. Signed out: any page sends you to sign in.
go("/cases")
expect("/sign-in" in driver.current_url, "signed-out visit not redirected to sign-in")
accessibility("sign-in")

# 2. Sign in as an officer.
sign_in("olivia")
expect("/my-work" in driver.current_url, "sign-in did not land on My work")
accessibility("my-work")

# 3. Register a child: first with mistakes, then corrected.
go("/cases/new")
accessibility("new-case")
driver.find_element(By.ID, "child-surname").send_keys(SURNAME)
driver.find_element(By.ID, "child-dateOfBirth").send_keys("2014-02-30")
submit(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
links = driver.find_elements(By.CSS_SELECTOR, ".error-summary a")
expect(len(links) >= 4, "error summary lists too few problems: %d" % len(links))
targets = [link.get_attribute("href").split("#")[1] for link in links]
for wanted in ["child-forenames", "child-dateOfBirth", "child-sex", "episodes-0-startDate"]:
    expect(wanted in targets, "error summary has no link to " + wanted + " (has " + ", ".join(targets) + ")")
accessibility("new-case-errors")
links[0].click()
expect(driver.switch_to.active_element.get_attribute("id") == targets[0], "error link did not move focus to its field")
expect(driver.find_element(By.ID, "child-surname").get_attribute("value") == SURNAME, "entered value lost")


def fill(field, value):
    element = driver.find_element(By.ID, field)
    element.clear()
    element.send_keys(value)


fill("child-forenames", FORENAME)
fill("child-dateOfBirth", "2014-02-27")
Select(driver.find_element(By.ID, "child-sex")).select_by_value("female")
fill("child-address-line1", os.environ.get("EHE_TEST_STREET", "1 Test Road"))
fill("child-address-postcode", "EX1 1AA")
fill("episodes-0-startDate", "2026-11-02")
Select(driver.find_element(By.ID, "episodes-0-notificationSource")).select_by_value("parent")
fill("episodes-0-notificationDate", "2026-11-02")
Select(driver.find_element(By.ID, "episodes-0-primaryReason")).select_by_value("philosophical_preferential")
Select(driver.find_element(By.ID, "episodes-0-consent-requirement")).select_by_value("not_required")
Select(driver.find_element(By.ID, "senProvision")).select_by_value("none")
submit(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
expect("/cases/EHE-" in driver.current_url, "corrected registration did not open the new case")
reference = driver.current_url.split("/cases/")[1].split("?")[0]
expect(FORENAME in text("h1"), "case page does not show the child")
accessibility("case")
before = text("#next-due")
expect("Initial contact" in before, "new case should have its initial contact due, has: " + before)

# 4. Find the child by a misspelt surname.
go("/find")
accessibility("find")
fill("soundsLike", MISSPELT)
fill("dateOfBirth", "2014-02-27")
submit(driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
expect(reference in text("table.results"), "sounds-like search did not find " + reference)
accessibility("find-results")

# 5. Record a contact; the due item moves.
go("/cases/" + reference)
driver.find_element(By.XPATH, "//summary[contains(., 'Record a contact')]").click()
fill("contact-date", "2026-11-20")
Select(driver.find_element(By.ID, "contact-method")).select_by_value("home_visit")
Select(driver.find_element(By.ID, "contact-judgement")).select_by_value("suitable")
driver.find_element(By.ID, "contact-notes").send_keys("Saw a reading diary.")
submit(driver.find_element(By.XPATH, "//form[contains(@action,'/contacts')]//button"))
expect("saved=1" in driver.current_url, "contact not saved: " + driver.current_url)
after = text("#next-due")
expect("Annual contact" in after and "20 Nov 2027" in after, "due item did not move: " + after)

# 6. Stale edit in two tabs is refused.
go("/cases/" + reference)
first = driver.current_window_handle
driver.switch_to.new_window("tab")
go("/cases/" + reference)
second = driver.current_window_handle
driver.switch_to.window(first)
driver.find_element(By.XPATH, "//summary[contains(., 'Assign')]").click()
fill("assign-officer", "olivia")
submit(driver.find_element(By.XPATH, "//form[contains(@action,'/assign')]//button"))
expect("saved=1" in driver.current_url, "first tab's change not saved")
driver.switch_to.window(second)
driver.find_element(By.XPATH, "//summary[contains(., 'Assign')]").click()
fill("assign-officer", "someone-else")
submit(driver.find_element(By.XPATH, "//form[contains(@action,'/assign')]//button"))
expect("This case changed since you opened it" in driver.page_source, "stale edit was not refused")
expect("olivia" in text("dl.summary"), "stale edit overwrote the first change")
accessibility("stale")
driver.close()
driver.switch_to.window(first)

# 7. My work shows the case; the cases list filters.
go("/my-work?within=365")
expect(reference in driver.page_source, "My work does not list the assigned case")
go("/cases?ehcp=yes&status=open")
accessibility("cases")
sign_out()

# 8. An analyst sees the dashboard but no case page.
sign_in("ana")
go("/dashboard")
expect(driver.find_element(By.ID, "live-total").text != "", "dashboard has no total")
expect(len(driver.find_elements(By.CSS_SELECTOR, "svg[role=img]")) >= 3, "dashboard has too few charts")
expect(driver.find_element(By.ID, "disclosure-mode").text in ("dfe", "suppress:6"), "disclosure mode not shown")
accessibility("dashboard")
go("/cases/" + reference)
expect("Not allowed" in driver.page_source, "analyst was shown a case page")
expect(FORENAME not in driver.page_source, "analyst saw the child's name")
accessibility("forbidden")
sign_out()

# 9. A manager sees the case's audit trail.
sign_in("mo")
go("/cases/" + reference)
expect("Who has seen and changed this case" in driver.page_source and "case.view" in driver.page_source, "manager sees no audit trail")
accessibility("case-manager")
sign_out()

driver.quit()
print("OK: %d pages checked: %s" % (len(checked), ", ".join(checked)))
