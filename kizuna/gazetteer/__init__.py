"""Gazetteer: Vietnamese provinces (63 before and 34 after 1 July 2025), Japanese prefectures and
designated cities, regions, with names in many languages.

Entry point: `load() -> Gazetteer`.
"""
