"""Agencies (机关): the disclosing bodies, their guide contact data, and staff roles."""
