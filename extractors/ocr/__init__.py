"""OCR: Tesseract on scanned pages and images, its worker pool, page cache and measurement tools.

``extractors.ocr.reader`` is the one entry point; the rest are its parts.
"""
