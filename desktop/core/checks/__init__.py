"""Password checks as a pipeline: one small rule class per policy rule."""

from desktop.core.checks.pipeline import Pipeline, build_pipeline, standard_rules

__all__ = ["Pipeline", "build_pipeline", "standard_rules"]
