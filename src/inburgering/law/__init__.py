"""The law as code: dated parameters and named rules of Wi2021, Wi2013 and Wi2007.

Pure: no Django, no I/O beyond reading the packaged parameter files. Importing this package registers every
input and variable, so ``VARIABLES`` and ``INVOER`` are complete.
"""

from inburgering.law import inputs  # noqa: F401  (registers the inputs)
from inburgering.law.explain import FEITEN, SIGNALEN, Uitleg, evaluate, explain
from inburgering.law.parameters import ParameterSet, default_parameters
from inburgering.law.rules import boete, financiering, pip, reikwijdte, route, status, termijn  # noqa: F401
from inburgering.law.variables import INVOER, VARIABLES, Reeks, Simulation

__all__ = [
    "FEITEN",
    "INVOER",
    "SIGNALEN",
    "VARIABLES",
    "ParameterSet",
    "Reeks",
    "Simulation",
    "Uitleg",
    "default_parameters",
    "evaluate",
    "explain",
]
