"""Input shapes of the socialisation pages: the acknowledgement (with the comprehension
check), a question for the evaluation team, and the team's answer. The services decide
whether the input is acceptable."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.criteria.models import ComprehensionQuestion
from kinerja.criteria.services.socialisation import MAX_ANSWER_LENGTH, MAX_QUESTION_LENGTH


class AcknowledgeForm(forms.Form):
    """One radio group per question of the version's comprehension check (none when the
    version has no check: the button alone acknowledges)."""

    def __init__(
        self, *args: Any, questions: Sequence[ComprehensionQuestion] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for number, question in enumerate(self.questions, start=1):
            self.fields[self.field_name(number)] = forms.TypedChoiceField(
                label=_("%(number)s. %(text)s") % {"number": number, "text": question.text},
                choices=list(enumerate(question.choices)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    @staticmethod
    def field_name(number: int) -> str:
        return f"answer_{number}"

    def answers(self) -> list[int]:
        return [
            self.cleaned_data[self.field_name(number)]
            for number in range(1, len(self.questions) + 1)
        ]

    def mark_wrong(self, numbers: Sequence[int]) -> None:
        self.add_error(
            None,
            _(
                "Not every answer is right yet, so the criteria are not acknowledged. Read them"
                " again and retry: you may try as often as you need."
            ),
        )
        for number in numbers:
            self.add_error(
                self.field_name(number), _("Not quite: read the criteria again and retry.")
            )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Only you and the evaluation team see your question; the answer appears on this page."
        ),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=MAX_ANSWER_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
