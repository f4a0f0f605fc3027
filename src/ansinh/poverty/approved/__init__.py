"""What a commune's approved poverty lists give out and take in: the certificates, the decision with its
lists and the village posting lists (PDF), the lists of households by status and of their members, the
free health-insurance file for the social insurance agency, and the import of last year's approved lists."""
