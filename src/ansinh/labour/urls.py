"""The labour pages: every feature package lists its own, all under the `labour` namespace."""

from ansinh.labour.dashboard import urls as dashboard
from ansinh.labour.fairs import urls as fairs
from ansinh.labour.matching import urls as matching
from ansinh.labour.reference import urls as reference
from ansinh.labour.referrals import urls as referrals
from ansinh.labour.registration import urls as registration

app_name = "labour"
urlpatterns = [
    *dashboard.urlpatterns,
    *registration.urlpatterns,
    *reference.urlpatterns,
    *fairs.urlpatterns,
    *matching.urlpatterns,
    *referrals.urlpatterns,
]
