"""A tiny OpenID provider on loopback, for the single sign-on tests (issue 17).

Built with Authlib's server side: ``AuthorizationServer`` with the authorization-code grant,
OpenID Connect's ``OpenIDCode`` extension (ID tokens signed RS256 with a key made here, nonce
required) and PKCE (``CodeChallenge(required=True)``: a code without its verifier is refused).
It serves discovery, the JWKS, authorize, token and userinfo over real HTTP from werkzeug's
``make_server`` in a thread, on 127.0.0.1 and a free port. The authorize endpoint approves at
once for ``provider.user`` (a test sets who is "signed in at the provider"; None refuses).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc.jwk import RSAKey

from .threaded_server import threaded_server

SCOPES = {"openid", "email", "profile"}


@dataclass
class ProviderUser:
    sub: str
    email: str
    name: str
    email_verified: bool = True


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in (scope or "").split() if s in SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(client_secret.encode(), self.client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in {"client_secret_basic", "client_secret_post"}

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: ProviderUser
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> None:
        return None


@dataclass
class OidcProvider:
    client: Client
    user: ProviderUser | None = None
    key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(
            2048, parameters={"kid": "test-" + secrets.token_hex(4), "use": "sig", "alg": "RS256"}
        )
    )
    issuer: str = ""
    # A key not in the JWKS that signs the ID tokens instead (a forger), when set.
    forged_key: RSAKey | None = None
    codes: dict[str, Code] = field(default_factory=dict)
    tokens: dict[str, ProviderUser] = field(default_factory=dict)
    token_requests: int = 0  # how many times the token endpoint answered

    def userinfo_of(self, user: ProviderUser) -> UserInfo:
        return UserInfo(
            sub=user.sub, email=user.email, email_verified=user.email_verified, name=user.name
        )

    def app(self) -> Flask:  # noqa: C901 - one closure per endpoint, kept together
        provider = self
        app = Flask("oidc_provider")

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code: str, req: Any) -> None:
                data = req.payload.data
                provider.codes[code] = Code(
                    code=code,
                    client_id=req.client.client_id,
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.scope,
                    user=req.user,
                    nonce=data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                    auth_time=int(time.time()),
                )

            def query_authorization_code(self, code: str, client: Client) -> Code | None:
                found = provider.codes.get(code)
                return found if found is not None and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: Code) -> ProviderUser:
                return authorization_code.user

        class Oidc(OpenIDCode):
            def exists_nonce(self, nonce: str, req: Any) -> bool:
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client: Client) -> RSAKey:
                return provider.forged_key or provider.key

            def get_client_claims(self, client: Client) -> dict[str, Any]:
                return {"iss": provider.issuer, "aud": [client.client_id]}

            def get_encode_header(self, client: Client) -> dict[str, str]:
                return {"alg": "RS256", "kid": provider.key.kid or ""}

            def generate_user_info(self, user: ProviderUser, scope: str) -> UserInfo:
                return provider.userinfo_of(user)

        def query_client(client_id: str) -> Client | None:
            return provider.client if client_id == provider.client.client_id else None

        def save_token(token: dict[str, Any], req: Any) -> None:
            provider.tokens[token["access_token"]] = req.user

        server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
        server.register_grant(CodeGrant, [Oidc(require_nonce=True), CodeChallenge(required=True)])

        @app.get("/.well-known/openid-configuration")
        def discovery() -> Any:
            base = provider.issuer
            return jsonify(
                issuer=base,
                authorization_endpoint=base + "/authorize",
                token_endpoint=base + "/token",
                userinfo_endpoint=base + "/userinfo",
                jwks_uri=base + "/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
                scopes_supported=sorted(SCOPES),
                token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
            )

        @app.get("/jwks")
        def jwks() -> Any:
            return jsonify(keys=[provider.key.as_dict(private=False)])

        @app.get("/authorize")
        def authorize() -> Any:
            # Auto-approved for the configured user; no user is the person saying no.
            try:
                grant = server.get_consent_grant(end_user=provider.user)
            except OAuth2Error as error:
                return server.handle_error_response(None, error)
            return server.create_authorization_response(grant=grant, grant_user=provider.user)

        @app.post("/token")
        def token() -> Any:
            provider.token_requests += 1
            return server.create_token_response()

        @app.get("/userinfo")
        def userinfo() -> Any:
            bearer = request.headers.get("Authorization", "").removeprefix("Bearer ")
            user = provider.tokens.get(bearer)
            if user is None:
                return jsonify(error="invalid_token"), 401
            return jsonify(dict(provider.userinfo_of(user)))

        return app


class RunningProvider:
    """``OidcProvider`` served on 127.0.0.1 at a free port until ``stop``."""

    def __init__(self, provider: OidcProvider) -> None:
        self.provider = provider
        self._server = threaded_server(provider.app())
        provider.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def issuer(self) -> str:
        return self.provider.issuer

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def start_provider(redirect_uris: list[str], user: ProviderUser | None = None) -> RunningProvider:
    client = Client(
        client_id="scorecard-" + secrets.token_hex(4),
        client_secret=secrets.token_urlsafe(24),
        redirect_uris=redirect_uris,
    )
    return RunningProvider(OidcProvider(client=client, user=user))
