"""Adapters that carry the clinic's records out: PDF documents and charts drawn for them."""
