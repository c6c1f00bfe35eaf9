"""The API's URLs (``/api/v1/``) and its OpenAPI schema (``/api/v1/schema``)."""

from django.urls import path

from inburgering.web.api import controles, feeds, notificaties, views

urlpatterns = [
    path("personen", views.PersonenLijst.as_view(), name="api-personen"),
    path("personen/<str:persoon>", views.PersoonDetail.as_view(), name="api-persoon"),
    path(
        "personen/<str:persoon>/gebeurtenissen",
        views.PersoonGebeurtenissen.as_view(),
        name="api-persoon-gebeurtenissen",
    ),
    path("personen/<str:persoon>/uitleg", views.PersoonUitleg.as_view(), name="api-persoon-uitleg"),
    path("personen/<str:persoon>/inzage", views.PersoonInzage.as_view(), name="api-persoon-inzage"),
    path("gebeurtenissen", views.Gebeurtenissen.as_view(), name="api-gebeurtenissen"),
    path("gebeurtenissen/batch", views.GebeurtenissenBatch.as_view(), name="api-gebeurtenissen-batch"),
    path("werklijsten", views.Werklijsten.as_view(), name="api-werklijsten"),
    path("werklijsten/<str:naam>", views.WerklijstPagina.as_view(), name="api-werklijst"),
    path("controles", controles.Controles.as_view(), name="api-controles"),
    path(
        "controles/<str:code>/bevindingen", controles.Bevindingen.as_view(), name="api-controle-bevindingen"
    ),
    path("leveringen", feeds.Leveringen.as_view(), name="api-leveringen"),
    path("leveringen/<int:levering>", feeds.LeveringDetail.as_view(), name="api-levering"),
    path("schema", views.schema, name="api-schema"),
    # signals to municipalities (docs/exchange.md)
    path("kanalen", notificaties.Kanalen.as_view(), name="api-kanalen"),
    path("abonnementen", notificaties.Abonnementen.as_view(), name="api-abonnementen"),
    path("abonnementen/<uuid:uuid>", notificaties.AbonnementDetail.as_view(), name="api-abonnement"),
    path("notificaties", notificaties.Notificaties.as_view(), name="api-notificaties"),
    path("lijsten/elip", notificaties.ElipLijst.as_view(), name="api-lijst-elip"),
    path(
        "lijsten/nieuw-plichtig", notificaties.NieuwPlichtigLijst.as_view(), name="api-lijst-nieuw-plichtig"
    ),
]
