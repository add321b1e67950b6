"""The documented shape of the evaluation explanation (``selectors.explanation.as_dict``).

The view returns ``as_dict`` itself; these serializers only describe it for the OpenAPI
schema, field for field. Decimals are strings (no precision lost), dates and times ISO
8601, links absolute paths."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

_Serializer = serializers.Serializer[Any]


def _decimal(**kwargs: Any) -> serializers.DecimalField:
    # Documented as a string: as_dict keeps every digit of the stored decimal.
    return serializers.DecimalField(
        max_digits=20, decimal_places=6, coerce_to_string=True, read_only=True, **kwargs
    )


def _text(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(read_only=True, **kwargs)


class LinkSerializer(_Serializer):
    # A field named like a Field attribute (label, source): DRF reads it from the declared
    # fields, the stubs only see the clash.
    label = _text()  # type: ignore[assignment]
    href = _text(help_text=_("An absolute path; an external address for evidence given as a link."))
    is_external = serializers.BooleanField(read_only=True)


class PersonSerializer(_Serializer):
    name = _text()
    nip = _text()
    rank = _text()
    position = _text()
    unit = _text()


class PeriodSerializer(_Serializer):
    code = _text()
    kind = _text()
    kind_label = _text()
    year = serializers.IntegerField(read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)


class CriteriaSerializer(_Serializer):
    id = serializers.IntegerField(read_only=True)
    title = _text()
    number = serializers.IntegerField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    above_threshold = _decimal()
    meets_threshold = _decimal()
    rating_method = _text()
    rating_method_label = _text()
    link = LinkSerializer(read_only=True)


class ServiceSourceSerializer(_Serializer):
    period = _text()
    tasks_completed = serializers.IntegerField(read_only=True)
    on_time = serializers.IntegerField(read_only=True, allow_null=True)
    first_time_right = serializers.IntegerField(read_only=True, allow_null=True)


class EvidenceItemSerializer(_Serializer):
    description = _text()
    link = LinkSerializer(read_only=True)


class IkiSourceSerializer(_Serializer):
    iki_id = serializers.IntegerField(read_only=True)
    work_result = _text()
    text = _text()
    unit = _text()
    target_min = _decimal(allow_null=True)
    target_max = _decimal(allow_null=True)
    target_text = _text()
    lower_is_better = serializers.BooleanField(read_only=True)
    realisation_period = _text(allow_null=True)
    realisation = _decimal(allow_null=True)
    achievement = _decimal(allow_null=True)
    link = LinkSerializer(read_only=True, allow_null=True)
    evidence = EvidenceItemSerializer(many=True, read_only=True)


class InnovationSourceSerializer(_Serializer):
    innovation_id = serializers.IntegerField(read_only=True)
    title = _text()
    points = _decimal()
    uncapped_points = _decimal()
    link = LinkSerializer(read_only=True)


class RubricChoiceSerializer(_Serializer):
    level = serializers.IntegerField(read_only=True)
    descriptor = _text()
    is_chosen = serializers.BooleanField(read_only=True)


class RubricSourceSerializer(_Serializer):
    level = serializers.IntegerField(read_only=True, allow_null=True)
    descriptor = _text()
    levels = RubricChoiceSerializer(many=True, read_only=True)


class ResultsLineSerializer(_Serializer):
    indicator_id = serializers.IntegerField(read_only=True)
    code = _text()
    name = _text()
    aspect = _text()
    aspect_label = _text()
    source = _text()  # type: ignore[assignment]
    source_label = _text()
    weight = _decimal()
    counted_weight = _decimal(help_text=_("The weight once lines without data are left out."))
    floor = _decimal()
    target = _decimal()
    ceiling = _decimal()
    lower_is_better = serializers.BooleanField(read_only=True)
    value = _decimal(allow_null=True, help_text=_("Null: nothing to measure in the period."))
    score = _decimal(allow_null=True)
    contribution = _decimal()
    is_counted = serializers.BooleanField(read_only=True)
    is_left_out = serializers.BooleanField(
        read_only=True, help_text=_("No data in the period: left out, the others scaled up.")
    )
    is_extra_credit = serializers.BooleanField(
        read_only=True, help_text=_("Counts only when it raises the score.")
    )
    service = ServiceSourceSerializer(read_only=True, allow_null=True)
    iki = IkiSourceSerializer(many=True, read_only=True)
    innovations = InnovationSourceSerializer(many=True, read_only=True)
    rubric = RubricSourceSerializer(read_only=True, allow_null=True)
    links = LinkSerializer(many=True, read_only=True)


class RatingDecisionSerializer(_Serializer):
    suggested = _text()
    suggested_label = _text()
    final = _text()
    final_label = _text()
    reason = _text()
    is_override = serializers.BooleanField(read_only=True)


class LineRatingSerializer(_Serializer):
    kind = _text()
    kind_label = _text()
    text = _text()
    rating = _text()
    rating_label = _text()
    feedback = _text()


class ValueRatingSerializer(_Serializer):
    code = _text()
    name = _text()
    rating = _text()
    rating_label = _text()
    feedback = _text()


class MatrixCellSerializer(_Serializer):
    behaviour = _text()
    predicate = _text()
    predicate_label = _text()
    is_selected = serializers.BooleanField(read_only=True)


class MatrixRowSerializer(_Serializer):
    results = _text()
    results_label = _text()
    cells = MatrixCellSerializer(many=True, read_only=True)


class MatrixSerializer(_Serializer):
    columns = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        read_only=True,
        help_text=_("The behaviour ratings of the columns, each as [value, label]."),
    )
    rows = MatrixRowSerializer(many=True, read_only=True)
    selected_results = _text()
    selected_behaviour = _text()


class PredicateDecisionSerializer(_Serializer):
    matrix = _text()
    matrix_label = _text()
    final = _text()
    final_label = _text()
    reason = _text()
    is_changed = serializers.BooleanField(read_only=True)
    numeric_score = _decimal(allow_null=True)


class PatternRowSerializer(_Serializer):
    predicate = _text()
    label = _text()  # type: ignore[assignment]
    minimum = serializers.IntegerField(read_only=True)
    maximum = serializers.IntegerField(read_only=True)
    count = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Null when the unit is too small to show its counts."),
    )
    is_own = serializers.BooleanField(read_only=True)


class GroupSerializer(_Serializer):
    labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    minimum = serializers.IntegerField(read_only=True)


class OrganisationSerializer(_Serializer):
    unit = _text()
    org_predicate = _text()
    org_predicate_label = _text()
    note = _text()
    is_final = serializers.BooleanField(read_only=True)
    population = serializers.IntegerField(read_only=True)
    shows_counts = serializers.BooleanField(read_only=True)
    minimum_group_size = serializers.IntegerField(read_only=True)
    rows = PatternRowSerializer(many=True, read_only=True)
    groups = GroupSerializer(many=True, read_only=True)
    largest = _text()
    largest_label = _text()
    fits_pattern = serializers.BooleanField(read_only=True, allow_null=True)


class HeadedUnitSerializer(_Serializer):
    unit = _text()
    org_predicate = _text()
    org_predicate_label = _text()


class ObjectionSerializer(_Serializer):
    reasons = _text()
    filed_at = serializers.DateTimeField(read_only=True)
    explanation = _text()
    explained_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decision = _text()
    decision_label = _text()
    decision_reason = _text()
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decided_by = _text()
    previous_predicate = _text()
    previous_predicate_label = _text()
    is_explained = serializers.BooleanField(read_only=True)
    is_decided = serializers.BooleanField(read_only=True)


class ExplanationSerializer(_Serializer):
    """How an evaluation's score, ratings and predicate came about."""

    evaluation_id = serializers.IntegerField(read_only=True)
    status = _text()
    status_label = _text()
    is_own = serializers.BooleanField(read_only=True)
    employee = PersonSerializer(read_only=True)
    appraiser = PersonSerializer(read_only=True, allow_null=True)
    superior = PersonSerializer(read_only=True, allow_null=True)
    period = PeriodSerializer(read_only=True)
    criteria = CriteriaSerializer(read_only=True, allow_null=True)
    lines = ResultsLineSerializer(many=True, read_only=True)
    left_out_count = serializers.IntegerField(read_only=True)
    results_score = _decimal(allow_null=True)
    results_rating = RatingDecisionSerializer(read_only=True)
    result_ratings = LineRatingSerializer(many=True, read_only=True)
    behaviour_ratings = ValueRatingSerializer(many=True, read_only=True)
    behaviour_rating = RatingDecisionSerializer(read_only=True)
    matrix = MatrixSerializer(read_only=True)
    predicate = PredicateDecisionSerializer(read_only=True)
    headed_unit = HeadedUnitSerializer(read_only=True, allow_null=True)
    organisation = OrganisationSerializer(read_only=True, allow_null=True)
    notes = _text()
    delivered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    objection_deadline = serializers.DateField(read_only=True, allow_null=True)
    objection = ObjectionSerializer(read_only=True, allow_null=True)
