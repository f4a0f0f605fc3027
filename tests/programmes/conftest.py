import pytest


@pytest.fixture
def loaded(db):
    from ansinh.programmes.services import programmes_load

    programmes_load(actor=None)


@pytest.fixture
def policy_of(loaded):
    """The pure definition (and the row) of a packaged policy by its code."""
    from ansinh.programmes.models import Policy
    from ansinh.programmes.selectors import policy_def

    def get(code):
        policy = Policy.objects.select_related("programme").get(code=code)
        return policy_def(policy), policy

    return get
