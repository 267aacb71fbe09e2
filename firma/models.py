# Models arrive with the firma issue.
