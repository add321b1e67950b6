"""The appraisal rules of the national frame, as pure functions (product.md 4.4).

No Django, no clock, no settings: every function takes plain values (enum members or
their string values) and returns values. This module grows with the appraisal stage;
today it holds the achievement of an IKI (PermenPANRB 8/2021, defined with the SKP in
``kinerja.plans.achievement``) and the two ratings of PermenPANRB 6/2022.
"""

from kinerja.core.ratings import Rating
from kinerja.plans.achievement import iki_achievement

__all__ = ["Rating", "iki_achievement"]
