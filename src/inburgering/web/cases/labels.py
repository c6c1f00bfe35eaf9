"""Words for the screen: event types, their fields and the worklist columns, in the user's language.

The law's own descriptions (``law.VARIABLES[...].omschrijving``) are Dutch and stay the legal text in the dossier;
these labels are the short names of the interface, translated like every other interface text.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

import inburgering.law as law

SOORTEN = {
    "verblijfsvergunning_verleend": _("Residence permit granted"),
    "ingeschreven_in_gemeente": _("Registered in municipality"),
    "opvang_gestart": _("Reception started"),
    "opvang_beeindigd": _("Reception ended"),
    "gekoppeld_aan_gemeente": _("Linked to municipality"),
    "kennisgeving_verzonden": _("Notification sent"),
    "brede_intake_gestart": _("Broad intake started"),
    "brede_intake_afgerond": _("Broad intake completed"),
    "leerbaarheidstoets_afgenomen": _("Learnability test taken"),
    "informatie_derden_ontvangen": _("Information from third parties received"),
    "pip_vastgesteld": _("PIP set"),
    "pip_gewijzigd": _("PIP changed"),
    "aangemeld_bij_taalschool": _("Enrolled with a language school"),
    "uren_geregistreerd": _("Hours registered"),
    "examen_uitslag": _("Exam result"),
    "pvt_afgerond": _("Participation statement (PVT) completed"),
    "map_afgerond": _("Labour market module (MAP) completed"),
    "onderwijsroute_afgerond": _("Education route completed"),
    "verlenging_verleend": _("Extension granted"),
    "vrijstelling_verleend": _("Exemption granted"),
    "ontheffing_aangevraagd": _("Dispensation requested"),
    "medisch_advies_uitgebracht": _("Medical advice given"),
    "ontheffing_verleend": _("Dispensation granted"),
    "lening_besteed": _("Loan used"),
    "bijstand_gestart": _("Social assistance started"),
    "medewerking_geweigerd": _("Cooperation refused"),
    "boete_vooraankondiging": _("Fine announced"),
    "zienswijze_ontvangen": _("View received"),
    "boete_opgelegd": _("Fine imposed"),
    "urenverklaring_ingediend": _("Hour statement submitted"),
    "urenverklaring_beoordeeld": _("Hour statement assessed"),
    "urenverklaring_navraag": _("Hours queried with the school"),
    "urenverklaring_navraag_beantwoord": _("School answered the query on hours"),
    "vertrokken": _("Left the country"),
    "overleden": _("Died"),
    "plicht_vervallen": _("Obligation lapsed"),
}

VELDEN = {
    "geldig_op": _("Date"),
    "leerroute": _("Learning route"),
    "afschalen_a2": _("Stepped down to A2"),
    "score": _("Score (of 40)"),
    "urensoort": _("Kind of hours"),
    "uren": _("Hours"),
    "keurmerk": _("At an institution with a quality mark"),
    "taalschool": _("Language school (id)"),
    "omschrijving": _("Description"),
    "onderdeel": _("Component"),
    "bedrag": _("Amount (EUR)"),
    "grond": _("Ground"),
    "duur": _("Duration (ISO 8601, e.g. P3M)"),
    "tot": _("Until"),
    "oordeel": _("Assessment"),
    "reden": _("Reason"),
    "wet": _("Law"),
    "niveau": _("Level"),
    "geslaagd": _("Passed"),
    "contract_bekend": _("Contract known"),
    "totaal": _("Total used (EUR)"),
    "gemeente": _("Municipality (CBS code)"),
    "locatie": _("Location"),
    "permanent_niet_in_staat": _("Permanently unable"),
    "vreemdelingennummer": _("Vreemdelingennummer (IND)"),
}

KOLOMMEN = {
    "status": _("Status"),
    "wet": _("Law"),
    "doelgroep": _("Target group"),
    "verantwoordelijke_gemeente": _("Municipality"),
    "pip_termijn_start": _("PIP term start"),
    "pip_uiterlijk": _("PIP due"),
    "pip_datum": _("PIP date"),
    "brede_intake_start": _("Intake started"),
    "gekoppelde_gemeente": _("Linked to"),
    "leerroute": _("Route"),
    "afgeschaald_a2": _("A2"),
    "examens_behaald": _("Exams passed"),
    "lesuren": _("Lesson hours"),
    "lening_besteed": _("Loan used"),
    "signaal_elip": _("ELIP"),
    "signaal_elip_vroeg": _("Early ELIP"),
    "boete_mogelijk": _("Fine possible"),
    "boete_maximum": _("Maximum fine"),
    "taalschool": _("School"),
    "termijn_einde": _("Term ends"),
}


def kolom(naam: str) -> str:
    """A column title: the interface's label, else the law's description."""
    if naam in KOLOMMEN:
        return KOLOMMEN[naam]
    spec = law.VARIABLES.get(naam) or law.INVOER.get(naam)
    return spec.omschrijving if spec else naam
