"""Writes workbooks with openpyxl (Debian's python3-openpyxl), as other offices' scripts and tools make them.

Reads a JSON list of books on stdin: [{"path": ..., "sheets": [{"name", "state", "rows", "merges",
"hiddenRows" (1-based), "hiddenColumns" (letters)}], "modified": ISO (UTC, Z), "creator": ...}].
Cell values are written as given: strings stay strings (openpyxl writes a string that starts with "="
as a formula, so the tests avoid those here).
"""
import datetime
import json
import sys

import openpyxl


def main():
    books = json.load(sys.stdin)
    for book in books:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for spec in book["sheets"]:
            ws = wb.create_sheet(spec["name"])
            for row in spec["rows"]:
                ws.append(row)
            for rng in spec.get("merges", []):
                ws.merge_cells(rng)
            for r in spec.get("hiddenRows", []):
                ws.row_dimensions[r].hidden = True
            for c in spec.get("hiddenColumns", []):
                ws.column_dimensions[c].hidden = True
            ws.sheet_state = spec.get("state", "visible")
        if book.get("modified"):
            wb.properties.modified = datetime.datetime.strptime(book["modified"], "%Y-%m-%dT%H:%M:%SZ")
        if book.get("creator"):
            wb.properties.creator = book["creator"]
        wb.save(book["path"])


main()
