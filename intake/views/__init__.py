"""Intake's pages: the residents' complaint form and tracking, staff registration, the import
of partner referrals and the downloads of residents' files. Thin: services do the writing."""
