"""Volunteer mutations: teams, volunteers, activities and attendance. Each returns its object or
an OperationError (nothing written); the points mutations are inherited from PointsMutation."""
from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.volunteer.points_mutations import PointsMutation, _call, _plain, _union
from gateway.volunteer.types import ActivitySignup, Volunteer, VolunteerActivity, VolunteerTeam


@strawberry.input(description="A new volunteer team (志愿服务队).")
class CreateVolunteerTeamInput:
    name: str = strawberry.field(description="The team's name (队名), 1–64 characters.")
    community_id: strawberry.ID | None = strawberry.field(
        default=None, description="The community's id it serves (所属社区); null for a team not tied to one.")


@strawberry.input(description="A new volunteer (志愿者登记).")
class RegisterVolunteerInput:
    name: str = strawberry.field(description="Their name (姓名), 1–64 characters.")
    kind: str = strawberry.field(default="resident", description="resident or party_member")
    member_id: str | None = strawberry.field(default=None, description=(
        "The party member's id in the county's roster (党员编号); required for party members, NOT_FOUND "
        "when it is not a member of this county"))
    team_id: strawberry.ID | None = strawberry.field(default=None,
                                                     description="The team's id to join (所属志愿服务队).")
    community_id: strawberry.ID | None = strawberry.field(
        default=None, description="The community's id (所在社区); default the team's. With gridId it must be "
                                  "the grid's community.")
    street_id: strawberry.ID | None = strawberry.field(
        default=None, description="The street's id (所在街道); replaced by the grid's street when gridId is "
                                  "given.")
    grid_id: strawberry.ID | None = strawberry.field(
        default=None, description="The grid served (所在网格); its community and street follow.")
    subject: str | None = strawberry.field(
        default=None, description="The user account (token sub) that may act as this volunteer: "
                                  "sign up, check in, redeem. Staff may act for anyone.")


@strawberry.input(description="Put a volunteer in a grid (所在网格); its community and street follow.")
class PlaceVolunteerInput:
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer's id (志愿者).")
    grid_id: strawberry.ID = strawberry.field(description="The grid's id to serve in (所在网格).")


@strawberry.input(description="A new volunteer activity (发布志愿活动).")
class CreateVolunteerActivityInput:
    title: str = strawberry.field(description="Its title (活动名称), 1–100 characters.")
    place: str = strawberry.field(description="Where, as free text (活动地点), 1–100 characters.")
    starts_at: datetime = strawberry.field(description="Start (开始时间), ISO 8601 with offset; its day in "
                                                       "China time picks the points rule.")
    ends_at: datetime = strawberry.field(description="End (结束时间), after the start.")
    capacity: int = strawberry.field(description="Places available (名额), 1–10000; sign-ups stop when full.")
    kind: str = strawberry.field(default="other",
                                 description="policy_talk, cleanup, mediation, patrol, care, other")
    team_id: strawberry.ID | None = strawberry.field(default=None,
                                                     description="The organizing team's id (志愿服务队).")


@strawberry.input(description="Hours confirmed by the organizer (确认时长); default check-in to check-out.")
class ConfirmVolunteerHoursInput:
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer's id; they must have checked in.")
    activity_id: strawberry.ID = strawberry.field(description="The activity's id (志愿活动).")
    hours: float | None = strawberry.field(
        default=None, description="Hours served (志愿服务时长), over 0 and at most 24; null: check-in to "
                                  "check-out. Never more than the activity lasted.")


TeamResult = _union("CreateVolunteerTeamResult", VolunteerTeam)
VolunteerResult = _union("RegisterVolunteerResult", Volunteer)
ActivityResult = _union("CreateVolunteerActivityResult", VolunteerActivity)
SignupResult = _union("ActivitySignupResult", ActivitySignup)


@strawberry.type
class VolunteerMutation(PointsMutation):
    @strawberry.mutation(description="Create a volunteer team (新建志愿服务队).")
    async def create_volunteer_team(self, info: strawberry.Info, input: CreateVolunteerTeamInput) -> TeamResult:
        return await _call(info, VolunteerTeam.from_rpc, "create_team", _plain(input))

    @strawberry.mutation(description="Register a volunteer (志愿者登记).")
    async def register_volunteer(self, info: strawberry.Info, input: RegisterVolunteerInput) -> VolunteerResult:
        return await _call(info, Volunteer.from_rpc, "register_volunteer", _plain(input))

    @strawberry.mutation(description="Put a volunteer in a grid (调整所在网格); leaderboards and "
                                     "data scope follow the grid.")
    async def place_volunteer(self, info: strawberry.Info, input: PlaceVolunteerInput) -> VolunteerResult:
        return await _call(info, Volunteer.from_rpc, "place_volunteer", _plain(input))

    @strawberry.mutation(description="Publish a volunteer activity (发布志愿活动).")
    async def create_volunteer_activity(self, info: strawberry.Info,
                                        input: CreateVolunteerActivityInput) -> ActivityResult:
        return await _call(info, VolunteerActivity.from_rpc, "create_activity", _plain(input))

    @strawberry.mutation(description="Sign up for an activity (报名); refused when full.")
    async def sign_up_for_activity(self, info: strawberry.Info, volunteer_id: strawberry.ID,
                                   activity_id: strawberry.ID) -> SignupResult:
        return await _call(info, ActivitySignup.from_rpc, "sign_up", str(volunteer_id), str(activity_id))

    @strawberry.mutation(description="Withdraw a sign-up before check-in (取消报名).")
    async def withdraw_from_activity(self, info: strawberry.Info, volunteer_id: strawberry.ID,
                                     activity_id: strawberry.ID) -> SignupResult:
        return await _call(info, ActivitySignup.from_rpc, "withdraw", str(volunteer_id), str(activity_id))

    @strawberry.mutation(description="Check in on site with the activity's code (签到).")
    async def check_in_to_activity(self, info: strawberry.Info, volunteer_id: strawberry.ID,
                                   activity_id: strawberry.ID, code: str) -> SignupResult:
        return await _call(info, ActivitySignup.from_rpc, "check_in", str(volunteer_id), str(activity_id), code)

    @strawberry.mutation(description="Check out (签退).")
    async def check_out_of_activity(self, info: strawberry.Info, volunteer_id: strawberry.ID,
                                    activity_id: strawberry.ID) -> SignupResult:
        return await _call(info, ActivitySignup.from_rpc, "check_out", str(volunteer_id), str(activity_id))

    @strawberry.mutation(description="Confirm a volunteer's hours and award points by the day's rule (确认时长).")
    async def confirm_volunteer_hours(self, info: strawberry.Info,
                                      input: ConfirmVolunteerHoursInput) -> SignupResult:
        return await _call(info, ActivitySignup.from_rpc, "confirm_hours", _plain(input))
