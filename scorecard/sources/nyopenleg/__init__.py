"""nyopenleg"""
