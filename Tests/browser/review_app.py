#!/usr/bin/env python3
"""Browser test of `docent review` in a real browser (headless Chromium through Selenium).

An editor approves a draft, rejects one with a note, edits one, filters the queue to the stale
drafts and accepts a proposal, all by clicking in the page, each action answered within the
page (no page load); then two editors in two browsers work at once: the second one's edit of a
draft the first just approved is refused on its card with her text against the file now, word by
word (her text stays in her box, nothing written); "Use mine" then saves hers over it (the
approved version kept in the history), and her approval of another draft goes through. Then, over 300
artworks × 3 audiences, `docent review --as NAME` and the keyboard: `a` pressed 20 times approves
20 drafts in NAME's name without a page load (keypress → card approved: median and p95 printed
and held to 300 / 600 ms), `u` takes the last one back (output/audit.jsonl says so), `r` opens
the note box, "Approve all shown" over a filter approves every press release on every page after
a confirmation, and on a 390×844 phone the top bar is one line (at most a quarter of the
screen). Last, a team: a translator invited for German acts on the German translations only,
filters to hers with "mine", approves and comments; the editor sees her comment. `docent status --json` and the files must say so. With
`--screenshots DIR` it also saves the queue and a stale draft's diff as PNG files.

Usage: Tests/browser/review_app.py DOCENT_BINARY [--screenshots DIR]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_project(docent, folder):
    os.makedirs(os.path.join(folder, "artworks"))
    shutil.copy(os.path.join(ROOT, "Tests/DocentTests/Fixtures/records/works.json"), os.path.join(folder, "artworks"))
    shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(folder, "templates"))
    with open(os.path.join(folder, "pipeline.json"), "w") as f:
        json.dump({"institution": {"name": "Musée <b>de</b> Test"}, "sources": {"artworks": ["artworks"]},
                   "source_language": "fr", "languages": [], "audiences": ["general", "children", "press"]}, f)
    subprocess.run([docent, "run", "--quiet"], cwd=folder, check=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1800000000"))
    drafts = sorted(os.path.relpath(os.path.join(d, n), os.path.join(folder, "output"))
                    for d, _, names in os.walk(os.path.join(folder, "output")) for n in names
                    if n.startswith("draft.") and n.endswith(".md") and ".history" not in d)
    # A stale draft, as editors meet one: the last draft approved, then its record changed and
    # the run made again, which proposes the new text beside it.
    stale = drafts[-1]
    subprocess.run([docent, "approve", stale.split("/")[0] + "/" + stale.split("/")[1][len("draft."):-len(".md")], "--by", "CI"],
                   cwd=folder, check=True, capture_output=True)
    records_path = os.path.join(folder, "artworks", "works.json")
    with open(records_path, encoding="utf-8") as f:
        records = json.load(f)
    for record in records:
        if record.get("id") == stale.split("/")[0]:
            record["description"] = (record.get("description") or "") + " Restauré en 2024."
    with open(records_path, "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False)
    subprocess.run([docent, "run", "--quiet"], cwd=folder, check=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1800000000"))
    assert os.path.exists(os.path.join(folder, "output", stale.replace(".md", ".proposed.md"))), "no proposal was made"
    return drafts


def start_review(docent, folder, name):
    process = subprocess.Popen([docent, "review", "--port", "0", "--as", name], cwd=folder, stdout=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = process.stdout.readline()
        match = re.search(r"http://\S+", line or "")
        if match:
            return process, match.group(0)
    process.kill()
    sys.exit("docent review printed no address")


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def article(driver, draft):
    artwork, name = draft.split("/")
    for form in driver.find_elements(By.CSS_SELECTOR, "form.actions"):
        if (form.find_element(By.NAME, "artwork").get_attribute("value") == artwork
                and form.find_element(By.NAME, "draft").get_attribute("value") == name):
            return form
    raise LookupError(f"no actions for {draft} on the page")


def submit(driver, button):
    """Clicks a button that loads another page (a filter, a link), and waits for it. The page
    being left is marked with a script property and the wait is for a document without it:
    Selenium's staleness_of asks about the old node while Chromium swaps documents, and
    Chromium 156 sometimes answers that with an error of its own ("Node with given id does not
    belong to the document") instead of a stale reference."""
    driver.execute_script("window.docentLeaving = true")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()

    def arrived(d):
        try:
            return d.execute_script(
                "return window.docentLeaving !== true && document.readyState === 'complete'")
        except WebDriverException:
            return False  # between two documents
    WebDriverWait(driver, 15).until(arrived)


def version(driver, draft):
    try:
        return article(driver, draft).find_element(By.NAME, "version").get_attribute("value")
    except Exception:
        return None


def click(driver, draft, action):
    """Clicks the draft's button for `action` and waits for the answer within the page: the
    card comes back with the file's new version, or with an error on it. The page must not be
    loaded again (a script property set before survives)."""
    def button(d):
        try:
            found = article(d, draft).find_element(By.CSS_SELECTOR, f"button[value='{action}']")
            return found if found.is_displayed() and found.is_enabled() else False
        except Exception:
            return False
    found = WebDriverWait(driver, 15).until(button)
    before = version(driver, draft)
    driver.execute_script("window.docentStay = true")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", found)
    found.click()

    def answered(d):
        if version(d, draft) not in (before, None):
            return "done"
        try:
            if article(d, draft).find_element(By.XPATH, "ancestor::article").find_elements(By.CSS_SELECTOR, ".action-error"):
                return "refused"
        except Exception:
            pass
        return False
    outcome = WebDriverWait(driver, 15).until(answered)
    assert driver.execute_script("return window.docentStay === true"), f"{action} on {draft} loaded the page again"
    return outcome


def invite(docent, folder, name, role, languages=None):
    """`docent review invite`: the personal link it prints (the app is running: a whole address)."""
    command = [docent, "review", "invite", name, "--role", role] + (["--languages", languages] if languages else [])
    printed = subprocess.run(command, cwd=folder, check=True, capture_output=True, text=True).stdout
    return re.search(r"http://\S+\?token=\w+", printed).group(0)


def signed_in(driver):
    return driver.find_element(By.CSS_SELECTOR, ".signed-in b").text


def two_editors(ada_url, grace_url, first, second):
    """Ada (who started the app) and Grace (invited) load the page at the same time. Ada
    approves `first`; Grace, on the page she loaded before, edits it: refused (409) with both
    versions, nothing written. She goes back and approves `second`."""
    ada, grace = browser(), browser()
    try:
        for driver, url, name in [(ada, ada_url, "Ada Lovelace"), (grace, grace_url, "Grace Hopper")]:
            driver.get(url)
            assert signed_in(driver).startswith(name), signed_in(driver)
        click(ada, first, "approve")
        # Grace's page, loaded before, says that the folder changed (it asks every 4 seconds).
        WebDriverWait(grace, 15).until(lambda d: d.find_elements(By.ID, "folder-changed"))
        assert not ada.find_elements(By.ID, "folder-changed"), "Ada's page was made after her approval"
        form = article(grace, first)
        grace.execute_script("arguments[0].querySelector('details').open = true", form)
        box = form.find_element(By.NAME, "text")
        box.clear()
        box.send_keys("Le texte de Grace, à ne pas perdre.")
        assert click(grace, first, "edit") == "refused"
        card = article(grace, first).find_element(By.XPATH, "ancestor::article")
        said = card.find_element(By.CSS_SELECTOR, ".action-error").text
        added = " ".join(e.text for e in card.find_elements(By.CSS_SELECTOR, ".action-error p.diff ins"))
        assert "changed since the page was loaded" in said and "texte de Grace" in added, (said, added)
        assert "Le texte de Grace" in article(grace, first).find_element(By.NAME, "text").get_attribute("value"), "her text was lost"
        # "Use mine": her text over the file as it is now; the approved version stays in the history.
        before = version(grace, first)
        grace.execute_script("window.docentStay = true")
        card.find_element(By.CSS_SELECTOR, "button.use-mine").click()
        WebDriverWait(grace, 15).until(lambda d: version(d, first) not in (before, None))
        assert grace.execute_script("return window.docentStay === true"), "use mine loaded the page again"
        grace.get(grace_url.split("?")[0])
        assert click(grace, second, "approve") == "done"
    finally:
        ada.quit()
        grace.quit()


def make_queue(docent, folder, artworks):
    """`artworks` records of our own, offline drafts for three audiences."""
    os.makedirs(os.path.join(folder, "artworks"))
    records = [{"id": f"w{i:04d}", "title": f"Étude n° {i}", "makers": [{"name": "Atelier du banc d'essai"}], "date": "1890",
                "description": "Une barque rentre au port dans la lumière du soir. La toile est peinte en touches courtes."}
               for i in range(artworks)]
    with open(os.path.join(folder, "artworks", "records.json"), "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False)
    shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(folder, "templates"))
    with open(os.path.join(folder, "pipeline.json"), "w") as f:
        json.dump({"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks"]},
                   "source_language": "fr", "languages": [], "audiences": ["general", "children", "press"]}, f)
    subprocess.run([docent, "run", "--quiet"], cwd=folder, check=True)


def keyboard_queue(docent):
    """300 artworks × 3 audiences; `docent review --as`; `a` pressed 20 times, then `r`; a phone."""
    folder = tempfile.mkdtemp(prefix="docent-browser-queue-")
    make_queue(docent, folder, 300)
    process, url = start_review(docent, folder, "Claire Martin")
    driver = browser()
    timings = []
    try:
        driver.get(url)
        assert signed_in(driver) == "Claire Martin (editor)", signed_in(driver)
        driver.execute_script("window.docentStay = true")
        body = driver.find_element(By.TAG_NAME, "body")
        approved = lambda d: len(d.find_elements(By.CSS_SELECTOR, "article.draft header .badge.approved"))
        for press in range(20):
            count = approved(driver)
            started = time.perf_counter()
            body.send_keys("a")
            WebDriverWait(driver, 10, poll_frequency=0.005).until(lambda d: approved(d) > count)
            timings.append((time.perf_counter() - started) * 1000)
        assert driver.execute_script("return window.docentStay === true"), "a keypress loaded the page again"
        # u takes the last approval back, within the page.
        count = approved(driver)
        body.send_keys("u")
        WebDriverWait(driver, 10).until(lambda d: approved(d) == count - 1)
        said = driver.find_element(By.ID, "undo-said").text
        assert said.startswith("undid the approve of "), said
        assert driver.execute_script("return window.docentStay === true"), "u loaded the page again"
        body.send_keys("r")
        focused = driver.execute_script("return document.activeElement.name + '|' + (document.activeElement.closest('article.current') ? 'current' : '')")
        assert focused == "note|current", focused
        # Bulk, with evidence: every press release the filter shows, on every page, after a
        # confirmation that says how many.
        driver.get(url.split("?")[0] + "?audience=press")
        driver.find_element(By.ID, "bulk-approve").click()
        dialogs = []
        for _ in range(2):
            WebDriverWait(driver, 30).until(EC.alert_is_present())
            dialogs.append(driver.switch_to.alert.text)
            driver.switch_to.alert.accept()
        assert dialogs[0].startswith("Approve ") and "these filters show" in dialogs[0], dialogs
        assert dialogs[1].startswith("Approved "), dialogs
        bulk = int(dialogs[1].split()[1])
        driver.set_window_size(390, 844)
        driver.get(url)
        top = driver.execute_script("return document.querySelector('body>header').getBoundingClientRect().height / innerHeight")
        assert top <= 0.25, f"the top bar takes {top:.0%} of a 390×844 screen"
        driver.execute_script("window.scrollTo(0, 1500)")
        share = driver.execute_script(
            "var h=document.querySelector('body>header').getBoundingClientRect();"
            "return Math.max(0, Math.min(h.bottom, innerHeight) - Math.max(h.top, 0)) / innerHeight")
        assert share <= 0.25, f"the top bars take {share:.0%} of a 390×844 screen"
    finally:
        driver.quit()
        process.terminate()
        process.wait(timeout=10)
    status = json.loads(subprocess.run([docent, "status", "--json"], cwd=folder, check=True, capture_output=True, text=True).stdout)
    press = [d for d in status["drafts"] if d["file"].endswith("draft.press.fr.md")]
    assert len(press) == 300 and all(d["state"] == "approved" and d.get("approved_by") == "Claire Martin" for d in press), \
        [d for d in press if d["state"] != "approved"][:3]
    mine = [d for d in status["drafts"] if d.get("approved_by") == "Claire Martin"]
    with open(os.path.join(folder, "output", "audit.jsonl"), encoding="utf-8") as f:
        trail = [json.loads(line) for line in f]
    assert [e["action"] for e in trail[:21]] == ["approve"] * 20 + ["undo"] and all(e["by"] == "Claire Martin" for e in trail), trail[-2:]
    assert len(trail) == 21 + bulk and len(mine) == 19 + bulk, (len(trail), len(mine), bulk)
    timings.sort()
    median, p95 = timings[len(timings) // 2], timings[int(len(timings) * 0.95) - 1]
    print(f"browser test: 300 artworks × 3 audiences, `a` pressed 20 times: 20 drafts approved as Claire Martin without a page load; "
          f"keypress → card approved: median {median:.0f} ms, p95 {p95:.0f} ms; `u` undid the last, as audit.jsonl records; `r` opens the note box; "
          f"Approve all shown approved the {bulk} press releases left after a confirmation; "
          f"on a 390×844 screen the top bar takes {top:.0%} at first and {share:.0%} once scrolled")
    assert median <= 300 and p95 <= 600, (median, p95)
    shutil.rmtree(folder)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("docent")
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    docent = os.path.abspath(args.docent)
    folder = tempfile.mkdtemp(prefix="docent-browser-")
    drafts = make_project(docent, folder)
    assert len(drafts) >= 4, drafts
    assert len(drafts) >= 6, drafts
    approve, reject, edit, stale = drafts[0], drafts[1], drafts[2], drafts[-1]
    first, second = drafts[3], drafts[4]
    process, url = start_review(docent, folder, "Ada Lovelace")
    grace_url = invite(docent, folder, "Grace Hopper", "editor")
    driver = browser()
    try:
        driver.get(url)
        assert "Musée <b>de</b> Test" in driver.title, driver.title  # shown as text, never as markup
        assert not driver.find_elements(By.CSS_SELECTOR, "h1 b"), "the institution name became markup"
        assert signed_in(driver) == "Ada Lovelace (editor)", signed_in(driver)

        if args.screenshots:
            os.makedirs(args.screenshots, exist_ok=True)
            driver.save_screenshot(os.path.join(args.screenshots, "review-queue.png"))
            form = article(driver, stale)
            driver.execute_script("arguments[0].closest('article').scrollIntoView({block: 'start'})", form)
            driver.save_screenshot(os.path.join(args.screenshots, "review-diff.png"))

        assert click(driver, approve, "approve") == "done"
        form = article(driver, reject)
        form.find_element(By.NAME, "note").send_keys("Trop long pour un cartel.")
        click(driver, reject, "reject")
        form = article(driver, edit)
        driver.execute_script("arguments[0].querySelector('details').open = true", form)
        box = form.find_element(By.NAME, "text")
        box.clear()
        box.send_keys("Un texte revu par l'éditrice.")
        click(driver, edit, "edit")
        # The stale filter: the server lists only artworks with a stale draft, and the
        # address keeps the filter (an action comes back to it).
        submit(driver, driver.find_element(By.ID, "f-stale"))
        assert "stale=1" in driver.current_url, driver.current_url
        shown = [s.get_attribute("id") for s in driver.find_elements(By.CSS_SELECTOR, "section.artwork")]
        assert shown == [stale.split("/")[0]], shown
        click(driver, stale, "accept")
        assert "stale=1" in driver.current_url, driver.current_url
        # The page always shows the folder: the counts at the top.
        counts = driver.find_element(By.CSS_SELECTOR, "ul.counts").text
        assert "1 approved" in counts and "1 edited" in counts and "0 stale" in counts, counts
    finally:
        driver.quit()
    try:
        two_editors(url, grace_url, first, second)
    finally:
        process.terminate()
        process.wait(timeout=10)

    status = json.loads(subprocess.run([docent, "status", "--json"], cwd=folder, check=True, capture_output=True, text=True).stdout)
    by_file = {d["file"]: d for d in status["drafts"]}
    assert by_file[approve]["state"] == "approved" and by_file[approve]["approved_by"] == "Ada Lovelace", by_file[approve]
    assert by_file[reject]["state"] == "pending" and by_file[reject].get("review_note") == "Trop long pour un cartel.", by_file[reject]
    assert by_file[edit]["state"] == "edited", by_file[edit]
    with open(os.path.join(folder, "output", first), encoding="utf-8") as f:
        assert "Le texte de Grace" in f.read(), "use mine did not save her text"
    with open(os.path.join(folder, "output", "audit.jsonl"), encoding="utf-8") as f:
        trail = [json.loads(line) for line in f if json.loads(line)["file"] == first]
    assert [(e["action"], e["by"]) for e in trail] == [("approve", "Ada Lovelace"), ("edit", "Grace Hopper")], trail
    with open(os.path.join(folder, "output", ".history", "versions", trail[1]["before"].replace("sha256:", "")), encoding="utf-8") as f:
        assert "approved_by: \"Ada Lovelace\"" in f.read(), "the version Ada approved is not kept"
    assert by_file[second]["approved_by"] == "Grace Hopper", by_file[second]
    with open(os.path.join(folder, "output", edit), encoding="utf-8") as f:
        assert "Un texte revu par l'éditrice." in f.read()
    assert not by_file[stale]["stale"], by_file[stale]
    with open(os.path.join(folder, "output", stale), encoding="utf-8") as f:
        assert "2024" in f.read(), "the accepted proposal is the draft now"
    history = os.path.join(folder, "output", ".history", stale.split("/")[0])
    assert len(os.listdir(history)) == 1, os.listdir(history)
    # The static page for readers followed the app (written after the actions, and on the way out).
    with open(os.path.join(folder, "output", "index.html"), encoding="utf-8") as f:
        static = f.read()
    approved = sum(1 for d in status["drafts"] if d["state"] == "approved")
    assert f"<b>{approved}</b> approved" in static, static[:1500]
    shutil.rmtree(folder)
    print("browser test: approve, reject with a note, edit, the stale filter and accept in Chromium, each within the page; two editors at once "
          "(the second told the folder changed, a stale edit refused on its card with a word diff, then saved with use mine, the other version kept); "
          "docent status and output/index.html agree")
    keyboard_queue(docent)
    team(docent)
    pictures(docent, args.screenshots)


def team(docent):
    """A translator invited for German: her page has actions on the German translations only,
    "mine" shows them alone, she approves one and comments on it; a request for an English
    draft is refused; the editor who started the app sees her comment on the card."""
    folder = tempfile.mkdtemp(prefix="docent-team-")
    os.makedirs(os.path.join(folder, "artworks"))
    records = [{"id": f"t{i}", "title": f"Marine n° {i}", "makers": [{"name": "Atelier du banc d'essai"}], "date": "1890",
                "description": "Une barque rentre au port dans la lumière du soir."} for i in range(3)]
    with open(os.path.join(folder, "artworks", "records.json"), "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False)
    shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(folder, "templates"))
    with open(os.path.join(folder, "pipeline.json"), "w") as f:
        json.dump({"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks"]},
                   "source_language": "fr", "languages": ["en", "de"], "audiences": ["general"]}, f)
    subprocess.run([docent, "run", "--quiet"], cwd=folder, check=True)
    process, url = start_review(docent, folder, "Claire Martin")
    link = invite(docent, folder, "Giulia Rossi", "translator", "de")
    giulia, claire = browser(), None
    said = "Faut-il « Hafen » ici ? <b>non</b>"
    try:
        giulia.get(link)
        assert signed_in(giulia) == "Giulia Rossi (translator: de)", signed_in(giulia)
        names = {f.find_element(By.NAME, "draft").get_attribute("value") for f in giulia.find_elements(By.CSS_SELECTOR, "form.actions")}
        assert names == {"draft.general.de.md"}, names
        submit(giulia, giulia.find_element(By.ID, "f-mine"))
        assert "mine=1" in giulia.current_url, giulia.current_url
        shown = [a.get_attribute("data-language") for a in giulia.find_elements(By.CSS_SELECTOR, "article.draft") if a.is_displayed()]
        assert shown == ["de"] * 3, shown
        assert click(giulia, "t0/draft.general.de.md", "approve") == "done"
        card = article(giulia, "t0/draft.general.de.md").find_element(By.XPATH, "ancestor::article")
        giulia.execute_script("window.docentStay = true")
        giulia.execute_script("arguments[0].querySelector('details.add-comment').open = true", card)
        card.find_element(By.CSS_SELECTOR, "form.comment textarea").send_keys(said)
        card.find_element(By.CSS_SELECTOR, "form.comment button").click()
        thread = "var c=document.querySelector('section#t0 article[data-language=de] .comments');return c?c.textContent:''"
        WebDriverWait(giulia, 15).until(lambda d: "Hafen" in (d.execute_script(thread) or ""))
        assert giulia.execute_script("return window.docentStay === true"), "the comment loaded the page again"
        # Past the page: the server refuses her an English draft.
        refused = giulia.execute_async_script("""
            var done=arguments[arguments.length-1],csrf=document.querySelector("form.editor input[name=csrf]").value;
            var body=new URLSearchParams({csrf:csrf,artwork:"t1",draft:"draft.general.en.md",version:"x",action:"approve"});
            fetch("/action",{method:"POST",headers:{"Accept":"application/json"},body:body}).then(function(r){done(r.status);});""")
        assert refused == 403, refused
        claire = browser()
        claire.get(url)
        said_on_card = claire.execute_script(thread)
        assert "Giulia Rossi" in said_on_card and "<b>non</b>" in said_on_card, said_on_card
    finally:
        giulia.quit()
        if claire:
            claire.quit()
        process.terminate()
        process.wait(timeout=10)
    status = json.loads(subprocess.run([docent, "status", "--json"], cwd=folder, check=True, capture_output=True, text=True).stdout)
    approved = {d["file"]: d.get("approved_by") for d in status["drafts"] if d["state"] == "approved"}
    assert approved == {"t0/draft.general.de.md": "Giulia Rossi"}, approved
    with open(os.path.join(folder, "output", "t0", "comments.general.de.jsonl"), encoding="utf-8") as f:
        comments = [json.loads(line) for line in f]
    assert [(c["by"], c["text"]) for c in comments] == [("Giulia Rossi", said)], comments
    shutil.rmtree(folder)
    print("browser test: a translator invited for German acts on the German translations only (English refused by the server), "
          "\"mine\" shows hers alone, her approval and her comment carry her name, and the editor sees the comment on the card")


def pictures(docent, screenshots):
    """Descriptions written from the picture: the harbour's alt text and visual description,
    drafted through the mock (which checks the image parts), then worded by an editor in her
    text editor; the review page shows the picture beside them and the alt's character count."""
    folder = tempfile.mkdtemp(prefix="docent-pictures-")
    os.makedirs(os.path.join(folder, "artworks"))
    shutil.copytree(os.path.join(ROOT, "Tests/DocentTests/Fixtures/images"), os.path.join(folder, "images"))
    shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(folder, "templates"))
    with open(os.path.join(folder, "artworks", "records.json"), "w", encoding="utf-8") as f:
        json.dump([{"id": "harbour", "title": "Harbour at Dusk", "makers": [{"name": "Jeanne Morel"}], "date": "1893",
                    "medium": "oil on canvas", "description": "A sailing boat comes back to harbour at sunset.",
                    "image": "images/harbour.jpg"}], f, ensure_ascii=False)
    with open(os.path.join(folder, "pipeline.json"), "w") as f:
        json.dump({"institution": {"name": "Musée de Test"}, "sources": {"artworks": ["artworks"]}, "source_language": "en",
                   "languages": [], "audiences": ["alt", "visual"], "stages": ["draft"], "limits": {"revision_rounds": 0},
                   "model": {"provider": "openai", "name": "mock-vision"}}, f)
    mock = subprocess.Popen([os.path.join(os.path.dirname(docent), "docent-mock-llm"), "--port", "0"], stdout=subprocess.PIPE, text=True)
    base = re.search(r"http://\S+", mock.stdout.readline()).group(0)
    try:
        subprocess.run([docent, "run", "--quiet"], cwd=folder, check=True, env=dict(os.environ, DOCENT_BASE_URL=base, DOCENT_API_KEY="k"))
        with urllib.request.urlopen(base + "/mock/stats") as answer:
            stats = json.loads(answer.read())
    finally:
        mock.terminate()
        mock.wait(timeout=10)
    assert stats.get("images") == 2, stats
    words = {"alt": "A small sailing boat on a calm dark-blue sea under an orange sunset sky",
             "visual": "A horizontal painting. The lower third is a calm, dark-blue sea; above it the sky fades from blue at the top "
                       "to a warm orange near the horizon. In the centre a small brown boat with a low hull carries a single mast "
                       "and a cream, triangular sail that swells to the right. In the upper right a pale yellow sun, perfectly round, "
                       "still hangs above the horizon. No one can be seen on board. The light comes from the right and falls on the "
                       "sail, while the hull stays in shadow. The water is smooth, without marked waves. The whole scene is quiet, "
                       "painted in broad bands of colour."}
    for audience, text in words.items():
        path = os.path.join(folder, "output", "harbour", f"draft.{audience}.en.md")
        with open(path, encoding="utf-8") as f:
            front = f.read().split("\n---\n")[0]
        with open(path, "w", encoding="utf-8") as f:
            f.write(front + "\n---\n\n" + text + "\n")
    process, url = start_review(docent, folder, "Claire Martin")
    driver = browser()
    try:
        driver.get(url)
        groups = driver.find_elements(By.CSS_SELECTOR, "section#harbour .audience")
        assert len(groups) == 2 and all(g.find_elements(By.CSS_SELECTOR, "img.seen") for g in groups), "the picture beside each description"
        counts = groups[0].find_element(By.CSS_SELECTOR, "p.counts").text
        assert f"{len(words['alt'])} characters" in counts and "at most 125 characters" in counts, counts
        if screenshots:
            driver.execute_script("document.querySelector('section#harbour').scrollIntoView({block: 'start'})")
            driver.save_screenshot(os.path.join(screenshots, "review-image.png"))
    finally:
        driver.quit()
        process.terminate()
        process.wait(timeout=10)
    shutil.rmtree(folder)
    print("browser test: alt text and visual description drafted from the picture (2 image parts, checked by the mock); "
          "the review page shows the picture beside each, with the alt's character count against its 125")


if __name__ == "__main__":
    main()
