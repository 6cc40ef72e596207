"""The Microsoft sign-in services a Teams bot with credentials talks to, faked on this machine.

- login.botframework.com: the OpenID metadata and signing keys that incoming Bot Framework tokens
  are checked against; `channel_token()` signs tokens with the fake's key as the real service would.
- login.microsoftonline.com: Entra ID's tenant discovery and token endpoint, where the bot gets
  the token it sends replies with (client credentials; the tenant is in the path).

The SDK asks for these by their real https URLs (with `requests`, synchronously). Tests set
HTTPS_PROXY to `proxy_url` and REQUESTS_CA_BUNDLE to `ca_file`: the proxy accepts CONNECT only to
those two hosts (any other host is refused and recorded in `refused`), terminates TLS with a
certificate from a throwaway CA, and hands the request to a local aiohttp app. Nothing leaves the
machine. It runs on its own thread and loop, because the SDK blocks its caller while it fetches.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm

BOTFRAMEWORK = "login.botframework.com"
ENTRA = "login.microsoftonline.com"
HOSTS = (BOTFRAMEWORK, ENTRA)
CHANNEL_ISSUER = "https://api.botframework.com"
KID = "fake-signing-key-1"


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@functools.cache
def _signing_key() -> rsa.RSAPrivateKey:
    """One key for the whole test run: the SDK caches the keys it fetched, per URL, for a day."""
    return _key()


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for HOSTS signed by it: (ca, cert, key) files."""
    now = dt.datetime.now(dt.UTC)
    ca_key, leaf_key = _key(), _key()
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "resfri test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ENTRA)]))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(h) for h in HOSTS]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(pem))
    cert_file.write_bytes(leaf.public_bytes(pem))
    key_file.write_bytes(
        leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_file, cert_file, key_file


@dataclass
class TokenRequest:
    tenant: str
    form: dict[str, str]


@dataclass
class FakeMicrosoftLogin:
    folder: Path
    signing_key: rsa.RSAPrivateKey = field(default_factory=_signing_key)
    token_requests: list[TokenRequest] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # CONNECT targets that are not ours
    proxy_url: str = ""
    ca_file: Path | None = None

    # --- what tests use ------------------------------------------------------------------------

    def channel_token(
        self,
        app_id: str,
        service_url: str,
        key: rsa.RSAPrivateKey | None = None,
        **claims: Any,
    ) -> str:
        """A token as the Bot Framework channel signs it for a request to the bot."""
        now = int(time.time())
        body: dict[str, Any] = {
            "iss": CHANNEL_ISSUER,
            "aud": app_id,
            "serviceurl": service_url,
            "nbf": now - 60,
            "exp": now + 3600,
        }
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        return jwt.encode(body, key or self.signing_key, algorithm="RS256", headers={"kid": KID})

    # --- the services --------------------------------------------------------------------------

    def _web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._botframework_metadata)
        app.router.add_get("/v1/.well-known/keys", self._botframework_keys)
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._entra_metadata)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._entra_token)
        return app

    async def _botframework_metadata(self, _request: web.Request) -> web.Response:
        return web.json_response(
            {
                "issuer": CHANNEL_ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"https://{BOTFRAMEWORK}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _botframework_keys(self, _request: web.Request) -> web.Response:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.signing_key.public_key()))
        jwk.update(kid=KID, use="sig", endorsements=["msteams", "emulator"])
        return web.json_response({"keys": [jwk]})

    async def _entra_metadata(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        base = f"https://{ENTRA}/{tenant}"
        return web.json_response(
            {
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "issuer": f"{base}/v2.0",
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
                "response_types_supported": ["code", "token"],
            }
        )

    async def _entra_token(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        self.token_requests.append(TokenRequest(request.match_info["tenant"], form))
        n = len(self.token_requests)
        return web.json_response(
            {"token_type": "Bearer", "expires_in": 3599, "access_token": f"fake-bot-token-{n}"}
        )

    # --- the proxy ----------------------------------------------------------------------------

    async def _tunnel(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
            method, target, _ = head.split("\r\n", 1)[0].split(" ", 2)
            host, _, port = target.rpartition(":")
            if method != "CONNECT" or host not in HOSTS or port != "443":
                self.refused.append(target)
                writer.write(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
                return
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await writer.start_tls(self._tls)
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self._app_port)
            await asyncio.gather(self._pump(reader, up_writer), self._pump(up_reader, writer))
        except (OSError, ValueError, asyncio.IncompleteReadError, ssl.SSLError):
            pass  # a client that went away: nothing to record
        except asyncio.CancelledError:
            pass  # closing down with a keep-alive tunnel still open
        finally:
            writer.close()

    @staticmethod
    async def _pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
        try:
            while chunk := await src.read(65536):
                dst.write(chunk)
                await dst.drain()
        except (OSError, ssl.SSLError):
            pass
        finally:
            if dst.can_write_eof():
                try:
                    dst.write_eof()
                except (OSError, RuntimeError):
                    dst.close()
            else:
                dst.close()

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeMicrosoftLogin:
        self.ca_file, cert, key = _certificates(self.folder)
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(cert, key)
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the fake Microsoft login did not start")
        return self

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)

        async def up() -> None:
            self._runner = web.AppRunner(self._web_app())
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            await site.start()
            self._app_port = self._runner.addresses[0][1]
            self._proxy = await asyncio.start_server(self._tunnel, "127.0.0.1", 0)
            self.proxy_url = f"http://127.0.0.1:{self._proxy.sockets[0].getsockname()[1]}"

        self._loop.run_until_complete(up())
        ready.set()
        self._loop.run_forever()

    def close(self) -> None:
        async def down() -> None:
            self._proxy.close()
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:  # tunnels still open (keep-alive connections)
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)
            await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(down(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
