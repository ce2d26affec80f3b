"""Writes of the competitions app, split by sub-domain: hosting (competitions, files, solution) and submissions."""

from .hosting import (
    RulesNotAccepted,
    data_file_add,
    data_file_name_validate,
    rules_accept,
    solution_check,
    solution_set,
)

__all__ = ["RulesNotAccepted", "data_file_add", "data_file_name_validate", "rules_accept", "solution_check",
           "solution_set"]
