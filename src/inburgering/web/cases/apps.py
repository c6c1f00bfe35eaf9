from django.apps import AppConfig


class Config(AppConfig):
    name = "inburgering.web.cases"
    label = "cases"
