"""The data model: an events file loaded safely, validated with located problems, placed and resolved into one table."""
