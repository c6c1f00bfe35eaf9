from django.apps import AppConfig


class Config(AppConfig):
    name = "inburgering.web.api"
    label = "api"
