"""A small client for AnkiConnect, the add-on through which a running Anki takes requests.

Version 6 of its API: each request is a JSON object `{"action", "version": 6, "params",
"key"}` posted to http://127.0.0.1:8765, and each answer `{"result", "error"}`, `error`
null on success.  The failures a user meets become one AnkiError line each: Anki not
running, something other than AnkiConnect answering, the key refused.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any, Optional

from vocab.errors import AnkiError

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6
TIMEOUT = 30.0  # seconds; adding a few hundred notes in one request takes Anki a while
INSTALL_HINT = "install the AnkiConnect add-on in Anki (Tools > Add-ons > Get Add-ons, code 2055492159)"
KEY_REFUSED = "valid api key must be provided"  # AnkiConnect's own words for a wrong key


class AnkiConnect:
    """Sends actions to AnkiConnect; `invoke` returns an action's result or raises AnkiError.

    Requests go straight to the address, never through a proxy: AnkiConnect listens on
    the learner's own machine.
    """

    def __init__(self, url: str = DEFAULT_URL, key: Optional[str] = None, timeout: float = TIMEOUT):
        self.url = url.rstrip("/")
        self.key = key or None
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._checked = False

    def invoke(self, action: str, **params: Any) -> Any:
        if not self._checked:
            self._checked = True
            self.check()
        return self._send(action, params)

    def check(self) -> None:
        """Anki answers, through AnkiConnect, with an API this client speaks, and takes the key."""
        version = self._send("version", {})
        if not isinstance(version, int) or version < API_VERSION:
            raise AnkiError(f"AnkiConnect at {self.url} speaks API version {version}, "
                            f"vocab needs {API_VERSION}: update the add-on")

    def _send(self, action: str, params: dict) -> Any:
        request: dict[str, Any] = {"action": action, "version": API_VERSION, "params": params}
        if self.key is not None:
            request["key"] = self.key
        body = json.dumps(request, ensure_ascii=False).encode("utf-8")
        http = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with self._opener.open(http, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise AnkiError(f"{self.url} answered HTTP {error.code}, not as AnkiConnect does; "
                            f"{INSTALL_HINT}") from None
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise AnkiError(f"Anki did not answer at {self.url} within {self.timeout:.0f} s "
                                "(is a dialog open in Anki?)") from None
            raise AnkiError(f"Anki is not running (nothing answers at {self.url}): start Anki, "
                            f"with the AnkiConnect add-on, and try again") from None
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            answer = None
        if not isinstance(answer, dict) or set(answer) != {"result", "error"}:
            raise AnkiError(f"{self.url} answered, but not as AnkiConnect does; {INSTALL_HINT}")
        error = answer["error"]
        if error is not None:
            if KEY_REFUSED in str(error):
                raise AnkiError("AnkiConnect refused the key: give the one in its config "
                                "(Tools > Add-ons > AnkiConnect > Config, apiKey) with --anki-key")
            raise AnkiError(f"AnkiConnect: {action}: {error}")
        return answer["result"]
