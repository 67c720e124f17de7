"""Every public function and class of the package says what it does in help(), with type hints."""
import inspect

import atari_saliency as at


def test_every_public_name_has_a_docstring_and_type_hints():
    for name in at.__all__:
        obj = getattr(at, name)
        assert (obj.__doc__ or '').strip(), f'{name} has no docstring'
        members = [obj] if inspect.isfunction(obj) else [m for n, m in vars(obj).items() if inspect.isfunction(m) and not n.startswith('_')]
        for f in members:
            assert (f.__doc__ or '').strip(), f'{name}.{f.__name__} has no docstring'
            signature = inspect.signature(f)
            hinted = [p for p in signature.parameters.values() if p.name not in ('self', 'cls')]
            assert all(p.annotation is not inspect.Parameter.empty for p in hinted), f'{name}.{f.__name__}: a parameter has no type hint'
            assert signature.return_annotation is not inspect.Signature.empty, f'{name}.{f.__name__} has no return type'
