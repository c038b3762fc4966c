from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from .views import duty, geography, people

app_name = "mediators"
urlpatterns = [
    # The index is /org/streets/, not /org/, so the menu does not mark it as the current page
    # while the duty roster or the expert pool (also under /org/) is open.
    path("", login_required(RedirectView.as_view(pattern_name="mediators:index")), name="root"),
    path("streets/", geography.org_index, name="index"),
    path("streets/<str:code>/", geography.street_detail, name="street"),
    path("grids/<str:code>/", geography.grid_detail, name="grid"),
    path("compounds/<str:code>/", geography.compound_detail, name="compound"),
    path("companies/<int:pk>/", geography.company_detail, name="company"),
    path("teams/<int:pk>/", people.team_detail, name="team"),
    path("people/", people.mediator_list, name="people"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("experts/", people.expert_list, name="experts"),
    path("duty/", duty.duty_roster, name="duty"),
    path("duty/teams/<int:team_id>/add/", duty.duty_add, name="duty-add"),
    path("duty/<int:pk>/remove/", duty.duty_remove, name="duty-remove"),
]
