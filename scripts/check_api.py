#!/usr/bin/env python3
"""The API contract, three ways, on one live server (fresh SQLite database with the demo
data):

1. `/api/openapi.json` validated by openapi-spec-validator;
2. a Python client generated from the served document by openapi-python-client, driving a
   third party's scenario with its typed models (create an offer, read its
   recommendations, ask for an introduction, register to a rencontre, cancel), as a lab's
   facilitator with a personal read-write token;
3. schemathesis over every operation, reads and writes, as the network's admin through a
   read-write API token, a bounded number of examples per operation: no server error, no
   status, content type or body outside the document.

Usage: check_api.py PATH_TO_ALLIANCES_BINARY [EXAMPLES]   (run with a Python that has
schemathesis, openapi-spec-validator and openapi-python-client)
"""
import importlib, json, os, subprocess, sys, tempfile, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server import DemoServer
from openapi_spec_validator import validate

binary = sys.argv[1]
examples = sys.argv[2] if len(sys.argv) > 2 else "15"
PASSWORD = "mot-de-passe-api"
passed, failed = 0, 0


def check(ok, message):
    global passed, failed
    print(("pass: " if ok else "FAIL: ") + message)
    passed, failed = passed + bool(ok), failed + (not ok)


def scenario(base, document, token):
    """A generated client, typed models only: what a CRM integrator would write."""
    work = tempfile.mkdtemp(prefix="alliances-client-")
    path = os.path.join(work, "openapi.json")
    with open(path, "w") as file:
        json.dump(document, file)
    tool = os.path.join(os.path.dirname(sys.executable), "openapi-python-client")
    run = subprocess.run([tool, "generate", "--path", path, "--output-path", os.path.join(work, "alliances_client"), "--meta", "none"],
                         capture_output=True, text=True, timeout=300)
    check(run.returncode == 0, f"openapi-python-client generated a client from the served document ({run.stdout.strip().splitlines()[0] if run.stdout else run.stderr[-300:]})")
    if run.returncode != 0:
        return
    sys.path.insert(0, work)
    client_module = importlib.import_module("alliances_client")
    api = lambda name: importlib.import_module(f"alliances_client.api.{name}")
    models = importlib.import_module("alliances_client.models")
    client = client_module.AuthenticatedClient(base_url=base, token=token, raise_on_unexpected_status=True)

    labs = api("directory.get_labs").sync(client=client)
    check(any(isinstance(lab, models.Lab) and lab.slug == "alsace" for lab in labs), "typed: the labs, as Lab models")
    page = api("directory.get_labs_lab_organisations").sync(lab="alsace", client=client, q="Atelier Numérique")
    atelier = next(o for o in page.items if o.name.startswith("Atelier Numérique"))
    check(isinstance(page, models.OrganisationPage) and isinstance(atelier, models.Organisation), "typed: a page of organisations")

    # An offer, posted by the integration for an organisation of the lab.
    # Paging: follow nextCursor through the whole directory, each organisation once.
    lister, names, cursor, pages = api("directory.get_labs_lab_organisations"), [], None, 0
    first = lister.sync(lab="alsace", client=client, limit=200)
    while True:
        kwargs = {"cursor": cursor} if cursor else {}
        batch = lister.sync(lab="alsace", client=client, limit=9, **kwargs)
        names += [o.name for o in batch.items]
        pages += 1
        cursor = batch.next_cursor if isinstance(batch.next_cursor, str) else None
        if not cursor or pages > 100:
            break
    check(names == [o.name for o in first.items] and len(names) == first.total,
          f"paging: {pages} pages of 9 by nextCursor visit the {first.total} organisations once, in order")
    offer = api("marketplace.post_labs_lab_listings").sync_detailed(lab="alsace", client=client, body=models.ListingInput(
        kind=models.ListingInputKind("offre"), organisation_id=atelier.id, title="Ateliers numériques pour vos bénévoles",
        description="Deux demi-journées de prise en main des outils en ligne, dans nos locaux de Haguenau.",
        modes=[models.ListingInputModesItem("mecenat-competences")], themes=[models.ListingInputThemesItem("numerique")]))
    check(offer.status_code == 201 and isinstance(offer.parsed, models.Listing) and offer.parsed.organisation.id == atelier.id,
          f"create an offer: 201 and a Listing ({offer.status_code})")
    refused = api("marketplace.post_labs_lab_listings").sync_detailed(lab="alsace", client=client, body=models.ListingInput(
        kind=models.ListingInputKind("offre"), organisation_id=atelier.id, title=""))
    check(refused.status_code == 422 and isinstance(refused.parsed, models.Error) and refused.parsed.detail
          and any(e.field == "title" for e in refused.parsed.errors),
          f"a bad offer: 422 and a typed problem (RFC 9457) with its French detail and the field ({refused.status_code})")
    if not isinstance(offer.parsed, models.Listing):
        return

    # Its recommendations, then an introduction to the best-placed need's organisation (a
    # facilitator proposes it, with a word to each side).
    recommended = api("marketplace.get_labs_lab_listings_id_recommendations").sync(lab="alsace", id=offer.parsed.id, client=client)
    check(isinstance(recommended, models.Recommendations) and recommended.listings, f"recommendations for the offer: {len(recommended.listings)} needs")
    need = next((r for r in recommended.listings if r.organisation.id != atelier.id), None)
    if need:
        introduction = api("marketplace.post_labs_lab_introductions").sync_detailed(lab="alsace", client=client, body=models.IntroductionInput(
            organisation_a=atelier.id, organisation_b=need.organisation.id, offer_id=offer.parsed.id, need_id=need.id,
            message_a="Le labo vous propose de rencontrer une association qui cherche ce que vous offrez.",
            message_b="Le labo vous propose de rencontrer une organisation dont l'offre répond à votre besoin."))
        check(introduction.status_code == 201 and isinstance(introduction.parsed, models.Introduction)
              and introduction.parsed.b.organisation.id == need.organisation.id,
              f"ask for an introduction: 201 and an Introduction ({introduction.status_code}{'' if introduction.status_code == 201 else ': ' + introduction.content.decode()[:300]})")

    # Register to the open rencontre, then cancel.
    registered = api("events.post_events_event_registrations").sync_detailed(event="alliances-2027", client=client,
                                                                            body=models.RegistrationInput(name="Intégration du labo", organisation="Labo alsacien"))
    check(registered.status_code == 201 and isinstance(registered.parsed, models.Registration)
          and registered.parsed.email == "client@alsace.example", f"register to a rencontre: 201, with the account's address ({registered.status_code})")
    if isinstance(registered.parsed, models.Registration):
        cancelled = api("events.post_events_event_registrations_id_cancel").sync_detailed(
            event="alliances-2027", id=registered.parsed.id, client=client, body=models.PostEventsEventRegistrationsIdCancelBody())
        check(cancelled.status_code == 200 and cancelled.parsed.status == "annule", f"cancel it: 200 and status « annule » ({cancelled.status_code})")


# The per-token and per-address limits are raised: schemathesis sends thousands of requests
# a minute on one token from one address.
with DemoServer(binary, prefix="alliances-api-", args=["--api-requests-per-minute", "1000000",
                                                       "--api-requests-per-address-per-minute", "1000000"]) as server:
    document = json.load(urllib.request.urlopen(server.base + "/api/openapi.json"))
    try:
        validate(document)
        check(True, f"/api/openapi.json is a valid OpenAPI {document['openapi']} document ({sum(len(p) for p in document['paths'].values())} operations)")
    except Exception as error:
        check(False, f"/api/openapi.json: {error}")

    # The generated client first: schemathesis then writes (and deletes) at random.
    server.create_user("client@alsace.example", "facilitateur", PASSWORD, lab="alsace")
    try:
        scenario(server.base, document, server.api_token("client@alsace.example", PASSWORD))
    except Exception as error:
        check(False, f"generated client scenario: {type(error).__name__}: {error}")

    server.create_user("api@reseau.example", "admin", PASSWORD)
    token = server.api_token("api@reseau.example", PASSWORD)
    schemathesis = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    run = subprocess.run([schemathesis, "run", server.base + "/api/openapi.json", "--url", server.base, "-H", f"Authorization: Bearer {token}",
                          "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                          "--max-examples", examples, "--phases", "examples,coverage,fuzzing", "--seed", "2026", "--no-color"],
                         capture_output=True, text=True, timeout=1200)
    summary = [line for line in run.stdout.splitlines() if line.strip()][-12:]
    if run.returncode == 0:
        check(True, "schemathesis: no server error, every response as documented")
        print("\n".join("  " + line for line in summary))
    else:
        check(False, "schemathesis found responses outside the document or server errors:")
        print(run.stdout[-6000:])

print(f"api: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
