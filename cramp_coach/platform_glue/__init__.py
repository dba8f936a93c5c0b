"""Operating-system glue: start at login, the desktop launcher, and the single-instance channel (QtNetwork, no widgets)."""
