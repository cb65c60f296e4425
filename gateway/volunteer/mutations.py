"""Volunteer mutations: teams, volunteers, activities and attendance. Each returns its object or
an OperationError (nothing written); the points mutations are inherited from PointsMutation."""
from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.volunteer.points_mutations import PointsMutation, _call, _plain, _union
from gateway.volunteer.types import ActivitySignup, Volunteer, VolunteerActivity, VolunteerTeam


@strawberry.input(description="A new volunteer team (志愿服务队).")
class CreateVolunteerTeamInput:
    name: str
    community_id: strawberry.ID | None = None


@strawberry.input(description="A new volunteer (志愿者登记).")
class RegisterVolunteerInput:
    name: str
    kind: str = strawberry.field(default="resident", description="resident or party_member")
    member_id: str | None = strawberry.field(default=None, description="required for party members")
    team_id: strawberry.ID | None = None
    community_id: strawberry.ID | None = None
    street_id: strawberry.ID | None = None
    grid_id: strawberry.ID | None = strawberry.field(
        default=None, description="The grid served (所在网格); its community and street follow.")
    subject: str | None = strawberry.field(
        default=None, description="The user account (token sub) that may act as this volunteer: "
                                  "sign up, check in, redeem. Staff may act for anyone.")


@strawberry.input(description="Put a volunteer in a grid (所在网格); its community and street follow.")
class PlaceVolunteerInput:
    volunteer_id: strawberry.ID
    grid_id: strawberry.ID


@strawberry.input(description="A new volunteer activity (发布志愿活动).")
class CreateVolunteerActivityInput:
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    kind: str = strawberry.field(default="other",
                                 description="policy_talk, cleanup, mediation, patrol, care, other")
    team_id: strawberry.ID | None = None


@strawberry.input(description="Hours confirmed by the organizer (确认时长); default check-in to check-out.")
class ConfirmVolunteerHoursInput:
    volunteer_id: strawberry.ID
    activity_id: strawberry.ID
    hours: float | None = None


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
