"""Makes py_vollib_vectorized 0.1.1 runnable with today's py_lets_be_rational.

py_vollib_vectorized compiles its kernels with numba in nopython mode and calls functions
of py_lets_be_rational (and of the packages py_lets_be_rational 1.1 split out:
cody_special, piecewise_rational) from them. Since py_lets_be_rational 1.1 those functions
are plain Python unless PY_LETS_BE_RATIONAL_ENABLE_NUMBA is set, and cody_special's are
never compiled, so every py_vollib_vectorized call fails with numba's TypingError
("Untyped global name 'norm_cdf'", reported as "cannot type infer runaway recursion").

`enable()` compiles those plain-Python functions with numba.njit and rebinds every module
global that names one of them, before py_vollib_vectorized's kernels are first compiled
(numba reads a kernel's globals when it compiles it). Nothing is changed when the
functions are already compiled, so an environment where py_vollib_vectorized works as
published is left as it is. Used by tests/test_options.py and bench.py only.
"""
import importlib
import inspect
import sys

_PACKAGES = ("cody_special", "piecewise_rational", "py_lets_be_rational")
_MODULES = ("cody_special.erf_cody", "cody_special.normaldistribution", "piecewise_rational",
            "py_lets_be_rational.constants", "py_lets_be_rational.rationalcubic",
            "py_lets_be_rational.normaldistribution", "py_lets_be_rational.lets_be_rational",
            "py_vollib_vectorized.util.greeks_helpers", "py_vollib_vectorized._iv_models",
            "py_vollib_vectorized._model_calls", "py_vollib_vectorized._numerical_greeks")

_enabled = None


def enable():
    """Returns the number of functions compiled here (0 when nothing was needed)."""
    global _enabled
    if _enabled is not None:
        return _enabled
    import numba
    modules = []
    for name in _MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ImportError:
            pass
    modules += [m for name, m in list(sys.modules.items()) if name.startswith(_PACKAGES) and m not in modules]
    compiled = {}
    for module in modules:
        for key, value in list(vars(module).items()):
            if inspect.isfunction(value) and (value.__module__ or "").startswith(_PACKAGES):
                if value not in compiled:
                    compiled[value] = numba.njit(value)
                setattr(module, key, compiled[value])
    _enabled = len(compiled)
    return _enabled
