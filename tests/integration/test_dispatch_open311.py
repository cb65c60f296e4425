"""Open311 GeoReport v2 at the gateway with a plain HTTP client: services list, a form-encoded
request creating a case through the same intake, its status with our extended attributes as it
moves through the closed loop, refusals, and another county seeing nothing. Clients authenticate
with per-county Open311 API keys (Open311 接口密钥) that a county admin creates and revokes."""
from __future__ import annotations

import hashlib
import uuid

import httpx

from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import ACCEPT, RESOLVE, run
from tests.integration.territory_ops import lay_out

KEY = "... on Open311Key { id label prefix secret active createdAt lastUsedAt revokedAt }"
ANSWER = f"__typename {KEY} ... on OperationError {{ code field message }}"
CREATE_KEY = f"mutation($label: String!) {{ createOpen311Key(label: $label) {{ {ANSWER} }} }}"
REVOKE_KEY = f"mutation($id: ID!) {{ revokeOpen311Key(id: $id) {{ {ANSWER} }} }}"
KEYS = "query { open311Keys(first: 100) { edges { node { id label prefix secret active lastUsedAt } } } }"


def new_key(client, label: str = "12345 热线") -> dict:
    created = client(CREATE_KEY, label=label)["createOpen311Key"]
    assert created["__typename"] == "Open311Key", created
    return created


def test_open311_services_request_and_status(county_a, gateway_url, superuser_db):
    base = gateway_url + "/open311/v2"
    key = new_key(county_a)["secret"]
    services = httpx.get(f"{base}/services.json", params={"api_key": key}, timeout=30)
    assert services.status_code == 200
    codes = {s["service_code"]: s for s in services.json()}
    assert codes["parking"]["service_name"] == "停车秩序" and codes["parking"]["type"] == "realtime"

    place = lay_out(county_a)
    media = b"\x89PNG hotline photo"
    created = httpx.post(f"{base}/requests.json", data={
        "api_key": key, "service_code": "parking", "description": "消防通道被占用",
        "grid_id": place["grid"], "lat": "32.69", "long": "119.00", "address_string": "幸福小区南门",
        "media_url": "https://oss.example.cn/a.png", "media_sha256": hashlib.sha256(media).hexdigest(),
        "media_size": str(len(media)), "media_type": "image/png",
        "first_name": "张", "phone": "13800000000"}, timeout=30)
    assert created.status_code == 201, created.text
    [answer] = created.json()
    case_id = answer["service_request_id"]
    assert superuser_db("dispatch", "SELECT source FROM cases WHERE id = :c", c=uuid.UUID(case_id)) == "hotline"
    assert superuser_db("dispatch", "SELECT count(*) FROM case_evidence WHERE case_id = :c",
                        c=uuid.UUID(case_id)) == 1

    assert superuser_db("dispatch", "SELECT reporter FROM cases WHERE id = :c",
                        c=uuid.UUID(case_id)).startswith("open311:")

    def status() -> dict:  # the key as a bearer credential works too
        response = httpx.get(f"{base}/requests/{case_id}.json",
                             headers={"Authorization": f"Bearer {key}"}, timeout=30)
        assert response.status_code == 200, response.text
        [request] = response.json()
        return request

    opened = status()
    assert (opened["status"], opened["service_code"], opened["service_name"]) == ("open", "parking", "停车秩序")
    assert (opened["lat"], opened["long"], opened["address"]) == (32.69, 119.0, "幸福小区南门")
    assert opened["extended_attributes"]["status"] == "reported"
    run(county_a, ACCEPT, caseId=case_id, level="COMMUNITY", note="社区受理")
    accepted = status()
    assert accepted["extended_attributes"]["level"] == "community"
    assert accepted["expected_datetime"] and accepted["status_notes"] == "社区受理"
    run(county_a, RESOLVE, caseId=case_id, note="已清理")
    closed = status()
    assert (closed["status"], closed["status_notes"]) == ("closed", "已清理")
    assert closed["updated_datetime"] > closed["requested_datetime"]
    listed = httpx.get(f"{base}/requests.json", params={"api_key": key, "service_request_id": case_id},
                       timeout=30).json()
    assert [r["service_request_id"] for r in listed] == [case_id]


def test_open311_refusals(county_a, county_b, gateway_url, superuser_db):
    base = gateway_url + "/open311/v2"
    key = new_key(county_a)["secret"]
    place = lay_out(county_a)
    before = superuser_db("dispatch", "SELECT count(*) FROM cases")
    assert httpx.get(f"{base}/services.json", timeout=30).status_code == 401
    missing = httpx.post(f"{base}/requests.json", data={"api_key": key, "service_code": "parking",
                                                        "description": "无网格"}, timeout=30)
    assert missing.status_code == 400 and missing.json()[0]["field"] == "gridId"
    bad_media = httpx.post(f"{base}/requests.json", data={
        "api_key": key, "service_code": "parking", "description": "x", "grid_id": place["grid"],
        "media_url": "https://oss.example.cn/a.png"}, timeout=30)
    assert bad_media.status_code == 400 and bad_media.json()[0]["field"].startswith("evidence.0")
    half_point = httpx.post(f"{base}/requests.json", data={
        "api_key": key, "service_code": "parking", "description": "x", "grid_id": place["grid"],
        "lat": "32.1"}, timeout=30)
    assert half_point.status_code == 400 and half_point.json()[0]["field"] == "point"
    foreign = httpx.post(f"{base}/requests.json", data={
        "api_key": new_key(county_b)["secret"], "service_code": "parking", "description": "越权",
        "grid_id": place["grid"]}, timeout=30)
    assert foreign.status_code == 404
    assert superuser_db("dispatch", "SELECT count(*) FROM cases") == before
    unknown = httpx.get(f"{base}/requests/{uuid.uuid4()}.json", params={"api_key": key}, timeout=30)
    assert unknown.status_code == 404


def test_open311_keys_lifecycle(county_a, gateway_url, superuser_db):
    base = gateway_url + "/open311/v2"
    created = new_key(county_a, "市民 App")
    secret = created["secret"]
    assert secret.startswith("o311_") and created["prefix"] == secret[:13] and created["active"]
    assert created["lastUsedAt"] is None and created["revokedAt"] is None
    # kept as a hash only: the secret is nowhere in the database
    assert superuser_db("dispatch", "SELECT count(*) FROM open311_keys WHERE key_hash = :h",
                        h=hashlib.sha256(secret.encode()).hexdigest()) == 1
    assert superuser_db("dispatch", "SELECT count(*) FROM open311_keys WHERE key_hash = :s "
                                    "OR prefix = :s OR label = :s", s=secret) == 0
    assert httpx.get(f"{base}/services.json", params={"api_key": secret}, timeout=30).status_code == 200
    [listed] = [e["node"] for e in county_a(KEYS)["open311Keys"]["edges"] if e["node"]["id"] == created["id"]]
    assert listed["secret"] is None and listed["lastUsedAt"] and listed["prefix"] == created["prefix"]

    revoked = county_a(REVOKE_KEY, id=created["id"])["revokeOpen311Key"]
    assert (revoked["active"], revoked["secret"]) == (False, None) and revoked["revokedAt"]
    refused = httpx.get(f"{base}/services.json", params={"api_key": secret}, timeout=30)
    assert refused.status_code == 403
    assert refused.json()[0]["civicgrid_code"] == "FORBIDDEN" and refused.json()[0]["field"] == "apiKey"
    unknown = httpx.get(f"{base}/services.json", params={"api_key": "o311_" + "x" * 43}, timeout=30)
    assert unknown.status_code == 401 and unknown.json()[0]["code"] == 401
    # a user token is no API key (it would sit in access logs and cannot be revoked apart from
    # its user); in the Authorization header it still works
    as_key = httpx.get(f"{base}/services.json", params={"api_key": token("341181", "command_center")},
                       timeout=30)
    assert as_key.status_code == 401 and as_key.json()[0]["field"] == "apiKey"
    as_bearer = httpx.get(f"{base}/services.json", timeout=30,
                          headers={"Authorization": f"Bearer {token('341181', 'command_center')}"})
    assert as_bearer.status_code == 200

    # only county admins manage keys, and each county sees its own
    staff = Client(gateway_url, token("341181", "command_center"))
    denied = staff.raw(CREATE_KEY, {"label": "x"}).json()
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert staff.raw(KEYS).json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = Client(gateway_url, token("341102", "county_admin"))
    assert created["id"] not in {e["node"]["id"] for e in other(KEYS)["open311Keys"]["edges"]}
    foreign = other(REVOKE_KEY, id=created["id"])["revokeOpen311Key"]
    assert (foreign["__typename"], foreign["code"]) == ("OperationError", "NOT_FOUND")
    blank = county_a(CREATE_KEY, label=" ")["createOpen311Key"]
    assert (blank["__typename"], blank["field"]) == ("OperationError", "label")
