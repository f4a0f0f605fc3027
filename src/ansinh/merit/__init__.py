"""People with meritorious services to the revolution: their records, the dated allowance tables, and the
monthly allowances paid through the payment pipeline."""
