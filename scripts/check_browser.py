#!/usr/bin/env python3
"""Journeys in a real browser (headless Chromium through Selenium) against the real server
on a fresh SQLite database with the demo data, at 375 px and 1280 px wide, with axe-core
(axe-selenium-python) on every main page: 0 serious or critical violations.

- a visitor browses the directory and searches;
- a facilitator logs in, sees the errors of a bad organisation form (linked to their
  fields), creates an organisation, edits it;
- a member edits their own organisation and is refused another's;
- a participant registers to the demo event with the keyboard alone; a member logs in and
  searches with the keyboard alone (Tab to each field);
- a member who forgot their password asks for a link, finds the message in the outbox
  folder, chooses a new password and logs in with it;
- restitution, on a phone: the organiser names a rapporteur and opens the vote, three
  participants propose and vote, the rapporteur writes and publishes the output, the
  projector shows the ranking (updated by server-sent events), the synthesis shows it all.

A failure saves a screenshot and the page's HTML under the printed folder. Prints one
line per check and ends with "N passed, N failed".

Usage: check_browser.py PATH_TO_ALLIANCES_BINARY   (run with a Python that has selenium
and axe-selenium-python; Debian's chromium and chromium-driver)
"""
import base64, glob, hashlib, os, re, sys, tempfile, time, traceback, urllib.request

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait
from axe_selenium_python import Axe

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import DemoServer

binary = sys.argv[1]
PASSWORD = "mot-de-passe-navigateur"
artefacts = tempfile.mkdtemp(prefix="alliances-browser-")
results = []


def browser(width):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},900", "--lang=fr-FR"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)


def step(name, driver, body):
    try:
        try:
            body()
        except WebDriverException as error:
            if isinstance(error, AssertionError) or "does not belong to the document" not in str(error):
                raise
            # A race of Chromium's inspector during a page swap: once more, from the start.
            print(f"retry: {name} ({error.msg.splitlines()[0] if error.msg else error!r})")
            body()
        results.append((name, True))
        print(f"pass: {name}")
    except Exception as error:
        results.append((name, False))
        slug = "".join(c if c.isalnum() else "-" for c in name)[:80]
        try:
            driver.save_screenshot(os.path.join(artefacts, slug + ".png"))
            with open(os.path.join(artefacts, slug + ".html"), "w") as f:
                f.write(driver.page_source)
        except Exception:
            pass
        print(f"FAIL: {name}: {error!r} (screenshot and HTML in {artefacts})")
        traceback.print_exc(limit=-1)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def submitting(driver, action):
    """Runs `action` (a click, a key) and waits for the next page to load."""
    old = driver.find_element(By.TAG_NAME, "html")
    action()

    def replaced(_):
        # The old page's root is gone once the new page replaced it; during the swap
        # Chromium may answer "stale" or "node does not belong to the document".
        try:
            old.tag_name
            return False
        except WebDriverException:
            return True
    WebDriverWait(driver, 10).until(replaced)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def submit(driver):
    submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "main form[method=post] button[type=submit]").click())


def login(driver, base, email):
    driver.get(base + "/connexion")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    submit(driver)
    expect("Se déconnecter" in driver.page_source, "logged in")


def tab_to(driver, matches, limit=60):
    """Presses Tab from the top of the page until the focused element matches."""
    driver.find_element(By.TAG_NAME, "body").click()
    for _ in range(limit):
        webdriver.ActionChains(driver).send_keys(Keys.TAB).perform()
        if matches(driver.switch_to.active_element):
            return driver.switch_to.active_element
    raise AssertionError("not reachable with Tab")


def axe_here(driver, what):
    """axe on the page as it stands (the answer to a form, which a new GET would not show)."""
    axe = Axe(driver)
    axe.inject()
    serious = [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
    expect(not serious, f"axe on {what}: " + "; ".join(v["id"] for v in serious))


def axe_page(driver, url, shows=None):
    driver.get(url)
    if shows:
        expect(shows in driver.page_source, f"{url} shows « {shows} »")
    axe = Axe(driver)
    axe.inject()
    found = axe.run()
    serious = [v for v in found["violations"] if v.get("impact") in ("serious", "critical")]
    expect(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr", f"lang=fr on {url}")
    expect(not serious, f"{url}: " + "; ".join(f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), e.g. {v['nodes'][0]['target']}" for v in serious))


with DemoServer(binary, prefix="alliances-browser-") as server:
    base = server.base
    server.create_user("facilitatrice@alsace.example", "facilitateur", PASSWORD, lab="alsace")
    mine = server.query("SELECT id FROM organisations WHERE name = ?", "Atelier Numérique Solidaire de Haguenau")[0][0]
    other = server.query("SELECT id FROM organisations WHERE name = ?", "Numéria Conseil (démo)")[0][0]
    need = server.query("SELECT id FROM listings WHERE kind = 'besoin' AND visibility = 'public' AND status = 'publie' ORDER BY id LIMIT 1")[0][0]
    session = server.query("SELECT s.id FROM event_sessions s JOIN events e ON e.id = s.event_id WHERE e.slug = 'alliances-2027' AND s.capacity IS NOT NULL ORDER BY s.id LIMIT 1")[0][0]
    partnership = server.query("SELECT id FROM partnerships ORDER BY id LIMIT 1")[0][0]
    plenary = server.query("SELECT s.id FROM event_sessions s JOIN events e ON e.id = s.event_id WHERE e.slug = 'alliances-2027' AND s.kind = 'table-ronde' ORDER BY s.id LIMIT 1")[0][0]
    server.create_user("membre@atelier.example", "membre", PASSWORD, organisation=mine)
    server.create_user("admin@reseau.example", "admin", PASSWORD)
    server.create_user("membre@numeria.example", "membre", PASSWORD, organisation=other)
    minibus = server.query("SELECT id FROM resources WHERE title = 'Minibus 9 places'")[0][0]
    seniors = server.query("SELECT id FROM partnerships WHERE title = 'Ordinateurs et formateurs pour les ateliers seniors'")[0][0]
    sheet = server.query("SELECT id FROM experience_sheets WHERE title LIKE 'Un minibus%'")[0][0]
    in_review = server.query("SELECT id FROM experience_sheets WHERE status = 'soumise' ORDER BY id LIMIT 1")[0][0]
    tool = server.query("SELECT id FROM library_tools ORDER BY id LIMIT 1")[0][0]
    server.create_user("oubli@atelier.example", "membre", PASSWORD, organisation=mine)
    account = server.query("SELECT id FROM users WHERE email = 'oubli@atelier.example'")[0][0]
    outbox = os.path.join(server.work, "data", "outbox")

    def reset_link(after):
        """The reset link of the newest message to oubli@ written after `after`."""
        return mail_link("oubli@atelier.example", r"/mot-de-passe/[A-Za-z0-9_-]{43}", after)

    def mail_link(to, pattern, after):
        """The first link matching `pattern` in the newest message to `to` written after
        `after` (the outbox worker delivers every few seconds)."""
        deadline = time.time() + 30
        while time.time() < deadline:
            for path in sorted(glob.glob(os.path.join(outbox, "*.eml")), key=os.path.getmtime, reverse=True):
                text = open(path, encoding="utf-8").read()
                found = re.search(pattern, text)
                if os.path.getmtime(path) >= after and f"To: {to}" in text and found:
                    return found.group(0)
            time.sleep(0.5)
        raise AssertionError(f"no message to {to} in the outbox folder")

    def known(label):
        token = base64.urlsafe_b64encode(hashlib.sha256(label.encode()).digest()).decode().rstrip("=")
        return token, hashlib.sha256(token.encode()).hexdigest()

    def workshop_participant(driver, name):
        """Registered through the form, then confirmed and seated in the workshop as the
        e-mailed link and the workshop button would (the check knows the link's token)."""
        email = name.lower().replace(" ", ".") + "@example.org"
        driver.get(base + "/evenements/alliances-2027/inscription")
        driver.find_element(By.NAME, "name").send_keys(name)
        driver.find_element(By.NAME, "email").send_keys(email)
        driver.find_element(By.NAME, "organisation").send_keys("Organisation de " + name)
        submit(driver)
        token, digest = known(email)
        server.query("UPDATE registrations SET token_hash = ?, status = 'confirme' WHERE email = ?", digest, email)
        registration = server.query("SELECT id FROM registrations WHERE email = ?", email)[0][0]
        server.query("INSERT INTO session_registrations (session_id, registration_id, status, created_at, updated_at) VALUES (?, ?, 'confirme', 0, 0)", session, registration)
        server.query("UPDATE event_sessions SET seats_taken = seats_taken + 1 WHERE id = ?", session)
        return registration, f"{base}/evenements/alliances-2027/inscription/{token}/ateliers/{session}"

    restitution_pages = {}

    for width in (375, 1280):
        driver = browser(width)
        try:
            def visitor():
                driver.get(base + "/labs/alsace/organisations")
                expect("Atelier Numérique Solidaire de Haguenau" in driver.page_source, "the directory lists the demo organisations")
                box = driver.find_element(By.ID, "site-q")
                box.send_keys("numerique")
                submitting(driver, lambda: box.send_keys(Keys.ENTER))
                expect("/recherche" in driver.current_url, "the header search goes to the search page")
                expect("Atelier Numérique Solidaire de Haguenau" in driver.find_element(By.TAG_NAME, "main").text, "the search finds it without the accent")
            step(f"{width}px: a visitor browses the directory and searches", driver, visitor)

            def facilitator():
                login(driver, base, "facilitatrice@alsace.example")
                driver.get(base + "/labs/alsace/organisations/nouvelle")
                submit(driver)
                summary = driver.find_element(By.ID, "erreurs")
                expect(summary.is_displayed(), "the error summary is shown")
                name = driver.find_element(By.NAME, "name")
                described = name.get_attribute("aria-describedby") or ""
                expect("e-name" in described and driver.find_element(By.ID, "e-name").text.strip(), "the name's error is linked to its field")
                name.send_keys(f"Association Essai Navigateur {width}")
                driver.find_element(By.CSS_SELECTOR, "select[name=kind] option[value=association]").click()
                driver.find_element(By.NAME, "commune").send_keys("67482")
                submit(driver)
                expect(f"Association Essai Navigateur {width}" in driver.find_element(By.TAG_NAME, "h1").text, "the new organisation's page")
                driver.get(driver.current_url.split("?")[0] + "/modifier")
                description = driver.find_element(By.NAME, "description")
                description.clear()
                description.send_keys("Présentation écrite dans un vrai navigateur.")
                submit(driver)
                expect("Présentation écrite dans un vrai navigateur." in driver.page_source, "the edit is saved")
                driver.delete_all_cookies()
            step(f"{width}px: a facilitator creates and edits an organisation, errors linked", driver, facilitator)

            def member():
                login(driver, base, "membre@atelier.example")
                driver.get(f"{base}/labs/alsace/organisations/{mine}/modifier")
                description = driver.find_element(By.NAME, "description")
                description.clear()
                description.send_keys(f"Mise à jour par un membre ({width}).")
                submit(driver)
                expect(f"Mise à jour par un membre ({width})." in driver.page_source, "a member edits their own organisation")
                driver.get(f"{base}/labs/alsace/organisations/{other}/modifier")
                expect("droits" in driver.page_source and "name=\"description\"" not in driver.page_source, "and cannot edit another")
                driver.delete_all_cookies()
            step(f"{width}px: a member edits their organisation, not another", driver, member)

            def participant():
                driver.get(base + "/evenements/alliances-2027/inscription")
                field = driver.find_element(By.NAME, "name")
                field.click()
                # The keyboard alone from here: type, Tab to the next field, Enter to send.
                actions = webdriver.ActionChains(driver)
                actions.send_keys(f"Camille Clavier {width}").send_keys(Keys.TAB).send_keys(f"camille{width}@example.org").perform()
                submitting(driver, lambda: driver.switch_to.active_element.send_keys(Keys.ENTER))
                expect("camille%d@example.org" % width in driver.page_source and "confirmez" in driver.page_source.lower(), "registered, asked to confirm by e-mail")
            step(f"{width}px: a participant registers to the demo event with the keyboard", driver, participant)

            def keyboard():
                # Log in and search with the keyboard alone.
                driver.get(base + "/connexion")
                tab_to(driver, lambda e: e.get_attribute("name") == "email")
                webdriver.ActionChains(driver).send_keys("membre@atelier.example").send_keys(Keys.TAB).send_keys(PASSWORD).perform()
                submitting(driver, lambda: webdriver.ActionChains(driver).send_keys(Keys.ENTER).perform())
                expect("Se déconnecter" in driver.page_source, "logged in with the keyboard")
                driver.get(base + "/labs/alsace")
                tab_to(driver, lambda e: e.get_attribute("id") == "site-q")
                webdriver.ActionChains(driver).send_keys("emploi").perform()
                submitting(driver, lambda: webdriver.ActionChains(driver).send_keys(Keys.ENTER).perform())
                expect("/recherche" in driver.current_url and "emploi" in driver.page_source, "searched with the keyboard")
                driver.delete_all_cookies()
            step(f"{width}px: log in and search with the keyboard alone", driver, keyboard)

            def forgotten():
                driver.get(base + "/connexion")
                submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "Mot de passe oublié ?").click())
                asked = time.time() - 1
                driver.find_element(By.NAME, "email").send_keys("oubli@atelier.example")
                submit(driver)
                expect("Si un compte existe pour cette adresse" in driver.page_source, "the same answer for any address")
                driver.get(base + reset_link(asked))
                new = f"{PASSWORD}-{width}"
                driver.find_element(By.NAME, "password").send_keys(new)
                driver.find_element(By.NAME, "confirmation").send_keys(new)
                submit(driver)
                expect("Mot de passe changé" in driver.page_source, "the new password is saved")
                driver.get(base + "/connexion")
                driver.find_element(By.NAME, "email").send_keys("oubli@atelier.example")
                driver.find_element(By.NAME, "password").send_keys(new)
                submit(driver)
                expect("Se déconnecter" in driver.page_source, "logged in with the new password")
                driver.get(base + "/compte")
                expect("Mot de passe réinitialisé" in driver.page_source, "Mon compte shows the reset in its log")
                driver.delete_all_cookies()
            step(f"{width}px: forgot password, mail in the outbox folder, reset, log in", driver, forgotten)

            def restitution():
                people = [workshop_participant(driver, n) for n in ("Rita Rapporteure", "Paul Participant", "Nora Participante")]
                login(driver, base, "admin@reseau.example")
                driver.get(base + "/evenements/alliances-2027")
                submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "Restitution des ateliers").click())
                driver.find_element(By.CSS_SELECTOR, f"#rapporteur-{session} option[value='{people[0][0]}']").click()
                submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, f"form[action$='/{session}/rapporteurs'] button").click())
                expect("Rapporteur nommé" in driver.page_source, "the organiser names the rapporteur")
                driver.find_element(By.CSS_SELECTOR, f"#state-{session} option[value='ouvert']").click()
                submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, f"form[action$='/{session}/vote'] button").click())
                expect("Réglages enregistrés" in driver.page_source, "and opens the vote")
                driver.delete_all_cookies()
                texts = ["Créer un annuaire partagé des compétences", "Des petits-déjeuners mensuels entre voisins", "Un fonds commun de matériel"]
                for (_, page), text in zip(people, texts):
                    driver.get(page)
                    driver.find_element(By.NAME, "text").send_keys(text)
                    submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action$='/propositions'] button").click())
                    expect("Proposition envoyée" in driver.page_source, f"« {text} » is posted")
                # Three participants spread their dots: the first proposal gets 5, the second 2.
                for (_, page), clicks in zip(people, [(0, 0, 1), (0, 0, 1), (0, 2, 2)]):
                    driver.get(page)
                    for index in clicks:
                        button = driver.find_elements(By.CSS_SELECTOR, "ol.proposals > li")[index].find_element(By.XPATH, ".//button[starts-with(normalize-space(.), '+1 vote')]")
                        submitting(driver, button.click)
                        expect("Vote enregistré" in driver.page_source, "a dot is placed")
                    expect("il vous en reste 0" in driver.page_source, "three dots placed, none left")
                    expect(not driver.find_elements(By.XPATH, "//button[starts-with(normalize-space(.), '+1 vote') and not(@disabled)]"), "no more dot to place")
                driver.get(people[0][1])
                submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "rédiger la restitution").click())
                restitution_pages["output"] = driver.current_url
                driver.find_element(By.NAME, "findings").send_keys("Les acteurs se connaissent mal d'un monde à l'autre.")
                driver.find_element(By.NAME, "commitment-who-0").send_keys("Organisation de Paul Participant")
                driver.find_element(By.NAME, "commitment-what-0").send_keys("Ouvrir l'annuaire aux associations")
                driver.find_element(By.NAME, "commitment-due-0").send_keys("juin")
                time.sleep(4)  # the script saves the draft 3 s after the last keystroke
                status = server.query("SELECT output_status, findings FROM session_restitutions WHERE session_id = ?", session)[0]
                expect(status == ("brouillon", "Les acteurs se connaissent mal d'un monde à l'autre."), f"the draft was saved by itself ({status[0]})")
                submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "button[value=publier]").click())
                expect("Restitution publiée" in driver.page_source, "the rapporteur publishes the output")
                restitution_pages["workshop"] = people[1][1]
                # A question to the round table, approved by the organiser, on the screen.
                questions = people[1][1].split("/ateliers/")[0] + f"/questions/{plenary}"
                driver.get(questions)
                driver.find_element(By.NAME, "text").send_keys("Comment associer les petites entreprises ?")
                submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "main form[method=post] button[type=submit]").click())
                expect("Question envoyée" in driver.page_source, "a participant asks the round table a question")
                restitution_pages["questions"] = questions
                restitution_pages["evaluation"] = people[1][1].split("/ateliers/")[0] + "/evaluation"
                login(driver, base, "admin@reseau.example")
                driver.get(f"{base}/evenements/alliances-2027/questions/{plenary}")
                submitting(driver, lambda: driver.find_element(By.XPATH, "//button[starts-with(normalize-space(.), 'Approuver')]").click())
                driver.get(f"{base}/evenements/alliances-2027/questions/{plenary}/projection")
                expect("Comment associer les petites entreprises ?" in driver.page_source, "the approved question is on the screen")
                driver.get(f"{base}/evenements/alliances-2027/ateliers/{session}/projection")
                ranking = driver.find_element(By.ID, "classement").text
                expect(ranking.index("Créer un annuaire partagé") < ranking.index("Des petits-déjeuners") and "5 votes" in ranking, "the projector ranks the proposals")
                server.query("UPDATE proposal_votes SET dots = dots + 1 WHERE registration_id = ? AND proposal_id = (SELECT MIN(id) FROM proposals WHERE session_id = ?)", people[2][0], session)
                WebDriverWait(driver, 10).until(lambda d: "6 votes" in d.find_element(By.ID, "classement").text)
                expect(True, "the projector follows the vote live (server-sent events)")
                driver.get(base + "/evenements/alliances-2027/restitution")
                driver.find_element(By.CSS_SELECTOR, "#visibility option[value='public']").click()
                submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action$='/visibilite'] button").click())
                driver.delete_all_cookies()
                driver.get(base + "/evenements/alliances-2027/synthese")
                text = driver.find_element(By.TAG_NAME, "main").text
                expect("Les acteurs se connaissent mal" in text and "Ouvrir l'annuaire aux associations" in text, "the synthesis shows the output and the commitment")
                expect("Créer un annuaire partagé des compétences — 6 votes" in text, "and the top proposal with its votes")
            if width == 375:
                step(f"{width}px: restitution: rapporteur, three participants vote, projector, synthesis", driver, restitution)

            def resources():
                # A member of the Atelier offers a room (the time and date fields are set as
                # a phone's pickers would), a member of Numéria asks for it, the Atelier
                # accepts; the week shows it, and the owner's .ics holds it.
                login(driver, base, "membre@atelier.example")
                driver.get(base + "/labs/alsace/ressources")
                submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "Proposer une ressource").click())
                Select(driver.find_element(By.NAME, "kind")).select_by_value("salle")
                driver.find_element(By.NAME, "title").send_keys(f"Salle des ateliers {width}")
                driver.find_element(By.NAME, "commune").send_keys("Haguenau")
                for day in range(1, 8):
                    driver.execute_script("arguments[0].value = '08:00'", driver.find_element(By.NAME, f"open-{day}"))
                    driver.execute_script("arguments[0].value = '20:00'", driver.find_element(By.NAME, f"close-{day}"))
                submit(driver)
                expect(f"Salle des ateliers {width}" in driver.find_element(By.TAG_NAME, "h1").text, "the room is offered")
                page = driver.current_url.split("?")[0]
                driver.delete_all_cookies()
                login(driver, base, "membre@numeria.example")
                driver.get(page)
                day = time.strftime("%Y-%m-%d", time.localtime(time.time() + 14 * 86400))
                for name, value in (("start", day), ("startTime", "10:00"), ("end", day), ("endTime", "12:00")):
                    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.NAME, name), value)
                driver.find_element(By.NAME, "message").send_keys("Pour le conseil d'administration.")
                submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action$='/reservations'] button[type=submit]").click())
                expect("Demande envoyée" in driver.page_source, "the request is sent")
                driver.delete_all_cookies()
                login(driver, base, "membre@atelier.example")
                driver.get(base + "/labs/alsace/mes-ressources")
                expect("Pour le conseil d&#39;administration." in driver.page_source or "Pour le conseil d'administration." in driver.page_source, "the owner sees the request")
                submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action$='/accepter'] button").click())
                expect("Réservation acceptée" in driver.page_source, "the owner accepts")
                driver.get(page + f"?semaine={day}")
                week = driver.find_element(By.ID, "semaine").find_element(By.XPATH, "..").text
                expect("10h–12h · Réservé" in week and "Numéria" in week, "the week shows the booking and who booked")
                cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
                feed = urllib.request.urlopen(urllib.request.Request(page + "/reservations.ics", headers={"Cookie": cookie})).read().decode()
                expect("BEGIN:VEVENT" in feed and f"Salle des ateliers {width}" in feed, "the owner's .ics holds the booking")
                driver.delete_all_cookies()
            step(f"{width}px: a member offers a room, another books it, the owner accepts; week and .ics", driver, resources)

            def library():
                # A member of the Atelier writes a sheet from their partnership with Numéria
                # and submits it; the facilitator publishes it from the review queue; a
                # visitor finds it in the library.
                login(driver, base, "membre@atelier.example")
                driver.get(f"{base}/labs/alsace/partenariats/{seniors}")
                submitting(driver, lambda: driver.find_element(By.PARTIAL_LINK_TEXT, "Écrire une fiche d'expérience").click())
                title = driver.find_element(By.NAME, "title")
                expect(title.get_attribute("value") == "Ordinateurs et formateurs pour les ateliers seniors", "the form starts from the partnership")
                title.clear()
                title.send_keys(f"Tablettes et formateurs {width}")
                driver.find_element(By.NAME, "summary").send_keys("Des formateurs bénévoles et des ordinateurs prêtés pour des ateliers seniors.")
                driver.find_element(By.CSS_SELECTOR, "input[name=questions][value=construire-des-outils]").click()
                Select(driver.find_element(By.NAME, "governance")).select_by_value("convention")
                Select(driver.find_element(By.NAME, "visibility")).select_by_value("public")
                driver.find_element(By.NAME, "lessons").send_keys("Des groupes de six au plus.")
                submit(driver)
                expect("Brouillon enregistré" in driver.page_source and f"Tablettes et formateurs {width}" in driver.find_element(By.TAG_NAME, "h1").text, "the draft is saved")
                submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action$='/etape'] button").click())
                expect("Fiche soumise" in driver.page_source, "submitted for review")
                driver.delete_all_cookies()
                login(driver, base, "facilitatrice@alsace.example")
                driver.get(base + "/labs/alsace/bibliotheque/mes-fiches")
                submitting(driver, lambda: driver.find_element(By.LINK_TEXT, f"Tablettes et formateurs {width}").click())
                driver.find_element(By.ID, "f-comment-publier").send_keys("Merci, c'est clair.")
                submitting(driver, lambda: driver.find_element(By.XPATH, "//button[normalize-space()='Publier']").click())
                expect("Fiche publiée" in driver.page_source, "the facilitator publishes it")
                driver.delete_all_cookies()
                driver.get(base + "/labs/alsace/bibliotheque")
                box = driver.find_element(By.ID, "f-q")
                box.send_keys("tablettes")
                submitting(driver, lambda: box.send_keys(Keys.ENTER))
                expect(f"Tablettes et formateurs {width}" in driver.find_element(By.TAG_NAME, "main").text, "a visitor finds it in the library")
            step(f"{width}px: a member writes a sheet from a partnership, the facilitator publishes it", driver, library)

            def network_library():
                # From the national network's lab, a visitor widens the library to every lab
                # and opens the sheet just published in Alsace, in its own lab.
                driver.delete_all_cookies()
                driver.get(base + "/labs/reseau-national/bibliotheque")
                submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "Tout le réseau").click())
                expect("portee=reseau" in driver.current_url, "the network's library is asked for")
                submitting(driver, lambda: driver.find_element(By.PARTIAL_LINK_TEXT, f"Tablettes et formateurs {width}").click())
                expect("/labs/alsace/bibliotheque/" in driver.current_url, "the sheet opens in its own lab")
            step(f"{width}px: a visitor finds another lab's sheet in the network's library", driver, network_library)

            if width == 1280:
                for path in ["/", "/labs/alsace", "/labs/alsace/organisations", f"/labs/alsace/organisations/{mine}", "/labs/alsace/recherche?q=emploi",
                             "/labs/alsace/carte", "/labs/alsace/besoins", "/labs/alsace/offres", "/labs/alsace/barometre", "/evenements", "/evenements?labo=reseau&periode=passees",
                             "/evenements/alliances-2027", "/evenements/alliances-2027/intervenants", "/evenements/alliances-2027/inscription", "/evenements/alliances-2027/exports", "/connexion",
                             f"/labs/alsace/besoins/{need}", f"/evenements/alliances-2027/sessions/{session}", "/evenements/alliances-2027/imprimer",
                             "/evenements/pionniers-2015", "/evenements/pionniers-2015/synthese", "/labs/alsace/barometre?annee=2015",
                             "/labs/alsace/bibliotheque", "/labs/alsace/bibliotheque?q=minibus&theme=modele-economique", "/labs/alsace/bibliotheque/carte",
                             f"/labs/alsace/bibliotheque/{sheet}", "/labs/alsace/outils", f"/labs/alsace/outils/{tool}",
                             "/labs/reseau-national/bibliotheque?portee=reseau", "/labs/reseau-national/outils"]:
                    step(f"axe: {path} has no serious or critical violation", driver, lambda path=path: axe_page(driver, base + path))
                # The personal page of the participant registered above (its link comes by
                # e-mail: the check gives it a token it knows, stored hashed as the server does).
                token = base64.urlsafe_b64encode(hashlib.sha256(b"navigateur").digest()).decode().rstrip("=")
                server.query("UPDATE registrations SET token_hash = ? WHERE email = ?", hashlib.sha256(token.encode()).hexdigest(), f"camille{width}@example.org")
                step("axe: the participant's personal page has no serious or critical violation", driver,
                     lambda: axe_page(driver, f"{base}/evenements/alliances-2027/inscription/{token}", shows="Camille Clavier 1280"))
                for name, url in sorted(restitution_pages.items()):
                    step(f"axe: the restitution's {name} page has no serious or critical violation", driver, lambda url=url: axe_page(driver, url))
                step("axe: the synthesis has no serious or critical violation", driver,
                     lambda: axe_page(driver, base + "/evenements/alliances-2027/synthese", shows="Synthèse"))
                # The organisers' pages, as the network's admin; among them, where a network
                # rencontre's proposal is followed up (the admin picks the lab).
                past_workshop, past_proposal = server.query(
                    "SELECT p.session_id, MIN(p.id) FROM proposals p JOIN event_sessions s ON s.id = p.session_id "
                    "JOIN events e ON e.id = s.event_id WHERE e.slug = 'pionniers-2015' GROUP BY p.session_id ORDER BY p.session_id LIMIT 1")[0]
                follow_up = f"/evenements/pionniers-2015/restitution/{past_workshop}/suite?source=proposition-{past_proposal}&type=besoin"
                step("admin logs in", driver, lambda: login(driver, base, "admin@reseau.example"))
                for path in [f"/labs/alsace/organisations/{mine}/modifier", "/labs/alsace/partenariats", "/labs/alsace/barometre/enquete",
                             "/evenements/alliances-2027/inscrits", "/evenements/alliances-2027/repartition", "/evenements/alliances-2027/rendez-vous",
                             "/evenements/alliances-2027/dejeuner", "/evenements/alliances-2027/pointage", "/labs/alsace/mises-en-relation",
                             "/labs/alsace/comptes", "/labs/alsace/imports", "/labs/alsace/partenariats/nouveau", "/labs/alsace/besoins/nouveau",
                             f"/labs/alsace/partenariats/{partnership}", f"/labs/alsace/organisations/{mine}/partenaires", "/barometre/references",
                             "/evenements/alliances-2027/rendez-vous/grille", "/compte", "/labs/alsace/journal", "/journal", "/exploitation",
                             f"/labs/alsace/comptes/{account}", "/admin/donnees-personnelles", "/labs/alsace/pages-legales",
                             "/evenements/alliances-2027/inscrits/nouvelle", "/evenements/alliances-2027/restitution",
                             f"/evenements/alliances-2027/ateliers/{session}/projection", "/evenements/alliances-2027/restitution/projection",
                             f"/evenements/alliances-2027/questions/{plenary}", f"/evenements/alliances-2027/questions/{plenary}/projection",
                             "/evenements/alliances-2027/evaluation", "/evenements/pionniers-2015/evaluation", follow_up,
                             "/labs/alsace/ressources", "/labs/alsace/ressources/carte", f"/labs/alsace/ressources/{minibus}", f"/labs/alsace/ressources/{minibus}/mois",
                             "/labs/alsace/ressources/nouvelle", f"/labs/alsace/ressources/{minibus}/modifier", "/labs/alsace/mes-ressources",
                             "/mes-reservations", "/labs/alsace/bibliotheque/nouvelle", f"/labs/alsace/bibliotheque/nouvelle?partenariat={partnership}",
                             f"/labs/alsace/bibliotheque/{in_review}", f"/labs/alsace/bibliotheque/{sheet}/modifier", f"/labs/alsace/bibliotheque/{sheet}/versions",
                             f"/labs/alsace/bibliotheque/{sheet}/versions/1", "/labs/alsace/bibliotheque/mes-fiches", "/labs/alsace/outils/nouveau",
                             f"/labs/alsace/outils/{tool}/modifier", f"/labs/alsace/outils/{tool}", "/labs/alsace/modifier",
                             "/labs/reseau-national/ressources?portee=reseau", "/labs/reseau-national/ressources/carte?portee=reseau",
                             "/labs/alsace/organisations/partagees", "/labs/alsace/mises-en-relation/toutes", "/reseau/tableau-de-bord",
                             "/labs/bretagne", "/labs/bretagne/organisations"]:
                    step(f"axe: {path} (admin) has no serious or critical violation", driver, lambda path=path: axe_page(driver, base + path))

                def api_token():
                    driver.get(base + "/compte")
                    driver.find_element(By.NAME, "token_name").send_keys("Tableur du contrôle")
                    Select(driver.find_element(By.NAME, "scope_partenariats")).select_by_value("lecture")
                    submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action='/compte/jetons'] button").click())
                    token = driver.find_element(By.ID, "f-new-token").get_attribute("value")
                    expect(token.startswith("alt_") and "Tableur du contrôle" in driver.page_source, "the new token is shown, with its name")
                    axe_here(driver, "the page showing the token")
                    answer = urllib.request.urlopen(urllib.request.Request(base + "/api/v1/labs/alsace/partnerships", headers={"Authorization": f"Bearer {token}"}), timeout=30)
                    expect(answer.status == 200, "the token reads the API as the admin")
                    driver.get(base + "/compte")
                    expect(token not in driver.page_source, "and is never shown again")
                step("admin makes an API token on Mon compte, reads the API with it (axe on the page showing it)", driver, api_token)

                def lab_token():
                    driver.get(base + "/labs/alsace")
                    submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "Jetons d'API").click())
                    driver.find_element(By.NAME, "token_name").send_keys("Portail de données du contrôle")
                    Select(driver.find_element(By.NAME, "scope_echanges")).select_by_value("aucun")
                    submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action='/labs/alsace/jetons'] button").click())
                    token = driver.find_element(By.ID, "f-new-token").get_attribute("value")
                    expect(token.startswith("alt_") and "Portail de données du contrôle" in driver.page_source, "the lab's token is shown, with its name")
                    axe_here(driver, "the lab's tokens page showing the token")
                    answer = urllib.request.urlopen(urllib.request.Request(base + "/api/v1/labs/alsace/organisations", headers={"Authorization": f"Bearer {token}"}), timeout=30)
                    expect(answer.status == 200, "the lab's token reads the directory")
                    try:
                        urllib.request.urlopen(urllib.request.Request(base + "/api/v1/labs/alsace/listings", headers={"Authorization": f"Bearer {token}"}), timeout=30)
                        expect(False, "the lab's token without the marketplace is refused it")
                    except urllib.error.HTTPError as refused:
                        expect(refused.code == 403, "the lab's token without the marketplace is refused it (403)")
                step("admin makes a lab token from the lab's menu with scopes per part; it reads only those (axe)", driver, lab_token)

                def webhook():
                    driver.get(base + "/labs/alsace")
                    submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "Webhooks").click())
                    driver.find_element(By.NAME, "webhook_name").send_keys("CRM du contrôle")
                    driver.find_element(By.NAME, "webhook_url").send_keys("https://crm.example.org/alliances")
                    driver.find_element(By.CSS_SELECTOR, "input[name='webhook_events'][value='organisation.created']").click()
                    submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action='/labs/alsace/webhooks'] button").click())
                    secret = driver.find_element(By.ID, "f-new-secret").get_attribute("value")
                    expect(secret.startswith("whsec_") and "CRM du contrôle" in driver.page_source, "the new subscription and its secret are shown")
                    axe_here(driver, "the page showing the secret")
                    submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "CRM du contrôle").click())
                    detail = driver.current_url
                    submitting(driver, lambda: driver.find_element(By.XPATH, "//button[contains(., 'Envoyer un essai')]").click())
                    expect("Essai mis en file" in driver.page_source and "ping" in driver.page_source, "a ping is queued and listed")
                    expect(secret not in driver.page_source, "the secret is never shown again")
                    axe_page(driver, detail)
                step("admin subscribes a webhook from the lab's menu, sees its secret once, sends a ping (axe on both pages)", driver, webhook)

                def personal_webhook():
                    # A member subscribes for themself, from "Mon compte".
                    driver.delete_all_cookies()
                    login(driver, base, "membre@atelier.example")
                    driver.get(base + "/compte")
                    submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "mes webhooks").click())
                    expect("/labs/alsace/mes-webhooks" in driver.current_url, "Mon compte leads to the member's own webhooks")
                    driver.find_element(By.NAME, "webhook_name").send_keys("Mon tableur")
                    driver.find_element(By.NAME, "webhook_url").send_keys("https://tableur.example.org/alliances")
                    driver.find_element(By.CSS_SELECTOR, "input[name='webhook_events'][value='introduction.accepted']").click()
                    submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action='/labs/alsace/mes-webhooks'] button").click())
                    expect(driver.find_element(By.ID, "f-new-secret").get_attribute("value").startswith("whsec_"), "the member's secret is shown once")
                    axe_here(driver, "the member's own webhooks")
                    driver.delete_all_cookies()
                    login(driver, base, "admin@reseau.example")
                    driver.get(base + "/labs/alsace/webhooks")
                    expect("tableur.example.org" not in driver.page_source, "the lab's page does not list a person's own")
                step("a member subscribes a webhook for themself from Mon compte; the lab's page does not show it (axe)", driver, personal_webhook)

                def network_lab():
                    # A network admin creates a lab, invites its facilitator, who accepts and
                    # compares the labs on the network dashboard.
                    driver.get(base + "/")
                    submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "Créer un labo").click())
                    driver.find_element(By.NAME, "name").send_keys("Labo normand du contrôle")
                    Select(driver.find_element(By.NAME, "region")).select_by_value("28")
                    submit(driver)
                    expect("/labs/labo-normand-du-controle" in driver.current_url and "Labo normand du contrôle" in driver.page_source, "the new lab's home page")
                    submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "Comptes").click())
                    asked = time.time() - 1
                    driver.find_element(By.NAME, "email").send_keys("animation@normandie.example")
                    Select(driver.find_element(By.NAME, "role")).select_by_value("facilitateur")
                    submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action='/labs/labo-normand-du-controle/comptes/invitations'] button").click())
                    expect("animation@normandie.example" in driver.page_source, "the invitation is listed")
                    link = mail_link("animation@normandie.example", r"/invitations/[A-Za-z0-9_-]{43}", asked)
                    driver.delete_all_cookies()
                    driver.get(base + link)
                    driver.find_element(By.NAME, "name").send_keys("Animation normande")
                    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
                    driver.find_element(By.NAME, "confirmation").send_keys(PASSWORD)
                    submit(driver)
                    expect("Se déconnecter" in driver.page_source, "the facilitator is signed in")
                    submitting(driver, lambda: driver.find_element(By.LINK_TEXT, "Tableau de bord du réseau").click())
                    table = driver.find_element(By.TAG_NAME, "table").text
                    expect("Labo normand du contrôle" in table and "Labo breton des alliances" in table, "their lab and the lab that shares its figures")
                    expect("Labo régional alsacien" not in table and "Labo régional alsacien" in driver.page_source, "a lab that keeps its figures is only named")
                    axe_here(driver, "the network dashboard")
                    submitting(driver, lambda: driver.find_element(By.XPATH, "//button[contains(., 'Les montrer aux autres labos')]").click())
                    expect("Les chiffres du labo sont montrés aux autres labos" in driver.page_source, "the lab now shows its figures")
                    driver.delete_all_cookies()
                    login(driver, base, "admin@reseau.example")
                step("a network admin creates a lab and invites its facilitator, who sees the network dashboard (axe)", driver, network_lab)

                def picker():
                    # The survey names the answering organisation with the picker: the list
                    # fills from the lab's search as one types, and the pick is taken.
                    driver.get(base + "/labs/alsace/barometre/enquete")
                    field = driver.find_element(By.ID, "f-organisationId")
                    field.send_keys("élan sol")
                    options, deadline = [], time.time() + 10
                    while not options and time.time() < deadline:
                        time.sleep(0.2)
                        options = [o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "#dl-organisationId option")]
                    expect(bool(options) and options[0].startswith("Élan Solidaire Mulhouse"), f"the list fills as one types: {options[:2]}")
                    axe_here(driver, "the survey with the picker's list")
                    field.clear()
                    field.send_keys(options[0])
                    driver.find_element(By.NAME, "partnerships").send_keys("0")
                    submit(driver)
                    expect("Réponse enregistrée" in driver.page_source and "Élan Solidaire Mulhouse" in driver.page_source, "the organisation picked by its name answered")
                step("a facilitator picks an organisation by typing its name; the list comes from the search (axe)", driver, picker)

                def lab_role():
                    # Alsace gives the new lab's facilitator a role too; they act by it there.
                    driver.get(base + "/labs/alsace/comptes")
                    driver.find_element(By.NAME, "email").send_keys("animation@normandie.example")
                    Select(driver.find_element(By.NAME, "role")).select_by_value("facilitateur")
                    submitting(driver, lambda: driver.find_element(By.CSS_SELECTOR, "form[action='/labs/alsace/comptes/invitations'] button").click())
                    expect("le rôle lui est donné dans celui-ci" in driver.page_source, "an account of another lab is given the role")
                    expect("Personnes d'autres labos ayant un rôle ici (1)" in driver.page_source, "and listed with its lab")
                    axe_here(driver, "the accounts page listing a person of another lab")
                    driver.delete_all_cookies()
                    login(driver, base, "animation@normandie.example")
                    driver.get(base + "/labs/alsace")
                    expect(len(driver.find_elements(By.LINK_TEXT, "Comptes")) == 1, "in Alsace they act as its facilitator")
                    driver.get(base + "/compte")
                    expect("Mes rôles dans d'autres labos" in driver.page_source, "Mon compte lists the role")
                    driver.delete_all_cookies()
                    login(driver, base, "admin@reseau.example")
                step("a lab gives a role to a person of another lab, who acts by it there (axe)", driver, lab_role)
        finally:
            driver.quit()

failed = sum(1 for _, ok in results if not ok)
print(f"browser: {len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
