"""The officer pages' kit, shared by every app: view decorators and responses (`views`), the forms that
carry values to services (`forms`), and bounded lists (`lists`).

It sits in core so that every app may use it; it knows Django, django-htmx and `ansinh.core`, nothing about
persons, places or regimes (the choices that depend on those live in `ansinh.web.choices`).
"""
