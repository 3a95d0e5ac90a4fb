"""A stand-in for AnkiConnect on 127.0.0.1, storing into a real `anki` Collection.

It speaks version 6 of AnkiConnect's API as the add-on does (plugin/__init__.py of
FooSoft/anki-connect): a POSTed `{"action", "version", "params", "key"}`, an answer
`{"result", "error"}`, "valid api key must be provided" for a wrong key.  Only the
actions vocab uses are implemented, each doing to the collection what the add-on does.
Requests are served one at a time, on one thread, as Anki's main thread does.
"""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from anki.collection import Collection


class FakeAnkiConnect:
    """Use as a context manager; `col` is the collection behind it, `requests` the actions seen."""

    def __init__(self, col: Collection, key: str | None = None):
        self.col = col
        self.key = key
        self.requests: list[str] = []
        self._httpd = HTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> "FakeAnkiConnect":
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def answer(self, request: dict) -> dict:
        action, params = request.get("action", ""), request.get("params", {})
        self.requests.append(action)
        try:
            if request.get("key") != self.key:
                raise Exception("valid api key must be provided")
            method = getattr(self, "action_" + action, None)
            if method is None:
                raise Exception("unsupported action")
            return {"result": method(**params), "error": None}
        except Exception as error:  # the add-on answers every failure this way
            return {"result": None, "error": str(error)}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                payload = json.dumps(fake.answer(json.loads(body))).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        return Handler

    # --- the actions, after the add-on's own code --------------------------------------

    def action_version(self):
        return 6

    def action_modelNames(self):
        return [m.name for m in self.col.models.all_names_and_ids()]

    def action_modelFieldNames(self, modelName):
        model = self.col.models.by_name(modelName)
        if model is None:
            raise Exception(f"model was not found: {modelName}")
        return [f["name"] for f in model["flds"]]

    def action_createModel(self, modelName, inOrderFields, cardTemplates, css=None, isCloze=False):
        if modelName in self.action_modelNames():
            raise Exception("Model name already exists")
        mm = self.col.models
        model = mm.new(modelName)
        for name in inOrderFields:
            mm.add_field(model, mm.new_field(name))
        if css is not None:
            model["css"] = css
        for number, card in enumerate(cardTemplates, 1):
            template = mm.new_template(card.get("Name", f"Card {number}"))
            template["qfmt"], template["afmt"] = card["Front"], card["Back"]
            mm.add_template(model, template)
        mm.add(model)
        return model

    def _model(self, name):
        model = self.col.models.by_name(name)
        if model is None:
            raise Exception(f"model was not found: {name}")
        return model

    def action_modelTemplates(self, modelName):
        return {t["name"]: {"Front": t["qfmt"], "Back": t["afmt"]} for t in self._model(modelName)["tmpls"]}

    def action_modelStyling(self, modelName):
        return {"css": self._model(modelName)["css"]}

    def action_modelTemplateAdd(self, modelName, template):
        model = self._model(modelName)
        new = self.col.models.new_template(template["Name"])
        new["qfmt"], new["afmt"] = template["Front"], template["Back"]
        self.col.models.add_template(model, new)
        self.col.models.update_dict(model)

    def action_updateModelTemplates(self, model):
        anki_model = self._model(model["name"])
        for template in anki_model["tmpls"]:
            given = model["templates"].get(template["name"])
            if given:
                template["qfmt"] = given.get("Front") or template["qfmt"]
                template["afmt"] = given.get("Back") or template["afmt"]
        self.col.models.update_dict(anki_model)

    def action_updateModelStyling(self, model):
        anki_model = self._model(model["name"])
        anki_model["css"] = model["css"]
        self.col.models.update_dict(anki_model)

    def action_deckNames(self):
        return [d.name for d in self.col.decks.all_names_and_ids()]

    def action_createDeck(self, deck):
        return self.col.decks.id(deck)

    def action_getMediaFilesNames(self, pattern="*"):
        import fnmatch
        import os

        return [n for n in os.listdir(self.col.media.dir()) if fnmatch.fnmatch(n, pattern)]

    def action_storeMediaFile(self, filename, data=None, deleteExisting=True, **_):
        return self.col.media.write_data(filename, base64.b64decode(data))

    def action_findNotes(self, query=None):
        return [] if query is None else [int(n) for n in self.col.find_notes(query)]

    def action_notesInfo(self, notes):
        result = []
        for nid in notes:
            note = self.col.get_note(nid)
            model = note.note_type()
            result.append({
                "noteId": note.id, "tags": note.tags, "modelName": model["name"],
                "fields": {f["name"]: {"value": note.fields[f["ord"]], "order": f["ord"]} for f in model["flds"]},
                "cards": [c.id for c in note.cards()],
            })
        return result

    def action_addNote(self, note):
        model = self.col.models.by_name(note["modelName"])
        if model is None:
            raise Exception(f"model was not found: {note['modelName']}")
        deck_id = self.col.decks.id_for_name(note["deckName"])
        if deck_id is None:
            raise Exception(f"deck was not found: {note['deckName']}")
        anki_note = self.col.new_note(model)
        anki_note.tags = note.get("tags", [])
        for name, value in note["fields"].items():
            anki_note[name] = value
        if anki_note.fields_check() == 1:  # EMPTY
            raise Exception("cannot create note because it is empty")
        self.col.add_note(anki_note, deck_id)
        if not anki_note.cards():
            raise Exception("The field values you have provided would make an empty question on all cards.")
        return anki_note.id

    def action_updateNote(self, note):
        if "fields" not in note and "tags" not in note:
            raise Exception('Must provide a "fields" or "tags" property.')
        anki_note = self.col.get_note(note["id"])
        for name, value in note.get("fields", {}).items():
            if name in anki_note:
                anki_note[name] = value
        if "tags" in note:
            anki_note.tags = list(note["tags"])
        self.col.update_note(anki_note)
