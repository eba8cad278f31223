"""Prospect culture checks: a rep's observer assessments of a prospect and the verdict."""
