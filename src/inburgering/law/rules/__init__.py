"""The rules, one module per topic; each function is a registered variable."""
