"""Documents made from records: tagged PDF (WeasyPrint, PDF/UA-1) and Excel workbooks (openpyxl)."""
