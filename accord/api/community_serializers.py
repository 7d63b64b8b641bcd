"""What the community mentors' endpoints read and write (accord/api/community_views.py).

An early contact has no field for a name, here as on the page; an accompaniment shows of a
woman's case its reference and, where the reader's access gives it, her first name only."""

from rest_framework import serializers

from accord.community.models import LABEL_MAX, Concern, Destination, Offer


class MentorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="get_full_name")
    languages = serializers.ListField(child=serializers.CharField())
    communities = serializers.ListField(child=serializers.CharField())
    availability = serializers.CharField()


class EarlyContactSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    contacted_on = serializers.DateField()
    community = serializers.CharField()
    language = serializers.CharField()
    concern = serializers.ChoiceField(choices=Concern.choices)
    offered = serializers.ListField(child=serializers.ChoiceField(choices=Offer.choices))
    referral_followed = serializers.BooleanField()
    referral = serializers.CharField(
        source="referral.reference",
        allow_null=True,
        default=None,
        help_text="The referral sent with her consent, if any.",
    )


class EarlyContactInputSerializer(serializers.Serializer):
    contacted_on = serializers.DateField(help_text="Not in the future.")
    community = serializers.CharField(max_length=LABEL_MAX)
    language = serializers.CharField(max_length=LABEL_MAX)
    concern = serializers.ChoiceField(choices=Concern.choices)
    offered = serializers.ListField(
        child=serializers.ChoiceField(choices=Offer.choices), required=False, max_length=10
    )
    referral_followed = serializers.BooleanField(required=False, default=False)


class AccompanimentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    appointment_on = serializers.DateField()
    destination = serializers.ChoiceField(choices=Destination.choices)
    language = serializers.CharField()
    interpreted = serializers.BooleanField()
    took_place = serializers.BooleanField()
    mentor = serializers.CharField(help_text="The mentor who goes.")
    early_contact = serializers.IntegerField(
        allow_null=True, help_text="Her early contact, for the mentor who recorded it; else null."
    )
    case = serializers.CharField(allow_null=True, help_text="The case's reference, or null.")
    first_name = serializers.CharField(
        allow_null=True, help_text="Her first name, where your access shows it; else null."
    )


class AccompanimentInputSerializer(serializers.Serializer):
    appointment_on = serializers.DateField(help_text="Not in the future if it took place.")
    destination = serializers.ChoiceField(choices=Destination.choices)
    language = serializers.CharField(max_length=LABEL_MAX, required=False, allow_blank=True)
    interpreted = serializers.BooleanField(required=False, default=False)
    took_place = serializers.BooleanField(required=False, default=False)


class CaseAccompanimentInputSerializer(AccompanimentInputSerializer):
    mentor = serializers.IntegerField(
        min_value=1, help_text="A mentor of your own organisation (GET community/mentors/)."
    )
