"""The pages' URLs (Dutch paths: the users are Dutch civil servants)."""

from django.contrib.auth import views as auth
from django.urls import path

from inburgering.web.cases import controles, leveringen, notificaties, views

urlpatterns = [
    path("", views.start, name="start"),
    path("inloggen/", auth.LoginView.as_view(template_name="cases/inloggen.html"), name="inloggen"),
    path("uitloggen/", auth.LogoutView.as_view(), name="uitloggen"),
    path("werklijsten/<str:naam>/", views.werklijst, name="werklijst"),
    path("zoeken/", views.zoeken, name="zoeken"),
    path("personen/<str:persoon>/", views.dossier_view, name="dossier"),
    path("personen/<str:persoon>/uitleg/", views.uitleg_view, name="uitleg"),
    path("personen/<str:persoon>/vastleggen/<str:soort>/", views.registreren, name="registreren"),
    path("aggregaten/", views.aggregaten, name="aggregaten"),
    path("controles/", controles.overzicht, name="controles"),
    path("controles/<str:code>/", controles.bevindingen, name="controle"),
    path("signalen/", notificaties.signalen, name="signalen"),
    path("leveringen/", leveringen.leveringen, name="leveringen"),
    path("leveringen/<int:levering>/", leveringen.levering, name="levering"),
]
