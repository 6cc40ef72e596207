"""A local stand-in for Microsoft Graph and its login endpoint, speaking their real payloads
(tests/payloads/graph/) and recording every call.

- Login (HTTPS, a self-signed certificate made at start; point REQUESTS_CA_BUNDLE at `ca_file`):
  OpenID configuration and the client-credentials token endpoint MSAL uses.
- Graph (HTTP under /v1.0/): subscriptions (create with the validation-token handshake against
  the notificationUrl, renew, 404 once dropped), events (honouring `$select`, so a property we
  forget to ask for is missing as it would be), calendarView delta with paging, group members. Every Graph call needs the bearer token the login endpoint issued.
- Test helpers: add users and events, send change or lifecycle notifications the way Graph does,
  drop a subscription, make the next calls answer 429/5xx.
"""

from __future__ import annotations

import copy
import datetime as dt
import ipaddress
import itertools
import json
import ssl
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

PAYLOADS = Path(__file__).resolve().parent.parent / "payloads" / "graph"


def payload(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any = None
    authorized: bool = True


@dataclass
class Failure:
    status: int
    retry_after: str | None = None


@dataclass
class User:
    upn: str
    guid: str
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)  # event id -> change sequence


class FakeGraph:
    def __init__(
        self,
        tenant: str = "84bd8158-6d4d-4958-8b9f-9d6445542f95",
        client_id: str = "24d3b144-21ae-4080-943f-7067b395b913",
        client_secret: str = "fake-secret",
    ) -> None:
        self.tenant, self.client_id, self.client_secret = tenant, client_id, client_secret
        self.calls: list[Call] = []
        self.token_requests: list[dict[str, str]] = []
        self.users: dict[str, User] = {}
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.groups: dict[str, list[str]] = {}
        self.dropped: dict[str, dict[str, Any]] = {}  # upn -> the subscription Graph removed
        self.failures: dict[str, list[Failure]] = {}  # "METHOD path-prefix" -> next answers
        self.validations: list[str] = []  # tokens our server echoed correctly
        self.token = "eyJ0eXAiOiJKV1QiLCJub25jZSI6" + uuid.uuid4().hex
        self._seq = itertools.count(1)
        self.url = ""  # http://127.0.0.1:port/v1.0/
        self.login = ""  # https://127.0.0.1:port
        self.ca_file = ""
        self._runners: list[web.AppRunner] = []
        self._tmp = tempfile.TemporaryDirectory()

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> FakeGraph:
        api = web.Application()
        api.router.add_route("*", "/v1.0/{path:.*}", self._api)
        self.url = await self._serve(api, None) + "v1.0/"
        login = web.Application()
        login.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._openid)
        login.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        self.login = (await self._serve(login, self._tls())).rstrip("/")
        return self

    async def stop(self) -> None:
        for runner in self._runners:
            await runner.cleanup()
        self._tmp.cleanup()

    async def _serve(self, app: web.Application, tls: ssl.SSLContext | None) -> str:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=tls)
        await site.start()
        self._runners.append(runner)
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"{'https' if tls else 'http'}://127.0.0.1:{port}/"

    def _tls(self) -> ssl.SSLContext:
        """A self-signed certificate for 127.0.0.1, trusted by whoever reads `ca_file`."""
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [x509.NameAttribute(NameOID.COMMON_NAME, "fake login.microsoftonline.com")]
        )
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        cert_file = Path(self._tmp.name) / "login.pem"
        key_file = Path(self._tmp.name) / "login.key"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        self.ca_file = str(cert_file)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        return context

    # --- test helpers ---------------------------------------------------------------------

    def add_user(self, upn: str) -> User:
        user = User(upn, str(uuid.uuid4()))
        self.users[upn.lower()] = user
        return user

    def put_event(self, upn: str, template: str = "event_in_person", **changes: Any) -> str:
        """Add or change an event in a user's calendar (no notification: see `notify`)."""
        user = self.users[upn.lower()]
        event = copy.deepcopy(payload(template))
        event["id"] = changes.pop("id", None) or f"AAMkAG{uuid.uuid4().hex}AAA="
        event["organizer"]["emailAddress"]["address"] = changes.pop("organizer", upn)
        start = changes.pop("start", None)
        if start is not None:
            event["start"] = {
                "dateTime": start.strftime("%Y-%m-%dT%H:%M:%S.0000000"),
                "timeZone": "UTC",
            }
            event["end"] = {
                "dateTime": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S.0000000"),
                "timeZone": "UTC",
            }
        event.update(changes)
        user.events[event["id"]] = event
        user.changed[event["id"]] = next(self._seq)
        return event["id"]

    def subscription_for(self, upn: str) -> dict[str, Any]:
        return next(
            s
            for s in self.subscriptions.values()
            if s["resource"].lower() == f"users/{upn.lower()}/events"
        )

    async def notify(
        self, upn: str, event_id: str, change_type: str = "created", client_state: str | None = None
    ) -> int:
        """POST a change notification the way Graph does; returns our server's status."""
        user = self.users[upn.lower()]
        sub = self.subscription_for(upn)
        body = payload("change_notification")
        item = body["value"][0]
        resource = f"Users/{user.guid}/Events/{event_id}"
        item.update(
            subscriptionId=sub["id"],
            changeType=change_type,
            resource=resource,
            subscriptionExpirationDateTime=sub["expirationDateTime"],
            clientState=sub["clientState"] if client_state is None else client_state,
            tenantId=self.tenant,
        )
        item["resourceData"].update({"@odata.id": resource, "id": event_id})
        return await self._post_json(sub["notificationUrl"], body)

    async def lifecycle(self, upn: str, event: str = "missed") -> int:
        """A lifecycle notification; after `drop_subscription`, about the dropped one (as
        Graph's subscriptionRemoved is)."""
        sub = self.dropped.get(upn.lower()) or self.subscription_for(upn)
        body = payload("lifecycle_missed")
        body["value"][0].update(
            lifecycleEvent=event,
            subscriptionId=sub["id"],
            clientState=sub["clientState"],
            resource=sub["resource"],
        )
        return await self._post_json(sub["lifecycleNotificationUrl"], body)

    def drop_subscription(self, upn: str) -> str:
        sub = self.subscription_for(upn)
        del self.subscriptions[sub["id"]]
        self.dropped[upn.lower()] = sub
        return sub["id"]

    def fail_next(self, method: str, path_prefix: str, *failures: Failure) -> None:
        self.failures.setdefault(f"{method} {path_prefix}", []).extend(failures)

    def graph_calls(self, method: str, contains: str = "") -> list[Call]:
        return [c for c in self.calls if c.method == method and contains in c.path]

    async def _post_json(self, url: str, body: dict[str, Any]) -> int:
        async with aiohttp.ClientSession() as s, s.post(url, json=body) as res:
            return res.status

    # --- login ----------------------------------------------------------------------------

    async def _openid(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        if tenant != self.tenant:
            return web.json_response({"error": "invalid_tenant"}, status=400)
        text = json.dumps(payload("openid_configuration"))
        text = text.replace("https://login.microsoftonline.com", self.login).replace(
            "{tenant}", tenant
        )
        return web.Response(text=text, content_type="application/json")

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.token_requests.append({k: str(v) for k, v in form.items()})
        if form.get("grant_type") != "client_credentials":
            return web.json_response({"error": "unsupported_grant_type"}, status=400)
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return web.json_response(
                {
                    "error": "invalid_client",
                    "error_description": "AADSTS7000215: Invalid client secret provided.",
                },
                status=401,
            )
        return web.json_response({**payload("token"), "access_token": self.token})

    # --- Graph ----------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        body = await request.json() if request.can_read_body else None
        authorized = request.headers.get("Authorization") == f"Bearer {self.token}"
        self.calls.append(Call(request.method, path, dict(request.query), body, authorized))
        if not authorized:
            return web.json_response(
                {
                    "error": {
                        "code": "InvalidAuthenticationToken",
                        "message": "Access token is empty.",
                    }
                },
                status=401,
            )
        for key, queue in self.failures.items():
            method, _, prefix = key.partition(" ")
            if queue and method == request.method and path.startswith(prefix):
                failure = queue.pop(0)
                headers = {"Retry-After": failure.retry_after} if failure.retry_after else {}
                return web.json_response(
                    payload("error_throttled"), status=failure.status, headers=headers
                )
        parts = path.split("/")
        if parts[0] == "subscriptions":
            if request.method == "POST" and len(parts) == 1:
                return await self._create_subscription(body or {})
            if request.method == "PATCH" and len(parts) == 2:
                return self._renew_subscription(parts[1], body or {})
            if request.method == "DELETE" and len(parts) == 2:
                if self.subscriptions.pop(parts[1], None) is None:
                    return self._not_found()
                return web.Response(status=204)
        if parts[0] == "users" and len(parts) >= 3:
            user = self._user(parts[1])
            if user is None:
                return self._not_found()
            if parts[2] == "events" and len(parts) == 4 and request.method == "GET":
                event = user.events.get(parts[3])
                if event is None:
                    return self._not_found("ErrorItemNotFound")
                return web.json_response(_selected(event, request.query.get("$select")))
            if parts[2:] == ["calendarView", "delta"] and request.method == "GET":
                return self._delta(user, request)
        if parts[0] == "groups" and len(parts) == 3 and parts[2] == "members":
            members = self.groups.get(parts[1])
            if members is None:
                return self._not_found()
            return web.json_response(
                {
                    "value": [
                        {
                            "@odata.type": "#microsoft.graph.user",
                            "id": self.users[m.lower()].guid,
                            "mail": m,
                            "userPrincipalName": m,
                        }
                        for m in members
                    ]
                }
            )
        return web.json_response(
            {"error": {"code": "BadRequest", "message": "Unsupported"}}, status=400
        )

    def _user(self, ref: str) -> User | None:
        ref = ref.lower()
        return self.users.get(ref) or next((u for u in self.users.values() if u.guid == ref), None)

    def _not_found(self, code: str = "ResourceNotFound") -> web.Response:
        body = payload("error_not_found")
        body["error"]["code"] = code
        return web.json_response(body, status=404)

    async def _create_subscription(self, body: dict[str, Any]) -> web.Response:
        missing = [
            k
            for k in ("changeType", "notificationUrl", "resource", "expirationDateTime")
            if not body.get(k)
        ]
        if missing:
            return web.json_response(
                {"error": {"code": "InvalidRequest", "message": f"Missing {missing}"}}, status=400
            )
        if len(str(body.get("clientState", ""))) > 128:
            return web.json_response(
                {"error": {"code": "InvalidRequest", "message": "clientState too long"}}, status=400
            )
        resource = str(body["resource"])
        if not resource.lower().startswith("users/") or self._user(resource.split("/")[1]) is None:
            return self._not_found()
        # Graph proves the endpoint is ours: POST ?validationToken=..., expect it echoed as text.
        token = f"Validation: Testing client application reachability {uuid.uuid4().hex}"
        for url in {
            body["notificationUrl"],
            body.get("lifecycleNotificationUrl") or body["notificationUrl"],
        }:
            async with (
                aiohttp.ClientSession() as s,
                s.post(
                    url,
                    params={"validationToken": token},
                    headers={"Content-Type": "text/plain; charset=utf-8"},
                ) as res,
            ):
                echoed = await res.text()
                if res.status != 200 or echoed != token or "text/plain" not in res.content_type:
                    return web.json_response(
                        {
                            "error": {
                                "code": "InvalidRequest",
                                "message": "Subscription validation request failed. Notification endpoint "
                                "must respond with 200 OK to validation request.",
                            }
                        },
                        status=400,
                    )
            self.validations.append(token)
        sub = payload("subscription")
        sub.update(
            id=str(uuid.uuid4()),
            resource=resource,
            changeType=body["changeType"],
            clientState=body.get("clientState"),
            notificationUrl=body["notificationUrl"],
            lifecycleNotificationUrl=body.get("lifecycleNotificationUrl"),
            expirationDateTime=body["expirationDateTime"],
            applicationId=self.client_id,
        )
        self.subscriptions[sub["id"]] = sub
        return web.json_response(sub, status=201)

    def _renew_subscription(self, sub_id: str, body: dict[str, Any]) -> web.Response:
        sub = self.subscriptions.get(sub_id)
        if sub is None:
            return self._not_found()
        sub["expirationDateTime"] = body.get("expirationDateTime", sub["expirationDateTime"])
        return web.json_response(sub)

    def _delta(self, user: User, request: web.Request) -> web.Response:
        """calendarView/delta: all events first, then what changed since the token; 2 a page."""
        q = request.query
        if "$deltatoken" in q:
            since, offset = int(q["$deltatoken"]), 0
        elif "$skiptoken" in q:
            since, _, off = q["$skiptoken"].partition("-")
            since, offset = int(since), int(off)
        elif "startDateTime" in q and "endDateTime" in q:
            since, offset = 0, 0
        else:
            return web.json_response(
                {
                    "error": {
                        "code": "ErrorInvalidParameter",
                        "message": "startDateTime and endDateTime are required",
                    }
                },
                status=400,
            )
        changed = sorted((seq, eid) for eid, seq in user.changed.items() if seq > since)
        page = changed[offset : offset + 2]
        base = f"{self.url}users/{user.upn}/calendarView/delta"
        body: dict[str, Any] = {
            "@odata.context": payload("delta_page")["@odata.context"],
            "value": [user.events[eid] for _, eid in page],
        }
        if offset + 2 < len(changed):
            body["@odata.nextLink"] = f"{base}?$skiptoken={since}-{offset + 2}"
        else:
            latest = max([since] + [seq for seq, _ in changed])
            body["@odata.deltaLink"] = f"{base}?$deltatoken={latest}"
        return web.json_response(body)


def _selected(resource: dict[str, Any], select: str | None) -> dict[str, Any]:
    """As Graph answers `$select=a,b`: only those properties, plus `id` and the @odata ones."""
    if not select:
        return resource
    wanted = {name.strip() for name in select.split(",")} | {"id"}
    return {k: v for k, v in resource.items() if k in wanted or k.startswith("@odata.")}
