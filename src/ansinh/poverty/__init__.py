"""Poverty review: the multidimensional poverty standard, the commune's review rounds, the household
questionnaire, and the dated poverty status of a household that the other regimes read."""
