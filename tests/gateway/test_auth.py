"""Bearer tokens: only verified claims make a Principal."""
import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.auth import TokenVerifier, Unauthenticated
from shared.principal import Scope
from shared.settings import Settings

SECRET = "test-secret-for-gateway-auth-0123456789abcdef"


def claims(**over):
    base = {"sub": "user-1", "tenant": "341181", "roles": ["street_staff"],
            "scope": {"level": "street", "id": "s-1"}, "exp": int(time.time()) + 300}
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def bearer(payload, key=SECRET, alg="HS256", **kw):
    return "Bearer " + jwt.encode(payload, key, algorithm=alg, **kw)


@pytest.fixture
def verifier():
    return TokenVerifier(Settings(jwt_secret=SECRET))


def refused(verifier, header, code):
    with pytest.raises(Unauthenticated) as info:
        verifier.verify(header)
    assert info.value.code == code
    return info.value


def test_valid_token(verifier):
    principal = verifier.verify(bearer(claims()))
    assert principal.tenant == "341181"
    assert principal.subject == "user-1"
    assert principal.roles == ("street_staff",)
    assert principal.scope == Scope("street", "s-1")


def test_missing_scope_claim_means_county(verifier):
    assert verifier.verify(bearer(claims(scope=None))).scope == Scope("county")


@pytest.mark.parametrize("header", [None, ""])
def test_missing_header(verifier, header):
    refused(verifier, header, "UNAUTHENTICATED")


def test_wrong_scheme(verifier):
    token = jwt.encode(claims(), SECRET, algorithm="HS256")
    refused(verifier, f"Basic {token}", "UNAUTHENTICATED")
    refused(verifier, "Bearer   ", "UNAUTHENTICATED")


def test_garbage_token(verifier):
    refused(verifier, "Bearer not.a.jwt", "TOKEN_INVALID")


def test_expired_token(verifier):
    # beyond the 30 s leeway
    refused(verifier, bearer(claims(exp=int(time.time()) - 120)), "TOKEN_EXPIRED")


def test_wrong_secret(verifier):
    refused(verifier, bearer(claims(), key="another-secret-another-secret-0123456789"), "TOKEN_INVALID")


def test_missing_exp_refused(verifier):
    refused(verifier, bearer(claims(exp=None)), "TOKEN_INVALID")


@pytest.mark.parametrize("tenant", [None, "34118", 341181])
def test_missing_or_bad_tenant_claim(verifier, tenant):
    error = refused(verifier, bearer(claims(tenant=tenant)), "TENANT_CLAIM_MISSING")
    assert error.field == "tenant"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_alg_none_refused(verifier):
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims())}."
    refused(verifier, f"Bearer {unsigned}", "TOKEN_INVALID")


@pytest.mark.parametrize("scope", [{"level": "province", "id": "34"}, {"level": "street"}, "county"])
def test_bad_scope_refused(verifier, scope):
    error = refused(verifier, bearer(claims(scope=scope)), "TOKEN_INVALID")
    assert error.field == "scope"


# --- RS256 against a JWKS ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url(rsa_key):
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(rsa_key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def jwks_verifier(jwks_url):
    return TokenVerifier(Settings(jwt_jwks_url=jwks_url))


def test_rs256_token_from_jwks_accepted(jwks_verifier, rsa_key):
    principal = jwks_verifier.verify(bearer(claims(), key=rsa_key, alg="RS256", headers={"kid": "k1"}))
    assert (principal.tenant, principal.scope) == ("341181", Scope("street", "s-1"))


def test_rs256_token_from_other_key_refused(jwks_verifier):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused(jwks_verifier, bearer(claims(), key=other, alg="RS256", headers={"kid": "k1"}), "TOKEN_INVALID")


def test_hs256_signed_with_public_key_refused(jwks_verifier, rsa_key):
    """Algorithm confusion: the public key text used as an HMAC secret must not verify."""
    public_pem = rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    header = {"alg": "HS256", "typ": "JWT", "kid": "k1"}
    signing_input = f"{_b64(header)}.{_b64(claims())}".encode()
    # pyjwt refuses to HMAC with a PEM key, so sign by hand as an attacker would
    signature = base64.urlsafe_b64encode(hmac.new(public_pem, signing_input, hashlib.sha256).digest())
    token = signing_input.decode() + "." + signature.rstrip(b"=").decode()
    refused(jwks_verifier, f"Bearer {token}", "TOKEN_INVALID")
