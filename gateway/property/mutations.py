"""Property mutations: each returns the object or an OperationError (nothing written)."""
from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from gateway.errors import OperationError, mutate
from gateway.property import inputs as i
from gateway.property import oversight_inputs as o
from gateway.property.committee_types import (
    CandidateReview, ChairReview, Committee, NegativeItem, ThreePartyMeeting,
)
from gateway.property.evaluation_types import Evaluation, IndicatorSet, ScoreSubmission
from gateway.property.oversight_types import Inspection, InspectionDraw
from gateway.property.survey_types import SatisfactionSurvey, SurveyAnswer
from gateway.property.types import (
    CompoundManagement, CreditEntry, FundingEntry, ManagementContract, PropertyCompany,
)


def _union(t, name):
    return Annotated[t | OperationError, strawberry.union(name)]


async def _do(info: strawberry.Info, method: str, build, *args):
    return await mutate(info, "property", method, *args, build=build)


@strawberry.type
class PropertyMutation:
    @strawberry.mutation(description="Register a property company (物业企业登记).")
    async def register_property_company(self, info: strawberry.Info, input: i.RegisterPropertyCompanyInput
                                        ) -> _union(PropertyCompany, "RegisterPropertyCompanyResult"):
        return await _do(info, "register_company", PropertyCompany.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Add a management contract (物业服务合同).")
    async def add_management_contract(self, info: strawberry.Info, input: i.AddManagementContractInput
                                      ) -> _union(ManagementContract, "AddManagementContractResult"):
        return await _do(info, "add_management_contract", ManagementContract.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Append a note to a company's credit file (信用档案).")
    async def append_credit_entry(self, info: strawberry.Info, input: i.AppendCreditEntryInput
                                  ) -> _union(CreditEntry, "AppendCreditEntryResult"):
        return await _do(info, "append_credit_entry", CreditEntry.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Set a compound's management mode (管理模式).")
    async def set_compound_management(self, info: strawberry.Info, input: i.SetCompoundManagementInput
                                      ) -> _union(CompoundManagement, "SetCompoundManagementResult"):
        return await _do(info, "set_compound_mode", CompoundManagement.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Record fallback-service funding or spending (兜底物业经费).")
    async def record_fallback_funding(self, info: strawberry.Info, input: i.RecordFallbackFundingInput
                                      ) -> _union(FundingEntry, "RecordFallbackFundingResult"):
        return await _do(info, "record_funding", FundingEntry.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Create an owners' or property management committee (业委会/物管会).")
    async def create_committee(self, info: strawberry.Info, input: i.CreateCommitteeInput
                               ) -> _union(Committee, "CreateCommitteeResult"):
        return await _do(info, "create_committee", Committee.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Add a committee member; returns the committee with its red check.")
    async def add_committee_member(self, info: strawberry.Info, input: i.AddCommitteeMemberInput
                                   ) -> _union(Committee, "AddCommitteeMemberResult"):
        return await _do(info, "add_committee_member", Committee.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Add an item to the candidates' negative list (十不宜).")
    async def define_negative_item(self, info: strawberry.Info, input: i.DefineNegativeItemInput
                                   ) -> _union(NegativeItem, "DefineNegativeItemResult"):
        return await _do(info, "define_negative_item", NegativeItem.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Record a candidate's review against the negative list.")
    async def review_candidate(self, info: strawberry.Info, input: i.ReviewCandidateInput
                               ) -> _union(CandidateReview, "ReviewCandidateResult"):
        return await _do(info, "review_candidate", CandidateReview.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Draw the month's inspection sample (月度随机抽查抽签).")
    async def draw_inspections(self, info: strawberry.Info, input: o.DrawInspectionsInput
                               ) -> _union(InspectionDraw, "DrawInspectionsResult"):
        return await _do(info, "draw_inspections", InspectionDraw.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Record an inspection of a sampled compound (抽查记录).")
    async def record_inspection(self, info: strawberry.Info, input: o.RecordInspectionInput
                                ) -> _union(Inspection, "RecordInspectionResult"):
        return await _do(info, "record_inspection", Inspection.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Define the tenant's indicator set from a year on (制定考评指标体系). "
                                     "Send the indicators as a variable; sets are never edited.")
    async def define_indicator_set(self, info: strawberry.Info, input: o.DefineIndicatorSetInput
                                   ) -> _union(IndicatorSet, "DefineIndicatorSetResult"):
        return await _do(info, "define_indicator_set", IndicatorSet.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Open a year's evaluation (年度考评).")
    async def open_evaluation(self, info: strawberry.Info, input: o.OpenEvaluationInput
                              ) -> _union(Evaluation, "OpenEvaluationResult"):
        return await _do(info, "open_evaluation", Evaluation.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Submit one party's indicator scores for a company (三方评分).")
    async def submit_evaluation_scores(self, info: strawberry.Info, input: o.SubmitEvaluationScoresInput
                                       ) -> _union(ScoreSubmission, "SubmitEvaluationScoresResult"):
        return await _do(info, "submit_scores", lambda d: ScoreSubmission(**d), i.to_payload(input))

    @strawberry.mutation(description="Publish the ranking, red/black lists and credit entries (发布红黑榜).")
    async def publish_evaluation(self, info: strawberry.Info, evaluation_id: strawberry.ID,
                                 on: date | None = None) -> _union(Evaluation, "PublishEvaluationResult"):
        return await _do(info, "publish_evaluation", Evaluation.from_rpc, str(evaluation_id),
                         on.isoformat() if on else None)

    @strawberry.mutation(description="Open a compound's quarterly satisfaction survey (满意度测评).")
    async def open_satisfaction_survey(self, info: strawberry.Info, input: o.OpenSatisfactionSurveyInput
                                       ) -> _union(SatisfactionSurvey, "OpenSatisfactionSurveyResult"):
        return await _do(info, "open_survey", SatisfactionSurvey.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Record one household's answer.")
    async def answer_satisfaction_survey(self, info: strawberry.Info, input: o.AnswerSatisfactionSurveyInput
                                         ) -> _union(SurveyAnswer, "AnswerSatisfactionSurveyResult"):
        return await _do(info, "answer_survey", lambda d: SurveyAnswer(**d), i.to_payload(input))

    @strawberry.mutation(description="Record a weekly three-party meeting (三联办).")
    async def record_three_party_meeting(self, info: strawberry.Info, input: o.RecordThreePartyMeetingInput
                                         ) -> _union(ThreePartyMeeting, "RecordThreePartyMeetingResult"):
        return await _do(info, "record_meeting", ThreePartyMeeting.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Submit the committee chair's yearly report (一述双评: 述职).")
    async def submit_chair_report(self, info: strawberry.Info, input: o.SubmitChairReportInput
                                  ) -> _union(ChairReview, "SubmitChairReportResult"):
        return await _do(info, "submit_chair_report", ChairReview.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="Grade the chair's report, once per side (一述双评: 双评).")
    async def grade_chair(self, info: strawberry.Info, input: o.GradeChairInput) -> _union(ChairReview, "GradeChairResult"):
        return await _do(info, "grade_chair", ChairReview.from_rpc, i.to_payload(input))

    @strawberry.mutation(description="File an inspection's unfiled findings as rectification cases (整改).")
    async def file_rectifications(self, info: strawberry.Info, inspection_id: strawberry.ID, grid_id: strawberry.ID
                                  ) -> _union(Inspection, "FileRectificationsResult"):
        return await _do(info, "file_rectifications", Inspection.from_rpc, str(inspection_id), str(grid_id))
