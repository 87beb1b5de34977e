"""HTML fragments for the site, built from the hub; every value from a record is escaped."""
