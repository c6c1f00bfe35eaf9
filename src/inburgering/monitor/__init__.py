"""The monitor: the standard tables of the policy letters, for any peildatum, as known on any moment, nationally
or per municipality, with small cells suppressed before anything is published."""
