"""Format readers: the table of input formats, byte sniffing, and one reader per format.

Each reader turns one file into pages of text (and tables where they are wanted); OCR of image-only
pages is delegated to ``extractors.ocr``.
"""
