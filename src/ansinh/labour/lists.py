"""The labour lists of the list kit, gathered so that the export job finds them by name."""

from ansinh.labour.fairs.lists import FAIRS
from ansinh.labour.referrals.lists import REFERRALS
from ansinh.labour.registration.lists import EMPLOYERS, SEEKERS, VACANCIES

__all__ = ["EMPLOYERS", "FAIRS", "REFERRALS", "SEEKERS", "VACANCIES"]
