"""Support programmes and emergency relief: a programme and its policies as data (target group, conditions,
amount rule, window, budget), a dry-run against the registry, intake from officers and lists, approval and
one-off payments, recovery of wrong payments."""
