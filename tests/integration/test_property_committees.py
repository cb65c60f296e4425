"""Owners' committees through the gateway: the red check at 59% and 60%, cross-appointment,
candidate review against the negative list (十不宜)."""
from __future__ import annotations

import uuid

from tests.integration.test_property_companies import compound, ids

CREATE = """mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) {
  __typename ... on PropertyCommittee { id kind partyShare isRed } ... on OperationError { code field } } }"""
MEMBER_FIELDS = """__typename ... on PropertyCommittee { partyShare chairIsPartyMember isRed crossAppointed
  members { name role partyMember branchPost } } ... on OperationError { code field }"""
ADD = "mutation($input: AddCommitteeMemberInput!) { addCommitteeMember(input: $input) { %s } }" % MEMBER_FIELDS
ITEM = """mutation($input: DefineNegativeItemInput!) { defineNegativeItem(input: $input) {
  __typename ... on NegativeItem { id code } ... on OperationError { code field } } }"""
REVIEW = """mutation($input: ReviewCandidateInput!) { reviewCandidate(input: $input) {
  __typename ... on CandidateReview { id eligible hits { itemCode itemText reason } }
  ... on OperationError { code field fieldErrors { field } } } }"""
REVIEWS = "query($c: ID!) { candidateReviews(committeeId: $c) { candidateName eligible } }"
COMMITTEES = "{ committees(first: 100) { edges { node { id } } } }"


def committee(client, branch="仁和小区党支部", compound_id=None):
    data = {"compoundId": compound_id or compound(client), "termStarts": "2025-01-01",
            "termEnds": "2029-12-31"}
    if branch:
        data["branchName"] = branch
    return client(CREATE, input=data)["createCommittee"]


def add_members(client, committee_id: str, party: int, total: int):
    """Chair (a party member) first, then the others, 25 aliased mutations per request."""
    people = [{"committeeId": committee_id, "name": "主任", "role": "chair", "partyMember": True}]
    people += [{"committeeId": committee_id, "name": f"委员{n}", "partyMember": n < party - 1} for n in range(total - 1)]
    last = None
    for start in range(0, len(people), 25):
        chunk = people[start:start + 25]
        args = ", ".join(f"$m{k}: AddCommitteeMemberInput!" for k in range(len(chunk)))
        body = " ".join(f"a{k}: addCommitteeMember(input: $m{k}) {{ {MEMBER_FIELDS} }}" for k in range(len(chunk)))
        data = client(f"mutation({args}) {{ {body} }}", **{f"m{k}": p for k, p in enumerate(chunk)})
        last = data[f"a{len(chunk) - 1}"]
    return last


def test_red_check_at_59_and_60_percent(county_a):
    at59 = add_members(county_a, committee(county_a)["id"], party=59, total=100)
    assert (at59["partyShare"], at59["chairIsPartyMember"], at59["isRed"]) == (0.59, True, False)
    at60 = add_members(county_a, committee(county_a)["id"], party=3, total=5)
    assert (at60["partyShare"], at60["isRed"]) == (0.6, True)


def test_cross_appointment_and_bad_member_input(county_a, superuser_db):
    made = committee(county_a)
    assert (made["kind"], made["partyShare"], made["isRed"]) == ("owners", 0.0, False)
    result = county_a(ADD, input={"committeeId": made["id"], "name": "李", "role": "chair", "partyMember": True,
                                  "branchPost": "支部副书记"})["addCommitteeMember"]
    assert result["crossAppointed"] is True and result["isRed"] is True
    second = county_a(ADD, input={"committeeId": made["id"], "name": "张", "role": "chair"})["addCommitteeMember"]
    assert (second["code"], second["field"]) == ("CONFLICT", "role")
    bad = county_a(ADD, input={"committeeId": made["id"], "name": "", "role": "boss"})["addCommitteeMember"]
    assert bad["code"] == "VALIDATION_FAILED"
    bare = committee(county_a, branch=None)
    no_branch = county_a(ADD, input={"committeeId": bare["id"], "name": "王", "branchPost": "书记"})
    assert no_branch["addCommitteeMember"]["field"] == "branchPost"
    assert superuser_db("property", "SELECT count(*) FROM committee_members WHERE committee_id = :c",
                        c=uuid.UUID(made["id"])) == 1
    wrong_term = county_a(CREATE, input={"compoundId": compound(county_a), "compoundName": "x",
                                         "termStarts": "2025-01-01", "termEnds": "2024-01-01"})["createCommittee"]
    assert (wrong_term["code"], wrong_term["field"]) == ("VALIDATION_FAILED", "termEnds")


def test_candidate_review_with_reasons(county_a, superuser_db):
    made = committee(county_a)
    code = "T" + uuid.uuid4().hex[:8]
    assert county_a(ITEM, input={"code": code, "text": "拖欠物业费且经催缴仍不缴纳的"})["defineNegativeItem"]["code"] == code
    dup = county_a(ITEM, input={"code": code, "text": "重复"})["defineNegativeItem"]
    assert (dup["code"], dup["field"]) == ("CONFLICT", "code")
    assert county_a(ITEM, input={"code": "bad code!", "text": "x"})["defineNegativeItem"]["field"] == "code"
    ok = county_a(REVIEW, input={"committeeId": made["id"], "candidateName": "赵"})["reviewCandidate"]
    assert ok["eligible"] is True
    hit = county_a(REVIEW, input={"committeeId": made["id"], "candidateName": "钱",
                                  "hits": [{"itemCode": code, "reason": "欠缴物业费 2 年"}]})["reviewCandidate"]
    assert hit["eligible"] is False
    assert hit["hits"] == [{"itemCode": code, "itemText": "拖欠物业费且经催缴仍不缴纳的", "reason": "欠缴物业费 2 年"}]
    no_reason = county_a(REVIEW, input={"committeeId": made["id"], "candidateName": "孙",
                                        "hits": [{"itemCode": code, "reason": ""}]})["reviewCandidate"]
    assert (no_reason["code"], no_reason["fieldErrors"][0]["field"]) == ("VALIDATION_FAILED", "hits.0.reason")
    assert [r["candidateName"] for r in county_a(REVIEWS, c=made["id"])["candidateReviews"]] == ["赵", "钱"]
    assert superuser_db("property", "SELECT count(*) FROM candidate_reviews WHERE candidate_name = '孙'") == 0


def test_other_county_cannot_touch_committees(county_a, county_b, superuser_db):
    made = committee(county_a)
    assert made["id"] not in ids(county_b(COMMITTEES)["committees"])
    result = county_b(ADD, input={"committeeId": made["id"], "name": "越权"})["addCommitteeMember"]
    assert (result["code"], result["field"]) == ("NOT_FOUND", "committeeId")
    review = county_b(REVIEW, input={"committeeId": made["id"], "candidateName": "越权"})["reviewCandidate"]
    assert review["__typename"] == "OperationError"
    assert superuser_db("property", "SELECT count(*) FROM committee_members WHERE name = '越权'") == 0


# three-party meetings are tested in test_property_meetings.py (these documents are shared)
MEETING = """mutation($input: RecordThreePartyMeetingInput!) { recordThreePartyMeeting(input: $input) {
  __typename ... on ThreePartyMeeting { id settledCount decisions attendees { side } }
  ... on OperationError { code field } } }"""
MEETINGS = """query($s: Date!, $u: Date!) { threePartyMeetings(since: $s, until: $u) { id communityName settledCount } }"""

REPORT = """mutation($input: SubmitChairReportInput!) { submitChairReport(input: $input) {
  __typename ... on ChairReview { id year } ... on OperationError { code field } } }"""
GRADE = """mutation($input: GradeChairInput!) { gradeChair(input: $input) {
  __typename ... on ChairReview { communityGrade branchGrade } ... on OperationError { code field } } }"""
CHAIR_REVIEWS = "query($c: ID!) { chairReviews(committeeId: $c) { year report communityGrade branchGrade } }"


def test_chair_reports_and_two_grades(county_a, county_b):
    made = committee(county_a)
    grade = {"committeeId": made["id"], "year": 2026, "by": "community", "grade": "good"}
    early = county_a(GRADE, input=grade)["gradeChair"]
    assert (early["code"], early["field"]) == ("NOT_FOUND", "year")
    assert county_a(REPORT, input={"committeeId": made["id"], "year": 2026, "report": "召开业主大会两次"}
                    )["submitChairReport"]["year"] == 2026
    assert county_a(REPORT, input={"committeeId": made["id"], "year": 2026, "report": ""})["submitChairReport"][
        "field"] == "report"
    assert county_a(GRADE, input=grade)["gradeChair"]["communityGrade"] == "good"
    assert county_a(GRADE, input={**grade, "grade": "poor"})["gradeChair"]["code"] == "CONFLICT"
    assert county_a(GRADE, input={**grade, "by": "branch", "grade": "superb"})["gradeChair"]["field"] == "grade"
    county_a(GRADE, input={**grade, "by": "branch", "grade": "excellent"})
    assert county_a(CHAIR_REVIEWS, c=made["id"])["chairReviews"] == [
        {"year": 2026, "report": "召开业主大会两次", "communityGrade": "good", "branchGrade": "excellent"}]
    foreign = county_b(REPORT, input={"committeeId": made["id"], "year": 2027, "report": "越权"})["submitChairReport"]
    assert (foreign["code"], foreign["field"]) == ("NOT_FOUND", "committeeId")
