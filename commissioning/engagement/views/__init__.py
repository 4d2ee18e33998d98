"""Involvement and consultations for partnership staff."""

from commissioning.engagement.views.consultations import (  # noqa: F401
    ConsultationArchiveView,
    ConsultationCreateView,
    ConsultationDetailView,
    ConsultationHistoryView,
    ConsultationListView,
    ConsultationRestoreView,
    ConsultationUpdateView,
)
from commissioning.engagement.views.involvement import (  # noqa: F401
    ActivityChooseView,
    ActivityEngagementView,
    FeedbackView,
    InvolvementArchiveView,
    InvolvementCreateView,
    InvolvementDetailView,
    InvolvementHistoryView,
    InvolvementListView,
    InvolvementRestoreView,
    InvolvementUpdateView,
)
from commissioning.engagement.views.policy import (  # noqa: F401
    PanelFormView,
    PolicyView,
    SupportTypeArchiveView,
    SupportTypeFormView,
    SupportTypeRestoreView,
)
