"""Files to Release records: reading and decoding, the file format, language, the preparation pipeline."""
