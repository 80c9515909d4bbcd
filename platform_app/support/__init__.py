"""Requests for tailored support: a State files, the Secretariat routes, entities offer, the State
decides; the thread of steps and the mails of each move."""
