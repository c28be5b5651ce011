"""Marshmallow schemas: what goes in (unknown fields refused) and what comes out."""
