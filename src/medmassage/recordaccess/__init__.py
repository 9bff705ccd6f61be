"""Treating-team access, a clinic setting: each client's clinical record is for the therapists on
the client's treating team (and the owner); others reach it only through break-glass, with a
written reason, for a limited time, audited at high severity and listed for the owner."""
