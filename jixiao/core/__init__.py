"""The pure domain of jixiao: documents, target values, review rules. No Django, no I/O."""


def clear_caches() -> None:
    """Forget every memo the core keeps (parsed targets, row findings, goal commitments), as a fresh process would."""
    from . import evaluation, targets
    from .review import commitments, engine, goals, rules

    for memo in (targets._parse_cached, targets.units_compatible, targets._plausible, targets.base_unit,
                 engine._row_findings, commitments.commitments, goals._features, goals.similarity,
                 goals._measures_change, goals._named_period, rules._stem, evaluation._expected_weights):
        memo.cache_clear()
