"""Every write of the documents app; import the sub-module you need."""
