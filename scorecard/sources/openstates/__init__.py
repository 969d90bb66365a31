"""openstates"""
