"""A browserless client of a Streamlit app, speaking the app's own websocket protocol.

It does what the browser's frontend does, message for message: it opens ``/_stcore/stream``
with the ``streamlit`` subprotocol, sends a ``BackMsg.rerun_script`` carrying a ``ClientState``
(page, query string, widget states), and reads ``ForwardMsg``s until the run's
``script_finished``. Widgets are found by the ids the server gives them in the ``Delta``
elements (``$$ID-<hash>-<key>``, the same ids the frontend keeps), and values are sent in the
wire form of each widget kind (a radio's and a selectbox's formatted option, a multiselect's
list of them, a button's trigger). As the frontend does, the client keeps the values it has set
and sends them again with every rerun, and forgets those of widgets that were not drawn in the
last run.

No maintained Python client for this protocol exists (checked: only demo code for old
versions); this one uses the ``websockets`` package Streamlit itself depends on and the protobuf
classes of the installed ``streamlit``.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import user_key_from_element_id
from websockets.asyncio.client import connect

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
ERROR_ALERT = 1  # Alert.Format.ERROR


class AppError(Exception):
    """The app answered a run with an exception, an error message or a missing page."""


@dataclass
class Widget:
    kind: str  # the element's type in the Delta: radio, selectbox, multiselect, button, ...
    proto: object  # the element's protobuf (options, form_id, min/max, ...)

    @property
    def id(self) -> str:
        return self.proto.id


@dataclass
class RunResult:
    seconds: float  # from sending the rerun to the run's script_finished
    errors: list[str] = field(default_factory=list)  # error alerts shown by the page


class StreamlitClient:
    """One browser tab: a websocket session of the app at ``url`` (http://host:port)."""

    def __init__(self, url: str, *, timeout: float = 120.0):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.ws = None
        self.query_string = ""
        self.page_hash = ""
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.widgets: dict[str, Widget] = {}  # user key (or generated id) -> widget of the last run
        self.values: dict[str, WidgetState] = {}  # widget id -> the value this client set

    async def open(self) -> None:
        ws_url = "ws" + self.url[len("http") :] + "/_stcore/stream"
        self.ws = await connect(
            ws_url, subprotocols=["streamlit"], max_size=None, ping_interval=None, open_timeout=self.timeout
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    @property
    def query(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.query_string).items()}

    # ------------------------------------------------------------------ runs
    async def run(self, *, page: str | None = None, triggers: tuple[WidgetState, ...] = ()) -> RunResult:
        """Ask for a rerun (of ``page``, a url path, or of the current page) with the widget
        values set so far plus ``triggers`` (button presses), and wait for it to finish."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        if page is not None:
            state.page_script_hash = self.pages.get(page, "")
            state.page_name = "" if page in self.pages else page
            self.values.clear()  # a new page: the frontend drops the old page's widgets
        else:
            state.page_script_hash = self.page_hash
        state.widget_states.widgets.extend([*self.values.values(), *triggers])
        state.context_info.timezone = "Asia/Shanghai"
        state.context_info.locale = "zh-CN"
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        return await self._read_run(start)

    async def _read_run(self, start: float) -> RunResult:
        errors: list[str] = []
        widgets: dict[str, Widget] = {}
        while True:
            data = await asyncio.wait_for(self.ws.recv(), self.timeout)
            fwd = ForwardMsg.FromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._element(fwd.delta.new_element, widgets, errors)
            elif kind == "navigation":
                self.page_hash = fwd.navigation.page_script_hash
                for p in fwd.navigation.app_pages:
                    self.pages[p.url_pathname] = p.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "page_not_found":
                raise AppError(f"page not found: {fwd.page_not_found.page_name}")
            elif kind == "script_finished":
                status = fwd.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise AppError("script compile error")
                if status in FINISHED:
                    seconds = time.perf_counter() - start
                    break
                widgets.clear()  # finished early for a rerun: the next run draws the page again
                errors.clear()
        self.widgets = widgets
        live = {w.id for w in widgets.values()}
        self.values = {i: v for i, v in self.values.items() if i in live}
        return RunResult(seconds, errors)

    def _element(self, element, widgets: dict[str, Widget], errors: list[str]) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            raise AppError(f"exception: {element.exception.type}: {element.exception.message}")
        if kind == "alert":
            if element.alert.format == ERROR_ALERT:
                errors.append(element.alert.body)
            return
        proto = getattr(element, kind)
        element_id = getattr(proto, "id", "") if hasattr(proto, "id") else ""
        if element_id:
            key = user_key_from_element_id(element_id) or element_id
            widgets[key] = Widget(kind, proto)

    # ------------------------------------------------------------------ widgets
    def widget(self, key: str) -> Widget:
        try:
            return self.widgets[key]
        except KeyError:
            raise AppError(f"no widget with key {key!r} on the page") from None

    def submit_button(self, form_member_key: str) -> Widget:
        """The submit button of the form that holds the widget ``form_member_key``."""
        form_id = self.widget(form_member_key).proto.form_id
        for w in self.widgets.values():
            if w.kind == "button" and w.proto.is_form_submitter and w.proto.form_id == form_id:
                return w
        raise AppError(f"no submit button in the form of {form_member_key!r}")

    def set_text(self, key: str, text: str) -> None:
        w = self.widget(key)
        self.values[w.id] = WidgetState(id=w.id, string_value=text)

    def set_option(self, key: str, index: int) -> None:
        """Pick option ``index`` of a radio or selectbox (sent as its formatted text)."""
        w = self.widget(key)
        self.values[w.id] = WidgetState(id=w.id, string_value=w.proto.options[index])

    def set_options(self, key: str, indexes: list[int]) -> None:
        """Pick options of a multiselect."""
        w = self.widget(key)
        state = WidgetState(id=w.id)
        state.string_array_value.data.extend(w.proto.options[i] for i in indexes)
        self.values[w.id] = state

    def set_number(self, key: str, value: float) -> None:
        w = self.widget(key)
        self.values[w.id] = WidgetState(id=w.id, double_value=value)

    def press(self, key_or_widget: str | Widget) -> WidgetState:
        """A button press, to pass as a trigger of the next run."""
        w = self.widget(key_or_widget) if isinstance(key_or_widget, str) else key_or_widget
        return WidgetState(id=w.id, trigger_value=True)
