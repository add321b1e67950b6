"""The two ratings of PermenPANRB 6/2022 (rating hasil kerja and rating perilaku kerja).

Pure: shared by the criteria (which suggest a results rating from a score) and the
appraisals (which set both ratings and derive the predicate).
"""

import enum


class Rating(enum.StrEnum):
    """PermenPANRB 6/2022, Lampiran: the appraiser rates results and behaviour each as above,
    meeting or below expectation."""

    DI_ATAS_EKSPEKTASI = "DI_ATAS_EKSPEKTASI"
    SESUAI_EKSPEKTASI = "SESUAI_EKSPEKTASI"
    DI_BAWAH_EKSPEKTASI = "DI_BAWAH_EKSPEKTASI"
