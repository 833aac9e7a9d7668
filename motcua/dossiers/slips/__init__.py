"""The one-stop slips (phiếu) of TT 03/2025/TT-VPCP Phụ lục I, Mẫu 01–07, as HTML and PDF.

context.py holds the frozen dataclasses a caller fills in; render.py turns one into HTML or PDF.
"""
