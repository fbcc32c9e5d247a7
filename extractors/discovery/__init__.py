"""Discovery: which files of an evidence folder (and of the ZIP archives in it) become documents."""
