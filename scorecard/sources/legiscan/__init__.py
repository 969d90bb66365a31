"""legiscan"""
