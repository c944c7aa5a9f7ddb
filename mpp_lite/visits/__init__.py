"""Visits (kunjungan): several services in one trip, a ticket each, in a sensible order."""
