# Models arrive with the earchivo issue.
