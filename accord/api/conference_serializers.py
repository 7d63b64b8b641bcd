"""Risk-conference serializers: what a referral carries (its identity snapshot, risk level and
summary, the criteria), research, actions. No field for her contact or location exists here."""

from rest_framework import serializers

from accord.conferences.access import readable_snapshot
from accord.conferences.models import (
    REASON_MAX,
    TEXT_MAX,
    ActionStatus,
    AttendanceStatus,
    Conference,
    ConferenceMember,
    ConferenceReferral,
    ConferenceReferralStatus,
    MeetingKind,
    MeetingStatus,
    Minute,
)
from accord.conferences.selectors import referable_conferences
from accord.conferences.services import CLOSING_STATUSES


class ConferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Conference
        fields = ["id", "name", "area", "schedule", "time_zone"]


class ConferenceMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    team = serializers.IntegerField(source="team_id")
    agency = serializers.CharField(source="team.service.name")
    team_name = serializers.CharField(source="team.name")
    representative = serializers.IntegerField(source="representative_id")
    representative_name = serializers.SerializerMethodField()

    def get_representative_name(self, member: ConferenceMember) -> str:
        return member.representative.get_full_name() or str(member.representative)


class ConferenceDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    area = serializers.CharField()
    team = serializers.IntegerField(source="team_id", help_text="The coordinating team.")
    schedule = serializers.CharField()
    first_meeting_at = serializers.DateTimeField()
    time_zone = serializers.CharField()
    chair = serializers.IntegerField(source="chair_id", allow_null=True)
    version = serializers.IntegerField()


class ConferenceInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    area = serializers.CharField(max_length=200)
    schedule = serializers.CharField(
        max_length=200, help_text="A recurrence rule, e.g. FREQ=MONTHLY;BYDAY=+2TU."
    )
    first_meeting_at = serializers.DateTimeField(help_text="With its time zone.")
    time_zone = serializers.CharField(max_length=64, default="Europe/London")
    chair = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text="A person who works in the coordinating team or in a member agency.",
    )


class ConferenceCreateInputSerializer(ConferenceInputSerializer):
    team = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="One of the teams in which you are a conference coordinator.",
    )


class ConferenceUpdateInputSerializer(ConferenceInputSerializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class ConferenceMemberInputSerializer(serializers.Serializer):
    team = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    representative = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="A person who works in that team."
    )


class EmergencyMeetingInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text="Today or later, with its time zone.")


class ConferenceReferralSerializer(serializers.Serializer):
    reference = serializers.CharField()
    conference = serializers.IntegerField(source="conference_id")
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True)
    status = serializers.ChoiceField(choices=ConferenceReferralStatus.choices)
    criteria = serializers.ListField(child=serializers.CharField())
    is_repeat = serializers.BooleanField()
    given_name = serializers.SerializerMethodField()
    family_name = serializers.SerializerMethodField()
    risk_level = serializers.CharField()
    risk_summary = serializers.CharField()
    children_in_household = serializers.IntegerField()
    referring_agency = serializers.CharField(source="referring_team.service.name")
    version = serializers.IntegerField()

    def get_given_name(self, referral: ConferenceReferral) -> str:
        return readable_snapshot(referral).get("given_name", "")

    def get_family_name(self, referral: ConferenceReferral) -> str:
        return readable_snapshot(referral).get("family_name", "")


class ConferenceReferralInputSerializer(serializers.Serializer):
    case = serializers.CharField(max_length=20, help_text="The reference of her case.")
    conference = serializers.IntegerField()
    risk_summary = serializers.CharField(max_length=TEXT_MAX)
    judgement_reason = serializers.CharField(
        max_length=REASON_MAX, required=False, allow_blank=True
    )


class ResearchSerializer(serializers.Serializer):
    agency = serializers.CharField(source="team.service.name")
    summary = serializers.CharField()
    involvement = serializers.CharField(allow_null=True)
    risks_known = serializers.CharField(allow_null=True)
    views_and_wishes = serializers.CharField(allow_null=True)
    version = serializers.IntegerField()


class ResearchInputSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=TEXT_MAX)
    involvement = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    risks_known = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    views_and_wishes = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="The version you read; leave out for a first entry."
    )


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    referral = serializers.CharField(source="referral.reference")
    agency = serializers.CharField(source="team.service.name")
    owner = serializers.CharField()
    what = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    version = serializers.IntegerField()


class ActionInputSerializer(serializers.Serializer):
    team = serializers.IntegerField(required=False, allow_null=True, help_text="The agency's team.")
    owner = serializers.CharField(max_length=200)
    what = serializers.CharField(max_length=TEXT_MAX)
    due_on = serializers.DateField()


class ConferenceMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    conference = serializers.IntegerField(source="conference_id")
    starts_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    status = serializers.ChoiceField(choices=MeetingStatus.choices)
    closed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class ConferenceVersionInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read."
    )


class ConferenceReasonInputSerializer(ConferenceVersionInputSerializer):
    reason = serializers.CharField(max_length=REASON_MAX)


class ConferenceTransferInputSerializer(ConferenceReasonInputSerializer):
    to_conference = serializers.PrimaryKeyRelatedField(
        queryset=referable_conferences(),
        pk_field=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        help_text="The conference of her new area.",
    )


class ConferenceAttendanceSerializer(serializers.Serializer):
    team = serializers.IntegerField(source="team_id")
    agency = serializers.CharField(source="team.service.name")
    attendance = serializers.ChoiceField(source="status", choices=AttendanceStatus.choices)


class ConferenceAttendanceInputSerializer(serializers.Serializer):
    team = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The member agency's team."
    )
    attendance = serializers.ChoiceField(choices=AttendanceStatus.choices)


class ConferenceMinuteSerializer(serializers.Serializer):
    referral = serializers.CharField(source="referral.reference")
    text = serializers.CharField()
    distribution = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_distribution(self, minute: Minute) -> list[int]:
        return sorted(team.pk for team in minute.distribution.all())


class ConferenceMinuteInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX)
    distribution = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=100,
        help_text="The member agencies' teams that receive the minute.",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="The version you read; leave out for a first minute.",
    )


class ActionCloseInputSerializer(ConferenceVersionInputSerializer):
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in CLOSING_STATUSES])


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    version = serializers.IntegerField(help_text="The version stored now.")
