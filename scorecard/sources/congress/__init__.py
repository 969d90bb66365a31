"""congress"""
