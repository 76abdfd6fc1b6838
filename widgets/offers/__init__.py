"""Offer search box: reference data, upstream search and result shaping."""
