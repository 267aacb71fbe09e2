# Models arrive with the inventarios issue.
