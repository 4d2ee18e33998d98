from django.urls import path

from commissioning.cycle.cyclecalendar import views

urlpatterns = [
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("calendar.ics", views.CalendarFeedView.as_view(), name="calendar-feed"),
]
