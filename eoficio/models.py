# Models arrive with the eoficio issue.
